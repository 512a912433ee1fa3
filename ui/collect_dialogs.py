"""Sending a department its collection workbook, and taking it back through a preview that
lists every change, new project and error before anything is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.collect import ImportPreview
from ui.texts import Texts
from ui.widgets import tab_leaves

ERROR_TINT = QColor("#fde2e1")
NEW_TINT = QColor("#e3f4e1")
CONFLICT_TINT = QColor("#fff4d6")


_Row = tuple[str, str, str, str, QColor | None]  # cell, what, old, new, tint


def preview_rows(preview: ImportPreview, texts: Texts) -> list[_Row]:
    """Errors first, then changes (tinted where edited since), then new projects (made in the
    worker that read the workbook: a large one has 2,000 of them)."""
    t, lang = texts, texts.lang
    rows: list[_Row] = []
    for problem in preview.errors:
        message = problem.message(lang).split("：" if lang == "zh" else ": ", 1)[-1]
        rows.append(
            (
                str(problem.ref),
                f"{t('collect.error')}：{message}"
                if lang == "zh"
                else f"{t('collect.error')}: {message}",
                "",
                "",
                ERROR_TINT,
            )
        )
    for change in preview.changes:
        what = change.what(lang)
        tint = None
        if change.current is not None:
            what += t("collect.edited_since")
            tint = CONFLICT_TINT
        rows.append((str(change.ref), what, change.old, change.new, tint))
    for ref, project in preview.new_projects:
        rows.append((str(ref), t("collect.new_project"), "", project.name, NEW_TINT))
    return rows


def _summary(preview: ImportPreview, t: Texts) -> str:
    counts = {
        "changes": len(preview.changes),
        "new": len(preview.new_projects),
        "errors": len(preview.errors),
    }
    if preview.errors:
        return t("collect.preview_errors", **counts)
    if preview.empty:
        return t("collect.preview_nothing")
    return t("collect.preview_summary", **counts)


class _PreviewModel(QAbstractTableModel):
    """The preview's rows, read-only; a view asks only for the cells it shows (a workbook
    of 500 projects makes 2,000 of them)."""

    def __init__(self, rows: list[_Row], headers: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.rows, self.headers = rows, headers

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return row[4]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def flags(self, _index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class _ElidedInTheMiddle(QStyledItemDelegate):
    """“Share of non-fossil energy…mption · 2025 target”: what a row changes ends with the
    field, which an ellipsis at the end cut off (two rows of one indicator looked alike)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText  # one line


class ImportPreviewDialog(QDialog):
    """What a returned workbook would change; Import is offered only when it has no errors."""

    def __init__(
        self,
        preview: ImportPreview,
        source: str,
        texts: Texts,
        parent: QWidget | None = None,
        rows: list[_Row] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.preview = preview
        t = texts
        self.setWindowTitle(t("collect.preview_title", file=source))
        self.summary = QLabel(self)
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.summary.setText(_summary(preview, texts))
        self.table = QTableView(self)
        self.table.setObjectName("previewTable")
        headers = [
            t("collect.col_cell"),
            t("collect.col_what"),
            t("collect.col_old"),
            t("collect.col_new"),
        ]
        rows = preview_rows(preview, texts) if rows is None else rows
        self.table.setModel(_PreviewModel(rows, headers, self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tab_leaves(self.table)
        self.table.setItemDelegateForColumn(1, _ElidedInTheMiddle(self.table))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # measured here:
        refs = {row[0] for row in rows} | {headers[0]}  # a view would ask every row's cell
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(0, max(metrics.horizontalAdvance(r) for r in refs) + 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 180)
        self.table.setColumnWidth(3, 220)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            t("collect.apply"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("applyImport")
        self.import_button.setEnabled(not preview.errors and not preview.empty)
        self.import_button.setDefault(self.import_button.isEnabled())
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(t("collect.cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(860, 480)
        (self.import_button if self.import_button.isEnabled() else cancel).setFocus()
