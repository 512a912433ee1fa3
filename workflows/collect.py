"""The department round trip: a returned collection workbook previewed, then applied with a
snapshot that undoes it."""

from __future__ import annotations

from pathlib import Path

from forms.collect import ImportPreview, preview_import
from forms.plan import Plan
from forms.template import Template
from storage.repository import PlanRepository
from storage.snapshots import SnapshotInfo, SnapshotKind, Snapshots
from workflows.errors import read_bytes
from workflows.plans import plan_completeness


def preview_workbook(
    plan: Plan, template: Template, path: Path | str, lang: str = "zh"
) -> ImportPreview:
    """Every change a returned workbook would make to ``plan``, and every error, by cell."""
    from exporters.collect_import import read_collection_workbook

    return preview_import(plan, template, read_collection_workbook(read_bytes(path)), lang)


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
