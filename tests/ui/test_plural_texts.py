"""The English interface counts one thing in the singular: "[1 comment]" beside a chapter,
"1 error, 0 warnings" in the Check step, "1 change since this snapshot"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_wizard_flow import indicator_index, type_into_cell
from ui.comments_dialog import CommentsDialog
from ui.pages import CheckPage, IndicatorsPage

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_the_comments_badge_says_one_comment_then_two(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app, "en")
    last = editor.session.plan.chapters[-1]
    step = next(n for n, p in enumerate(editor.pages) if getattr(p, "chapter", None) is last)
    editor.steps.setCurrentRow(step)
    press(Qt.Key.Key_M, CTRL_SHIFT)  # Review comments…
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentsDialog))
    dialog: CommentsDialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    for text, badge in (
        ("Add the budget.", "[1 comment]"),
        ("Name the lead unit.", "[2 comments]"),
    ):
        dialog.author.setFocus()
        type_text("Provincial DRC")
        dialog.text.setFocus()
        type_text(text)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda b=badge: editor.steps.item(step).text().endswith(b))
    dialog.reject()


def test_the_check_summary_says_one_error_then_two(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app, "en")
    summaries = []
    for field, typed in (("target_2030.basic", "130"), ("target_2025.basic", "abc")):
        editor.steps.setCurrentRow(
            next(n for n, p in enumerate(editor.pages) if isinstance(p, IndicatorsPage))
        )
        page: IndicatorsPage = editor.current_page()
        type_into_cell(qtbot, page.view, indicator_index(page, "non_fossil_share", field), typed)
        press(Qt.Key.Key_F7)  # the Check step
        check = editor.current_page()
        assert isinstance(check, CheckPage)
        summaries.append(check.summary.text())
    assert summaries[0].endswith("; 1 error, 0 warnings, 2 notes."), summaries
    assert summaries[1].endswith("; 2 errors, 0 warnings, 2 notes."), summaries
