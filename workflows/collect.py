"""The department round trip: a returned collection workbook previewed, then applied with a
snapshot that undoes it."""

from __future__ import annotations

from pathlib import Path

from forms.collect import ImportPreview, preview_import
from forms.plan import Plan
from forms.serialize import plan_to_json
from forms.template import Template
from storage.repository import PlanRepository
from storage.snapshots import SnapshotInfo, SnapshotKind, Snapshots
from workflows.errors import read_bytes
from workflows.plans import plan_completeness
from workflows.steps import NO_STEPS, Steps
from workflows.store import transaction


def preview_workbook(
    plan: Plan, template: Template, path: Path | str, lang: str = "zh", steps: Steps = NO_STEPS
) -> ImportPreview:
    """Every change a returned workbook would make to ``plan``, and every error, by cell."""
    from exporters.collect_import import MAX_WORKBOOK_BYTES, read_collection_workbook

    data = read_bytes(path, MAX_WORKBOOK_BYTES)
    steps.reached(0.1)
    workbook = read_collection_workbook(data)
    steps.reached(0.6)
    return preview_import(plan, template, workbook, lang)


def apply_collection_import(
    repo: PlanRepository,
    plan: Plan,
    preview: ImportPreview,
    source: str,
    steps: Steps = NO_STEPS,
    *,
    based_on: dict[tuple[str, str], int] | None = None,
) -> tuple[Plan, SnapshotInfo]:
    """Take a snapshot of ``plan``, then apply the preview's changes, all in one transaction
    (cancelled through ``steps`` before it commits, nothing is written).

    Returns the updated plan and the snapshot that undoes the import.  ``based_on``: the
    versions ``plan`` was read at — refused, nothing written, if someone changed it since.
    """
    updated = preview.apply(plan)  # refuses while the preview has errors, before any write
    steps.reached(0.3)
    body = plan_to_json(plan)
    steps.reached(0.6)
    share = plan_completeness(updated)
    steps.reached(0.8)
    with transaction(repo):
        snapshot = Snapshots(repo).take(
            plan, f"导入前 / before import: {source}", SnapshotKind.BEFORE_IMPORT, body
        )
        repo.save_plan(updated, completeness=share, based_on=based_on)
        steps.reached(0.95)  # a cancel now rolls both back
    return updated, snapshot
