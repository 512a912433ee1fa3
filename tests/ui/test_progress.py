"""The step list's percentages follow what the check asks, as a user types."""

from __future__ import annotations

import re

from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_indicators_and_check import open_editor, step_of
from tests.ui.test_wizard_flow import indicator_index, type_into_cell
from ui.pages import CheckPage, IndicatorsPage

REFS = ("carbon_intensity_reduction", "non_fossil_share", "forest_coverage")


def shown_percent(editor, kind: type) -> int:
    """The percentage the step list shows beside a step."""
    text = editor.steps.item(step_of(editor, kind)).text()
    return int(re.findall(r"(\d+)%", text)[-1])


def test_the_targets_step_counts_each_target_typed(qtbot, start_app) -> None:
    _window, editor = open_editor(qtbot, start_app)
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    assert shown_percent(editor, IndicatorsPage) == 0
    seen = []
    for ref in REFS:
        type_into_cell(
            qtbot,
            page.view,
            indicator_index(page, ref, "target_2025.basic"),
            "确保完成省下达目标任务",
        )
        qtbot.waitUntil(lambda: shown_percent(editor, IndicatorsPage) > (seen or [0])[-1])
        seen.append(shown_percent(editor, IndicatorsPage))
    assert seen == [5, 10, 15]  # 16 indicators; the rows weigh 80 %


def test_the_demo_reads_100_only_while_the_check_has_nothing_to_say(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    assert shown_percent(editor, IndicatorsPage) == 100 and shown_percent(editor, CheckPage) == 100
    editor.steps.setCurrentRow(step_of(editor, IndicatorsPage))
    page: IndicatorsPage = editor.current_page()
    type_into_cell(
        qtbot, page.view, indicator_index(page, "non_fossil_share", "target_2025.stretch"), "1"
    )
    qtbot.waitUntil(lambda: shown_percent(editor, IndicatorsPage) < 100)
    assert shown_percent(editor, IndicatorsPage) > 90 and shown_percent(editor, CheckPage) < 100
    editor.steps.setCurrentRow(step_of(editor, CheckPage))
    check: CheckPage = editor.current_page()
    findings = [check.tree.topLevelItem(n).text(1) for n in range(check.tree.topLevelItemCount())]
    assert any("力争目标 1 不如基本目标" in text for text in findings)
    assert "100%" not in check.summary.text()
