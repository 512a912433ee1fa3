"""Two editors on one plan (two windows on one file, or two computers on one server): edits of
different items are both kept without a word; the second save of the same item asks, showing
both, and nothing is overwritten unless the user says so."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from forms.factory import new_plan
from forms.plan import IndicatorRow, Project
from forms.template import ChapterKind
from ui.conflicts import ConflictDialog
from ui.context import AppContext
from ui.editor import PlanEditor
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import ChapterTextEdit
from workflows.store import Database, PlanRepository, open_store

OpenEditor = Callable[..., PlanEditor]


@pytest.fixture
def plan_id(db_path: Path) -> str:
    _, repo = open_store(db_path)
    plan = new_plan("协同编辑方案", "city", province="江苏省")
    plan.projects.append(Project(name="光伏项目", owner="发改委"))
    repo.save_plan(plan)
    repo.database.close()
    return plan.id


@pytest.fixture
def open_editor(qtbot, db_path: Path) -> Iterator[OpenEditor]:  # type: ignore[no-untyped-def]
    """An editor window on the plan: ``server`` None — another window of the one app on the
    file (one connection); else a computer of its own on that server."""
    stores: list[tuple[Database, PlanRepository]] = []
    editors: list[PlanEditor] = []

    def open_(plan: str, lang: str = "zh", server: str | None = None) -> PlanEditor:
        if server is not None or not stores:
            stores.append(open_store(server or db_path))
        database, repo = stores[-1] if server is not None else stores[0]
        session = PlanSession.open(repo, plan)
        editor = PlanEditor(AppContext(database, repo, Texts(lang)), session)
        session.setParent(editor)
        editor.resize(1024, 768)
        editor.show()
        qtbot.waitExposed(editor)
        editors.append(editor)
        return editor

    yield open_
    for editor in editors:  # nothing left to decide: closing asks nothing
        editor.session.conflicts.clear()
        editor.close()
    for database, _ in stores:
        database.close()


def _text_chapter(editor: PlanEditor, index: int = 0) -> ChapterTextEdit:
    chapters = [c for c in editor.session.plan.chapters if c.kind is ChapterKind.TEXT]
    wanted = chapters[index].id
    for page in editor.pages:  # a step's widgets are built when it is first shown or used
        if page.chapter is not None and page.chapter.id == wanted:
            page.build()
    return next(w for w in editor.findChildren(ChapterTextEdit) if w.chapter_id == wanted)


def _type(widget: QWidget, text: str) -> None:
    """Keys as an input method commits them, straight to ``widget`` (two windows are open)."""
    for char in text:
        key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def _type_chapter(qtbot, editor: PlanEditor, text: str, index: int = 0) -> ChapterTextEdit:  # type: ignore[no-untyped-def]
    box = _text_chapter(editor, index)
    _type(box, text)
    box.commit()  # what the pause after typing does
    return box


def _stored_text(editor: PlanEditor, index: int = 0) -> str:
    chapter_id = _text_chapter(editor, index).chapter_id
    plan = editor.session.repo.load_plan(editor.session.plan.id)
    return next(c.text for c in plan.chapters if c.id == chapter_id)


def _dialog(qtbot, editor: PlanEditor) -> ConflictDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: editor.conflicts.dialog is not None and editor.conflicts.dialog.isVisible()
    )
    dialog = editor.conflicts.dialog
    assert dialog is not None
    return dialog


def _click(qtbot, dialog: QWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    button = dialog.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _shown(dialog: ConflictDialog, name: str) -> str:
    view = dialog.findChild(QPlainTextEdit, name)
    assert view is not None, name
    return view.toPlainText()


def test_edits_of_different_chapters_are_both_kept_without_asking(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    _type_chapter(qtbot, first, "甲写的基本情况。", 0)
    _type_chapter(qtbot, second, "乙写的目标。", 1)
    QTest.qWait(20)  # a dialog would be asked for now
    assert first.conflicts.dialog is None and second.conflicts.dialog is None
    assert not first.session.has_unsaved() and not second.session.has_unsaved()
    assert _stored_text(first, 0).endswith("甲写的基本情况。")
    assert _stored_text(first, 1).endswith("乙写的目标。")


def test_the_second_save_of_a_chapter_shows_both_and_keeps_mine_when_asked(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    _type_chapter(qtbot, first, "甲的文字")
    _type_chapter(qtbot, second, "乙的文字")
    dialog = _dialog(qtbot, second)
    assert _shown(dialog, "theirs:text").endswith("甲的文字")
    assert _shown(dialog, "mine:text").endswith("乙的文字")
    assert "正文" in [label.text() for label in dialog.findChildren(QLabel)]
    assert _stored_text(first).endswith("甲的文字")  # nothing overwritten while asking
    _click(qtbot, dialog, "keepMine")
    qtbot.waitUntil(lambda: _stored_text(first).endswith("乙的文字"))
    assert not second.session.has_unsaved() and second.conflicts.dialog is None
    assert not second.conflicts.button.isVisible()


def test_taking_theirs_puts_their_text_in_my_editor_and_undo_brings_mine_back(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    _type_chapter(qtbot, first, "甲的文字")
    box = _type_chapter(qtbot, second, "乙的文字")
    _click(qtbot, _dialog(qtbot, second), "takeTheirs")
    qtbot.waitUntil(lambda: box.toPlainText().endswith("甲的文字"))
    assert _stored_text(first).endswith("甲的文字")
    assert not second.session.has_unsaved()
    second.session.undo_stack.undo()  # taking theirs is one step: undone, mine is back
    assert box.toPlainText().endswith("乙的文字")
    assert _stored_text(first).endswith("乙的文字")


def test_a_merge_by_hand_starts_from_both_and_saves_what_was_typed(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    _type_chapter(qtbot, first, "\n甲的段落")
    _type_chapter(qtbot, second, "\n乙的段落")
    dialog = _dialog(qtbot, second)
    _click(qtbot, dialog, "mergeByHand")
    merge = dialog.findChild(QPlainTextEdit, "merge:text")
    assert merge is not None and merge.isVisible()
    assert merge.toPlainText().endswith("乙的段落\n甲的段落")
    merge.moveCursor(merge.textCursor().MoveOperation.End)
    _type(merge, "\n两人商定的段落")
    _click(qtbot, dialog, "saveMerge")
    wanted = "乙的段落\n甲的段落\n两人商定的段落"
    qtbot.waitUntil(lambda: _stored_text(first).endswith(wanted))
    assert _text_chapter(second).toPlainText().endswith(wanted)
    assert not second.session.has_unsaved()


def test_closing_the_dialog_decides_later_and_keeps_the_edit_unsaved(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    _type_chapter(qtbot, first, "甲的文字")
    box = _type_chapter(qtbot, second, "乙的文字")
    dialog = _dialog(qtbot, second)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: second.conflicts.dialog is None)
    assert box.toPlainText().endswith("乙的文字")  # mine is still in my editor
    assert _stored_text(first).endswith("甲的文字")  # and theirs still stored
    assert second.session.has_unsaved() and second.session.unsaved_count() == 1
    assert second.conflicts.button.isVisible()
    assert "1 处修改与他人的修改冲突" in second.conflicts.button.text()
    _type(box, "再补一句")  # typing on: still mine, still waiting, not asked again
    box.commit()
    QTest.qWait(20)
    assert second.conflicts.dialog is None and _stored_text(first).endswith("甲的文字")
    second.session.reload()  # the plan read afresh (after an import): mine still waits
    assert _text_chapter(second).toPlainText().endswith("乙的文字再补一句")
    assert second.session.unsaved_count() == 1 and _stored_text(first).endswith("甲的文字")
    qtbot.mouseClick(second.conflicts.button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, second)
    assert _shown(dialog, "mine:text").endswith("乙的文字再补一句")
    _click(qtbot, dialog, "keepMine")
    qtbot.waitUntil(lambda: _stored_text(first).endswith("乙的文字再补一句"))


def test_a_row_shows_the_fields_that_differ_by_their_names_and_merges_field_by_field(
    qtbot, open_editor: OpenEditor, plan_id: str, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id, "en"), open_editor(plan_id, "en")
    indicator = first.session.plan.indicators[0]
    row, theirs = indicator.id, "expected" if indicator.obligation == "binding" else "binding"
    mine = indicator.obligation.label("en")
    first.session.edit("indicators", row, "target_2025.basic.text", "18")
    first.session.edit("indicators", row, "obligation", theirs)
    second.session.edit("indicators", row, "target_2025.basic.text", "17.5")
    second.session.edit("indicators", row, "note", "per the province")  # theirs has none
    dialog = _dialog(qtbot, second)
    dialog.grab().save(str(shots / "conflict-row-en.png"))
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"2025 target", "type", "note"} <= labels
    assert _shown(dialog, "theirs:target_2025.basic.text") == "18"
    assert _shown(dialog, "mine:target_2025.basic.text") == "17.5"
    assert _shown(dialog, "theirs:obligation") == theirs
    _click(qtbot, dialog, "mergeByHand")
    merge = dialog.findChild(QPlainTextEdit, "merge:target_2025.basic.text")
    merge.selectAll()
    _type(merge, "18")
    pick = dialog.findChild(QComboBox, "pick:obligation")
    assert pick.currentText() == f"Mine: {mine}"
    qtbot.keyClick(pick, Qt.Key.Key_Down)  # theirs
    _click(qtbot, dialog, "saveMerge")
    qtbot.waitUntil(lambda: _stored_row(first, row).note == "per the province")
    stored = _stored_row(first, row)
    assert (stored.target_2025.basic.text, stored.obligation.value) == ("18", theirs)


def test_an_item_deleted_by_the_other_is_put_back_only_when_mine_is_kept(
    qtbot, open_editor: OpenEditor, plan_id: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id), open_editor(plan_id)
    project = first.session.plan.projects[-1].id
    first.session.remove_item("projects", project)
    second.session.edit("projects", project, "owner", "住建局")
    dialog = _dialog(qtbot, second)
    assert "对方已删除" in _shown(dialog, "theirs")
    assert not dialog.findChild(QPushButton, "mergeByHand").isEnabled()
    _click(qtbot, dialog, "keepMine")
    qtbot.waitUntil(lambda: any(p.id == project for p in _stored(first).projects))
    assert next(p for p in _stored(first).projects if p.id == project).owner == "住建局"


def test_two_computers_on_the_server_meet_the_same_way(
    qtbot, open_editor: OpenEditor, postgres_url: str
) -> None:  # type: ignore[no-untyped-def]
    _, repo = open_store(postgres_url)
    plan = new_plan("服务器上的方案", "park", province="广东省")
    repo.save_plan(plan)
    repo.database.close()
    first = open_editor(plan.id, server=postgres_url)
    second = open_editor(plan.id, server=postgres_url)
    assert first.session.repo is not second.session.repo
    _type_chapter(qtbot, first, "甲的文字", 1)
    _type_chapter(qtbot, second, "丙的段落", 0)  # another chapter: no question
    _type_chapter(qtbot, second, "乙的文字", 1)
    dialog = _dialog(qtbot, second)
    assert _shown(dialog, "theirs:text").endswith("甲的文字")
    _click(qtbot, dialog, "takeTheirs")
    qtbot.waitUntil(lambda: not second.session.has_unsaved())
    assert _stored_text(first, 1).endswith("甲的文字")
    assert _stored_text(first, 0).endswith("丙的段落")


def _stored(editor: PlanEditor):  # type: ignore[no-untyped-def]
    return editor.session.repo.load_plan(editor.session.plan.id)


def _stored_row(editor: PlanEditor, row_id: str) -> IndicatorRow:
    return next(i for i in _stored(editor).indicators if i.id == row_id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_dialog_fits_a_small_screen_in_both_languages(
    qtbot, open_editor: OpenEditor, plan_id: str, shots: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    first, second = open_editor(plan_id, lang), open_editor(plan_id, lang)
    _type_chapter(qtbot, first, "\n近年来，全市单位GDP能耗持续下降，2020年比2015年下降18.2%。")
    _type_chapter(qtbot, second, "\n近年来，全市单位GDP能耗明显下降（2015—2020年累计下降18.2%）。")
    dialog = _dialog(qtbot, second)
    assert dialog.width() <= 1024 and dialog.height() <= 768
    dialog.grab().save(str(shots / f"conflict-{lang}.png"))
    for button in dialog.findChildren(QPushButton):
        if button.isVisible():  # every button's words fit on it
            assert button.width() >= button.sizeHint().width(), button.text()
    _click(qtbot, dialog, "mergeByHand")
    QTest.qWait(20)
    dialog.grab().save(str(shots / f"conflict-merge-{lang}.png"))
    _click(qtbot, dialog, "decideLater")
    qtbot.waitUntil(lambda: second.conflicts.dialog is None)
    second.grab().save(str(shots / f"conflict-waiting-{lang}.png"))
