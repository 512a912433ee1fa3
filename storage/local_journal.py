"""Edits held on this computer while a team's server is away.

The app writes each keystroke, and each field change the server refused, to a small SQLite
file in the user data folder (one per server location) when the server cannot take it; the
rows are the journal's (storage/journal.py: one row per field, the latest value wins), so a
crash or a kill while the server is away loses nothing.  When the server takes the item again
its rows are dropped; whatever is still here when the plan is next opened is put back into it
(:meth:`HeldEdits.entries` → ``apply_journal``) and saved to the server like the server's own
journal.

Rows added, deleted or moved while the server is away are held here too (``held_rows``, in the
order they were made): the item added with its position, the item deleted with the version it
was read at, a collection's new order.  Opening the plan again puts them back and saves them,
each checked against that version, so a row someone changed meanwhile is never removed over
their change (workflows/held.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.plan import now_iso
from storage.errors import DatabaseUnavailableError, translating_sqlite_errors
from storage.journal import EditJournal
from storage.paths import APP_NAME
from storage.sqlite import SqliteDb

FOLDER = "held-edits"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS edit_journal (
    plan_id TEXT NOT NULL,
    collection TEXT NOT NULL,
    item_id TEXT NOT NULL,
    path TEXT NOT NULL,
    value TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT,
    PRIMARY KEY (plan_id, collection, item_id, path)
)
"""
_ROWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS held_rows (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id TEXT NOT NULL,
    collection TEXT NOT NULL,
    item_id TEXT NOT NULL,
    change TEXT NOT NULL,
    body TEXT,
    position INTEGER,
    based_on INTEGER,
    written_at TEXT NOT NULL,
    written_by TEXT
)
"""
ADD, DELETE, ORDER = "add", "delete", "order"


@dataclass(frozen=True)
class HeldRow:
    """A row change the server did not take: ``ADD`` (``body`` the item's JSON, at
    ``position``), ``DELETE`` (``based_on`` the version it was read at, None: unknown) or
    ``ORDER`` (``body`` the collection's ids in their new order; ``item_id`` "")."""

    seq: int
    collection: str
    item_id: str
    change: str
    body: str | None
    position: int | None
    based_on: int | None
    written_at: str
    written_by: str


def held_edits_path(server_key: str) -> Path:
    """The file of one server location (``server_key``: its URL without the password)."""
    from platformdirs import user_data_path

    digest = hashlib.sha256(server_key.encode("utf-8")).hexdigest()[:16]
    return user_data_path(APP_NAME, appauthor=False) / FOLDER / f"{digest}.sqlite"


class _LocalFile:
    """What the journal's methods need of a database: ``db``, ``user`` (who typed: the
    server's role) and, for messages, ``path``."""

    def __init__(self, path: Path, user: str) -> None:
        self.path = path
        self.user = user
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=3)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseUnavailableError(path, exc) from exc
        self.db = SqliteDb(conn)
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute(_SCHEMA)
            self.db.execute(_ROWS_SCHEMA)


class HeldEdits(EditJournal):
    """The journal of edits a server did not take yet, in a local file."""

    def __init__(self, path: Path, user: str = "") -> None:
        super().__init__(_LocalFile(path, user))  # type: ignore[arg-type]
        self.path = path

    @translating_sqlite_errors
    def settle(
        self, plan_id: str, collection: str, item_id: str, keep: set[tuple[str, str, str]]
    ) -> None:
        """The server took the item (``collection`` "*": the whole plan): drop its rows, but
        those of the fields in ``keep`` (typing not in the plan yet)."""
        rows = self.db.execute(
            "SELECT collection, item_id, path FROM edit_journal WHERE plan_id = ?", [plan_id]
        ).fetchall()
        with self.db.atomic():
            for row_collection, row_item, path in rows:
                whole = collection == "*"
                if (whole or (row_collection, row_item) == (collection, item_id)) and (
                    (row_collection, row_item, path) not in keep
                ):
                    self.discard(plan_id, row_collection, row_item, path)
            if collection == "*":  # a whole-plan save took the rows added, deleted and moved
                self.db.execute("DELETE FROM held_rows WHERE plan_id = ?", [plan_id])

    # -- rows added, deleted and moved ---------------------------------------------------------

    @translating_sqlite_errors
    def hold_add(
        self, plan_id: str, collection: str, item_id: str, body: str, position: int
    ) -> None:
        """An item added (or put back by an undo) that the server did not take."""
        with self.db.atomic():
            if self._forget(plan_id, collection, item_id, DELETE):  # a removal undone
                return
            self._forget(plan_id, collection, item_id, ADD)
            self._insert(plan_id, collection, item_id, ADD, body, position, 0)

    @translating_sqlite_errors
    def hold_delete(
        self, plan_id: str, collection: str, item_id: str, based_on: int | None
    ) -> None:
        """An item removed that the server did not take (``based_on``: its version then)."""
        with self.db.atomic():
            if self._forget(plan_id, collection, item_id, ADD):  # never reached the server
                return
            self._forget(plan_id, collection, item_id, DELETE)
            self._insert(plan_id, collection, item_id, DELETE, None, None, based_on)

    @translating_sqlite_errors
    def hold_order(self, plan_id: str, collection: str, item_ids: list[str]) -> None:
        """A collection's new order that the server did not take (the latest wins)."""
        with self.db.atomic():
            self._forget(plan_id, collection, "", ORDER)
            self._insert(plan_id, collection, "", ORDER, json.dumps(item_ids), None, None)

    @translating_sqlite_errors
    def rows(self, plan_id: str) -> list[HeldRow]:
        cursor = self.db.execute(
            "SELECT seq, collection, item_id, change, body, position, based_on, written_at, "
            "written_by FROM held_rows WHERE plan_id = ? ORDER BY seq",
            [plan_id],
        )
        return [HeldRow(*row[:-1], row[-1] or "") for row in cursor.fetchall()]

    @translating_sqlite_errors
    def drop_row(self, row: HeldRow) -> None:
        """The server took the row change (or refused it, and the user was told)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM held_rows WHERE seq = ?", [row.seq])

    def _forget(self, plan_id: str, collection: str, item_id: str, change: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM held_rows WHERE plan_id = ? AND collection = ? AND item_id = ? "
            "AND change = ?",
            [plan_id, collection, item_id, change],
        )
        return cursor.rowcount > 0

    def _insert(self, plan_id: str, *values: Any) -> None:
        self.db.execute(
            "INSERT INTO held_rows (plan_id, collection, item_id, change, body, position, "
            "based_on, written_at, written_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, *values, now_iso(), self.database.user],
        )

    @translating_sqlite_errors
    def count(self, plan_id: str) -> int:
        """How many fields and row changes are held for the plan."""
        return sum(
            int(
                self.db.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE plan_id = ?", [plan_id]
                ).fetchone()[0]
            )
            for table in ("edit_journal", "held_rows")
        )

    def close(self) -> None:
        self.db.close()
