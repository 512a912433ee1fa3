"""Tab on a 1024×768 laptop without a mouse: through a table and out of it, never round it.

Qt's tables take Tab from cell to cell and from the last cell back to the first, so the
buttons after a table (Add project, Close …) were out of the keyboard's reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_indicators_and_check import step_of
from ui.comments_dialog import CommentsDialog
from ui.monitoring_dialog import MonitoringDialog
from ui.pages import SchedulePage

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def focus() -> object:
    return QApplication.focusWidget()


def reached_by_tab(presses: int) -> set[object]:
    """The widgets focus is on now and after each of ``presses`` Tabs."""
    reached = {focus()}
    for _ in range(presses):
        press(Qt.Key.Key_Tab)
        reached.add(focus())
    return reached


def test_tab_goes_from_the_plan_list_on_to_the_buttons(qtbot, start_app) -> None:
    window = start_app()
    window.actions_["demo"].trigger()
    window.view.setFocus()
    press(Qt.Key.Key_Down)  # the second plan: the arrows move in the list
    assert window.view.currentIndex().row() == 1
    press(Qt.Key.Key_Tab)
    assert focus() is not window.view
    reached = reached_by_tab(10)
    assert window.buttons["new"] in reached and window.view in reached  # round the window


def test_tab_leaves_an_editor_table_after_its_last_cell(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, SchedulePage))
    page: SchedulePage = editor.current_page()
    view, model = page.view, page.view.model()
    view.setFocus()
    press(Qt.Key.Key_Home, CTRL)
    press(Qt.Key.Key_Tab)  # inside the table, Tab still goes from cell to cell
    assert focus() is view and view.currentIndex().column() == 1
    press(Qt.Key.Key_Tab, SHIFT)
    press(Qt.Key.Key_Tab, SHIFT)  # from the first cell: back out of the table
    assert focus() is not view and not view.isAncestorOf(focus())

    view.setFocus()
    press(Qt.Key.Key_End, CTRL)  # the last cell
    last = view.currentIndex()
    assert (last.row(), last.column()) == (model.rowCount() - 1, model.columnCount() - 1)
    press(Qt.Key.Key_Tab)
    assert focus() is page.add_button  # the button under the table

    view.setFocus()
    press(Qt.Key.Key_End, CTRL)
    type_text("市发改委")  # typing opens the last cell's editor
    assert view.isAncestorOf(focus())
    press(Qt.Key.Key_Tab)  # commits the typing and goes on, not round to the first cell
    assert focus() is page.add_button
    assert model.index(last.row(), last.column()).data(Qt.ItemDataRole.EditRole) == "市发改委"


def test_tab_moves_down_the_comment_form_and_out_of_the_monitoring_table(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    press(Qt.Key.Key_M, CTRL | SHIFT)  # review comments
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentsDialog))
    comments = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focus() is comments.chapter)  # the first field
    press(Qt.Key.Key_Tab)  # the form top to bottom: who, the comment, then Add comment
    assert focus() is comments.author
    press(Qt.Key.Key_Tab)
    assert focus() is comments.text
    type_text("请补充资金来源")
    press(Qt.Key.Key_Tab)
    assert focus() is comments.add_button
    assert comments.text.toPlainText() == "请补充资金来源"  # no tab typed into the comment
    press(Qt.Key.Key_Space)
    assert comments.table.rowCount() == 1
    comments.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    monitoring = editor.show_monitoring()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MonitoringDialog))
    qtbot.waitUntil(lambda: focus() is monitoring.year)
    press(Qt.Key.Key_Tab)
    assert focus() is monitoring.indicators
    press(Qt.Key.Key_End, CTRL)
    press(Qt.Key.Key_Tab)
    assert focus() is not monitoring.indicators
    seen = reached_by_tab(4)
    assert monitoring.close_button in seen and monitoring.year in seen
