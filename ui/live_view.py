"""The live view: others' saves show up in an open editor, and the step list marks them.

On a server a listener (its own connection and thread, workflows/live.py) hears each save
another client commits and wakes the editor through a queued signal; a file is polled once a
second.  Either way the editor then reads, on its own thread, only the items whose stored
version moved on (:class:`~workflows.live.PlanWatch`) and hands each to the session
(``accept_theirs``), which puts it in place so every page shows it and bases its next save of
the item on that version.  The cursor and the selection of the person typing
stay where they are (ui/live_text.py); an item they hold unsaved typing or edits of is not
touched: its step is marked as a conflict, and their save meets the other version in the
conflict dialog.  A step whose items others changed is marked (a dot and a tooltip) until
the user visits it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import shiboken6
from pydantic import BaseModel
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from forms.errors import LocalizedError
from forms.template import ChapterKind
from workflows.live import POLL_MS, Change, Incoming, PlanWatch, listener_for

if TYPE_CHECKING:
    from ui.editor import PlanEditor
    from ui.pages import Page

META = "meta"
LOOK_DELAY_MS = 30  # announcements arriving together are read together
RETRY_MS = 1000  # an item kept back (being typed) is looked at again this often
CHANGED, CONFLICT = "changed", "conflict"
MARK_COLOURS = {CHANGED: "#1a73e8", CONFLICT: "#e8710a"}
PAGE_KIND = {  # the step showing each collection, by its chapter's kind
    "indicators": ChapterKind.INDICATORS,
    "higher_targets": ChapterKind.INDICATORS,
    "task_groups": ChapterKind.TASKS,
    "measures": ChapterKind.TASKS,
    "projects": ChapterKind.PROJECTS,
    "policies": ChapterKind.POLICIES,
    "milestones": ChapterKind.SCHEDULE,
    "base_data": ChapterKind.BASE_DATA,
}
TRAJECTORY_INPUTS = {"fuels", "growth"}


class _Bridge(QObject):
    """Carries the listener's news from its thread to the editor's (queued connections)."""

    change = Signal(object)
    status = Signal(bool, str)


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


def _same(mine: BaseModel | None, theirs: BaseModel | None) -> bool:
    """Both hold the same content (the plan's last-changed time aside)."""
    if mine is None or theirs is None:
        return mine is theirs
    return mine.model_dump(exclude={"updated_at"}) == theirs.model_dump(exclude={"updated_at"})


class LiveView(QObject):
    """Keeps an open editor up to date with others' saves (see the module's text)."""

    def __init__(self, editor: PlanEditor) -> None:
        super().__init__(editor)
        self.editor, self.session, self.texts = editor, editor.session, editor.texts
        self.marks: dict[Page, str] = {}
        self._kept: set[tuple[str, str]] = set()  # items not taken: being typed here
        self.label = QLabel(editor)
        self.label.setObjectName("liveStatus")
        self.label.setStyleSheet("color: #b3261e;")
        self.label.hide()
        editor.statusBar().addPermanentWidget(self.label)
        self._lost_reason = ""
        self._failure: Exception | None = None  # why the last look failed
        self._held = False  # this app writes the plan in a worker (see held())
        self._look_timer = self._timer(LOOK_DELAY_MS, single=True)
        self._retry_timer = self._timer(RETRY_MS, single=True)
        self._poll_timer = self._timer(POLL_MS, single=False)
        self.watch: PlanWatch | None = None
        try:
            self.watch = PlanWatch(self.session.repo, self.session.plan.id)
        except LocalizedError:  # no live view then; editing goes on as before
            return
        self._bridge = _Bridge(self)
        self._bridge.change.connect(self._on_change)
        self._bridge.status.connect(self._on_status)
        self.listener = listener_for(
            self.session.repo.database, self._bridge.change.emit, self._bridge.status.emit
        )
        if self.listener is not None:
            self.listener.start()
        else:
            self._poll_timer.start()
        editor.steps.currentRowChanged.connect(self._visited)
        editor.closed.connect(lambda _plan_id: self.stop())
        self.texts.changed.connect(lambda _lang: self._show_lost())

    def _timer(self, interval_ms: int, *, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self.look)
        return timer

    def stop(self) -> None:
        """Stop listening and polling (the editor closes)."""
        listener = getattr(self, "listener", None)
        if listener is not None:
            listener.stop()
            self.listener = None
        for timer in (self._look_timer, self._retry_timer, self._poll_timer):
            if shiboken6.isValid(timer):
                timer.stop()

    @contextmanager
    def held(self) -> Iterator[None]:
        """No look while this app itself writes the plan in a worker (a workbook import): its
        items would seem others' and be taken one at a time.  One look follows."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
            self._look_timer.start()

    def caught_up(self, states: dict[tuple[str, str], tuple[int, int]]) -> None:
        """The plan this app wrote and read back in a worker, with the ``states`` read just
        before it, is now shown: the look that follows takes none of its items as others'
        (a large workbook import's 500 were each read, compared and taken again)."""
        if self.watch is not None:
            self.watch.caught_up(states)

    # -- hearing --------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.plan_id == self.session.plan.id:
            self._look_timer.start()

    def _on_status(self, connected: bool, reason: str) -> None:
        if connected:
            if self._lost_reason:
                self.editor.statusBar().showMessage(self.texts("live.back"), 8000)
            self._lost_reason = ""
            self._look_timer.start()  # what was said while away was not heard
        else:
            self._lost_reason = reason or "?"
        self._show_lost()

    def _show_lost(self) -> None:
        """The status bar says while others' changes cannot be shown, and why."""
        failure = self._failure
        if self._lost_reason:
            self.label.setText(self.texts("live.lost", reason=self._lost_reason))
        elif failure is not None:
            reason = failure.message(self.texts.lang) if isinstance(failure, LocalizedError) else ""
            self.label.setText(self.texts("live.unreadable", reason=reason or str(failure)))
        self.label.setVisible(bool(self._lost_reason) or failure is not None)

    # -- taking others' changes -----------------------------------------------------------

    def look(self) -> None:
        """Read what others changed since the last look and show it."""
        if self.watch is None or self._held:
            return
        try:
            news = self.watch.look()
        except (LocalizedError, sqlite3.Error) as exc:  # the next look tries again
            self._failure = exc
            self._show_lost()
            return
        if self._failure is not None:
            self._failure = None
            self._show_lost()
        self._kept.clear()
        for incoming in news.items:
            self._take(incoming)
        for collection, ids in news.orders.items():
            self._take_order(collection, ids)
        for key in self._kept:
            self.watch.again(key)
        if self._kept:
            self._retry_timer.start()

    def _take(self, incoming: Incoming) -> None:
        mine = self.session.item(*incoming.key)
        if incoming.collection == META and incoming.item is None:
            return  # the plan itself is gone
        if _same(mine, incoming.item):  # my own save, or both typed the same
            if mine is not None:
                self._accept(incoming)  # the session learns the version it holds
            return
        if (mine is None or incoming.item is None) and self._typing_in(incoming.collection):
            self._kept.add(incoming.key)  # rows added or removed would close the cell typed in
            return
        if self._accept(incoming):
            self._mark(incoming.key, CHANGED)
        else:
            self._kept.add(incoming.key)
            self._mark(incoming.key, CONFLICT)

    def _typing_in(self, collection: str) -> bool:
        """Whether the user is typing into an item of ``collection`` (not yet committed)."""
        return any(field[0] == collection for field in self.session._typing)

    def _accept(self, incoming: Incoming) -> bool:
        """Let the session take the item (False: it holds unsaved changes of it)."""
        return self.session.accept_theirs(*incoming.key, incoming.item, incoming.version)

    def _take_order(self, collection: str, ids: list[str]) -> None:
        items = getattr(self.session.plan, collection)
        if [i.id for i in items] == ids or {i.id for i in items} != set(ids):
            return  # the same order, or items kept back: their order waits for them
        if self._typing_in(collection):
            self._kept.add((collection, ids[0]))  # looked at again, with its order
            return
        by_id = {i.id: i for i in items}
        items[:] = [by_id[i] for i in ids]
        self.session._findings = None
        self.session.rows_changed.emit(collection)

    # -- the step list's marks ------------------------------------------------------------

    def page_for(self, key: tuple[str, str]) -> Page | None:
        """The step showing an item (None: no step shows it, e.g. a review comment)."""
        collection, item_id = key
        editor = self.editor
        if collection == META:
            return editor.pages[0]
        if collection in TRAJECTORY_INPUTS:
            return editor.trajectory_page
        for page in editor.pages:
            chapter = getattr(page, "chapter", None)
            if chapter is None:
                continue
            if collection == "chapters" and chapter.id == item_id:
                return page
            if PAGE_KIND.get(collection) == chapter.kind:
                return page
        return None

    def _mark(self, key: tuple[str, str], kind: str) -> None:
        page = self.page_for(key)
        if page is None or self.marks.get(page) == CONFLICT:
            return
        self.marks[page] = kind
        self.decorate_steps()

    def _visited(self, _row: int) -> None:
        """Leaving a step or arriving at one: its marks have been seen."""
        shown = self.editor.stack.currentWidget()
        if any(page is shown for page in self.marks):
            self.marks = {p: k for p, k in self.marks.items() if p is not shown}
        previous = getattr(self, "_shown", None)
        self.marks = {p: k for p, k in self.marks.items() if p is not previous}
        self._shown = shown
        self.decorate_steps()

    def decorate_steps(self) -> None:
        """A dot and a tooltip on each marked step (after the step list's texts are set)."""
        steps = self.editor.steps
        self.marks = {p: k for p, k in self.marks.items() if p in self.editor.pages}
        for row, page in enumerate(self.editor.pages):
            item = steps.item(row)
            if item is None:
                continue
            kind = self.marks.get(page)
            note = self.texts(f"live.{kind}") if kind else ""
            tip = item.toolTip().split("\n")[0]
            item.setIcon(_dot(MARK_COLOURS[kind]) if kind else QIcon())
            item.setToolTip(f"{tip}\n{note}" if note else tip)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, note)
