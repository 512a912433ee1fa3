"""The start window opening a plan: the plan is read, checked and its editor's modules loaded
in a worker, so the window keeps turning (a large plan's read held it ~300 ms); the editor is
built and shown on the window's thread when the worker is done.  Asking again meanwhile
(a double click, Enter) opens one editor; deleting the plan, switching databases or closing
the window meanwhile drops what the worker read."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

from forms.errors import LocalizedError
from ui.background import few_full_collections, window_turns_soon
from ui.plan_rows import ID_ROLE, show_error

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.editor import PlanEditor
    from workflows.opening import PlanToEdit


@dataclass(eq=False)
class _Reading:
    """One plan being read by a worker, for the window's ``context`` as it was then."""

    plan_id: str
    context: AppContext
    waiting: list[Callable[[], None]] = field(default_factory=list)  # told when it ends


class _Relay(QObject):
    """Carries a worker's result to the window's thread (a queued signal)."""

    read = Signal(object, object, object)  # _Reading, PlanToEdit | None, exception | None


def _read_in_worker(relay: _Relay, reading: _Reading) -> None:
    read: PlanToEdit | None = None
    error: BaseException | None = None
    try:
        with few_full_collections(), window_turns_soon():
            import ui.editor  # noqa: F401  # its ~100 modules load here, not on the window's thread
            from workflows.opening import read_plan_to_edit
            from workflows.store import worker_repository

            with worker_repository(reading.context.repo) as repo:
                read = read_plan_to_edit(repo, reading.plan_id)
    except BaseException as exc:  # handed to the window's thread
        error = exc
    with contextlib.suppress(RuntimeError):  # the window is gone: nobody waits for it
        relay.read.emit(reading, read, error)


class PlanOpening:
    """Open plans in editors: mixed into StartWindow, whose context, texts, editors, status
    bar and list it uses."""

    context: AppContext
    editors: dict[str, PlanEditor]

    def _init_opening(self) -> None:
        self._reading: dict[str, _Reading] = {}
        self._busy_message = ""
        self._relay = _Relay(self)  # type: ignore[arg-type]
        self._relay.read.connect(self._plan_read, Qt.ConnectionType.QueuedConnection)

    def opening(self) -> list[str]:
        """The ids of the plans being read for an editor now."""
        return list(self._reading)

    def open_plan_soon(self, plan_id: str) -> None:
        """Open ``plan_id`` in its editor without waiting for it: an editor already open comes
        to the front; a plan already being read is not read twice."""
        editor = self.editors.get(plan_id)
        if editor is not None:
            editor.raise_()
            editor.activateWindow()
            return
        if plan_id in self._reading:
            return
        reading = _Reading(plan_id, self.context)
        self._reading[plan_id] = reading
        threading.Thread(
            target=_read_in_worker,
            args=(self._relay, reading),
            name="peakplan-open-plan",
            daemon=True,
        ).start()
        self._show_busy()

    def open_plan(self, plan_id: str) -> PlanEditor | None:
        """Open ``plan_id`` in its editor and return it, shown (None: it could not be read,
        and the user was told why).  Meanwhile the window repaints but takes no input."""
        self.open_plan_soon(plan_id)
        reading = self._reading.get(plan_id)
        if reading is not None:
            loop = QEventLoop()
            reading.waiting.append(loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return self.editors.get(plan_id)

    def forget_opening(self, plan_id: str | None = None) -> None:
        """Drop what the workers read for ``plan_id`` (None: every plan): no editor opens."""
        for key in [plan_id] if plan_id is not None else list(self._reading):
            reading = self._reading.pop(key, None)
            if reading is not None:
                self._finish(reading)
        self._show_busy()

    def _plan_read(self, reading: _Reading, read: PlanToEdit | None, error: Any) -> None:
        if self._reading.get(reading.plan_id) is not reading:
            return  # forgotten meanwhile: deleted, renamed, another database, the window closed
        editor = None
        try:
            if reading.context is self.context and self.context is not None:
                if isinstance(error, LocalizedError):
                    show_error(self, self.context, error)  # type: ignore[arg-type]
                elif error is not None:
                    raise error
                elif read is not None:
                    editor = self._build_editor(reading.plan_id, read)
        finally:
            if editor is None:
                self._done(reading)
        if editor is not None:  # shown on the next turn: the window's thread breathes between
            QTimer.singleShot(0, self._relay, lambda: self._show_editor(reading, editor))

    def _build_editor(self, plan_id: str, read: PlanToEdit) -> PlanEditor | None:
        from ui.editor import PlanEditor
        from ui.session import PlanSession

        try:
            session = PlanSession.open(self.context.repo, plan_id, read)
        except LocalizedError as exc:
            show_error(self, self.context, exc)  # type: ignore[arg-type]
            return None
        editor = PlanEditor(self.context, session)
        session.setParent(editor)
        return editor

    def _show_editor(self, reading: _Reading, editor: PlanEditor) -> None:
        if self._reading.get(reading.plan_id) is not reading:  # forgotten since it was built
            editor.deleteLater()
            return
        editor.closed.connect(self._editor_closed)  # type: ignore[attr-defined]
        editor.plan_restored.connect(self.reload)  # type: ignore[attr-defined]
        self.editors[reading.plan_id] = editor
        editor.show()
        editor.activateWindow()
        self._done(reading)

    def _done(self, reading: _Reading) -> None:
        """``reading`` ended (its editor shown, or not to be): those waiting are told."""
        if self._reading.get(reading.plan_id) is reading:
            del self._reading[reading.plan_id]
        self._finish(reading)
        self._show_busy()

    @staticmethod
    def _finish(reading: _Reading) -> None:
        waiting, reading.waiting = reading.waiting, []
        for tell in waiting:
            tell()

    def _show_busy(self) -> None:
        """A busy pointer and "Opening the plan …" while a plan is being read."""
        window: Any = self
        bar = window.statusBar()
        if not self._reading:
            window.unsetCursor()
            if bar.currentMessage() and bar.currentMessage() == self._busy_message:
                bar.clearMessage()  # said nothing else since
            self._busy_message = ""
            return
        window.setCursor(Qt.CursorShape.BusyCursor)
        plan_id = next(reversed(self._reading))
        model = window.model
        name = next(
            (
                model.item(row, 0).text()
                for row in range(model.rowCount())
                if model.item(row, 0).data(ID_ROLE) == plan_id
            ),
            "",
        )
        self._busy_message = window.texts("start.opening_plan", name=name)
        bar.showMessage(self._busy_message)
