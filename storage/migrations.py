"""The database schema, as numbered forward migrations.

``PRAGMA user_version`` holds the schema version.  Opening an older database copies it to a
backup beside it first, then applies each missing step in one transaction.  A frozen database
of every past version lives in ``tests/fixtures/`` and is upgraded by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

from forms.targets import upgrade_indicator

Migration = Callable[[sqlite_utils.Database], None]


def _v1_initial(db: sqlite_utils.Database) -> None:
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


def _v2_trash_and_summary(db: sqlite_utils.Database) -> None:
    """Deleted plans go to a trash; the plan list shows a cached completeness; settings."""
    plans = db.table("plans")
    plans.add_column("deleted_at", str)
    plans.add_column("completeness", float)
    db.execute("CREATE UNIQUE INDEX plans_live_name ON plans(name) WHERE deleted_at IS NULL")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v3_snapshots(db: sqlite_utils.Database) -> None:
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


def _v4_target_qualifiers(db: sqlite_utils.Database) -> None:
    """Targets: qualifier (22左右 → 22 + about) and reference year moved out of the unit.
    Snapshots hold versioned plan documents and are upgraded when read."""
    rows = db.execute("SELECT rowid, body FROM items WHERE collection = 'indicators'").fetchall()
    for rowid, body in rows:
        upgraded = json.dumps(upgrade_indicator(json.loads(body)), ensure_ascii=False)
        db.execute("UPDATE items SET body = ? WHERE rowid = ?", [upgraded, rowid])


MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_trash_and_summary,
    _v3_snapshots,
    _v4_target_qualifiers,
]
SCHEMA_VERSION = len(MIGRATIONS)
