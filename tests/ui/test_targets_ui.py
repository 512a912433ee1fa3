"""The targets step: qualifiers typed the way plans write them, and reference years."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forms.qualifiers import Qualifier
from tests.ui.conftest import press
from tests.ui.test_indicators_and_check import open_editor, step_of
from tests.ui.test_wizard_flow import indicator_index, type_into_cell
from ui.pages import CheckPage, IndicatorsPage
from ui.table_model import WARNING_TINT


def _row(editor, ref: str):
    return next(i for i in editor.session.plan.indicators if i.template_ref == ref)


def test_qualified_targets_are_typed_shown_and_stored(qtbot, start_app) -> None:
    window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    share = indicator_index(page, "non_fossil_share", "target_2025.basic")
    type_into_cell(qtbot, page.view, share, "２２左右")
    assert share.data() == "22左右"
    stored = _row(editor, "non_fossil_share").target_2025.basic
    assert (stored.text, stored.qualifier) == ("22", Qualifier.ABOUT)
    floor = indicator_index(page, "green_travel_share", "target_2030.basic")
    type_into_cell(qtbot, page.view, floor, "≥75")
    assert floor.data() == "75以上"
    carbon = indicator_index(page, "carbon_intensity_reduction", "target_2025.basic")
    type_into_cell(qtbot, page.view, carbon, "确保完成省下达目标任务")
    assert carbon.data() == "确保完成省下达目标任务"
    precise = indicator_index(page, "rd_intensity", "target_2025.basic")
    type_into_cell(qtbot, page.view, precise, "3.0500")
    assert precise.data() == "3.0500"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one edit, one undo step
    assert precise.data() == ""

    stored = window.context.repo.load_plan(editor.session.plan.id)
    rows = {r.template_ref: r for r in stored.indicators}
    assert rows["carbon_intensity_reduction"].target_2025.basic.qualifier is Qualifier.PROVINCE
    assert rows["green_travel_share"].target_2030.basic.qualifier is Qualifier.AT_LEAST


def test_a_2030_reduction_asks_for_its_reference_year(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    ref2025 = indicator_index(page, "energy_intensity_reduction", "target_2025.reference_year")
    assert ref2025.data() == "2020"  # the 14th Five-Year Plan period
    assert not indicator_index(page, "non_fossil_share", "target_2025.reference_year").flags() & (
        Qt.ItemFlag.ItemIsEditable
    )
    target = indicator_index(page, "energy_intensity_reduction", "target_2030.basic")
    type_into_cell(qtbot, page.view, target, "65以上")
    year = indicator_index(page, "energy_intensity_reduction", "target_2030.reference_year")
    assert year.data() == ""
    assert year.data(Qt.ItemDataRole.BackgroundRole).color() == WARNING_TINT
    assert "未注明比较年份" in year.data(Qt.ItemDataRole.ToolTipRole)

    type_into_cell(qtbot, page.view, year, "abc")
    assert "不是1990—2100之间的年份" in editor.statusBar().currentMessage()
    assert _row(editor, "energy_intensity_reduction").target_2030.reference_year is None
    type_into_cell(qtbot, page.view, year, "2005")
    assert year.data() == "2005"
    assert _row(editor, "energy_intensity_reduction").target_2030.reference_year == 2005
    assert year.data(Qt.ItemDataRole.BackgroundRole) is None

    press(Qt.Key.Key_F7)
    check: CheckPage = editor.current_page()
    texts = [check.tree.topLevelItem(n).text(1) for n in range(check.tree.topLevelItemCount())]
    assert not any("未注明比较年份" in t for t in texts)
