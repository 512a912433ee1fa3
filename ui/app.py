"""Starting the desktop app: the Qt application, fonts, the database, the start window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.errors import LocalizedError
from storage.database import open_database
from storage.repository import PlanRepository
from ui.context import AppContext
from ui.start_window import StartWindow
from ui.texts import Texts

# Preferred interface fonts with Chinese glyphs, best first; Qt falls back through fontconfig
# (or the Windows font linking) to any installed CJK font when none of these is present.
CJK_UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
    "SimSun",
)

STYLE_SHEET = """
QLabel#pageHeading { font-size: 15pt; font-weight: bold; padding: 4px 0 6px 0; }
QLabel#totalsRow { font-weight: bold; padding: 4px; background: #eef3f8; }
QListWidget#stepList::item { padding: 6px 4px; }
"""


def pick_ui_font() -> QFont | None:
    families = set(QFontDatabase.families())
    for name in CJK_UI_FONTS:
        if name in families:
            font = QFont(name)
            font.setPointSize(10)
            return font
    return None


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("PeakPlan")
    QCoreApplication.setApplicationName("PeakPlan")
    app = QApplication(argv or sys.argv[:1])
    font = pick_ui_font()
    if font is not None:
        app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(QIcon())
    return app


def create_start_window(db_path: Path, lang: str | None = None) -> StartWindow:
    """Open the database and build the start window (raises LocalizedError on a bad database)."""
    database = open_database(db_path)
    context = AppContext(database, PlanRepository(database), Texts(lang))
    window = StartWindow(context)
    window.destroyed.connect(lambda *_: database.close())
    return window


def run(db_path: Path, lang: str | None = None) -> int:
    app = make_application()
    try:
        window = create_start_window(db_path, lang)
    except LocalizedError as exc:
        texts = Texts(lang)
        QMessageBox.critical(None, texts("error.title"), exc.message(texts.lang))
        return 2
    window.show()
    code = app.exec()
    window.context.database.close()
    return code
