"""The server's schema, as numbered forward migrations beside SQLite's (storage/migrations.py).

The same tables and the same version numbers as the SQLite file, so a plan moves between the
two field for field; ``peakplan_schema`` holds the version.  Differences: the tables ordered by
insertion (the journal, snapshots) have an explicit ``seq`` column where SQLite has ``rowid``,
and the completeness is a ``DOUBLE PRECISION``.  Plain SQL and standard types only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.migrations import ATTRIBUTION_STATEMENTS, upgrading_plans

Migration = Callable[[Any], None]


def _statements(*sql: str) -> Migration:
    def migrate(db: Any) -> None:
        for statement in sql:
            db.execute(statement)

    return migrate


_v1_initial = _statements(
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
    """,
    """
    CREATE TABLE items (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (plan_id, collection, id)
    )
    """,
    "CREATE INDEX items_order ON items(plan_id, collection, position)",
)

_v2_trash_and_summary = _statements(
    "ALTER TABLE plans ADD COLUMN deleted_at TEXT",
    "ALTER TABLE plans ADD COLUMN completeness DOUBLE PRECISION",
    "CREATE UNIQUE INDEX plans_live_name ON plans(name) WHERE deleted_at IS NULL",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_v3_snapshots = _statements(
    """
    CREATE TABLE snapshots (
        seq BIGSERIAL,
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    )
    """,
    "CREATE INDEX snapshots_of_plan ON snapshots(plan_id, created_at)",
)

_v5_edit_journal = _statements(
    """
    CREATE TABLE edit_journal (
        seq BIGSERIAL,
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

_v6_item_versions = _statements(
    "ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
)

_v7_attribution = _statements(*ATTRIBUTION_STATEMENTS)  # the user is the connection's role

# Numbered as SQLite's: a server database and a file of the same version hold the same things.
MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_trash_and_summary,
    _v3_snapshots,
    upgrading_plans(1, 3),  # 4: nothing to upgrade on a server (none held format-1 plans)
    _v5_edit_journal,
    _v6_item_versions,
    _v7_attribution,
]
SCHEMA_VERSION = len(MIGRATIONS)
