"""Every keystroke kept: a journal of typing not yet folded into its plan.

A text field writes its whole current value here at each keystroke, one row per field (the
latest value wins), each in its own small transaction.  The transaction is committed to the
write-ahead log without waiting for the disk's flush (``synchronous=NORMAL`` for that one
transaction): when the call returns the row is with the operating system, so it survives the
app crashing or being killed at any moment, and a keystroke costs well under a millisecond
whatever the disk.  The plan itself, and its undo grouping, still take the typing after a
pause; the save that then writes the item — flushed to the disk as every save is
(``synchronous=FULL``, which also flushes the journal rows before it) — *folds* the rows it
now reflects (a row whose value equals the saved field is deleted in the same transaction).
A row whose value differs — typing newer than the saved item — stays.  A power cut can thus
lose at most the typing since the last pause, as before; a crash or a kill loses nothing.

So whatever is in the journal when a plan is opened was typed after its last save (the app
was killed, the power failed): :func:`apply_journal` puts it back into the plan, and the
ordinary saves that follow fold it.  A row that cannot be put back — its item was deleted
meanwhile, its value cannot be read, the model refuses it — is skipped with a note and dropped.
A plan deleted for good takes its rows with it (``ON DELETE CASCADE``); a plan in the trash
keeps them until it is restored and opened.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from forms.attribution import Stamp
from forms.edit import FieldPathError, find_item, get_field, set_field
from forms.plan import COLLECTIONS, Plan, now_iso
from storage.database import Database
from storage.errors import PlanNotFoundError, translating_sqlite_errors
from storage.sqlite import SqliteDb

META = "meta"  # the plan's own fields (item id "")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JournalEntry:
    collection: str
    item_id: str
    path: str
    value: str  # the JSON of the typed value, as stored
    written_at: str
    written_by: str = ""  # who typed it (rows of schema 6 and before: unknown)


@dataclass(frozen=True)
class RecoveredEdit:
    """A field put back from the journal: its saved value and the value typed after it."""

    collection: str
    item_id: str
    path: str
    old: Any
    new: Any
    stamp: Stamp | None = None  # who typed it when, where known: the change is theirs


@dataclass(frozen=True)
class SkippedEntry:
    collection: str
    item_id: str
    path: str
    reason: str


@dataclass
class Recovery:
    edits: list[RecoveredEdit] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)  # rows held on this computer (workflows/held)


class EditJournal:
    """The journal of one database; every method is one small transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.db = database.db

    @translating_sqlite_errors
    def record(self, plan_id: str, collection: str, item_id: str, path: str, value: Any) -> None:
        """Keep ``value`` as the latest typing of one field, durably, now."""
        typed = json.dumps(value, ensure_ascii=False)
        row = [plan_id, collection, item_id, path, typed, now_iso(), self.database.user]
        try:
            with _not_waiting_for_the_disk(self.db), _one_statement(self.db):
                self.db.execute(
                    "INSERT INTO edit_journal "
                    "(plan_id, collection, item_id, path, value, written_at, written_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (plan_id, collection, item_id, path) DO UPDATE SET "
                    "value = excluded.value, written_at = excluded.written_at, "
                    "written_by = excluded.written_by",
                    row,
                )
        except sqlite3.IntegrityError as exc:  # the plan was deleted for good meanwhile
            raise PlanNotFoundError(plan_id) from exc

    @translating_sqlite_errors
    def discard(self, plan_id: str, collection: str, item_id: str, path: str) -> None:
        """Forget a field's typing (it was refused, or it changed nothing)."""
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM edit_journal WHERE plan_id = ? AND collection = ? AND item_id = ? "
                "AND path = ?",
                [plan_id, collection, item_id, path],
            )

    @translating_sqlite_errors
    def entries(self, plan_id: str) -> list[JournalEntry]:
        rows = self.db.execute(
            "SELECT collection, item_id, path, value, written_at, written_by FROM edit_journal "
            "WHERE plan_id = ? ORDER BY written_at, rowid",
            [plan_id],
        ).fetchall()
        return [JournalEntry(*(str(v) for v in row[:5]), row[5] or "") for row in rows]

    @translating_sqlite_errors
    def drop(self, plan_id: str, skipped: list[SkippedEntry]) -> None:
        with self.db.atomic():
            for entry in skipped:
                self.db.execute(
                    "DELETE FROM edit_journal WHERE plan_id = ? AND collection = ? "
                    "AND item_id = ? AND path = ?",
                    [plan_id, entry.collection, entry.item_id, entry.path],
                )


