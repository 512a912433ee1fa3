"""The check's per-item findings, remembered by what their rule reads.

After an edit the check runs again on the whole plan; an item rule (one project's, one
indicator's) gives the same findings for the same input, so they are looked up instead of
worked out again.  The key holds every input the rule reads: each field of the item it reads
(not the item's identity: an item changed in place is a new key) and its place (its row
number, its chapter, the template's choices), so a remembered finding is never one the full
check would not give now.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Remembered(Generic[T]):
    """Results by key, at most about ``size`` of them: the results the latest checks used are
    kept (two generations: a look-up in the older one moves the entry to the newer).  Threads
    may share it: a race at worst loses an entry, worked out again."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._new: dict[Hashable, T] = {}
        self._old: dict[Hashable, T] = {}

    def get(self, key: Hashable, work: Callable[[], T]) -> T:
        """The result for ``key``, from ``work()`` when not remembered."""
        found = self._new.get(key, _MISSING)
        if found is _MISSING:
            found = self._old.pop(key, _MISSING)
            if found is _MISSING:
                found = work()
            if len(self._new) >= self.size:
                self._old, self._new = self._new, {}
            self._new[key] = found
        return found  # type: ignore[return-value]

    def clear(self) -> None:
        self._new.clear()
        self._old.clear()


_MISSING: Any = object()
