"""Adding plans from outside (a JSON document, the demo, a department's workbook) — shared by
the app and the CLI."""

from __future__ import annotations

from forms.collect import ImportPreview
from forms.comments import merge_comments
from forms.completeness import completeness
from forms.demo import demo_plans
from forms.errors import LocalizedError
from forms.plan import Plan, new_id
from forms.targets import take_in_typed_targets
from forms.template import load_template
from storage.errors import PlanNotFoundError
from storage.repository import PlanRepository
from storage.snapshots import SnapshotInfo, SnapshotKind, Snapshots


def plan_completeness(plan: Plan) -> float | None:
    """The plan's overall completeness, or None if its template is not available here."""
    try:
        template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    except LocalizedError:
        return None
    return completeness(plan, template)[0]


def add_imported_plan(repo: PlanRepository, plan: Plan, name: str | None = None) -> Plan:
    """Store a plan read from elsewhere: a copy (new id) if it is here already, a free name.

    A plan whose template is not one this app knows (bundled or installed on purpose) is
    refused before anything is written: a template id is a name, never a path.
    """
    load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    take_in_typed_targets(plan)
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


def apply_collection_import(
    repo: PlanRepository, plan: Plan, preview: ImportPreview, source: str
) -> tuple[Plan, SnapshotInfo]:
    """Take a snapshot of ``plan``, then apply the preview's changes, all in one transaction.

    Returns the updated plan and the snapshot that undoes the import.
    """
    updated = preview.apply(plan)  # refuses while the preview has errors, before any write
    with repo.db.atomic():
        snapshot = Snapshots(repo).take(
            plan, f"导入前 / before import: {source}", SnapshotKind.BEFORE_IMPORT
        )
        repo.save_plan(updated, completeness=plan_completeness(updated))
    return updated, snapshot


def merge_package_comments(repo: PlanRepository, plan: Plan, incoming: Plan) -> tuple[int, int]:
    """Take over the review comments of another copy of ``plan`` (from a package), in one
    transaction: new ones added, replies and resolutions updated, none added twice."""
    if incoming.id != plan.id:
        raise LocalizedError(
            f"报送包中的方案“{incoming.meta.name}”与“{plan.meta.name}”不是同一方案，"
            "不能合并审核意见。",
            f"The package holds the plan “{incoming.meta.name}”, not “{plan.meta.name}”; "
            "its comments cannot be merged.",
        )
    merged, added, updated = merge_comments(plan.comments, incoming.comments)
    known = {c.id: c for c in plan.comments}
    with repo.db.atomic():
        for comment in merged:
            if known.get(comment.id) != comment:
                repo.save_item(plan.id, "comments", comment)
    plan.comments = merged
    return added, updated
