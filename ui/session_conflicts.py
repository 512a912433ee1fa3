"""The open plan's part in team mode's versions: every save says which version of the item it
was based on, and a save refused because someone else changed the item meanwhile becomes a
conflict for the user to decide — never an overwrite, never a dropped edit.

:class:`VersionedSaving` is mixed into :class:`~ui.session.PlanSession`.  It remembers the
version each item was loaded or saved at (:attr:`versions`), keeps refused edits as conflicts
(unsaved, counted as unsaved, not retried: retrying cannot succeed) until the user keeps
theirs, keeps mine or saves a merge, and takes in others' saves an editor learns of
(:meth:`accept_theirs`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from PySide6.QtGui import QUndoCommand

from workflows.conflicts import Conflict, ItemChangedError, same_content

if TYPE_CHECKING:
    from ui.session import PlanSession

META = "meta"
Key = tuple[str, str]


class VersionedSaving:
    """Versions and conflicts of an open plan (PlanSession's; see the module's text)."""

    versions: dict[Key, int]  # empty: not read (no checks; a plan has at least its own)
    conflicts: dict[Key, Conflict]

    def based_on(self: PlanSession, key: Key) -> int | None:
        """The version a save of ``key`` is based on (0: new to storage; None: unknown)."""
        return self.versions.get(key, 0) if self.versions else None

    def _saved(self: PlanSession, key: Key, version: int | None) -> None:
        if version is None:
            self.versions.pop(key, None)
        elif self.versions:
            self.versions[key] = version
        self.conflicts.pop(key, None)

    def _conflicted(self: PlanSession, key: Key, error: ItemChangedError) -> bool:
        """A save refused for an older version: keep the edit and ask (once per item)."""
        self._pending.pop(key, None)
        if same_content(self.item(*key), error.theirs):  # both typed the same: nothing to ask
            self._saved(key, error.version or None)
            return True
        new = key not in self.conflicts
        self.conflicts[key] = Conflict.refused(error, None, self._template_key())
        self.last_error = error
        self.save_state.emit("conflict", "")
        if new:
            self.conflict_found.emit(*key)
        return False

    def conflict(self: PlanSession, key: Key) -> Conflict | None:
        """The conflict over ``key`` with my side as it is now (None: there is none)."""
        found = self.conflicts.get(key)
        if found is None:
            return None
        mine = self.item(*key)
        found.mine = None if mine is None else mine.model_copy(deep=True)
        return found

    def keep_mine(self: PlanSession, key: Key) -> None:
        """Save my side over theirs (at their version): a deliberate overwrite."""
        conflict = self.conflicts.pop(key, None)
        if conflict is not None:
            self._base_on_theirs(conflict)
            self._save(*key)

    def take_theirs(self: PlanSession, key: Key) -> None:
        """Replace my side with theirs (one undo step: undoing it brings mine back)."""
        conflict = self.conflict(key)
        if conflict is not None:
            self.save_merged(key, conflict.theirs)

    def save_merged(self: PlanSession, key: Key, item: BaseModel | None) -> None:
        """Put ``item`` (a merge of both, or theirs) in place of mine and save it at their
        version, as one undo step."""
        conflict = self.conflict(key)
        if conflict is None:
            return
        del self.conflicts[key]
        self._base_on_theirs(conflict)
        self.undo_stack.push(_ReplaceCommand(self, key, conflict.mine, item))

    def accept_theirs(
        self: PlanSession, collection: str, item_id: str, theirs: BaseModel | None, version: int
    ) -> bool:
        """Another client saved ``theirs`` at ``version`` (None: removed the item): show it
        here.  Not while this session holds its own unsaved change of the item (typed, pending
        or in conflict): that stays, and its save meets theirs as a conflict.  True if taken."""
        key = (collection, item_id)
        typing = any(field[:2] == key for field in self._typing)
        whole = ("*", "") in self._pending  # the whole plan waits to be saved: all mine
        if key in self.conflicts or key in self._pending or whole or typing:
            return False
        known = self.based_on(key)
        if theirs is not None and known is not None and known >= version:
            return True  # this session's own save, or older news
        self._replace(key, theirs)
        self._saved(key, version if theirs is not None else None)
        return True

    def _conflicted_items(self: PlanSession) -> dict[Key, tuple[BaseModel | None, int | None]]:
        """My side of each conflict and the version it was based on."""
        found = (self.conflict(key) for key in list(self.conflicts))
        return {c.key: (c.mine, self.based_on(c.key)) for c in found if c is not None}

    def _keep_conflicted(
        self: PlanSession, mine: dict[Key, tuple[BaseModel | None, int | None]]
    ) -> None:
        """After the plan was read afresh: my sides of the conflicts back in it, each against
        what is stored now, and still based on the version they were made on (so a save of
        them is refused until the user decides)."""
        self.conflicts.clear()
        for key, (item, base) in mine.items():
            theirs, version = self.repo.stored_item(self.plan.id, *key)
            self.conflicts[key] = Conflict(*key, item, theirs, version, self._template_key())
            self._replace(key, item)
            if self.versions is not None and base is not None:
                self.versions[key] = base

    def _base_on_theirs(self: PlanSession, conflict: Conflict) -> None:
        if self.versions:
            self.versions[conflict.key] = conflict.version

    def _template_key(self: PlanSession) -> tuple[str, str]:
        return self.plan.meta.template_id, self.plan.meta.pilot_type.value

    def _replace(self: PlanSession, key: Key, new: BaseModel | None) -> None:
        """Make ``key`` hold ``new`` (None: remove it) in the open plan, in place, so every
        page keeps its item."""
        collection, item_id = key
        item = self.item(*key)
        self._typing = {field for field in self._typing if field[:2] != key}
        self._changed()
        if item is not None and new is not None:
            copy = new.model_copy(deep=True)
            for name in type(item).model_fields:
                setattr(item, name, getattr(copy, name))
            self.item_changed.emit(collection, item_id)
            return
        items = getattr(self.plan, collection)
        if new is None:
            setattr(self.plan, collection, [i for i in items if i.id != item_id])
        else:
            items.append(new.model_copy(deep=True))
        self.rows_changed.emit(collection)

    def _write(self: PlanSession, key: Key, item: Any) -> int:
        """Save ``item`` as ``key`` based on the version held; return the new version."""
        if key[0] == META:
            return self.repo.save_meta(self.plan.id, item, based_on=self.based_on(key))
        return self.repo.save_item(self.plan.id, key[0], item, based_on=self.based_on(key))

    def _write_and_note(self: PlanSession, key: Key, item: Any) -> None:
        self._saved(key, self._write(key, item))

    def _delete_stored(self: PlanSession, collection: str, item_id: str) -> None:
        key = (collection, item_id)
        self.repo.delete_item(self.plan.id, collection, item_id, based_on=self.based_on(key))
        self._saved(key, None)


class _ReplaceCommand(QUndoCommand):
    """An item replaced by theirs or by a merge (redo) / my side put back (undo); each saved
    at the version the session holds, so undoing is keeping mine, on purpose."""

    def __init__(
        self, session: PlanSession, key: Key, old: BaseModel | None, new: BaseModel | None
    ) -> None:
        super().__init__(f"resolve {key[0]}")
        self.session, self.key, self.old, self.new = session, key, old, new

    def _put(self, item: Any) -> None:
        self.session._replace(self.key, item)
        self.session._save(*self.key)

    def redo(self) -> None:
        self._put(self.new)

    def undo(self) -> None:
        self._put(self.old)
