"""The start window: the plans in the database, and what can be done with them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.errors import LocalizedError
from ui.context import AppContext
from ui.homes import Homes
from ui.message_text import as_written
from ui.plan_files import PlanFileActions
from ui.plan_opening import PlanOpening
from ui.plan_rows import (
    ID_ROLE,
    fit_plan_columns,
    plan_list_headers,
    plan_operations,
    show_error,
    summary_row,
)
from ui.shortcuts import SHORTCUTS, ShortcutsDialog, bind
from ui.texts import Texts
from ui.trash_dialog import TrashDialog
from ui.widgets import LanguageMenu, tab_leaves

if TYPE_CHECKING:  # the plan machinery loads after the window is shown, or when first used
    from ui.editor import PlanEditor
    from ui.export_dialog import ExportDialog
    from ui.new_plan import NewPlanWizard

SHORTCUT_NAMES = {entry.name for entry in SHORTCUTS if "start" in entry.bound_in}
# What needs the database: disabled while the window waits for it (see StartWindow.attach).
DATABASE_ACTIONS = (
    "new",
    "open",
    "duplicate",
    "rename",
    "delete",
    "trash",
    "import_json",
    "import_package",
    "install_template",
    "export_json",
    "export_files",
    "demo",
)


class StartWindow(PlanFileActions, PlanOpening, QMainWindow):
    """The list of plans.  Built without a context (``texts`` given instead) it shows at once
    and waits for :meth:`attach`, so the window appears before the database opens."""

    def __init__(self, context: AppContext | None, *, texts: Texts | None = None) -> None:
        super().__init__()
        self.context = context  # type: ignore[assignment]  # set by attach() when None
        self.texts = context.texts if context is not None else texts
        assert self.texts is not None, "a start window needs a context or texts"
        self.setObjectName("startWindow")
        self.editors: dict[str, PlanEditor] = {}
        self._init_opening()
        self.wizard: NewPlanWizard | None = None
        self.model = QStandardItemModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("planList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        tab_leaves(self.view)  # Tab on to the buttons; the arrows move through the plans
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.activated.connect(lambda _index: self.open_selected())
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)

        self._build_actions()
        self._build_menus()
        row = self._build_buttons()

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.texts.changed.connect(self.retranslate)
        self.homes = Homes(self)  # a local file or a team's server: File ▸ Open team server…
        if context is None:
            for key in DATABASE_ACTIONS:
                self.actions_[key].setEnabled(False)
                if key in self.buttons:
                    self.buttons[key].setEnabled(False)
        else:
            self._add_about()
        self.retranslate()
        self.resize(1000, 640)

    def _build_actions(self) -> None:
        """An action per command, bound to its shortcut."""
        self.actions_: dict[str, QAction] = {}
        handlers = {
            "new": self.new_plan,
            "open": self.open_selected,
            "duplicate": self.duplicate_selected,
            "rename": self.rename_selected,
            "delete": self.delete_selected,
            "trash": self.show_trash,
            "import_json": self.import_json,
            "import_package": self.import_package,
            "install_template": self.install_template,
            "export_json": self.export_json,
            "export_files": self.export_files,
            "demo": self.create_demo,
            "quit": self.close,
            "shortcuts": self.show_shortcuts,
        }
        for key, handler in handlers.items():
            action = QAction(self)
            if key in SHORTCUT_NAMES:
                bind(action, key)
            action.triggered.connect(handler)
            self.actions_[key] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for key in (
            "new",
            "open",
            "duplicate",
            "rename",
            "delete",
            None,
            "import_json",
            "import_package",
            "export_json",
            "export_files",
            None,
            "install_template",
            "demo",
            "trash",
            None,
            "quit",
        ):
            if key is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(self.actions_[key])
        self.view_menu = bar.addMenu("")
        self.language_menu = LanguageMenu(self.texts, self)
        self.view_menu.addMenu(self.language_menu)
        self.lang_actions = self.language_menu.lang_actions
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.actions_["shortcuts"])

    def _build_buttons(self) -> QHBoxLayout:
        """The most used commands as buttons above the list."""
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key in ("new", "open", "duplicate", "rename", "delete", "trash", "import_json"):
            button = QPushButton(self)
            button.setObjectName(f"button_{key}")
            button.clicked.connect(self.actions_[key].trigger)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def attach(self, context: AppContext) -> None:
        """Give the window its database (again, on a switch of home): the actions come alive
        and the list fills."""
        first, self.context = self.context is None, context
        for key in DATABASE_ACTIONS:
            self.actions_[key].setEnabled(True)
            if key in self.buttons:
                self.buttons[key].setEnabled(True)
        if first:
            self._add_about()
        self.homes.retranslate()
        self.reload()

    def _add_about(self) -> None:
        from ui.about_dialog import AboutAction

        self.help_menu.addAction(AboutAction(self.context, self))

    # -- the list -------------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        t = self.texts
        if self.context is None:  # the database is being opened
            self.empty.setText(t("start.opening"))
            self.empty.setVisible(True)
            return
        current = select_id or self.selected_id()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(plan_list_headers(t, "col.updated"))
        try:
            plans = self.context.repo.list_plans()
        except LocalizedError as exc:
            show_error(self, self.context, exc)
            plans = []
        for plan in plans:
            self.model.appendRow(summary_row(self.context, plan))
        fit_plan_columns(self.view)
        self.empty.setText(t("start.empty"))
        self.empty.setVisible(not plans)
        row = 0
        for n in range(self.model.rowCount()):
            if self.model.item(n, 0).data(ID_ROLE) == current:
                row = n
        if plans:
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))
        has = bool(plans)
        for key in ("open", "duplicate", "rename", "delete", "export_json", "export_files"):
            self.actions_[key].setEnabled(has)
            if key in self.buttons:
                self.buttons[key].setEnabled(has)

    def selected_id(self) -> str | None:
        index: QModelIndex = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def selected_name(self) -> str:
        index = self.view.currentIndex()
        return self.model.item(index.row(), 0).text() if index.isValid() else ""

    # -- actions --------------------------------------------------------------------------

    def new_plan(self) -> None:
        """Open the new-plan wizard (window-modal, not blocking); the plan opens when done."""
        if self.wizard is not None:
            self.wizard.raise_()
            return
        from ui.new_plan import NewPlanWizard

        self.wizard = NewPlanWizard(self.context, self)
        self.wizard.finished.connect(self._wizard_finished)
        self.wizard.open()

    def _wizard_finished(self, _result: int) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is None:
            return
        wizard.deleteLater()
        if wizard.created is not None:
            self.reload(wizard.created.id)
            self.open_plan_soon(wizard.created.id)

    def open_selected(self) -> None:
        plan_id = self.selected_id()
        if plan_id:
            self.open_plan_soon(plan_id)  # the list keeps turning while the plan is read

    def _editor_closed(self, plan_id: str) -> None:
        self.editors.pop(plan_id, None)
        self.reload(plan_id)
        if not self.editors:
            self.raise_()
            self.activateWindow()

    def duplicate_selected(self) -> None:
        plan_id = self.selected_id()
        if plan_id:
            try:
                copy = plan_operations().duplicate_plan(self.context.repo, plan_id)
            except LocalizedError as exc:
                show_error(self, self.context, exc)
                return
            self.reload(copy.id)

    def rename_selected(self) -> None:
        plan_id = self.selected_id()
        if not plan_id:
            return
        name, ok = QInputDialog.getText(
            self, self.texts("rename.title"), self.texts("rename.label"), text=self.selected_name()
        )
        if not ok or name.strip() == self.selected_name():
            return
        try:
            plan_operations().rename_plan(self.context.repo, plan_id, name)
        except LocalizedError as exc:
            show_error(self, self.context, exc)
        self.reload(plan_id)
        if plan_id in self.opening():  # read before the new name: read again
            self.forget_opening(plan_id)
            self.open_plan_soon(plan_id)

    def delete_selected(self) -> None:
        plan_id = self.selected_id()
        if not plan_id:
            return
        answer = QMessageBox.question(
            self,
            self.texts("app.title"),
            as_written(self.texts("delete.confirm", name=self.selected_name())),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.forget_opening(plan_id)
        editor = self.editors.get(plan_id)
        if editor is not None:
            editor.close()
        try:
            plan_operations().delete_plan(self.context.repo, plan_id)
        except LocalizedError as exc:
            show_error(self, self.context, exc)
        self.reload()

    def show_trash(self) -> None:
        TrashDialog(self.context, self).exec()
        self.reload()

    def install_template(self, folder: str | None = None) -> None:
        """Check a province's template folder and install it for new and imported plans."""
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, self.texts("template.install_title"))
        if not folder:
            return
        from forms.template import install_template

        try:
            template, _replaced = install_template(Path(folder))
        except LocalizedError as exc:
            show_error(self, self.context, exc)
            return
        self.statusBar().showMessage(
            self.texts("template.installed", id=template.id, version=template.version), 8000
        )

    def export_files(self) -> ExportDialog | None:
        """The Export dialog for the selected plan (PDF, workbook, Word, package)."""
        plan_id = self.selected_id()
        if not plan_id:
            return None
        from workflows.store import template_for

        try:
            plan = self.context.repo.load_current(plan_id)
            template = template_for(plan)
        except LocalizedError as exc:
            show_error(self, self.context, exc)
            return None
        from ui.export_dialog import ExportDialog

        dialog = ExportDialog(plan, template, self.context.repo, self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """The list of every shortcut (non-blocking)."""
        dialog = ShortcutsDialog(self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def create_demo(self) -> None:
        try:
            results = plan_operations().add_demo_plans(self.context.repo)
        except LocalizedError as exc:
            show_error(self, self.context, exc)
            return
        self.reload()
        created = [plan.meta.name for plan, new in results if new]
        message = (
            self.texts("demo.done", names="、".join(created))
            if created
            else self.texts("demo.exists")
        )
        self.statusBar().showMessage(message, 8000)

    # -- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("app.title"))
        self.heading.setText(t("start.heading"))
        for key, action in self.actions_.items():
            action.setText(t(f"action.{key}"))
        for key, button in self.buttons.items():
            button.setText(t(f"action.{key}").replace("…", ""))
        self.file_menu.setTitle(t("menu.file"))
        self.view_menu.setTitle(t("menu.view"))
        self.help_menu.setTitle(t("menu.help"))
        self.view.setAccessibleName(t("start.heading"))
        self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in list(self.editors.values()):
            if not editor.close():  # it has unsaved edits and the user kept it open
                event.ignore()
                return
        self.forget_opening()  # a plan being read opens no editor after the window
        super().closeEvent(event)
