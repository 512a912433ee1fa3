"""The trash: deleted plans, restored or deleted for good."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.errors import LocalizedError
from ui.context import AppContext
from ui.plan_rows import (
    ID_ROLE,
    fit_plan_columns,
    plan_list_headers,
    plan_operations,
    show_error,
    summary_row,
)
from ui.widgets import tab_leaves


class TrashDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        t = context.texts
        self.setWindowTitle(t("trash.title"))
        self.model = QStandardItemModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tab_leaves(self.view)
        self.view.verticalHeader().hide()  # as in the plan list
        self.view.setAccessibleName(t("trash.title"))
        self.empty = QLabel(t("trash.empty"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(
            t("trash.restore"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.purge_button = buttons.addButton(
            t("trash.purge"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.restore_button.clicked.connect(self.restore)
        self.purge_button.clicked.connect(self.purge)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)
        self.reload()

    def reload(self) -> None:
        t = self.context.texts
        self.model.clear()
        self.model.setHorizontalHeaderLabels(plan_list_headers(t, "col.deleted"))
        plans = self.context.repo.list_plans(trash=True)
        for plan in plans:
            self.model.appendRow(summary_row(self.context, plan, deleted=True))
        # the columns sized after each fill: set once, before the first, the name had 100 px
        # and the deletion time was cut to “2026-12-03 …” beside an empty strip
        fit_plan_columns(self.view)
        self.empty.setVisible(not plans)
        self.restore_button.setEnabled(bool(plans))
        self.purge_button.setEnabled(bool(plans))
        if plans:
            self.view.selectRow(0)

    def _selected(self) -> tuple[str, str] | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.data(ID_ROLE), self.model.item(index.row(), 0).text()

    def restore(self) -> None:
        selected = self._selected()
        if selected:
            try:
                plan_operations().restore_plan(self.context.repo, selected[0])
            except LocalizedError as exc:
                show_error(self, self.context, exc)
            self.reload()

    def purge(self) -> None:
        selected = self._selected()
        if not selected:
            return
        answer = QMessageBox.question(
            self, self.windowTitle(), self.context.texts("trash.purge_confirm", name=selected[1])
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                plan_operations().purge_plan(self.context.repo, selected[0])
            except LocalizedError as exc:
                show_error(self, self.context, exc)
            self.reload()
