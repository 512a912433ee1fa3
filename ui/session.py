"""One open plan: its model, its undo stack, and saving every edit as it happens.

Every change the editor makes goes through a command on the plan's ``QUndoStack``; doing or
undoing a command changes the ``forms`` model and saves the touched item through storage at
once, so nothing is ever unsaved.  Typing is kept even before its pause: each keystroke of a
text field goes to storage's journal at once (:meth:`PlanSession.keep_typing`), the pause then
commits it as one undo step, and opening a plan puts back what the journal still holds (one
undoable step).  A save that fails (the disk is full, an I/O error, a
read-only database) never escapes the undo command: the edit stays in memory as pending, the
reason is given in words (:attr:`PlanSession.last_error`), the save is retried every few
seconds, and the editor warns before closing with edits unsaved.  On a team's server that
goes away, field edits and keystrokes are also held in a local file until the server takes
them (:attr:`PlanSession.held`), so not even a crash meanwhile loses them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from functools import partial
from typing import Any, Self

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from forms.checks import Finding, check_plan
from forms.completeness import completeness
from forms.edit import find_item, get_field, set_field
from forms.errors import LocalizedError
from forms.parts import changed_collections
from forms.plan import COLLECTIONS, Plan
from forms.template import Template, load_template
from ui.session_conflicts import VersionedSaving
from ui.session_held import HeldSaving
from ui.session_whole import WholePlanSaving
from workflows.conflicts import ItemChangedError
from workflows.held import HeldEdits, RowRefused, held_edits_for, is_server_away, put_back_held
from workflows.opening import PlanToEdit, read_plan_to_edit
from workflows.store import (
    DatabaseIOError,
    EditJournal,
    PlanRepository,
    RecoveredEdit,
    Recovery,
    storage_error,
)

META = "meta"
ORDER = "#order"  # the item id of a save key that saves a collection's order
MERGE_WINDOW_S = 2.0
RETRY_MS = 2000


class PlanSession(QObject, HeldSaving, VersionedSaving, WholePlanSaving):
    item_changed = Signal(str, str)  # collection, item id ("" for meta)
    rows_changed = Signal(str)  # collection: items added, removed or moved
    save_state = Signal(str, str)  # "saving" | "saved" | "failed" | "refused" | "recovered"
    edit_refused = Signal(str)  # a value the model cannot hold, with the reason
    stamped = Signal(str, str, object)  # an item saved here: who and when (None: removed)
    conflict_found = Signal(str, str)  # collection, item id: saved by someone else meanwhile

    def __init__(self, repo: PlanRepository, plan: Plan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.plan = plan
        self.template: Template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
        self.undo_stack = QUndoStack(self)
        self.journal = EditJournal(repo.database)
        self._typing: set[tuple[str, str, str]] = set()  # fields journaled, not yet committed
        self.recovery = Recovery()  # what opening put back from the journal
        self._pending: dict[tuple[str, str], None] = {}
        self._findings: list[Finding] | None = None
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._flush_pending)
        self.last_error: LocalizedError | None = None  # why the last save failed, if it did
        self.held: HeldEdits | None = None  # edits a team's server did not take yet
        self._held_typing: set[tuple[str, str, str]] = set()
        self.server_away = False  # saves wait for a team's server that went away
        self.versions: dict[tuple[str, str], int] = {}  # as last read or saved ({}: unknown)
        self.conflicts = {}  # edits refused for an older version, waiting for the user
        self.rows_refused: list[RowRefused] = []  # held row changes refused on opening

    @classmethod
    def open(cls, repo: PlanRepository, plan_id: str, read: PlanToEdit | None = None) -> Self:
        """The plan as saved (or as a worker ``read`` it), plus any typing its journal still
        holds (saved now, undoable)."""
        read, held = read or read_plan_to_edit(repo, plan_id), held_edits_for(repo.database)
        plan, recovery = read.plan, read.recovery
        put_back_held(repo, plan, recovery, held)  # a team's server's edits held here
        session = cls(repo, plan)
        session.recovery, session.held, session.versions = recovery, held, read.versions
        session._findings = read.findings if held is None else None  # checked before held
        if held is not None:
            session.destroyed.connect(lambda *_: held.close())
        rows_saved = not recovery.rows or session._run_save(session._save_held_rows, ("*", ""))
        if recovery.rows:
            session._reread_versions()
        if recovery.edits:
            for key in dict.fromkeys((e.collection, e.item_id) for e in recovery.edits):
                if rows_saved:  # each saved on the version it was read at
                    session._save(*key)
            session.undo_stack.push(_RecoveredCommand(session, recovery.edits))
        return session

    def reload(
        self,
        stored: Plan | None = None,
        findings: list[Finding] | None = None,
        *,
        versions: dict[tuple[str, str], int] | None = None,
        changed: list[str] | None = None,
    ) -> None:
        """Take the plan as stored (after an import wrote it); the undo history starts afresh.
        ``stored``: the plan as a worker read it back (and ``findings``, its check there); then
        only the tables that differ are redrawn (a large plan's take seconds), the others keep
        their rows.  The worker may also give the ``versions`` it read with it and the
        collections that ``changed`` (see :func:`changed_collections`): then the window's
        thread neither reads the database nor compares the plans."""
        self.flush()
        waiting = self._conflicted_items()  # edits waiting for a decision stay mine
        self.versions = versions if versions is not None else self.repo.versions(self.plan.id)
        fresh = stored if stored is not None else self.repo.load_plan(self.plan.id)
        if stored is None:
            changed = list(COLLECTIONS)
        elif changed is None:
            changed = changed_collections(self.plan, fresh)
        for collection in COLLECTIONS:
            if collection not in changed:
                setattr(fresh, collection, getattr(self.plan, collection))
        self.plan = fresh
        self._keep_conflicted(waiting)
        self.undo_stack.clear()
        self._findings = findings if stored is not None else None
        for collection in changed:
            self.rows_changed.emit(collection)

    # -- reading --------------------------------------------------------------------------

    def item(self, collection: str, item_id: str) -> BaseModel | None:
        if collection == META:
            return self.plan.meta
        return find_item(self.plan, collection, item_id)

    def value(self, collection: str, item_id: str, path: str) -> Any:
        item = self.item(collection, item_id)
        return None if item is None else get_field(item, path)

    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = check_plan(self.plan, self.template)
        return self._findings

    def completeness(self) -> tuple[float, dict[str, float]]:
        return completeness(self.plan, self.template, self.findings())  # the check, run once

    # -- changing -------------------------------------------------------------------------

    def edit(
        self, collection: str, item_id: str, path: str, value: Any, *, merge: bool = False
    ) -> bool:
        """Set one field through the undo stack; False if the model refuses the value."""
        typed = (collection, item_id, path) in self._typing
        self._typing.discard((collection, item_id, path))
        item = self.item(collection, item_id)
        if item is None:
            return False
        old = get_field(item, path)
        if old == value:
            if typed:  # typed and typed back: nothing to keep
                self._forget_typing(collection, item_id, path)
            return True
        try:
            set_field(item, path, value)  # validate now, so a bad value never reaches the stack
        except (ValidationError, ValueError) as exc:
            if typed:  # refused, and said so: not to be put back after a restart either
                self._forget_typing(collection, item_id, path)
            self.edit_refused.emit(str(exc).splitlines()[0])
            return False
        set_field(item, path, old)
        self.undo_stack.push(_FieldCommand(self, collection, item_id, path, old, value, merge))
        return True

    def keep_typing(self, collection: str, item_id: str, path: str, value: Any) -> None:
        """Journal what a field holds now, at each keystroke; :meth:`edit` commits it later."""
        key = (collection, item_id, path)
        if key not in self._typing and self.value(collection, item_id, path) == value:
            return  # an editor filled with the value it edits: nothing typed yet
        self._typing.add(key)
        kept = self._run_save(
            lambda: self.journal.record(self.plan.id, collection, item_id, path, value),
            (collection, item_id),
        )
        if kept and key in self._held_typing:  # the server has newer typing than the file
            self._held_typing.discard(key)
            self._release(key)
        elif not kept and self.server_away:  # the server is away: held here
            self._held_typing.add(key)
            self._hold(key, value)

    def typing_settled(self, collection: str, item_id: str, path: str) -> None:
        """A field's typing ended where the plan already is (typed, then typed back)."""
        if (collection, item_id, path) in self._typing:
            self._typing.discard((collection, item_id, path))
            self._forget_typing(collection, item_id, path)

    def _forget_typing(self, collection: str, item_id: str, path: str) -> None:
        with contextlib.suppress(LocalizedError, sqlite3.Error):  # a leftover row is harmless
            self.journal.discard(self.plan.id, collection, item_id, path)

    def add_item(self, collection: str, item: BaseModel, position: int | None = None) -> None:
        self.undo_stack.push(_AddCommand(self, collection, item, position))

    def add_missing(self, collection: str, items: list[BaseModel]) -> None:
        """Add rows an older plan lacks (e.g. the energy account): saved, but not undoable."""
        taken = {i.id for i in getattr(self.plan, collection)}
        for item in items:
            if item.id not in taken:  # type: ignore[attr-defined]
                self._insert(collection, item, None)

    def move_item(self, collection: str, item_id: str, delta: int) -> bool:
        """Move an item ``delta`` places (undoable); False at either end."""
        items = getattr(self.plan, collection)
        old = next((n for n, i in enumerate(items) if i.id == item_id), None)
        if old is None or not 0 <= old + delta < len(items):
            return False
        self.undo_stack.push(_MoveCommand(self, collection, item_id, old, old + delta))
        return True

    def _move(self, collection: str, item_id: str, position: int) -> None:
        items = getattr(self.plan, collection)
        item = next(i for i in items if i.id == item_id)
        items.remove(item)
        items.insert(position, item)
        self._changed()
        ids = [i.id for i in items]
        if not self._save(collection, ORDER):
            self._hold_rows("hold_order", collection, ids)
        self.rows_changed.emit(collection)

    def remove_item(self, collection: str, item_id: str) -> None:
        items = getattr(self.plan, collection)
        position = next((n for n, i in enumerate(items) if i.id == item_id), None)
        if position is not None:
            self.undo_stack.push(_RemoveCommand(self, collection, items[position], position))

    # -- what commands call -----------------------------------------------------------------

    def _apply_field(self, collection: str, item_id: str, path: str, value: Any) -> None:
        item = self.item(collection, item_id)
        if item is None:
            return
        set_field(item, path, value)
        self._changed()
        if not self._save(collection, item_id) and self.server_away:
            self._hold((collection, item_id, path), value)
        self.item_changed.emit(collection, item_id if collection != META else "")

    def _insert(self, collection: str, item: BaseModel, position: int | None) -> None:
        items = getattr(self.plan, collection)
        position = len(items) if position is None else position
        items.insert(position, item)
        self._changed()
        key = (collection, item.id)  # type: ignore[attr-defined]
        save = partial(self.repo.save_item, self.plan.id, collection, item, position)
        stamp = self.repo.stamp()
        with self.repo.acting_as(stamp):
            saved = self._run_save(lambda: self._saved(key, save(based_on=self.based_on(key))), key)
        if saved:
            self.stamped.emit(*key, stamp)
        else:
            self._hold_rows("hold_add", *key, item.model_dump_json(), position)
        self.rows_changed.emit(collection)

    def _delete(self, collection: str, item_id: str) -> None:
        items = getattr(self.plan, collection)
        setattr(self.plan, collection, [i for i in items if i.id != item_id])
        self._changed()
        self._pending.pop((collection, item_id), None)
        based_on = self.versions.get((collection, item_id))
        if self._run_save(lambda: self._delete_stored(collection, item_id), (collection, item_id)):
            self.stamped.emit(collection, item_id, None)
        else:
            self._hold_rows("hold_delete", collection, item_id, based_on)
        self.rows_changed.emit(collection)

    def _changed(self) -> None:
        self._findings = None

    # -- saving ---------------------------------------------------------------------------

    def _save(self, collection: str, item_id: str) -> bool:
        """Save one item (its removal, if gone; a collection's order for ``ORDER``), based on
        the version this session holds of it."""
        key = (collection, item_id if collection != META else "")
        item = self.item(collection, item_id)
        if item_id == ORDER:
            ids = [i.id for i in getattr(self.plan, collection)]
            return self._run_save(lambda: self.repo.reorder(self.plan.id, collection, ids), key)
        if item is None:
            action = partial(self._delete_stored, collection, item_id)
        else:
            action = partial(self._write_and_note, key, item)
        stamp = self.repo.stamp()
        with self.repo.acting_as(stamp):  # the stamp the save leaves, told without reading it
            saved = self._run_save(action, key)
        if saved:
            self._settle(key)
            self.stamped.emit(*key, stamp if item is not None else None)
        return saved

    def _run_save(self, action: Any, key: tuple[str, str] | None = None) -> bool:
        self.save_state.emit("saving", "")
        path = self.repo.database.path
        try:
            action()
        except ItemChangedError as exc:  # someone else saved the item meanwhile: ask
            return self._conflicted((exc.collection, exc.item_id), exc)
        except LocalizedError as exc:
            return self._save_failed(key, exc)
        except sqlite3.Error as exc:  # storage translates its own; this is the safety net
            return self._save_failed(key, storage_error(path, exc))
        except OSError as exc:
            return self._save_failed(key, DatabaseIOError(path, exc))
        self.last_error = None
        self.save_state.emit("saved", time.strftime("%H:%M:%S"))
        return True

    def _save_failed(self, key: tuple[str, str] | None, error: LocalizedError) -> bool:
        """Keep the edit in memory as pending (a structural change: the whole plan), tell the
        user why in words, and retry until it is saved — unless the server refused it to the
        user's role: retrying could not help, so it is said and not retried."""
        self.last_error = error
        if getattr(error, "refused", False):
            if key is not None and key[0] != "*":  # held for the server: it will never take it
                self._settle(key)
            self.save_state.emit("refused", error.message_zh + " / " + error.message_en)
            return False
        self._pending[key or ("*", "")] = None
        self.server_away = self.server_away or is_server_away(error)
        self._retry.start()
        self.save_state.emit("failed", error.message_zh + " / " + error.message_en)
        return False

    def _flush_pending(self) -> None:
        pending, self._pending = list(self._pending), {}
        if ("*", "") in pending:
            ok = self._run_save(self._save_whole_plan, ("*", ""))  # others' changes: asked
            if ok:
                self._settle(("*", ""))
                if self.conflicts:
                    self.save_state.emit("conflict", "")
        else:
            ok = all(self._save_key(key) for key in pending)
        if ok and not self._pending:
            self._retry.stop()
            if self.server_away:  # it is back, and has everything
                self.server_away = False
                self.save_state.emit("recovered", time.strftime("%H:%M:%S"))

    def _save_key(self, key: tuple[str, str]) -> bool:
        collection, item_id = key
        before = len(self._pending)
        self._save(collection, item_id)
        return len(self._pending) == before

    def has_unsaved(self) -> bool:
        return bool(self._pending or self.conflicts)

    def unsaved_count(self) -> int:
        """How many items (or whole-plan changes) are waiting to be saved or decided."""
        return len(self._pending.keys() | self.conflicts.keys())

    def save_summary(self) -> None:
        """Store the completeness figure shown in the plan list (best effort)."""
        overall, _ = self.completeness()
        with contextlib.suppress(LocalizedError):
            self.repo.set_completeness(self.plan.id, overall)

    def flush(self) -> bool:
        """Try once more to save anything pending; True when nothing is left unsaved."""
        if self._pending:
            self._flush_pending()
        return not self._pending and not self.conflicts


class _FieldCommand(QUndoCommand):
    ID = 1

    def __init__(
        self,
        session: PlanSession,
        collection: str,
        item_id: str,
        path: str,
        old: Any,
        new: Any,
        mergeable: bool,
    ) -> None:
        super().__init__(f"{collection}/{path}")
        self.session, self.collection, self.item_id, self.path = session, collection, item_id, path
        self.old, self.new = old, new
        self.mergeable = mergeable
        self.stamp = time.monotonic()

    def id(self) -> int:
        return self.ID

    def redo(self) -> None:
        self.session._apply_field(self.collection, self.item_id, self.path, self.new)

    def undo(self) -> None:
        self.session._apply_field(self.collection, self.item_id, self.path, self.old)

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in one field within a short pause is one undo step."""
        if not isinstance(other, _FieldCommand) or not (self.mergeable and other.mergeable):
            return False
        same = (self.collection, self.item_id, self.path) == (
            other.collection,
            other.item_id,
            other.path,
        )
        if not same or other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True


class _RecoveredCommand(QUndoCommand):
    """The typing put back from the journal on opening: already in the plan and saved, so the
    first redo does nothing; undo returns each field to its value as last saved."""

    def __init__(self, session: PlanSession, edits: list[RecoveredEdit]) -> None:
        super().__init__("recovered typing")
        self.session, self.edits = session, edits
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        for edit in self.edits:
            self.session._apply_field(edit.collection, edit.item_id, edit.path, edit.new)

    def undo(self) -> None:
        for edit in reversed(self.edits):
            self.session._apply_field(edit.collection, edit.item_id, edit.path, edit.old)


class _AddCommand(QUndoCommand):
    """Insert an item (redo) / take it out again (undo)."""

    def __init__(
        self, session: PlanSession, collection: str, item: BaseModel, position: int | None
    ) -> None:
        super().__init__(f"{type(self).__name__} {collection}")
        self.session, self.collection, self.item = session, collection, item
        self.position = position

    def _insert(self) -> None:
        self.session._insert(self.collection, self.item, self.position)

    def _delete(self) -> None:
        self.session._delete(self.collection, self.item.id)  # type: ignore[attr-defined]

    def redo(self) -> None:
        self._insert()

    def undo(self) -> None:
        self._delete()


class _RemoveCommand(_AddCommand):
    """The mirror of adding: take the item out (redo), put it back where it was (undo)."""

    def redo(self) -> None:
        self._delete()

    def undo(self) -> None:
        self._insert()


class _MoveCommand(QUndoCommand):
    """Move an item within its collection (redo) / back to where it was (undo)."""

    def __init__(
        self, session: PlanSession, collection: str, item_id: str, old: int, new: int
    ) -> None:
        super().__init__(f"move {collection}")
        self.session, self.collection, self.item_id = session, collection, item_id
        self.old, self.new = old, new

    def redo(self) -> None:
        self.session._move(self.collection, self.item_id, self.new)

    def undo(self) -> None:
        self.session._move(self.collection, self.item_id, self.old)
