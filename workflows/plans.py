"""Plans as a whole: create (from the wizard's answers, the demo, a JSON document, a
package), rename, duplicate, delete to the trash, restore, purge."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.completeness import completeness
from forms.demo import demo_plans
from forms.errors import LocalizedError
from forms.factory import new_plan
from forms.names import clean_name, imported_name
from forms.plan import Plan, new_id
from forms.serialize import MAX_DOCUMENT_BYTES, plan_from_json
from forms.targets import take_in_typed_targets
from forms.template import PilotType, load_template
from storage.errors import DuplicatePlanNameError, PlanNotFoundError
from storage.repository import PlanRepository, PlanSummary
from workflows.errors import check_readable, read_bytes
from workflows.steps import NO_STEPS, Steps
from workflows.store import find_summary, template_or_none, transaction


@dataclass(frozen=True)
class NewPlanAnswers:
    """What the new-plan wizard asks."""

    name: str
    pilot_type: PilotType | str
    province: str = ""
    base_year: int = 2020
    language: str = "zh"
    batch: int | None = None
    template_id: str = "annex2-2023"
    name_confirmed: bool = True


def name_problem(
    repo: PlanRepository, name: str, except_id: str | None = None
) -> LocalizedError | None:
    """Why ``name`` cannot be a plan's (blank, with a control character, or another plan's),
    or None when it can."""
    try:
        name = clean_name(name)
    except LocalizedError as exc:
        return exc
    return DuplicatePlanNameError(name) if repo.name_taken(name, except_id=except_id) else None


def plan_completeness(plan: Plan) -> float | None:
    """The plan's overall completeness, or None if its template is not available here."""
    template = template_or_none(plan)
    return None if template is None else completeness(plan, template)[0]


def create_plan(repo: PlanRepository, answers: NewPlanAnswers) -> Plan:
    """A new blank plan from the wizard's answers, stored (its name must be free)."""
    pilot_type = PilotType(answers.pilot_type)
    plan = new_plan(
        clean_name(answers.name),
        pilot_type,
        province=answers.province.strip(),
        base_year=answers.base_year,
        language=answers.language,
        batch=answers.batch,
        template=load_template(answers.template_id, pilot_type.value),
    )
    plan.meta.name_confirmed = answers.name_confirmed
    repo.save_plan(plan, completeness=plan_completeness(plan))
    return plan


def add_imported_plan(
    repo: PlanRepository, plan: Plan, name: str | None = None, steps: Steps = NO_STEPS
) -> Plan:
    """Store a plan read from elsewhere: a copy (new id) if it is here already, a free name.
    ``name``, typed, is refused if it cannot be a plan's (:func:`clean_name`); the file's own
    is put on one line and rid of control characters (:func:`imported_name`).

    A plan whose template is not one this app knows (bundled or installed on purpose) is
    refused before anything is written: a template id is a name, never a path.  Cancelled
    (``steps``) before the transaction commits, nothing is stored.
    """
    chosen = clean_name(name) if name else imported_name(plan.meta.name)
    load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    take_in_typed_targets(plan)
    share = plan_completeness(plan)
    steps.reached(0.8)
    with transaction(repo):
        try:
            repo.find(plan.id, include_trash=True)
            plan.id = new_id()
        except PlanNotFoundError:
            pass
        plan.meta.name = repo.unique_name(chosen)
        repo.save_plan(plan, completeness=share)
        steps.reached(0.95)  # a cancel now rolls the plan back out
    return plan


def import_json_file(
    repo: PlanRepository, path: Path | str, name: str | None = None, steps: Steps = NO_STEPS
) -> Plan:
    """Add the plan of a JSON document (older formats are upgraded)."""
    data = read_bytes(path, MAX_DOCUMENT_BYTES)
    steps.reached(0.1)
    plan = plan_from_json(data)
    steps.reached(0.6)
    return add_imported_plan(repo, plan, name, steps)


def read_package_plan(path: Path | str) -> Plan:
    """The plan of a submission package, once its manifest and checksums are verified
    (touches no database: the app runs it off the UI thread)."""
    from exporters.package_import import read_package

    check_readable(path)  # a missing file or a folder, said in the user's language
    return read_package(Path(path)).plan


def import_package_file(
    repo: PlanRepository, path: Path | str, name: str | None = None, steps: Steps = NO_STEPS
) -> Plan:
    """Verify a submission package (manifest, checksums) and add its plan."""
    steps.reached(0.05)
    plan = read_package_plan(path)
    steps.reached(0.6)
    return add_imported_plan(repo, plan, name, steps)


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


def rename_plan(repo: PlanRepository, ref: str, name: str) -> PlanSummary:
    """Give a plan a new name (required, and free; a pilot's English name is stored as its
    official Chinese one); returns the plan as listed now."""
    summary = find_summary(repo, ref)
    template = template_or_none(repo.load_plan(summary.id))
    name = clean_name(name)
    repo.rename(summary.id, template.canonical(name) if template else name)
    return repo.find(summary.id)


def duplicate_plan(repo: PlanRepository, ref: str, name: str | None = None) -> Plan:
    """A full copy under a new id and a free name (on one line, even where the original's
    was not)."""
    summary = find_summary(repo, ref)
    return repo.duplicate(summary.id, clean_name(name) if name else imported_name(summary.name))


def delete_plan(repo: PlanRepository, ref: str) -> PlanSummary:
    """Move a plan to the trash (recoverable); returns it as it was listed."""
    summary = find_summary(repo, ref)
    repo.trash(summary.id)
    return summary


def restore_plan(repo: PlanRepository, ref: str) -> str:
    """Bring a plan back from the trash, renamed if its name is taken; returns its name."""
    return repo.restore(find_summary(repo, ref, include_trash=True).id)


def purge_plan(repo: PlanRepository, ref: str) -> None:
    """Delete a plan in the trash for good."""
    repo.purge(find_summary(repo, ref, include_trash=True).id)
