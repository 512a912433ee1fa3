"""Help ▸ About: what this installed program is — its version, the guideline template's
version, where the plans are kept now (a file's folder, with a button that opens it, or the
team server's address) and the licence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.appinfo import APP_LICENSE, APP_NAME, APP_VERSION
from forms.template import available_templates
from ui.context import AppContext
from ui.texts import Texts

# The words of this dialog, Chinese then English (kept here so the dialog is one module).
ABOUT_STRINGS: dict[str, tuple[str, str]] = {
    "action": ("关于 PeakPlan(&A)…", "&About PeakPlan…"),
    "title": ("关于 PeakPlan", "About PeakPlan"),
    "product": ("碳达峰试点实施方案编制工具", "Carbon Peaking Pilot Implementation Plan editor"),
    "version": ("版本", "Version"),
    "templates": ("编制指南模板", "Guideline templates"),
    "template_version": ("{id}（版本 {version}）", "{id} (version {version})"),
    "data_folder": ("数据文件夹", "Data folder"),
    "open_folder": ("打开数据文件夹", "Open the data folder"),
    "server": ("团队服务器", "Team server"),
    "licence": ("许可", "Licence"),
    "licence_text": (
        "PeakPlan：{licence}。界面使用 Qt for Python（PySide6），依 GNU LGPL v3 许可。",
        "PeakPlan: {licence}. The interface uses Qt for Python (PySide6) under the GNU LGPL v3.",
    ),
    "licence.Proprietary": ("专有软件，保留所有权利", "proprietary, all rights reserved"),
}


def about_text(texts: Texts, key: str, **params: object) -> str:
    return texts.pick(*ABOUT_STRINGS[key]).format(**params)


def licence_text(texts: Texts) -> str:
    key = f"licence.{APP_LICENSE}"
    licence = about_text(texts, key) if key in ABOUT_STRINGS else APP_LICENSE
    return about_text(texts, "licence_text", licence=licence)


class AboutDialog(QDialog):
    """The About box; ``home`` is where the plans open now: the folder of the database file
    (a Path), or a team server's location as shown (a str, never its password)."""

    def __init__(self, texts: Texts, home: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        on_server = isinstance(home, str)
        self.texts, self.data_folder = texts, None if on_server else Path(home)
        say = lambda key, **params: about_text(texts, key, **params)  # noqa: E731
        self.setWindowTitle(say("title"))
        heading = QLabel(f"<b>{APP_NAME}</b> — {say('product')}", self)
        self.version_label = QLabel(APP_VERSION, self)
        self.templates_label = QLabel(
            "\n".join(
                say("template_version", id=template_id, version=version)
                for template_id, version in available_templates()
            ),
            self,
        )
        self.folder_label = QLabel(str(home), self)
        self.open_button = QPushButton(say("open_folder"), self)
        self.open_button.clicked.connect(self.open_data_folder)
        self.open_button.setVisible(not on_server)
        self.licence_label = QLabel(licence_text(texts), self)
        self.licence_label.setWordWrap(True)
        for label in (self.version_label, self.templates_label, self.folder_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(say("version"), self.version_label)
        form.addRow(say("templates"), self.templates_label)
        form.addRow(say("server" if on_server else "data_folder"), self.folder_label)
        if not on_server:
            form.addRow("", self.open_button)
        form.addRow(say("licence"), self.licence_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def open_data_folder(self) -> bool:
        if self.data_folder is None:  # a server has no folder here
            return False
        self.data_folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))


class AboutAction(QAction):
    """Help ▸ About PeakPlan…, in the interface language; opens the About box on the home its
    window has open when asked (the start window's changes with File ▸ Open team server…)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context, self.window = context, parent
        self.setObjectName("aboutAction")
        self.setMenuRole(QAction.MenuRole.AboutRole)
        self.triggered.connect(self.show_about)
        context.texts.changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(about_text(self.context.texts, "action"))

    def show_about(self) -> AboutDialog:
        from workflows.held import is_server

        database = (getattr(self.window, "context", None) or self.context).database
        home = str(database.path) if is_server(database) else Path(database.path).parent
        dialog = AboutDialog(self.context.texts, home, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
