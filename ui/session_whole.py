"""Saving the whole open plan again (row changes opening could not save while a team's server
was away) without writing over anyone: the save is based on the versions the session holds;
refused, each item someone else changed meanwhile keeps theirs in storage and becomes a
conflict for the user (mine kept here, unsaved), and the rest of mine is saved around it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from workflows.conflicts import Conflict, ItemChangedError, same_content
from workflows.errors import PlanBusyError

if TYPE_CHECKING:
    from ui.session import PlanSession

META = "meta"
Key = tuple[str, str]
ATTEMPTS = 3  # saves around others' changes landing just then, before waiting for the retry


class WholePlanSaving:
    """A mixin of :class:`ui.session.PlanSession` (see the module's text)."""

    def _save_whole_plan(self: PlanSession) -> None:
        """Save the whole plan based on :attr:`versions`; what others changed meanwhile is
        left theirs in storage and asked about."""
        for attempt in range(ATTEMPTS):
            try:
                if attempt == 0:
                    self.repo.save_plan(self.plan, based_on=self.versions or None)
                    self.versions = self.repo.versions(self.plan.id)
                else:
                    self._save_around_theirs()
                return
            except ItemChangedError:
                if attempt == ATTEMPTS - 1:  # kept pending and retried, never dropped
                    raise PlanBusyError() from None

    def _save_around_theirs(self: PlanSession) -> None:
        stored = self.repo.versions(self.plan.id)
        known = self.versions
        moved = [k for k in sorted(set(stored) | set(known)) if stored.get(k, 0) != known.get(k, 0)]
        merged = self.plan.model_copy(deep=True)
        found: list[Conflict] = []
        for key in moved:
            theirs, version = self.repo.stored_item(self.plan.id, *key)
            mine = self.item(*key)
            if not same_content(mine, theirs):
                mine = None if mine is None else mine.model_copy(deep=True)
                found.append(Conflict(*key, mine, theirs, version, self._template_key()))
            _put(merged, key, theirs)
        self.repo.save_plan(merged, based_on=stored)
        based = {c.key: self.versions.get(c.key, 0) for c in found}
        self.versions = self.repo.versions(self.plan.id)
        for conflict in found:  # mine stays here, its save refused until the user decides
            self.versions[conflict.key] = based[conflict.key]
            self.conflicts[conflict.key] = conflict
        for conflict in found:
            self.conflict_found.emit(*conflict.key)


def _put(plan: Any, key: Key, item: BaseModel | None) -> None:
    """Make ``plan`` hold ``item`` as ``key`` (None: not at all)."""
    collection, item_id = key
    if collection == META:
        if item is not None:
            plan.meta = item.model_copy(deep=True)
        return
    items = getattr(plan, collection)
    index = next((n for n, i in enumerate(items) if i.id == item_id), None)
    if item is None:
        if index is not None:
            del items[index]
    elif index is None:
        items.append(item.model_copy(deep=True))
    else:
        items[index] = item.model_copy(deep=True)
