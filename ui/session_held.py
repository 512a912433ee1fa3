"""What a plan session does for a team's server that goes away: each item's version as last
read or saved here (what a removal held meanwhile is based on), and the edits and row changes
held in the local file (storage/local_journal.py) until the server takes them."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from forms.errors import LocalizedError
from workflows.held import save_held_rows


class HeldSaving:
    """A mixin of :class:`ui.session.PlanSession` (its ``repo``, ``plan``, ``held``,
    ``versions``, ``recovery``, ``server_away``, ``_held_typing`` and ``_typing``)."""

    repo: Any
    plan: Any
    held: Any
    recovery: Any
    versions: dict[tuple[str, str], int]
    rows_refused: list[Any]
    server_away: bool
    _held_typing: set[tuple[str, str, str]]
    _typing: set[tuple[str, str, str]]

    def _save_held_rows(self) -> None:
        """Save the rows added, deleted or moved that opening put back (version-checked)."""
        assert self.held is not None
        self.rows_refused = save_held_rows(self.repo, self.plan, self.recovery.rows, self.held)

    def _reread_versions(self) -> None:
        if self.held is not None:  # a server's: what a removal held while it is away is based on
            with contextlib.suppress(LocalizedError):
                self.versions = self.repo.versions(self.plan.id)

    def _versioned(self, key: tuple[str, str], save: Any) -> None:
        """Run a save that returns the item's new version, and keep that version."""
        version = save()
        if isinstance(version, int):
            self.versions[key] = version

    def _hold_rows(self, change: str, *args: Any) -> None:
        """Keep a row added, deleted or moved that the server did not take in the local file
        (``change``: a method of :class:`HeldEdits`), put back on the next open."""
        if self.held is not None and self.server_away:
            with contextlib.suppress(LocalizedError, sqlite3.Error):  # it stays in memory
                getattr(self.held, change)(self.plan.id, *args)

    def _hold(self, field: tuple[str, str, str], value: Any) -> None:
        """Keep a field's value the server did not take in the local file."""
        if self.held is not None:
            with contextlib.suppress(LocalizedError, sqlite3.Error):  # it stays in memory
                self.held.record(self.plan.id, *field, value)

    def _release(self, field: tuple[str, str, str]) -> None:
        if self.held is not None:
            with contextlib.suppress(LocalizedError, sqlite3.Error):
                self.held.discard(self.plan.id, *field)

    def _settle(self, key: tuple[str, str]) -> None:
        """The server took the item (or the whole plan): what was held for it can go."""
        if self.held is not None:
            with contextlib.suppress(LocalizedError, sqlite3.Error):
                self.held.settle(self.plan.id, *key, keep=self._held_typing & self._typing)
