"""Adding plans from outside (a JSON document, the demo) — shared by the app and the CLI."""

from __future__ import annotations

from forms.completeness import completeness
from forms.demo import demo_plans
from forms.errors import LocalizedError
from forms.plan import Plan, new_id
from forms.template import load_template
from storage.errors import PlanNotFoundError
from storage.repository import PlanRepository


def plan_completeness(plan: Plan) -> float | None:
    """The plan's overall completeness, or None if its template is not available here."""
    try:
        template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    except LocalizedError:
        return None
    return completeness(plan, template)[0]


def add_imported_plan(repo: PlanRepository, plan: Plan, name: str | None = None) -> Plan:
    """Store a plan read from elsewhere: a copy (new id) if it is here already, a free name."""
    try:
        repo.find(plan.id, include_trash=True)
        plan.id = new_id()
    except PlanNotFoundError:
        pass
    plan.meta.name = repo.unique_name(name or plan.meta.name)
    repo.save_plan(plan, completeness=plan_completeness(plan))
    return plan


def add_demo_plans(repo: PlanRepository) -> list[tuple[Plan, bool]]:
    """The demo plans, each with True if it was created now, False if one existed already."""
    results = []
    for plan in demo_plans():
        if repo.name_taken(plan.meta.name):
            results.append((plan, False))
            continue
        repo.save_plan(plan, completeness=plan_completeness(plan))
        results.append((plan, True))
    return results
