"""Slow operations run off the UI thread: the window keeps painting while they work.

Only operations that touch no database run here (the database connection belongs to the UI
thread): reading and verifying a package, previewing a workbook, rendering documents.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QMetaObject, Qt

R = TypeVar("R")


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
