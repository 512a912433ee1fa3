"""Who did what, in the app: the editor's status bar names who changed the open step last; the
versions dialog names who took each snapshot and who made each change — by display name."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from storage.users import Users
from tests.ui.test_export_dialog import open_demo_city_editor
from ui.versions_dialog import VersionsDialog


def test_the_app_names_who_changed_what(qtbot, start_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "zhang")
    _window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    Users(session.repo.database).set_name("张三")
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    dialog.take("初稿")
    assert dialog.list.item(0).text().endswith(" · 张三保存")
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    editor.go_to_chapter(1)
    chapter = editor.current_page().chapter
    session.edit("chapters", chapter.id, "text", chapter.text + "新增一句。")
    session.flush()
    qtbot.waitUntil(lambda: editor.changed_label.text().startswith("最后修改：张三，20"))
    editor.texts.set_language("en")
    assert editor.changed_label.text().startswith("Last changed by 张三 at 20")
    editor.texts.set_language("zh")

    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    assert len(dialog.differences) == 1
    assert "修改人：张三，20" in dialog.view.toPlainText()
    assert dialog.reasons.item(0, 2).text().startswith("张三 20")
    dialog.reject()
