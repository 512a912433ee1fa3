"""PySide6 6.12.0 on Python 3.11 drops a reference to None at each call of a Qt method that
returns nothing, and one to True at each signal emitted: after some 40,000 such calls (minutes
of work in a large plan; each exported page reported its progress) the interpreter aborts with
"deallocating None".  pyproject.toml leaves that release out; this checks the one installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 200


class _Relay(QObject):
    moved = Signal(float)


def test_calls_into_qt_keep_none_and_true_alive(qapp) -> None:
    label = QLabel()
    relay = _Relay()
    relay.moved.connect(lambda _share: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        label.setText("x")
        relay.moved.emit(0.5)
    lost_none = before[0] - sys.getrefcount(None)
    lost_true = before[1] - sys.getrefcount(True)
    assert lost_none < CALLS // 2 and lost_true < CALLS // 2, (lost_none, lost_true)
