"""Starting the desktop app: the Qt application, fonts, the database, the start window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from forms.errors import LocalizedError
from ui.context import AppContext
from ui.geometry import install_screen_fitter
from ui.message_text import as_written
from ui.start_window import StartWindow
from ui.texts import Texts
from workflows.location import local_file, server_in

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
    install_screen_fitter(app)
    return app


_QT_TRANSLATIONS: dict[int, QtTranslations] = {}
QT_LOCALES = {"zh": QLocale(QLocale.Language.Chinese, QLocale.Country.China)}


class QtTranslations:
    """Qt's own texts (wizard and message-box buttons, file dialogs, context menus) in the
    interface language, from the qtbase translations shipped with PySide6."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None

    def apply(self, lang: str) -> None:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        locale = QT_LOCALES.get(lang)
        if locale is None:
            return
        translator = QTranslator(self._app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(locale, "qtbase", "_", folder):
            self._app.installTranslator(translator)
            self._translator = translator


def follow_language(texts: Texts) -> None:
    """Keep Qt's own texts in ``texts``' language, now and after every switch."""
    app = QCoreApplication.instance()
    if app is None:
        return
    translations = _QT_TRANSLATIONS.get(id(app))
    if translations is None:
        translations = _QT_TRANSLATIONS[id(app)] = QtTranslations(app)
    translations.apply(texts.lang)
    texts.changed.connect(translations.apply)


def create_start_window(
    db_path: Path | str, lang: str | None = None, *, accept_empty: bool = False
) -> StartWindow:
    """Open the database (a file, or a team's server by its URL) and build the start window
    (raises LocalizedError on a bad database).

    A database that cannot be written opens read-only, and the window says so."""
    texts = Texts(lang)
    context = open_context(db_path, texts, accept_empty=accept_empty)
    follow_language(texts)
    window = StartWindow(context)
    window.homes.local = local_file(db_path)  # Back to my local file: this one
    _watch_database(window, context, db_path)
    return window


def open_context(db_path: Path | str, texts: Texts, *, accept_empty: bool = False) -> AppContext:
    from workflows.store import open_store

    database, repo = open_store(db_path, accept_empty=accept_empty)
    return AppContext(database, repo, texts)


def _watch_database(window: StartWindow, context: AppContext, db_path: Path | str) -> None:
    """Close the database with the window; say so in the window when it is read-only."""
    from workflows.store import ReadOnlyDatabaseError

    database = context.database
    window.destroyed.connect(lambda *_: database.close())
    if database.read_only:
        notice = QLabel(ReadOnlyDatabaseError(db_path).message(context.texts.lang), window)
        notice.setObjectName("readOnlyNotice")
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #8a5300;")
        window.statusBar().addWidget(notice, 1)


def open_start_window(db_path: Path, lang: str | None = None) -> StartWindow | None:
    """The start window, or None after telling the user why the database cannot be used.

    An empty file PeakPlan did not create is used only if the user says so."""
    from workflows.store import EmptyDatabaseFileError

    texts = Texts(lang)
    try:
        try:
            return create_start_window(db_path, lang)
        except EmptyDatabaseFileError:
            answer = QMessageBox.question(
                None,
                texts("empty_db.title"),
                texts("empty_db.question", path=str(db_path)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            return create_start_window(db_path, lang, accept_empty=True)
    except LocalizedError as exc:
        QMessageBox.critical(None, texts("error.title"), as_written(exc.message(texts.lang)))
        return None


def _open_database(window: StartWindow, db_path: Path) -> bool:
    """Attach the database to the shown start window, or tell the user why it cannot be used
    (an empty file PeakPlan did not create is used only if the user says so)."""
    from workflows.store import EmptyDatabaseFileError

    texts = window.texts
    try:
        try:
            context = open_context(db_path, texts)
        except EmptyDatabaseFileError:
            answer = QMessageBox.question(
                window,
                texts("empty_db.title"),
                texts("empty_db.question", path=str(db_path)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            context = open_context(db_path, texts, accept_empty=True)
    except LocalizedError as exc:
        QMessageBox.critical(window, texts("error.title"), as_written(exc.message(texts.lang)))
        return False
    window.attach(context)
    _watch_database(window, context, db_path)
    return True


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, on the event-loop turn after the window is first painted."""

    def __init__(self, window: StartWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def run(db: str | Path | None, lang: str | None = None) -> int:
    """The start window first, painted; then the database ``db`` (``--db``) opens and its
    plans fill the list: the window is there before the plan machinery loads."""
    app = make_application()
    texts = Texts(lang)
    follow_language(texts)
    window = StartWindow(None, texts=texts)
    window.homes.local = local_file(db)

    def open_database() -> None:
        try:
            server = server_in(db)  # --db, else $PEAKPLAN_DB: a team's server?
        except LocalizedError as exc:
            window.homes.say_not_opened(exc)
            return
        if server is not None:
            window.homes.start_on_server(*server)
        elif not _open_database(window, window.homes.local):
            window.close()
            app.exit(2)

    _AfterFirstPaint(window, open_database)
    window.show()
    code = app.exec()
    if window.context is not None:
        window.context.database.close()
    return code