def _one_statement(db: SqliteDb) -> contextlib.AbstractContextManager[Any]:
    """The transaction of one statement.  On a server a statement outside a transaction is
    its own, so it needs no BEGIN and COMMIT: one round trip instead of three."""
    if getattr(db, "is_server", False) and not db.in_transaction:  # type: ignore[attr-defined]
        return contextlib.nullcontext()
    return db.atomic()


@contextlib.contextmanager
def _not_waiting_for_the_disk(db: SqliteDb) -> Iterator[None]:
    """``synchronous=NORMAL`` for the transaction inside (SQLite allows the change only
    between transactions; inside another one, that one's setting applies).  A server keeps
    its own durability settings."""
    if getattr(db, "is_server", False) or db.conn.in_transaction:
        yield
        return
    level = db.execute("PRAGMA synchronous").fetchone()[0]
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        db.execute(f"PRAGMA synchronous = {int(level)}")


# -- folding: called by the repository inside the transaction of a save ----------------------


def fold_item(db: SqliteDb, plan_id: str, collection: str, item_id: str, item: BaseModel) -> None:
    """Delete the journal rows of one item that its saved state now reflects."""
    rows = db.execute(
        "SELECT path, value FROM edit_journal WHERE plan_id = ? AND collection = ? AND item_id = ?",
        [plan_id, collection, item_id],
    ).fetchall()
    for path, value in rows:
        if _reflects(item, path, value):
            db.execute(
                "DELETE FROM edit_journal WHERE plan_id = ? AND collection = ? AND item_id = ? "
                "AND path = ?",
                [plan_id, collection, item_id, path],
            )


def fold_plan(db: SqliteDb, plan: Plan) -> None:
    """After a whole-plan save: delete every journal row of the plan it reflects."""
    rows = db.execute(
        "SELECT DISTINCT collection, item_id FROM edit_journal WHERE plan_id = ?", [plan.id]
    ).fetchall()
    for collection, item_id in rows:
        item = plan.meta if collection == META else find_item(plan, collection, item_id)
        if item is not None:
            fold_item(db, plan.id, collection, item_id, item)


def forget_item(db: SqliteDb, plan_id: str, collection: str, item_id: str) -> None:
    """The item was deleted: its typing has nowhere to go."""
    db.execute(
        "DELETE FROM edit_journal WHERE plan_id = ? AND collection = ? AND item_id = ?",
        [plan_id, collection, item_id],
    )


def _reflects(item: BaseModel, path: str, value: str) -> bool:
    try:
        return bool(get_field(item, path) == json.loads(value))
    except (FieldPathError, ValueError):
        return False


# -- replay: the journal's rows put back into a plan as loaded -------------------------------


def apply_journal(plan: Plan, entries: list[JournalEntry], name_taken: Any = None) -> Recovery:
    """Put each entry's value into ``plan`` (in memory); the rule of what is put back.

    ``name_taken(name)`` says whether another plan has a name (a journaled plan name is put back
    only if it is free).  An entry equal to the saved value changes nothing and is not listed.
    """
    recovery = Recovery()
    for entry in entries:
        reason = _apply_entry(plan, entry, recovery, name_taken)
        if reason is not None:
            skipped = SkippedEntry(entry.collection, entry.item_id, entry.path, reason)
            log.warning(
                "journal entry %s/%s/%s of plan %s skipped: %s",
                entry.collection,
                entry.item_id,
                entry.path,
                plan.id,
                reason,
            )
            recovery.skipped.append(skipped)
    return recovery


def _apply_entry(
    plan: Plan, entry: JournalEntry, recovery: Recovery, name_taken: Any
) -> str | None:
    """Apply one entry; the reason it cannot be applied, or None."""
    if entry.collection != META and entry.collection not in COLLECTIONS:
        return f"unknown collection {entry.collection!r}"
    item = (
        plan.meta if entry.collection == META else find_item(plan, entry.collection, entry.item_id)
    )
    if item is None:
        return "the item was deleted"
    try:
        value = json.loads(entry.value)
        old = get_field(item, entry.path)
    except ValueError:
        return "unreadable value"
    except FieldPathError:
        return f"no field {entry.path!r}"
    if old == value:
        return None
    if entry.collection == META and entry.path == "name" and name_taken and name_taken(value):
        return "another plan has this name"
    try:
        set_field(item, entry.path, value)
    except (ValidationError, ValueError, TypeError) as exc:
        return f"invalid value: {str(exc).splitlines()[0]}"
    stamp = Stamp(entry.written_by, entry.written_at) if entry.written_by else None
    edit = RecoveredEdit(entry.collection, entry.item_id, entry.path, old, value, stamp)
    recovery.edits.append(edit)
    return None
