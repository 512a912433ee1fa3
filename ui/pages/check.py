"""The check step: the plan's findings; activating one jumps to its field."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from forms.checks import Finding, Location, Severity, count_by_severity
from ui.pages.base import Page
from ui.session import PlanSession
from ui.texts import Texts

MESSAGE = 1  # the column of the findings' messages


class _WrappedRows(QStyledItemDelegate):
    """Each finding as tall as its message wrapped in its column: a tree view measures rows
    without the column's width (so a wrapped text was cut to one line, "…"), this gives it."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        tree.header().sectionResized.connect(lambda *_: tree.doItemsLayout())

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.column() != MESSAGE:  # the severity is as wide as its word
            return super().sizeHint(option, index)
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, self.tree.columnWidth(MESSAGE), 1)  # a valid rect: it wraps
        return super().sizeHint(sized, index)


class CheckPage(Page):
    """The plan's findings; activating one jumps to its field."""

    jump = Signal(object)  # Location
    title_key, guidance_key = "step.check", "guidance.check"

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(session, texts, parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.hint = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(_WrappedRows(self.tree))
        self.tree.itemActivated.connect(self._activated)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.hint.setText(self.texts("check.hint"))
        self.tree.setHeaderLabels([self.texts("col.status"), self.texts("step.check")])
        self.tree.setAccessibleName(self.texts("step.check"))
        self.refresh()

    def refresh(self) -> None:
        findings = self.session.findings()
        counts = count_by_severity(findings)
        overall, _ = self.session.completeness()
        self.summary.setText(
            self.texts(
                "check.summary",
                percent=f"{overall:.0%}",
                errors=counts[Severity.ERROR],
                warnings=counts[Severity.WARNING],
                infos=counts[Severity.INFO],
            )
        )
        self.tree.clear()
        colours = {Severity.ERROR: "#b3261e", Severity.WARNING: "#8a5a00", Severity.INFO: "#555555"}
        for finding in findings:
            item = QTreeWidgetItem(
                [self.texts(f"severity.{finding.severity.value}"), finding.message(self.texts.lang)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, finding)
            item.setToolTip(1, finding.message(self.texts.lang))
            item.setForeground(0, QColor(colours[finding.severity]))
            self.tree.addTopLevelItem(item)
        if not findings:
            self.tree.addTopLevelItem(QTreeWidgetItem(["", self.texts("check.none")]))
        self.tree.resizeColumnToContents(0)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.jump.emit(finding.location)

    def focus_location(self, location: Location) -> None:
        self.tree.setFocus()
