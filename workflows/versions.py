"""Versions: named snapshots, what changed since one, the revision table (修改说明), and a
snapshot restored as a new plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from forms.attribution import Stamp, stamp_for
from forms.diff import Difference, diff_plans
from forms.names import clean_snapshot_name
from forms.plan import Plan, RevisionNote
from forms.serialize import plan_to_json
from storage.repository import PlanRepository
from storage.snapshots import SnapshotInfo, SnapshotKind, Snapshots
from workflows.conflicts import ItemChangedError
from workflows.errors import ChangedMeanwhileError, ChangeNotFoundError
from workflows.exports import check_destinations, file_stem
from workflows.people import display_names, shown_name, who_changed
from workflows.plans import add_imported_plan
from workflows.steps import NO_STEPS, Steps
from workflows.store import transaction

__all__ = ["SnapshotInfo", "SnapshotKind"]


@dataclass(frozen=True)
class Changes:
    """A plan against one of its snapshots."""

    snapshot: SnapshotInfo
    old: Plan
    differences: list[Difference]
    stamps: Mapping[tuple[str, str], Stamp] = field(default_factory=dict)  # who, when, named
    taken_by: str = ""  # who took the snapshot, as shown

    def stamp_of(self, difference: Difference) -> Stamp | None:
        """Who made a difference (the last change of its item) and when, where known."""
        return stamp_for(difference, self.stamps)


def take_snapshot(
    repo: PlanRepository, plan: Plan, name: str, steps: Steps = NO_STEPS
) -> SnapshotInfo:
    """Keep the plan as it is now under ``name`` (required); cancelled through ``steps``
    before the row is committed, no snapshot is kept."""
    name = clean_snapshot_name(name)
    body = plan_to_json(plan)
    steps.reached(0.7)
    with transaction(repo):
        info = Snapshots(repo).take(plan, name, body=body)
        steps.reached(0.95)
    return info


def list_snapshots(repo: PlanRepository, plan_id: str) -> list[SnapshotInfo]:
    """The plan's snapshots, newest first."""
    return Snapshots(repo).list(plan_id)


def load_snapshot(repo: PlanRepository, snapshot_id: str) -> Plan:
    return Snapshots(repo).load(snapshot_id)


def changes_since(
    repo: PlanRepository, plan: Plan, since: SnapshotInfo | str | None = None
) -> Changes:
    """What changed since the snapshot ``since`` (itself, or its id, id prefix or name;
    default the first)."""
    snapshots = Snapshots(repo)
    info = since if isinstance(since, SnapshotInfo) else snapshots.find(plan.id, since)
    old = snapshots.load(info.id)
    stamps = who_changed(repo, plan.id)
    taken_by = shown_name(info.taken_by, display_names(repo))
    return Changes(info, old, diff_plans(old, plan), stamps, taken_by)


def change_key(ref: str, keys: list[str]) -> str:
    """The change a user names by its number in the list (``3``) or by its key."""
    ref = ref.strip()
    if ref in keys:
        return ref
    if ref.isdigit() and 1 <= int(ref) <= len(keys):
        return keys[int(ref) - 1]
    raise ChangeNotFoundError(ref, len(keys))


def give_reasons(
    repo: PlanRepository,
    plan: Plan,
    reasons: Mapping[str, str],
    versions: Mapping[tuple[str, str], int] | None = None,
) -> Plan:
    """Record why each change (by its key) was made, based on ``versions`` (the plan's as
    read; None: as stored now); returns the plan as stored now."""
    versions = repo.versions(plan.id) if versions is None else versions
    try:
        with repo.db.atomic():  # each note based on the version read: all or none
            for key, why in reasons.items():
                version = versions.get(("revision_notes", key), 0)
                note = RevisionNote(id=key, why=why)
                repo.save_item(plan.id, "revision_notes", note, based_on=version)
    except ItemChangedError:  # a reason replaced, not added: theirs stands, the user is told
        raise ChangedMeanwhileError("修改说明", "reasons for the changes") from None
    return repo.load_plan(plan.id)


def revision_file_stem(plan: Plan, lang: str) -> str:
    return file_stem(plan.meta.name, "修改说明" if lang == "zh" else "revisions")


def export_revisions(
    changes: Changes,
    plan: Plan,
    lang: str,
    *,
    pdf: Path | str | None = None,
    xlsx: Path | str | None = None,
) -> list[Path]:
    """The revision table since ``changes.snapshot`` as PDF and/or Excel; the paths written."""
    from exporters.atomic import write_all_atomic
    from exporters.fonts import resolve_fonts
    from exporters.pdf import render_pdf
    from exporters.revisions import revision_document, revision_workbook

    check_destinations({kind: path for kind, path in (("pdf", pdf), ("xlsx", xlsx)) if path})
    name, outputs = changes.snapshot.name, {}
    stamps = changes.stamps
    if pdf:
        document = revision_document(changes.old, plan, name, lang, stamps)
        outputs[Path(pdf)] = render_pdf(document, resolve_fonts())
    if xlsx:
        outputs[Path(xlsx)] = revision_workbook(changes.old, plan, name, lang, stamps)
    return write_all_atomic(outputs)


def restore_as_new_plan(repo: PlanRepository, snapshot: SnapshotInfo) -> Plan:
    """The snapshot as a new plan named after both; the plan itself is left as it is."""
    plan = Snapshots(repo).load(snapshot.id)
    plan.meta.name = f"{plan.meta.name}（{snapshot.name}）"
    return add_imported_plan(repo, plan)
