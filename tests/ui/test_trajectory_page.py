"""The emissions-trajectory step: typed inputs recompute the account, the chart and the peak."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_screenshots import clipped
from tests.ui.test_wizard_flow import type_into_cell
from ui.pages import BaseDataPage, CheckPage
from ui.trajectory_chart import nice_ticks
from ui.trajectory_page import TrajectoryPage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALT = Qt.KeyboardModifier.AltModifier


def open_trajectory_step(qtbot, start_app):
    window, editor = open_demo_city_editor(qtbot, start_app)
    editor.resize(1024, 768)
    press(Qt.Key.Key_2, ALT)  # chapter 2, the base data
    press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # the step after it
    page = editor.current_page()
    assert isinstance(page, TrajectoryPage) and editor.stack.currentWidget() is page
    qtbot.waitExposed(page)
    return window, editor, page


def growth_index(page: TrajectoryPage, scenario: str, year: int, field: str):
    model = page.growth_model
    return model.index(model.row_for(scenario, year), model.column_of(field))


def fuel_index(page: TrajectoryPage, fuel_id: str, field: str):
    model = page.fuel_model
    return model.index(model.row_of(fuel_id), model.column_of(field))


def test_the_step_follows_the_base_data_and_shows_the_demo_peak(qtbot, start_app) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    step = editor.pages.index(page)
    assert isinstance(editor.pages[step - 1], BaseDataPage)
    assert isinstance(editor.pages[-1], CheckPage)
    assert editor.steps.item(step).text() == "碳排放测算"
    assert editor.steps.item(step + 1).text().startswith("3. ")  # chapters keep their numbers

    result = page.findChild(type(page.result), "trajectoryResult")
    assert result is page.result
    assert "政策情景：2028年达峰" in result.text()
    assert "基准情景：到2035年仍未达峰" in result.text()
    assert "2025年下降" in result.text() and "2030年下降" in result.text()
    chart = page.findChild(type(page.chart), "trajectoryChart")
    assert chart.trajectory is not None and chart.trajectory.policy.peak_year == 2028
    assert chart.declared_year == 2028
    assert not page.problems.isVisible()

    # the energy account: template names and units, computed columns, a blank factor in grey
    assert fuel_index(page, "coal", "@name").data() == "煤炭"
    assert fuel_index(page, "coal", "quantity").data() == "1411.5"
    assert fuel_index(page, "coal", "@co2").data() == "2682.3"
    factor = fuel_index(page, "coal", "emission_factor")
    assert factor.data() == "1.9003" and factor.data(Qt.ItemDataRole.EditRole) == ""
    assert "模板默认值" in factor.data(Qt.ItemDataRole.ToolTipRole)
    source = fuel_index(page, "electricity", "@source").data()
    assert "2021年江苏省电力平均二氧化碳排放因子" in source and "公告2024年第12号" in source
    totals = page.account_totals.text()  # the demo's typed total is the account's
    assert totals.count("3905.3") == 2 and "0.0%" in totals
    assert not fuel_index(page, "coal", "@co2").flags() & Qt.ItemFlag.ItemIsEditable


def test_typing_a_growth_rate_moves_the_peak_at_once_and_is_saved(qtbot, start_app) -> None:
    window, editor, page = open_trajectory_step(qtbot, start_app)
    index = growth_index(page, "policy", 2029, "gdp_growth")
    assert index.data() == "3.0"
    page.scroll.ensureWidgetVisible(page.growth_view)
    type_into_cell(qtbot, page.growth_view, index, "12")

    assert index.data() == "12"
    qtbot.waitUntil(lambda: "2028年达峰" not in page.result.text())
    peak = page.chart.trajectory.policy.peak_year
    assert peak is not None and peak > 2028
    assert f"政策情景：{peak}年达峰" in page.result.text()
    assert f"方案提出2028年前后达峰，但按政策情景测算在{peak}年达峰" in page.problems.text()
    stored = window.context.repo.load_plan(editor.session.plan.id)
    row = next(g for g in stored.growth if g.scenario == "policy" and g.start == 2029)
    assert row.gdp_growth.text == "12"

    # keyboard on: Tab to the next rate, type, Enter — the table keeps working like a sheet
    page.growth_view.setFocus()
    page.growth_view.setCurrentIndex(index)
    press(Qt.Key.Key_Tab)
    assert page.growth_view.currentIndex().column() == index.column() + 1
    type_text("1")
    assert page.growth_view.state() == QAbstractItemView.State.EditingState
    press(Qt.Key.Key_Return)
    assert page.growth_view.currentIndex().data() == "1"

    # undo puts the rate back and the peak follows
    editor.undo_action.trigger()
    editor.undo_action.trigger()
    qtbot.waitUntil(lambda: "政策情景：2028年达峰" in page.result.text())


def test_fuel_quantity_and_own_factor_change_the_account(qtbot, start_app) -> None:
    window, editor, page = open_trajectory_step(qtbot, start_app)
    before = page.chart.trajectory.policy.points[0].co2
    type_into_cell(qtbot, page.fuel_view, fuel_index(page, "coal", "emission_factor"), "2.5")
    factor = fuel_index(page, "coal", "emission_factor")
    assert factor.data() == "2.5" and "方案自定" in factor.data(Qt.ItemDataRole.ToolTipRole)
    assert fuel_index(page, "coal", "@source").data().endswith("方案自定，未注明来源")
    qtbot.waitUntil(lambda: page.chart.trajectory.policy.points[0].co2 > before)
    assert "相差超过" in page.account_totals.text()  # 2.5 × 1411.5 is far above the typed total
    stored = window.context.repo.load_plan(editor.session.plan.id)
    assert next(f for f in stored.fuels if f.id == "coal").emission_factor.text == "2.5"


def test_declared_peak_year_is_typed_saved_and_drawn(qtbot, start_app) -> None:
    window, editor, page = open_trajectory_step(qtbot, start_app)
    page.scroll.ensureWidgetVisible(page.peak_year)
    qtbot.mouseClick(page.peak_year, Qt.MouseButton.LeftButton)
    page.peak_year.selectAll()
    type_text("2021")
    press(Qt.Key.Key_Tab)
    assert editor.session.plan.meta.declared_peak_year == "2021"
    assert window.context.repo.load_plan(editor.session.plan.id).meta.declared_peak_year == "2021"
    qtbot.waitUntil(lambda: page.chart.declared_year == 2021)
    assert "方案提出2021年前后达峰" in page.problems.text() and page.problems.isVisible()
    assert "方案提出2021年前达峰" not in page.result.text()

    qtbot.mouseClick(page.peak_year, Qt.MouseButton.LeftButton)
    page.peak_year.selectAll()
    type_text("二〇二八")  # not a year: the check's words, and no line on the chart
    press(Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.chart.declared_year is None)
    assert "不是有效年份" in page.problems.text()


def test_missing_base_data_shows_the_problem_not_a_crash(qtbot, start_app) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    editor.session.edit("base_data", "gdp", "value.text", "")
    qtbot.waitUntil(lambda: "地区生产总值缺失" in page.problems.text())
    assert page.problems.isVisible()
    assert "无法测算" in page.result.text()
    assert not page.chart.trajectory.scenarios
    page.chart.repaint()  # draws its "not enough data" text without raising
    editor.undo_action.trigger()
    qtbot.waitUntil(lambda: "2028年达峰" in page.result.text())


def test_base_data_typed_on_its_step_reaches_the_trajectory(qtbot, start_app) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    base = editor.current_page()
    assert isinstance(base, BaseDataPage)
    qtbot.mouseClick(base.fields["gdp"], Qt.MouseButton.LeftButton)
    base.fields["gdp"].selectAll()
    press(Qt.Key.Key_Delete)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_page() is page
    assert "地区生产总值缺失" in page.problems.text()  # recomputed when shown


def test_english_interface(qtbot, start_app) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    editor.lang_actions["en"].trigger()
    assert page.heading.text() == "Emissions trajectory"
    assert "Policy scenario: emissions peak in 2028" in page.result.text()
    assert fuel_index(page, "coal", "@name").data() == "Coal"
    assert growth_index(page, "baseline", 2021, "@scenario").data() == "Baseline"
    assert page.growth_model.headerData(2, Qt.Orientation.Horizontal) == "GDP\ngrowth"


def test_an_older_plan_gets_its_account_and_scenarios(qtbot, start_app, db_path) -> None:
    """A database written before the energy account existed: its plan has the template's
    account and scenarios once the database is opened, before any page is built."""
    shutil.copyfile(FIXTURES / "schema_v2.sqlite", db_path)
    window = start_app()
    [summary] = window.context.repo.list_plans()
    stored = window.context.repo.load_plan(summary.id)
    assert len(stored.fuels) == 5 and len(stored.growth) == 6
    editor = window.open_plan(summary.id)
    qtbot.waitUntil(editor.isActiveWindow)
    page = editor.trajectory_page
    assert page.fuel_model.rowCount() == 5 and page.growth_model.rowCount() == 6
    assert not editor.session.undo_stack.count()  # not an edit the user could undo
    editor.steps.setCurrentRow(editor.pages.index(page))
    assert "尚未填写分品种消费量" in page.account_totals.text()  # the old plan had no fuels


def test_a_finding_about_the_trajectory_opens_this_step(qtbot, start_app) -> None:
    from forms.checks import Location

    _window, editor, page = open_trajectory_step(qtbot, start_app)
    editor.steps.setCurrentRow(0)
    editor.go_to(Location(field="meta.declared_peak_year"))
    assert editor.current_page() is page and page.peak_year.hasFocus()


def test_nice_ticks() -> None:
    for low, high in ((3675, 5622), (479, 800), (0.2, 0.9), (100, 100), (0, 1e6)):
        ticks = nice_ticks(low, high)
        assert 3 <= len(ticks) <= 5 and ticks[0] <= low and ticks[-1] >= high


def test_screenshot_at_1024x768(qtbot, start_app, shots) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    assert editor.size().width() == 1024 and editor.size().height() == 768
    folder = shots
    shots: list[Path] = []
    bar = page.scroll.verticalScrollBar()
    for n, position in enumerate((0, bar.maximum())):
        bar.setValue(position)
        QApplication.processEvents()
        path = folder / f"trajectory-{n}.png"
        editor.grab().save(str(path))
        shots.append(path)
    assert not clipped(editor), clipped(editor)
    assert page.chart.width() >= 400 and page.chart.height() >= 280
    body = page.scroll.widget()
    assert body.width() <= page.scroll.viewport().width()  # no sideways scrolling of the page
    assert page.fuel_view.height() >= page.fuel_view.content_height()
    assert page.growth_view.height() >= page.growth_view.content_height()
    page.chart.grab().save(str(folder / "trajectory-chart.png"))
    assert all(p.stat().st_size > 10_000 for p in shots)


def test_the_electricity_factor_is_picked_from_the_cited_table(qtbot, start_app) -> None:
    """The default (Jiangsu, 2021 for base year 2020) is shown with its document and the
    check's note; picking the East China grid factor by keyboard records it, saved and
    undoable, and the account follows: 52 亿kWh × (0.5992 − 0.6451) × 10 = −23.9 万t."""
    window, editor, page = open_trajectory_step(qtbot, start_app)
    combo = page.grid_combo
    assert "2021年江苏省电力平均二氧化碳排放因子" in combo.currentText()
    # the unit as the documents write it in Chinese, not "kgCO2/kWh"
    assert "0.6451 千克二氧化碳/千瓦时" in combo.currentText() and "（默认）" in combo.currentText()
    assert not any("kgCO2" in combo.itemText(n) for n in range(combo.count()))
    document = page.grid_document.text()
    assert "《关于发布2021年电力二氧化碳排放因子的公告》" in document
    assert "公告2024年第12号，2024年4月12日" in document
    assert "与基准年2020年不同" in document and "尚待与原公告核对" in document
    before = page.fuel_model.line("electricity").co2

    page.scroll.ensureWidgetVisible(combo)
    press(Qt.Key.Key_G, ALT)  # the label's mnemonic
    assert combo.hasFocus()
    target = next(
        n
        for n, f in enumerate(page._grid_options)
        if (f.level, f.region, f.year) == ("regional", "huadong", 2021)
    )
    for _ in range(target - combo.currentIndex()):
        press(Qt.Key.Key_Down)
    assert "华东区域电网" in combo.currentText()
    ref = editor.session.plan.meta.grid_factor
    assert (ref.level, ref.region, ref.year) == ("regional", "huadong", 2021)
    stored = window.context.repo.load_plan(editor.session.plan.id).meta.grid_factor
    assert stored == ref and stored.document == "生态环境部 国家统计局公告2024年第12号"
    qtbot.waitUntil(lambda: page.fuel_model.line("electricity").factor == 0.5992)
    assert page.fuel_model.line("electricity").co2 - before == pytest.approx(-23.868, abs=0.01)
    assert "华东区域电网" in fuel_index(page, "electricity", "@source").data()
    editor.undo_action.trigger()
    qtbot.waitUntil(lambda: page.fuel_model.line("electricity").factor == 0.6451)
    qtbot.waitUntil(lambda: "江苏省" in combo.currentText())


def test_the_english_electricity_factor_picker_says_kgco2_per_kwh(qtbot, start_app) -> None:
    _window, _editor, page = open_trajectory_step(qtbot, lambda: start_app("en"))
    combo = page.grid_combo
    assert "0.6451 kgCO2/kWh" in combo.currentText(), combo.currentText()
    assert not any("千克" in combo.itemText(n) for n in range(combo.count()))


def test_a_typed_factor_needs_a_source_given_in_its_dialog(qtbot, start_app) -> None:
    from ui.provenance_dialog import ProvenanceDialog

    _window, editor, page = open_trajectory_step(qtbot, start_app)
    type_into_cell(qtbot, page.fuel_view, fuel_index(page, "coal", "emission_factor"), "2.5")
    qtbot.waitUntil(lambda: "未注明来源" in page.problems.text())
    assert "“煤炭”的排放因子2.5千克二氧化碳/千克" in page.problems.text()
    page.fuel_view.setCurrentIndex(fuel_index(page, "coal", "emission_factor"))
    assert page.factor_source.isEnabled()
    qtbot.mouseClick(page.factor_source, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ProvenanceDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.source.setFocus()
    qtbot.waitUntil(dialog.source.hasFocus)
    type_text("云岚市温室气体清单表3")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "未注明来源" not in page.problems.text())
    coal = next(f for f in editor.session.plan.fuels if f.id == "coal")
    assert coal.emission_factor.provenance.source == "云岚市温室气体清单表3"
    assert fuel_index(page, "coal", "@source").data().endswith("云岚市温室气体清单表3")


def test_sinks_net_figure_and_assumptions_are_shown(qtbot, start_app) -> None:
    from forms.trajectory import assumptions

    _window, editor, page = open_trajectory_step(qtbot, start_app)
    text = page.result.text()
    assert "碳汇（单列，不抵减能源活动排放）" in text and "2035年 6.8 万吨" in text
    policy = page.trajectory.policy
    assert f"2035年 {policy.points[-1].net:,.0f} 万吨" in text
    model = page.assumptions_model
    rows = assumptions(editor.session.plan, editor.session.template)
    shown = [(model.item(n, 0).text(), model.item(n, 1).text()) for n in range(model.rowCount())]
    assert shown == [(a.item, a.value) for a in rows]
    assert page.assumptions_title.text() == "测算假设"
    editor.lang_actions["en"].trigger()
    assert page.assumptions_model.item(0, 0).text() == "Base year (2020)"
    assert "Carbon sinks (apart" in page.result.text()


def test_the_declared_peak_value_is_typed_beside_the_year(qtbot, start_app) -> None:
    _window, editor, page = open_trajectory_step(qtbot, start_app)
    assert page.peak_value.text() == editor.session.plan.meta.declared_peak_value
    page.scroll.ensureWidgetVisible(page.peak_value)
    qtbot.mouseClick(page.peak_value, Qt.MouseButton.LeftButton)
    page.peak_value.selectAll()
    type_text("3000")
    press(Qt.Key.Key_Tab)
    assert editor.session.plan.meta.declared_peak_value == "3000"
    qtbot.waitUntil(lambda: "峰值控制在3000万吨以内" in page.problems.text())
