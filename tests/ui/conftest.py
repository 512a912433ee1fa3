"""Fixtures for driving the app through its widgets: a start window on a temporary database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import create_start_window, make_application
from ui.start_window import StartWindow


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt builds its QApplication through our set-up (fonts, style sheet)."""
    make_application(["peakplan-tests"])
    return QApplication


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    """Each test remembers its interface language in its own settings folder."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots: under its tmp_path, never in the project (pytest
    keeps the last runs' folders: /tmp/pytest-of-$USER/pytest-current/<test>/screenshots)."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder


@pytest.fixture
def start_app(qtbot, db_path: Path) -> Iterator[Callable[..., StartWindow]]:
    """Start PeakPlan on ``db_path`` (again and again: each call is a fresh start)."""
    windows: list[StartWindow] = []

    def start(lang: str | None = "zh", size: tuple[int, int] = (1024, 768)) -> StartWindow:
        window = create_start_window(db_path, lang)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        windows.append(window)
        return window

    yield start
    for window in windows:
        quit_app(window)


def quit_app(window: StartWindow) -> None:
    """What quitting does: close every window, then release the database."""
    window.close()
    window.context.database.close()


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` as key presses, each to the widget that has the focus, as a keyboard does.

    QTest.keyClicks only knows ASCII; Chinese arrives as key events carrying the text, the way
    an input method commits a phrase.
    """
    for char in text:
        target = QApplication.focusWidget() or widget
        assert target is not None, "no widget has the keyboard focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
    QTest.qWait(1)  # run the event loop as a user's pause would (deferred deletes included)


def wait_for(condition: Callable[[], object], timeout_ms: int = 5000) -> None:
    """Run the event loop until ``condition()`` holds (for helpers without a qtbot)."""
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        assert timer.elapsed() < timeout_ms, "the condition did not come true in time"
        QTest.qWait(5)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press one key on the focused widget (shortcuts of the active window included)."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    QTest.keyClick(target, key, modifier)
    QTest.qWait(1)


@pytest.fixture
def server_app(qtbot, postgres_url: str) -> Iterator[StartWindow]:
    """The app started as ``peakplan --db postgresql://…``."""
    window = create_start_window(postgres_url, "zh")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    quit_app(window)
