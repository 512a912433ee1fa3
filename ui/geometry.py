"""Every window fits the screen it opens on and remembers where the user left it.

One application-wide event filter does it for all top-level windows and dialogs: on show, a
remembered geometry is restored and then anything larger than the available screen area is
shrunk and moved inside it (a remembered geometry from a bigger monitor is corrected too); on
hide, the geometry is stored under the window's class name.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

SETTINGS_GROUP = "geometry"
RESTORED = "peakplanGeometryRestored"


def fitted(frame: QRect, available: QRect) -> QRect:
    """``frame`` shrunk to at most ``available`` and moved inside it."""
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() - width + 1)
    top = min(max(frame.top(), available.top()), available.bottom() - height + 1)
    return QRect(left, top, width, height)


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget) -> None:
    """Shrink and move a top-level widget so its frame lies inside the available screen."""
    available = available_area(widget)
    frame = widget.frameGeometry()
    extra_w = frame.width() - widget.width()
    extra_h = frame.height() - widget.height()
    target = fitted(frame, available)
    if target == frame:
        return
    widget.setMinimumSize(
        min(widget.minimumWidth(), target.width() - extra_w),
        min(widget.minimumHeight(), target.height() - extra_h),
    )
    widget.resize(target.width() - extra_w, target.height() - extra_h)
    widget.move(target.topLeft())


def _ours(widget: QWidget) -> bool:
    """PeakPlan's own windows are remembered; Qt's message boxes and file dialogs are not,
    nor a window that says so (``REMEMBERED = False``: a progress window, shown and hidden
    at each operation, whose settings file written on the window's thread made it wait)."""
    return type(widget).__module__.startswith("ui.") and getattr(widget, "REMEMBERED", True)


class ScreenFitter(QObject):
    """Restores, fits and remembers the geometry of every top-level window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and watched.isWindow():
            kind = event.type()
            if kind == QEvent.Type.Show:
                self._on_show(watched)
            elif kind == QEvent.Type.Hide:
                self._remember(watched)
        return False

    def _key(self, widget: QWidget) -> str:
        return f"{SETTINGS_GROUP}/{type(widget).__name__}"

    def _on_show(self, widget: QWidget) -> None:
        if not widget.property(RESTORED):
            widget.setProperty(RESTORED, True)
            stored = QSettings().value(self._key(widget)) if _ours(widget) else None
            if stored is not None:
                widget.restoreGeometry(stored)
        fit_to_screen(widget)
        # Window managers may place the window after the show event: check once more.
        QTimer.singleShot(0, widget, lambda: fit_to_screen(widget))

    def _remember(self, widget: QWidget) -> None:
        if _ours(widget):
            QSettings().setValue(self._key(widget), widget.saveGeometry())


def install_screen_fitter(app: QApplication) -> ScreenFitter:
    fitter = ScreenFitter(parent=app)
    app.installEventFilter(fitter)
    return fitter
