"""The editor's "Last changed by 张三 at …" for the open step (the plan information, or a
chapter with the rows it holds).  It is read from the database when a step is shown (one small
query, plus the display names); a save of the step's items made here then says who and when
itself (the session's ``stamped`` signal: this user, the save's time), so saving costs no
extra round trip to the server.  A removal, which leaves no stamp, reads the step again."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from forms.attribution import Stamp, named, step_scope
from forms.errors import LocalizedError
from ui.texts import Texts
from workflows.people import display_names, last_change_of


class LastChange(QObject):
    """Keeps ``label`` saying who changed the step ``chapter_of()`` names last."""

    def __init__(self, session: object, texts: Texts, label: QLabel, chapter_of: object) -> None:
        super().__init__(label)
        self.session, self.texts, self.label = session, texts, label
        self._chapter_of = chapter_of  # () -> (shows a stamped step, its chapter id or None)
        self.stamp: Stamp | None = None
        self._names: dict[str, str] = {}
        session.stamped.connect(self._saved)  # type: ignore[attr-defined]

    def read(self) -> None:
        """Read the open step's last change from the database (the step was just shown)."""
        stamped, chapter_id = self._chapter_of()  # type: ignore[operator]
        self.stamp = None
        if stamped:
            repo, plan = self.session.repo, self.session.plan  # type: ignore[attr-defined]
            with contextlib.suppress(LocalizedError):  # the database is away: say nothing
                self._names = display_names(repo)
                self.stamp = last_change_of(repo, plan, chapter_id)
        self.show()

    def show(self) -> None:
        """Say it, in the interface language."""
        stamp = self.stamp
        text = self.texts("editor.last_change", who=stamp.who, when=stamp.when) if stamp else ""
        self.label.setText(text)

    def _saved(self, collection: str, item_id: str, stamp: Stamp | None) -> None:
        """An item was saved here (``stamp``: who and when) or removed (None)."""
        stamped, chapter_id = self._chapter_of()  # type: ignore[operator]
        if not stamped:
            return
        items, collections = step_scope(self.session.plan, chapter_id)  # type: ignore[attr-defined]
        if (collection, item_id) not in items and collection not in collections:
            return
        if stamp is None:
            self.read()
        elif self.stamp is None or stamp.at >= self.stamp.at:
            self.stamp = named(stamp, self._names)
            self.show()
