"""Slow operations run off the UI thread: the window keeps painting while they work.

Only operations that touch no database run here (the database connection belongs to the UI
thread): reading and verifying a package, previewing a workbook, rendering documents.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QMetaObject, Qt

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
