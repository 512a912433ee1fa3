"""Slow operations run off the UI thread: the window keeps painting while they work.

:func:`off_ui_thread` runs work that touches no database (the app's connection belongs to the
UI thread) and cannot be cancelled.  :func:`with_progress` runs an operation that may write,
through a connection of the worker's own (``workflows.store.worker_repository``), with a
progress bar and a Cancel button; a cancelled operation writes nothing.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QMetaObject, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.texts import Texts
from workflows.steps import Steps

R = TypeVar("R")


@contextmanager
def few_full_collections() -> Iterator[None]:
    """While a long job runs off the UI thread, no full garbage collection: one full pass
    over a large plan holds the interpreter, and so the window, for ~250 ms.  Young objects
    are still collected.  The objects that existed before the job are frozen out of later
    collections too (they stay frozen: unfreezing would make the next full pass, on the UI
    thread, scan them all again); they are still freed by reference counting."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], 1_000_000))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


WORKER_SWITCH_S = 0.001  # while a worker runs: how soon the window's thread gets its turn
_switching = {"workers": 0, "before": 0.005}
_switching_lock = threading.Lock()


@contextmanager
def window_turns_soon() -> Iterator[None]:
    """While a long job runs in a worker, the window's thread gets the interpreter back within
    1 ms instead of Python's 5.  It takes it for every event (the screen fitter's filter sees
    them all) and each waited up to 5 ms for the busy worker: a large plan's workbook import
    held the window ~400 ms as its progress window showed, ~60 ms with this."""
    with _switching_lock:
        if not _switching["workers"]:
            _switching["before"] = sys.getswitchinterval()
            sys.setswitchinterval(WORKER_SWITCH_S)
        _switching["workers"] += 1
    try:
        yield
    finally:
        with _switching_lock:
            _switching["workers"] -= 1
            if not _switching["workers"]:
                sys.setswitchinterval(_switching["before"])


PROGRESS_EVERY_S = 0.1  # the bar moves ten times a second at most


def throttled(
    report: Callable[..., None],
    every: float = PROGRESS_EVERY_S,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[..., None]:
    """``report(share, *what)`` passed on at most once per ``every`` seconds, and whenever
    ``what`` changes or the work is done (``share`` ≥ 1).  A worker reporting each of its
    500 pages flooded the window's thread with redraws it had to take the interpreter for,
    one by one, from the busy worker; a tenth of a second is as smooth to the eye."""
    last: list[Any] = [None, None]  # when, and what, was last passed on

    def report_some(share: float, *what: Any) -> None:
        now = clock()
        if last[0] is None or what != last[1] or share >= 1 or now - last[0] >= every:
            last[:] = [now, what]
            report(share, *what)

    return report_some


def off_ui_thread(work: Callable[..., R], *args: Any) -> R:
    """``work(*args)`` in a worker thread; returns its result or raises its error. Until then
    the window repaints, but takes no clicks or keys (nothing else starts meanwhile)."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def run() -> None:
        try:
            outcome["value"] = work(*args)
        except BaseException as exc:  # handed to the caller, on its thread
            outcome["error"] = exc
        finally:
            QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

    worker = threading.Thread(target=run, name="peakplan-operation", daemon=True)
    worker.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


SHOW_AFTER_MS = 400  # a quick operation finishes before any progress window flashes up


class ProgressDialog(QDialog):
    """A label, a progress bar and Cancel.  Closing it (Esc, the window's ×) cancels too: it
    stays until the worker has stopped, so nothing else starts meanwhile."""

    REMEMBERED = False  # where it was is not kept (see ui.geometry)

    def __init__(self, label: str, texts: Texts, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.texts = texts
        self.setWindowTitle(texts("app.title"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.cancel_event = threading.Event()
        self.label = QLabel(label, self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton(texts("progress.cancel"), self)
        self.cancel_button.setObjectName("cancelOperation")
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(420)
        self.finished_work = False

    def advance(self, share: float) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, share)) * 1000))

    def reject(self) -> None:
        """Cancel: the worker stops at its next step; the dialog closes when it has."""
        if self.finished_work:
            super().reject()
            return
        self.cancel_event.set()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.texts("progress.cancelling"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished_work:
            event.ignore()
            self.reject()


class _Relay(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    moved = Signal(float)


def with_progress(
    parent: QWidget | None, texts: Texts, label: str, work: Callable[[Steps], R]
) -> R:
    """``work(steps)`` in a worker thread; returns its result or raises its error (a cancel
    raises the OperationCancelledError ``steps`` raised).  The window repaints throughout;
    after :data:`SHOW_AFTER_MS` a progress dialog with Cancel appears, application-modal, so
    nothing else starts meanwhile."""
    dialog = ProgressDialog(label, texts, parent)
    relay = _Relay()
    relay.moved.connect(dialog.advance)
    steps = Steps(throttled(relay.moved.emit), dialog.cancel_event.is_set)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    done = threading.Event()

    def run() -> None:
        try:
            with few_full_collections(), window_turns_soon():
                outcome["value"] = work(steps)
        except BaseException as exc:  # handed to the caller, on its thread
            outcome["error"] = exc
        finally:
            done.set()
            QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

    worker = threading.Thread(target=run, name="peakplan-operation", daemon=True)
    worker.start()
    QTimer.singleShot(SHOW_AFTER_MS, loop, loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # a short wait, unseen
    if not done.is_set():
        dialog.show()
        loop.exec()  # the dialog takes its clicks; every other window is blocked by it
    worker.join()
    dialog.finished_work = True
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
