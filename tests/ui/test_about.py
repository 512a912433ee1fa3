"""Help ▸ About: the version, the template version, the data folder (opened by a button) and
the licence, in both languages, from the start window and from a plan's editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from forms.appinfo import APP_VERSION
from tests.ui.test_indicators_and_check import open_editor
from ui.about_dialog import ABOUT_STRINGS, AboutDialog


def _about_action(window):
    return next(a for a in window.help_menu.actions() if a.objectName() == "aboutAction")


def test_about_shows_what_the_program_is_and_opens_the_data_folder(
    qtbot, start_app, db_path, monkeypatch
) -> None:
    window = start_app("zh")
    assert window.help_menu.title() == "帮助(&H)"
    action = _about_action(window)
    assert action.text() == "关于 PeakPlan(&A)…"
    dialog = action.show_about()
    qtbot.waitExposed(dialog)
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "关于 PeakPlan"
    assert dialog.version_label.text() == APP_VERSION
    assert "annex2-2023（版本 " in dialog.templates_label.text()
    assert dialog.folder_label.text() == str(db_path.parent)
    assert "专有软件" in dialog.licence_label.text() and "LGPL" in dialog.licence_label.text()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(db_path.parent)]
    dialog.close()


def test_about_in_english_and_in_the_editor(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    editor.texts.set_language("en")
    action = _about_action(editor)
    assert action.text() == "&About PeakPlan…"
    dialog = action.show_about()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "About PeakPlan"
    assert dialog.open_button.text() == "Open the data folder"
    assert "proprietary" in dialog.licence_label.text()
    dialog.close()


def test_every_about_string_has_both_languages() -> None:
    for key, (zh, en) in ABOUT_STRINGS.items():
        assert zh.strip() and en.strip(), key
