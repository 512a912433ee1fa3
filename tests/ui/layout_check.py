"""Finding text that does not fit: labels, buttons, table headers, list items, combo boxes.

Text may be elided only where the full text is one hover away (a tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QWidget,
)


def _short_widgets(window: QWidget) -> list[str]:
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        if widget.width() < widget.minimumSizeHint().width() - 1:
            found.append(f"{type(widget).__name__} '{widget.text()}'")
    return found


def _short_headers(window: QWidget) -> list[str]:
    found = []
    for header in window.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            needed = header.sectionSizeFromContents(section).width()
            if header.sectionSize(section) < needed - 1:
                text = model.headerData(section, Qt.Orientation.Horizontal)
                found.append(f"header '{text}' ({header.sectionSize(section)} < {needed})")
    return found


def _short_list_items(window: QWidget) -> list[str]:
    found = []
    for view in window.findChildren(QListWidget):
        if not view.isVisible() or view.wordWrap():
            continue
        metrics, room = view.fontMetrics(), view.viewport().width() - 8
        for row in range(view.count()):
            item = view.item(row)
            text = item.text()
            if metrics.horizontalAdvance(text) > room and item.toolTip() != text:
                found.append(f"list item '{text}' without its text as tooltip")
    return found


def _short_combos(window: QWidget) -> list[str]:
    found = []
    for combo in window.findChildren(QComboBox):
        if not combo.isVisible() or combo.parent() is None:
            continue
        if isinstance(combo.parent(), QAbstractItemView) or combo.isEditable():
            continue  # an editor inside a table cell; typed text scrolls
        text = combo.currentText()
        room = combo.width() - combo.iconSize().width() - 30
        too_long = text and combo.fontMetrics().horizontalAdvance(text) > room
        if too_long and combo.toolTip() != text:
            found.append(f"combo box '{text}' without its text as tooltip")
    return found


def clipped_text(window: QWidget) -> list[str]:
    """Every visible text in ``window`` that is cut short without a tooltip saying it all."""
    return (
        _short_widgets(window)
        + _short_headers(window)
        + _short_list_items(window)
        + _short_combos(window)
    )
