"""Every dialog of the plan editor in both languages: a screenshot, and nothing cut short."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_screenshots import clipped

DIALOGS = {
    "export": lambda editor: editor.export_files(),
    "versions": lambda editor: editor.show_versions(),
    "comments": lambda editor: editor.show_comments(),
    "monitoring": lambda editor: editor.show_monitoring(),
    "higher-targets": lambda editor: editor.show_higher_targets(),
    "outline": lambda editor: editor.edit_outline(),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dialogs_are_not_clipped(qtbot, start_app, shots, lang: str) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    window.context.texts.set_language(lang)
    folder = shots
    for name, open_dialog in DIALOGS.items():
        dialog = open_dialog(editor)
        qtbot.waitUntil(lambda d=dialog: QApplication.activeModalWidget() is d)
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(folder / f"{name}-{lang}.png"))
        assert clipped(dialog) == [], (name, lang)
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
