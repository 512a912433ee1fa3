"""Snapshots: a whole plan frozen at a moment, to look at or to go back to.

Taken by hand, automatically before an import (so the import can be undone), and when a
package is exported.  The body is the plan's JSON document (``forms.serialize``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.labels import SnapshotKind
from forms.plan import Plan, new_id, now_iso
from forms.serialize import plan_from_json, plan_to_json
from storage.errors import PlanNotFoundError, SnapshotNotFoundError, translating_sqlite_errors
from storage.repository import PlanRepository


@dataclass(frozen=True)
class SnapshotInfo:
    id: str
    plan_id: str
    name: str
    kind: SnapshotKind
    created_at: str
    taken_by: str | None = None  # the user who took it (unknown before schema 7)


class Snapshots:
    def __init__(self, repo: PlanRepository) -> None:
        self.repo = repo
        self.db = repo.db

    @translating_sqlite_errors
    def take(
        self,
        plan: Plan,
        name: str,
        kind: SnapshotKind = SnapshotKind.MANUAL,
        body: str | None = None,
    ) -> SnapshotInfo:
        """``body``: the plan's JSON when the caller made it already (off the UI thread)."""
        info = SnapshotInfo(new_id(), plan.id, name, kind, now_iso(), self.repo.database.user)
        self.db.table("snapshots").insert(
            {
                "id": info.id,
                "plan_id": plan.id,
                "name": name,
                "kind": kind.value,
                "created_at": info.created_at,
                "taken_by": info.taken_by,
                "body": plan_to_json(plan) if body is None else body,
            }
        )
        return info

    @translating_sqlite_errors
    def list(self, plan_id: str) -> list[SnapshotInfo]:
        rows = self.db.query(
            "SELECT id, plan_id, name, kind, created_at, taken_by FROM snapshots WHERE plan_id = ? "
            "ORDER BY created_at DESC, rowid DESC",
            [plan_id],
        )
        return [SnapshotInfo(**{**row, "kind": SnapshotKind(row["kind"])}) for row in rows]

    @translating_sqlite_errors
    def rows(self, plan_id: str) -> list[dict[str, Any]]:
        """A plan's snapshots as stored, oldest first: to copy them to another database."""
        return list(
            self.db.query(
                "SELECT id, plan_id, name, kind, created_at, taken_by, body FROM snapshots "
                "WHERE plan_id = ? ORDER BY created_at, rowid",
                [plan_id],
            )
        )

    @translating_sqlite_errors
    def put_rows(self, rows: list[dict[str, Any]]) -> None:
        """Store snapshots copied from another database as they were (same ids, times)."""
        with self.db.atomic():
            for row in rows:
                self.db.table("snapshots").upsert(row, pk="id")

    def find(self, plan_id: str, ref: str | None = None) -> SnapshotInfo:
        """A snapshot by its id, id prefix or name; with no ``ref``, the plan's first one."""
        infos = self.list(plan_id)
        if ref is None:
            if not infos:
                raise SnapshotNotFoundError(None)
            return infos[-1]
        found = next((i for i in infos if i.name == ref or i.id.startswith(ref)), None)
        if found is None:
            raise SnapshotNotFoundError(ref)
        return found

    @translating_sqlite_errors
    def load(self, snapshot_id: str) -> Plan:
        row = self.db.execute("SELECT body FROM snapshots WHERE id = ?", [snapshot_id]).fetchone()
        if row is None:
            raise PlanNotFoundError(snapshot_id)
        return plan_from_json(row[0])

    def restore(self, snapshot_id: str, *, completeness: float | None = None) -> Plan:
        """Put the plan back as it was in the snapshot (same plan id), in one transaction."""
        plan = self.load(snapshot_id)
        self.repo.save_plan(plan, completeness=completeness)
        return plan
