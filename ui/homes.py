"""Where the start window's plans are kept — a local file or a team's server — and moving
between the two: File ▸ Open team server… and File ▸ Back to my local file.  The window's
title and status bar say which home is open.  The server's address is remembered in the
settings, never its password."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction

from forms.errors import LocalizedError
from ui.widgets import ElidedLabel
from workflows.location import ServerAddress, default_database_path

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.server_dialog import ServerDialog
    from ui.start_window import StartWindow

SETTINGS_KEY = "team/server"  # the last server's address (no password)


def home_text(context: AppContext, *, title: bool = False) -> str:
    """Which home the plans are in, in words (for a title: "" for a file, the usual home)."""
    from workflows.held import is_server

    t, where = context.texts, str(context.database.path)
    if is_server(context.database):
        home = t("home.title_server" if title else "home.server", where=where)
        return home + _role_text(context)
    return "" if title else t("home.file", path=where)


def _role_text(context: AppContext) -> str:
    """The user's role on the server, which it enforces ("" where no roles are set up)."""
    from workflows.team import user_role

    role, department = user_role(context.database)
    if role is None:
        return ""
    name = role.label(context.texts.lang) + (f" · {department}" if department else "")
    return context.texts("home.role", role=name)


def remembered_server() -> ServerAddress | None:
    return ServerAddress.from_remembered(QSettings("PeakPlan", "PeakPlan").value(SETTINGS_KEY))


def remember_server(address: ServerAddress) -> None:
    settings = QSettings("PeakPlan", "PeakPlan")
    settings.setValue(SETTINGS_KEY, address.remembered())
    settings.sync()


class Homes(QObject):
    """The start window's two homes: its actions, the home shown, and switching."""

    def __init__(self, window: StartWindow) -> None:
        super().__init__(window)
        self.window = window
        self.local: Path = default_database_path()  # the file "back to my local file" opens
        self.dialog: ServerDialog | None = None
        self.actions: dict[str, QAction] = {}
        first = window.file_menu.actions()[0] if window.file_menu.actions() else None
        for key, handler in (("open_server", self.ask_server), ("use_local", self.use_local)):
            action = QAction(window)
            action.setObjectName(f"action_{key}")
            action.triggered.connect(handler)
            window.file_menu.insertAction(first, action)  # type: ignore[arg-type]
            self.actions[key] = action
        window.file_menu.insertSeparator(first)  # type: ignore[arg-type]
        self.label = ElidedLabel(window)
        self.label.setObjectName("homeLabel")
        # a long path never widens the window (small screens): cut, whole in the tooltip
        self.label.setMinimumWidth(40)
        self.label.setMaximumWidth(640)
        window.statusBar().addPermanentWidget(self.label)
        window.texts.changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        window, t = self.window, self.window.texts
        for key, action in self.actions.items():
            action.setText(t(f"action.{key}"))
        context = window.context
        self.label.setText(home_text(context) if context is not None else "")
        suffix = home_text(context, title=True) if context is not None else ""
        window.setWindowTitle(f"{t('app.title')} — {suffix}" if suffix else t("app.title"))
        self.actions["use_local"].setEnabled(
            context is None or str(context.database.path) != str(self.local)
        )

    # -- a team's server --------------------------------------------------------------------

    def ask_server(self, message: str = "", password: str = "") -> ServerDialog:
        """The Open team server dialog (window-modal, not blocking), the last address in it."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        from ui.server_dialog import ServerDialog

        dialog = ServerDialog(self.window.texts, self.window, remembered_server(), password)
        if message:
            dialog.say(message)
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if dialog.opened is not None and dialog.address is not None:
            remember_server(dialog.address)
            self.switch(*dialog.opened)

    def start_on_server(self, address: ServerAddress, password: str) -> None:
        """Open the server the app was started on (``--db``, $PEAKPLAN_DB), off the UI
        thread; a password refused or missing opens the dialog, another failure is said in
        the window, which stays open to connect again or go back to the local file."""
        from ui.background import off_ui_thread
        from workflows.held import open_server, password_problem

        remember_server(address)
        try:
            opened = off_ui_thread(open_server, address, password)
        except LocalizedError as exc:
            if password_problem(exc) is not None:
                dialog = self.ask_server(password=password)
                dialog._failed(address, exc)
            else:
                self.say_not_opened(exc)
            return
        self.switch(*opened)

    def say_not_opened(self, error: LocalizedError) -> None:
        window = self.window
        window.empty.setText(
            window.texts("server.not_opened", message=error.message(window.texts.lang))
        )
        window.empty.setStyleSheet("color: #b3261e;")
        window.empty.setVisible(True)

    # -- back to the local file ---------------------------------------------------------------

    def use_local(self) -> None:
        from ui.app import open_context

        try:
            context = open_context(self.local, self.window.texts)
        except LocalizedError as exc:
            self.say_not_opened(exc)
            return
        self.switch(context.database, context.repo)

    # -- switching ------------------------------------------------------------------------------

    def switch(self, database: object, repo: object) -> bool:
        """Close the open plans and the old home, and show the new one's plans (False, and the
        new home closed again, when a plan with unsaved edits is kept open)."""
        from ui.context import AppContext

        window = self.window
        for editor in list(window.editors.values()):
            if not editor.close():
                database.close()  # type: ignore[attr-defined]
                return False
        old = window.context
        context = AppContext(database, repo, window.texts)  # type: ignore[arg-type]
        window.destroyed.connect(lambda *_: context.database.close())
        window.empty.setStyleSheet("")
        window.attach(context)
        if old is not None:
            old.database.close()
        self.retranslate()
        return True
