"""The database schema, as numbered forward migrations.

``PRAGMA user_version`` holds the schema version.  Opening an older database copies it to a
backup beside it first, then applies each missing step in one transaction.  A frozen database
of every past version lives in ``tests/fixtures/`` and is upgraded by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from storage.sqlite import SqliteDb

Migration = Callable[[SqliteDb], None]


def _v1_initial(db: SqliteDb) -> None:
    """Plans and their items; each item body is the JSON of one forms.plan model."""
    db.execute(
        """
        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            pilot_type TEXT NOT NULL,
            province TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            meta TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE items (
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (plan_id, collection, id)
        )
        """
    )
    db.execute("CREATE INDEX items_order ON items(plan_id, collection, position)")


def _v2_trash_and_summary(db: SqliteDb) -> None:
    """Deleted plans go to a trash; the plan list shows a cached completeness; settings."""
    db.execute('ALTER TABLE "plans" ADD COLUMN "deleted_at" TEXT;')
    db.execute('ALTER TABLE "plans" ADD COLUMN "completeness" REAL;')
    db.execute("CREATE UNIQUE INDEX plans_live_name ON plans(name) WHERE deleted_at IS NULL")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v3_snapshots(db: SqliteDb) -> None:
    """Whole-plan snapshots: taken by hand, before an import, when a package is exported."""
    db.execute(
        """
        CREATE TABLE snapshots (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX snapshots_of_plan ON snapshots(plan_id, created_at)")


def _stored_plan(db: SqliteDb, plan_id: str, meta: str) -> dict[str, Any]:
    plan: dict[str, Any] = {"id": plan_id, "meta": json.loads(meta)}
    cursor = db.execute(
        "SELECT collection, body FROM items WHERE plan_id = ? ORDER BY collection, position",
        [plan_id],
    )
    for collection, body in cursor.fetchall():
        plan.setdefault(collection, []).append(json.loads(body))
    return plan


def _store_plan(db: SqliteDb, plan: dict[str, Any]) -> None:
    db.execute(
        "UPDATE plans SET meta = ? WHERE id = ?",
        [json.dumps(plan["meta"], ensure_ascii=False), plan["id"]],
    )
    db.execute("DELETE FROM items WHERE plan_id = ?", [plan["id"]])
    for collection, items in plan.items():
        if collection in ("id", "meta"):
            continue
        for position, item in enumerate(items):
            body = json.dumps(item, ensure_ascii=False)
            db.execute(
                "INSERT INTO items (plan_id, collection, id, position, body) "
                "VALUES (?, ?, ?, ?, ?)",
                [plan["id"], collection, item["id"], position, body],
            )


def upgrading_plans(from_version: int, to_version: int) -> Migration:
    """A migration bringing every stored plan from plan format ``from_version`` to
    ``to_version`` with the steps of :func:`forms.upgrade.upgrade_plan` (the same steps a plan
    JSON file or a package goes through).  Snapshots hold versioned plan documents and are
    upgraded when read."""

    def migrate(db: SqliteDb) -> None:
        from forms.upgrade import FORMAT_NAME, upgrade_plan  # the plan model: only to upgrade

        for plan_id, meta in db.execute("SELECT id, meta FROM plans").fetchall():
            document = {
                "format": FORMAT_NAME,
                "schema_version": from_version,
                "plan": _stored_plan(db, plan_id, meta),
            }
            _store_plan(db, upgrade_plan(document, to=to_version)["plan"])

    migrate.__doc__ = f"Stored plans brought from plan format {from_version} to {to_version}."
    return migrate


def _v5_edit_journal(db: SqliteDb) -> None:
    """Typing kept at once: each text field's latest value, until it is folded into its item
    (see storage/journal.py).  A plan deleted for good takes its rows with it."""
    db.execute(
        """
        CREATE TABLE edit_journal (
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            collection TEXT NOT NULL,
            item_id TEXT NOT NULL,
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, collection, item_id, path)
        )
        """
    )


def _v6_item_versions(db: SqliteDb) -> None:
    """Each item, and each plan's own fields, carry a version raised by every change of them:
    what a team's clients will compare to tell that an item changed under them."""
    db.execute("ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


ATTRIBUTION_STATEMENTS = (
    "ALTER TABLE items ADD COLUMN changed_by TEXT",
    "ALTER TABLE items ADD COLUMN changed_at TEXT",
    "ALTER TABLE plans ADD COLUMN changed_by TEXT",
    "ALTER TABLE plans ADD COLUMN changed_at TEXT",
    "ALTER TABLE snapshots ADD COLUMN taken_by TEXT",
    "ALTER TABLE edit_journal ADD COLUMN written_by TEXT",
    "CREATE TABLE users (name TEXT PRIMARY KEY, display_name TEXT NOT NULL)",
)


def _v7_attribution(db: SqliteDb) -> None:
    """Who changed what: each change of an item or of a plan's own fields records its user
    and time beside the version it raises; a snapshot, who took it; a journal row, who typed
    it; ``users`` gives a user (the OS login, or the server's role) a display name.  Rows
    written before say nothing (NULL): who made them is not known."""
    for statement in ATTRIBUTION_STATEMENTS:
        db.execute(statement)


# Schema 1 to 3 stored plans of format 1 or 2 (format 2 only added collections, which the
# step to 2 fills only where they are missing), so schema 4 upgrades them from format 1.
MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_trash_and_summary,
    _v3_snapshots,
    upgrading_plans(1, 3),  # 4: the energy account; targets' qualifiers and reference years
    _v5_edit_journal,
    _v6_item_versions,
    _v7_attribution,
]
SCHEMA_VERSION = len(MIGRATIONS)
