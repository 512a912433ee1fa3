"""Edits held on this computer while a team's server is away.

The app writes each keystroke, and each field change the server refused, to a small SQLite
file in the user data folder (one per server location) when the server cannot take it; the
rows are the journal's (storage/journal.py: one row per field, the latest value wins), so a
crash or a kill while the server is away loses nothing.  When the server takes the item again
its rows are dropped; whatever is still here when the plan is next opened is put back into it
(:meth:`HeldEdits.entries` → ``apply_journal``) and saved to the server like the server's own
journal.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import sqlite_utils

from storage.errors import DatabaseUnavailableError, translating_sqlite_errors
from storage.journal import EditJournal
from storage.paths import APP_NAME

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
            raise DatabaseUnavailableError(path, str(exc)) from exc
        self.db = sqlite_utils.Database(conn)
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute(_SCHEMA)


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

    @translating_sqlite_errors
    def count(self, plan_id: str) -> int:
        return int(
            self.db.execute(
                "SELECT COUNT(*) FROM edit_journal WHERE plan_id = ?", [plan_id]
            ).fetchone()[0]
        )

    def close(self) -> None:
        self.db.close()
