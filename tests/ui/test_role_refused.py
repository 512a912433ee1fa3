"""A change the team's server refuses to the user's role is said in the status bar, in the
user's language, and not retried as if the server were away."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

import ui.session
from forms.plan import Comment, new_id
from tests.hostile.test_storage_full_disk import commit_phrase
from tests.storage.test_server_roles import Team, team  # noqa: F401 (the fixture)
from tests.ui.conftest import _isolated_settings, press, qapp_cls  # noqa: F401
from ui.context import AppContext
from ui.editor import PlanEditor
from ui.pages import TextPage
from ui.session import PlanSession
from ui.texts import Texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reviewer_typing_into_a_chapter_is_told_and_not_retried(
    team: Team,  # noqa: F811
    lang: str,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ui.session, "RETRY_MS", 20)
    database, repo = team.open("reviewer")
    attempts: list[str] = []
    save_item = repo.save_item
    monkeypatch.setattr(
        repo, "save_item", lambda *a, **k: attempts.append(a[1]) or save_item(*a, **k)
    )
    session = PlanSession.open(repo, team.plan.id)
    editor = PlanEditor(AppContext(database, repo, Texts(lang)), session)
    editor.show()  # closed at the end (it deletes itself on closing)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    assert ("审阅人" if lang == "zh" else "your role: reviewer") in editor.windowTitle()
    row = next(n for n, p in enumerate(editor.pages) if isinstance(p, TextPage))
    editor.steps.setCurrentRow(row)
    page = editor.pages[row]
    held = session.held  # typing kept on this computer while the server was away, as if
    assert held is not None
    held.record(team.plan.id, "chapters", page.chapter.id, "text", "离线时打的字")
    qtbot.mouseClick(page.text_section.editor.viewport(), Qt.MouseButton.LeftButton)
    commit_phrase("审阅人想改的一句话")
    press(Qt.Key.Key_Tab)  # leaving the field saves it

    said = {
        "zh": ("您的角色（审阅人）不能修改章节内容", "不会重试"),
        "en": ("Your role (reviewer) may not change chapter texts", "not retried"),
    }[lang]
    qtbot.waitUntil(lambda: said[0] in editor.save_label.text())
    assert said[1] in editor.save_label.text()
    assert not session.has_unsaved()  # nothing waits to be retried…
    assert held.count(team.plan.id) == 0  # …nor is held for the server's return
    qtbot.wait(200)  # …ten retry periods later, nothing was tried again
    assert attempts == ["chapters"]
    assert "审阅人想改的一句话" not in repo.load_plan(team.plan.id).chapters[row - 1].text

    chapter = session.plan.chapters[0]
    comment = Comment(id=new_id(), collection="chapters", item_id=chapter.id, text="请补充")
    session.add_item("comments", comment)  # what a reviewer may do is saved as ever
    qtbot.waitUntil(lambda: editor.save_label.text().startswith(("已保存", "Saved")))
    editor.close()
    database.close()
