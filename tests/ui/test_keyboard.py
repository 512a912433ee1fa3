"""Everything without a mouse: step shortcuts, guidance, check, undo and redo of typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, type_text
from tests.ui.test_indicators_and_check import open_editor
from ui.pages import CheckPage, TextPage

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_step_shortcuts_guidance_and_check(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    press(Qt.Key.Key_3, ALT)  # chapter 3: after plan information, 1, 2 and the trajectory
    assert editor.steps.currentRow() == 4
    press(Qt.Key.Key_PageDown, CTRL)
    assert editor.steps.currentRow() == 5
    press(Qt.Key.Key_PageUp, CTRL)
    press(Qt.Key.Key_PageUp, CTRL)
    assert editor.steps.currentRow() == 3
    press(Qt.Key.Key_1, ALT)
    assert editor.steps.currentRow() == 1
    press(Qt.Key.Key_F1, SHIFT)  # the chapter's guidance (F1 lists the shortcuts)
    assert editor.guidance.hasFocus() and "编制说明" in editor.guidance.toPlainText()
    press(Qt.Key.Key_F7)
    assert isinstance(editor.current_page(), CheckPage)
    assert not editor.next_button.isEnabled()  # the last step


def test_tab_order_reaches_the_buttons_and_inputs_have_names(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    press(Qt.Key.Key_1, ALT)
    press(Qt.Key.Key_PageUp, CTRL)  # plan information, before chapter 1
    editor.pages[0].name.setFocus()
    seen = set()
    for _ in range(30):
        press(Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget())
    assert editor.next_button in seen and editor.steps in seen
    for widget in seen:
        if widget.metaObject().className() in {"QLineEdit", "QPlainTextEdit", "QTableView"}:
            assert widget.accessibleName(), widget


def test_undo_and_redo_typing_in_a_chapter(qtbot, start_app) -> None:
    window, editor = open_editor(qtbot, start_app)
    press(Qt.Key.Key_1, ALT)
    page = editor.current_page()
    assert isinstance(page, TextPage)
    text_edit = page.text_section.editor
    text_edit.setFocus()
    type_text("能源结构以煤为主。")
    press(Qt.Key.Key_Z, CTRL)
    assert text_edit.toPlainText() == ""
    press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert text_edit.toPlainText() == "能源结构以煤为主。"
    qtbot.waitUntil(  # saved after the pause in typing
        lambda: (
            window.context.repo.load_plan(editor.session.plan.id).chapter(page.chapter.id).text
            == "能源结构以煤为主。"
        )
    )


def test_a_project_row_filled_by_keyboard_with_a_multi_line_content(qtbot, start_app) -> None:
    from ui.pages import ProjectsPage

    window, editor = open_editor(qtbot, start_app)
    step = next(n for n, p in enumerate(editor.pages) if isinstance(p, ProjectsPage))
    editor.steps.setCurrentRow(step)
    page: ProjectsPage = editor.current_page()
    page.add_button.setFocus()
    press(Qt.Key.Key_Space)  # the focused Add button
    type_text("屋顶光伏项目")
    press(Qt.Key.Key_Tab)  # commits the name, opens the field's list
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Tab)  # commits the field, opens the multi-line content
    type_text("建设屋顶光伏")
    press(Qt.Key.Key_Return)  # a new line, not the end of editing
    type_text("装机5万千瓦")
    press(Qt.Key.Key_Tab)
    type_text("1200")  # investment
    press(Qt.Key.Key_Return)
    project = editor.session.plan.projects[0]
    assert project.name == "屋顶光伏项目"
    assert project.field == "energy_saving_retrofit"  # the second field in the list
    assert project.content == "建设屋顶光伏\n装机5万千瓦"
    assert project.investment.text == "1200"
    assert "1200" in page.totals.text()
    stored = window.context.repo.load_plan(editor.session.plan.id).projects[0]
    assert stored.content == project.content
