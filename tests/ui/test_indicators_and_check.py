"""Bad values in the indicator table are marked, listed by the Check step, and never lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from forms.factory import new_plan
from tests.ui.conftest import press
from tests.ui.test_wizard_flow import indicator_index, type_into_cell
from ui.pages import CheckPage, IndicatorsPage
from ui.table_model import ERROR_TINT


def open_editor(qtbot, start_app, name: str = "测试市"):
    window = start_app()
    plan = new_plan(name, "city", province="江苏省")
    window.context.repo.save_plan(plan)
    window.reload(plan.id)
    editor = window.open_plan(plan.id)
    qtbot.waitUntil(editor.isActiveWindow)
    return window, editor


def step_of(editor, kind: type):
    return next(n for n, page in enumerate(editor.pages) if isinstance(page, kind))


@pytest.mark.parametrize(("typed", "expected"), [("abc", "abc"), ("130", "[0, 100]")])
def test_bad_share_is_marked_listed_and_kept(qtbot, start_app, typed: str, expected: str) -> None:
    window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    index = indicator_index(page, "non_fossil_share", "target_2025.basic")
    type_into_cell(qtbot, page.view, index, typed)

    assert index.data() == typed  # what was typed stays, as typed
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_TINT
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "非化石能源占能源消费总量比重" in tooltip and expected in tooltip

    press(Qt.Key.Key_F7)  # the Check step
    check: CheckPage = editor.current_page()
    assert isinstance(check, CheckPage)
    items = [check.tree.topLevelItem(n) for n in range(check.tree.topLevelItemCount())]
    matching = [i for i in items if typed in i.text(1) and "非化石能源" in i.text(1)]
    assert len(matching) == 1 and matching[0].text(0) == "错误"

    # Activating the finding (Enter) goes back to the very cell.
    check.tree.setCurrentItem(matching[0])
    check.tree.setFocus()
    press(Qt.Key.Key_Return)
    assert editor.current_page() is page
    assert page.view.currentIndex() == index and page.view.hasFocus()

    # Nothing lost: the database holds the typed text, and a restart shows it.
    plan_id = editor.session.plan.id
    stored = window.context.repo.load_plan(plan_id)
    row = next(i for i in stored.indicators if i.template_ref == "non_fossil_share")
    assert row.target_2025.basic.text == typed


def test_custom_indicator_add_and_remove_with_undo(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    before = page.model.rowCount()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == before + 1
    press(Qt.Key.Key_Escape)  # leave the name as proposed
    page.view.setCurrentIndex(page.model.index(before, 0))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == before
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the removal
    assert page.model.rowCount() == before + 1
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == before


def test_template_indicators_cannot_be_removed_or_renamed(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    before = page.model.rowCount()
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert not page.model.flags(page.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == before
