"""The live view: another client's save shows up in the open editor within 2 s, without moving
the cursor of the person typing; the step list marks what others changed.  On the tests' own
PostgreSQL server (LISTEN/NOTIFY) and on one SQLite file (polled)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QPushButton

from forms.factory import new_plan
from forms.plan import Plan, Policy
from tests.ui.conftest import press, type_text
from ui.context import AppContext
from ui.editor import PlanEditor
from ui.pages import PoliciesPage, TextPage
from ui.session import PlanSession
from ui.texts import Texts
from workflows.store import Database, PlanRepository, open_database_at

SHOWN_WITHIN_MS = 2000


@dataclass
class Team:
    editor: PlanEditor
    theirs: PlanRepository  # another client of the same database
    plan: Plan

    def text_pages(self) -> list[TextPage]:
        return [p for p in self.editor.pages if isinstance(p, TextPage)]

    def row(self, page: object) -> int:
        return self.editor.pages.index(page)  # type: ignore[arg-type]

    def tooltip(self, page: object) -> str:
        return self.editor.steps.item(self.row(page)).toolTip()


def _open(location: str | Path, *, write: bool = True) -> Database:
    return open_database_at(location, write=write)


@pytest.fixture(params=["postgresql", "sqlite"])
def team(request: pytest.FixtureRequest, qtbot, db_path: Path) -> Iterator[Team]:
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        mine, theirs = _open(url), _open(url)
    else:  # a second client of one file: it does not take the writer's lock
        mine = _open(db_path)
        theirs = _open(db_path, write=False)
    repo = PlanRepository(mine)
    plan = new_plan("实时协作方案", "city", province="江苏省")
    plan.chapters[0].text = "基本情况：本市能源结构以煤为主。"
    plan.policies = [Policy(title="财政政策"), Policy(title="金融政策")]
    repo.save_plan(plan)
    editor = PlanEditor(AppContext(mine, repo, Texts("zh")), PlanSession.open(repo, plan.id))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    try:
        yield Team(editor, PlanRepository(theirs), plan)
    finally:
        if shiboken6.isValid(editor):
            editor.session._pending.clear()  # a test that failed midway: no "unsaved" box
            getattr(editor.session, "conflicts", {}).clear()
            editor.close()  # which stops its live view
        theirs.close()
        mine.close()


def _into_text(team: Team, page: TextPage, qtbot, start: int, end: int) -> QTextCursor:
    """Open ``page`` and select ``start``..``end`` of its text, as a user would."""
    team.editor.steps.setCurrentRow(team.row(page))
    text_edit = page.text_section.editor
    text_edit.setFocus()
    qtbot.waitUntil(text_edit.hasFocus)
    cursor = text_edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    text_edit.setTextCursor(cursor)
    return cursor


def test_anothers_save_shows_at_once_and_the_cursor_stays(team: Team, qtbot) -> None:
    first, other = team.text_pages()[0], team.text_pages()[1]
    _into_text(team, first, qtbot, 3, 7)  # "况：本市" selected
    their_text = "总体要求：到2030年前实现碳达峰。"
    team.theirs.update_field(team.plan.id, "chapters", other.chapter.id, "text", their_text)
    updated = "【更新】基本情况：本市能源结构以煤为主，正在转型。"  # before and after my selection
    team.theirs.update_field(team.plan.id, "chapters", first.chapter.id, "text", updated)
    qtbot.waitUntil(
        lambda: other.text_section.editor.toPlainText() == their_text, timeout=SHOWN_WITHIN_MS
    )
    mine = first.text_section.editor
    qtbot.waitUntil(lambda: mine.toPlainText() == updated, timeout=SHOWN_WITHIN_MS)
    cursor = mine.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (7, 11)  # the same words
    assert cursor.selectedText() == "况：本市"
    assert mine.hasFocus()
    assert "由他人修改" in team.tooltip(other)
    assert not team.editor.steps.item(team.row(other)).icon().isNull()
    assert team.editor.session.plan.chapters[2].text == their_text  # the session holds it
    team.editor.steps.setCurrentRow(team.row(other))  # visiting the step clears its mark
    assert "由他人修改" not in team.tooltip(other)
    assert team.editor.steps.item(team.row(other)).icon().isNull()


def test_what_i_am_typing_is_not_overwritten_and_the_step_says_so(team: Team, qtbot) -> None:
    first = team.text_pages()[0]
    _into_text(team, first, qtbot, 0, 0)
    mine = first.text_section.editor
    mine._commit_timer.setInterval(60_000)  # still typing: no pause yet
    type_text("我正在写")
    team.theirs.update_field(team.plan.id, "chapters", first.chapter.id, "text", "别人写的")
    qtbot.waitUntil(lambda: "由他人修改" in team.tooltip(first), timeout=SHOWN_WITHIN_MS)
    assert mine.toPlainText() == "我正在写基本情况：本市能源结构以煤为主。"
    assert mine.textCursor().position() == 4
    assert "保存时将请您选择" in team.tooltip(first)
    for _ in "我正在写":  # the user deletes what they typed: nothing of theirs to keep
        press(Qt.Key.Key_Backspace)
    mine.commit()
    qtbot.waitUntil(lambda: mine.toPlainText() == "别人写的", timeout=SHOWN_WITHIN_MS)


def test_the_live_view_comes_back_after_the_connection_drops(
    team: Team, qtbot, request: pytest.FixtureRequest
) -> None:
    if "postgres_url" not in request.fixturenames:
        pytest.skip("a file has no connection to lose")
    label = team.editor.live_view.label
    qtbot.waitUntil(lambda: team.editor.live_view.listener.connected, timeout=5000)
    with psycopg.connect(request.getfixturevalue("postgres_url"), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            ["PeakPlan live"],
        )
    qtbot.waitUntil(label.isVisible, timeout=5000)  # the status bar says so
    assert "实时更新中断" in label.text()
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5000)  # and it comes back
    page = team.text_pages()[2]
    team.theirs.update_field(team.plan.id, "chapters", page.chapter.id, "text", "重新连接之后")
    qtbot.waitUntil(
        lambda: page.text_section.editor.toPlainText() == "重新连接之后", timeout=SHOWN_WITHIN_MS
    )


def test_a_table_cell_being_typed_in_stays_open_with_its_text(team: Team, qtbot) -> None:
    page = next(p for p in team.editor.pages if isinstance(p, PoliciesPage))
    team.editor.steps.setCurrentRow(team.row(page))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, page.model.column_of("content")))
    type_text("我的政策内容")  # the cell's editor is open, nothing committed yet
    other = team.plan.policies[1]
    team.theirs.update_field(team.plan.id, "policies", other.id, "title", "别人改的标题")
    team.theirs.save_item(team.plan.id, "policies", Policy(title="别人加的政策"))
    qtbot.waitUntil(lambda: page.model.item_at(1).title == "别人改的标题", timeout=SHOWN_WITHIN_MS)
    assert page.view.state() == QAbstractItemView.State.EditingState
    cell = QApplication.focusWidget()
    assert isinstance(cell, QPlainTextEdit) and cell.toPlainText() == "我的政策内容"
    assert page.model.rowCount() == 2  # a new row waits: it would close the cell
    press(Qt.Key.Key_Tab)  # the cell is committed
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=SHOWN_WITHIN_MS)
    assert team.editor.session.plan.policies[0].content == "我的政策内容"


def test_typing_over_their_change_meets_it_in_the_conflict_dialog(team: Team, qtbot) -> None:
    first = team.text_pages()[0]
    _into_text(team, first, qtbot, 0, 0)
    mine = first.text_section.editor
    mine._commit_timer.setInterval(60_000)  # still typing: no pause yet
    type_text("我的")
    team.theirs.update_field(team.plan.id, "chapters", first.chapter.id, "text", "别人写的")
    qtbot.waitUntil(lambda: "保存时将请您选择" in team.tooltip(first), timeout=SHOWN_WITHIN_MS)
    mine.commit()  # the pause: my save was based on the version before theirs
    qtbot.waitUntil(lambda: team.editor.conflicts.dialog is not None)
    dialog = team.editor.conflicts.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.findChild(QPlainTextEdit, "theirs:text").toPlainText() == "别人写的"
    assert dialog.findChild(QPlainTextEdit, "mine:text").toPlainText().startswith("我的基本情况")
    qtbot.mouseClick(dialog.findChild(QPushButton, "keepMine"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not team.editor.session.conflicts)
    stored = team.theirs.load_plan(team.plan.id).chapters[0].text
    assert stored == "我的基本情况：本市能源结构以煤为主。"


def test_a_change_shown_live_is_what_my_next_save_is_based_on(team: Team, qtbot) -> None:
    page = team.text_pages()[1]
    team.theirs.update_field(team.plan.id, "chapters", page.chapter.id, "text", "别人先写的")
    editor = page.text_section.editor
    qtbot.waitUntil(lambda: editor.toPlainText() == "别人先写的", timeout=SHOWN_WITHIN_MS)
    _into_text(team, page, qtbot, 5, 5)
    type_text("，我接着写")
    editor.commit()
    assert not team.editor.session.conflicts  # saved on their version, without asking
    assert team.theirs.load_plan(team.plan.id).chapters[2].text == "别人先写的，我接着写"
