"""The workbook, read back with openpyxl: sheets, values as typed, formulas, hostile text."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.plan import Plan, Project, TargetValue, Value
from forms.values import parse_number
from tests.exporters.conftest import LONG_PARAGRAPH, NASTY_TEXTS, template_of

SHEETS_ZH = [
    "方案信息",
    "基础数据",
    "指标",
    "重点项目",
    "重点任务",
    "政策创新",
    "工作进度",
    "排放趋势",
    "检查结果",
]
SHEETS_EN = [
    "Plan information",
    "Base data",
    "Indicators",
    "Key projects",
    "Measures",
    "Policies",
    "Schedule",
    "Trajectory",
    "Check findings",
]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def export(plan: Plan, lang: str = "zh") -> Workbook:
    template = template_of(plan)
    data = render_xlsx(plan, template, check_plan(plan, template), lang)
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def header(ws: Worksheet) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def column(ws: Worksheet, title: str) -> int:
    """1-based column index of the header ``title``."""
    return header(ws).index(title) + 1


def rows_by_id(ws: Worksheet) -> dict[str, tuple[Cell, ...]]:
    """Data rows keyed by the stable id in the last column."""
    id_col = column(ws, "id")
    rows = {}
    for row in ws.iter_rows(min_row=2):
        ident = row[id_col - 1].value
        if ident:
            rows[ident] = row
    return rows


def assert_typed(cell: Cell, text: str) -> None:
    """A cell holds what was typed: the number when numeric, else the very text."""
    if not text.strip():
        assert cell.value is None
    elif cell.data_type == "n":
        number = parse_number(text).number
        assert number is not None, f"{text!r} written as a number"
        assert cell.value == pytest.approx(number)
    else:
        assert cell.data_type == "s"
        assert cell.value == text


# -- structure ----------------------------------------------------------------------------------


def test_sheet_names_in_chinese_and_english(demo_city: Plan) -> None:
    assert export(demo_city, "zh").sheetnames == SHEETS_ZH
    assert export(demo_city, "en").sheetnames == SHEETS_EN


def test_english_workbook_has_english_headers_and_labels(demo_city: Plan) -> None:
    wb = export(demo_city, "en")
    for ws in wb.worksheets:
        for title in header(ws):
            assert not CJK.search(title), f"{ws.title}: {title}"
    info = wb["Plan information"]
    for (label,) in info.iter_rows(min_row=2, max_col=1, values_only=True):
        assert label and not CJK.search(label)
    ws = wb["Indicators"]
    obligations = {
        row[0] for row in ws.iter_rows(min_row=2, min_col=6, max_col=6, values_only=True)
    }
    assert obligations <= {"binding", "expected"} and obligations


def test_chinese_workbook_labels(demo_city: Plan) -> None:
    wb = export(demo_city, "zh")
    ws = wb["指标"]
    assert "指标" in header(ws)
    assert header(ws)[-1] == "id"
    obligations = {
        row[0] for row in ws.iter_rows(min_row=2, min_col=6, max_col=6, values_only=True)
    }
    assert obligations == {"约束性", "预期性"}
    totals = [
        row for row in wb["重点项目"].iter_rows(values_only=True) if "合计（不含碳汇）" in row
    ]
    assert len(totals) == 1


def test_workbook_properties(demo_city: Plan) -> None:
    wb = export(demo_city)
    assert wb.properties.title == demo_city.meta.name
    assert wb.properties.creator == "PeakPlan"


def test_plan_information(demo_city: Plan) -> None:
    ws = export(demo_city)["方案信息"]
    info = {label: value for label, value in ws.iter_rows(min_row=2, values_only=True)}
    assert info["试点名称"] == demo_city.meta.name
    assert info["所在省份"] == demo_city.meta.province
    assert info["基准年"] == demo_city.meta.base_year
    assert info["批次"] == "第一批" and demo_city.meta.batch == 1  # as the cover writes it
    assert info["编制指南模板"] == "编制指南（2023年版）"  # its name, not its id
    assert info["导出时间"]


def test_english_plan_information_names_province_and_template_in_english(
    demo_city: Plan,
) -> None:
    """An English workbook of a plan in 江苏省 says Jiangsu, and the template by its name."""
    ws = export(demo_city, lang="en")["Plan information"]
    info = {label: value for label, value in ws.iter_rows(min_row=2, values_only=True)}
    assert demo_city.meta.province == "江苏省"
    assert info["Province"] == "Jiangsu"
    assert info["Guideline template"] == "Guideline (2023 edition)"


def test_header_frozen_and_filtered(demo_city: Plan) -> None:
    wb = export(demo_city)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    assert wb["指标"].auto_filter.ref.startswith("A1:")
    for ws in wb.worksheets:
        for letter, dim in ws.column_dimensions.items():
            assert dim.width is None or dim.width <= 61, (ws.title, letter)


# -- values -------------------------------------------------------------------------------------


def test_every_indicator_with_its_values(demo_city: Plan) -> None:
    for lang in ("zh", "en"):
        ws = export(demo_city, lang)["指标" if lang == "zh" else "Indicators"]
        rows = rows_by_id(ws)
        assert len(rows) == len(demo_city.indicators)
        for indicator in demo_city.indicators:
            row = rows[indicator.id]
            name = indicator.name_zh if lang == "zh" else (indicator.name_en or indicator.name_zh)
            assert row[2].value == name
            # base, 2025 basic, 2025 stretch, 2030 basic, 2030 stretch: columns G to K
            texts = [
                indicator.base.text,
                indicator.target_2025.basic.text,
                indicator.target_2025.stretch.text,
                indicator.target_2030.basic.text,
                indicator.target_2030.stretch.text,
            ]
            for cell, text in zip(row[6:11], texts, strict=True):
                assert_typed(cell, text)


def test_indicator_order_follows_the_plan(demo_city: Plan) -> None:
    ws = export(demo_city)["指标"]
    names = [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [i.name_zh for i in demo_city.indicators]
    numbers = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert numbers == list(range(1, len(demo_city.indicators) + 1))


def test_numbers_display_as_typed(demo_city: Plan) -> None:
    row = demo_city.indicators[0]
    row.base.text = "1,234"
    row.target_2025.basic.text = "14.5"
    row.target_2025.stretch.text = "100"
    row.target_2030.basic.text = "约30"
    row.target_2030.stretch.text = "15%"
    other = demo_city.indicators[1]
    other.base.text = " 28.0 "
    other.target_2025.basic.text = "1,234.50"
    other.target_2025.stretch.text = "007"
    other.target_2030.basic = TargetValue(text="1e5")
    other.target_2030.stretch.text = "0.25"
    rows = rows_by_id(export(demo_city)["指标"])
    cells = rows[row.id][6:11]
    assert [c.value for c in cells] == [1234, 14.5, 100, 30, 15]  # "约30": 30, about
    assert [c.number_format for c in cells] == ["#,##0", "0.0", "0", '0"左右"', "0"]
    cells = rows[other.id][6:11]
    assert [c.value for c in cells] == [28.0, 1234.5, "007", "1e5", 0.25]
    # a target is kept as its number: "1,234.50" → 1234.50, two decimals, no grouping
    assert [cells[n].number_format for n in (0, 1, 4)] == ["0.0", "0.00", "0.00"]


def test_negative_number_is_a_number_and_other_dashes_are_text(demo_city: Plan) -> None:
    row = demo_city.indicators[0]
    row.base.text = "-5.5"
    row.target_2025.basic.text = "-"
    row.target_2025.stretch.text = "--3"
    ws = export(demo_city)["指标"]
    cells = rows_by_id(ws)[row.id][6:9]
    assert cells[0].value == -5.5 and cells[0].data_type == "n"
    assert cells[1].value == "-" and cells[1].data_type == "s"
    assert cells[2].value == "--3" and cells[2].data_type == "s"


def test_indicator_data_validation(demo_city: Plan) -> None:
    ws = export(demo_city)["指标"]
    validations = ws.data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    assert len(lists) == 1
    assert "约束性" in lists[0].formula1 and "预期性" in lists[0].formula1
    assert f"F2:F{1 + len(demo_city.indicators)}" in str(lists[0].sqref)
    decimals = [v for v in validations if v.type == "decimal"]
    assert decimals
    assert all(v.showErrorMessage and v.error for v in decimals)
    # Every indicator with a range has its value cells under the matching validation.
    for n, indicator in enumerate(demo_city.indicators, 2):
        if indicator.range_min is None and indicator.range_max is None:
            continue
        matching = [v for v in decimals if f"G{n}" in v.sqref and f"K{n}" in v.sqref]
        assert len(matching) == 1, indicator.name_zh
        (validation,) = matching
        if indicator.range_min is not None:
            assert float(validation.formula1) == indicator.range_min
        if indicator.range_min is not None and indicator.range_max is not None:
            assert validation.operator == "between"
            assert float(validation.formula2) == indicator.range_max
    # rows sharing a range share one validation
    distinct = {(i.range_min, i.range_max) for i in demo_city.indicators} - {(None, None)}
    assert len(decimals) == len(distinct)


def test_validation_messages_follow_the_language(demo_city: Plan) -> None:
    ws = export(demo_city, "en")["Indicators"]
    for validation in ws.data_validations.dataValidation:
        assert validation.error and not CJK.search(validation.error)
        assert validation.errorTitle and not CJK.search(validation.errorTitle)


def test_base_data_and_derived_values(demo_city: Plan) -> None:
    template = template_of(demo_city)
    ws = export(demo_city)["基础数据"]
    rows = rows_by_id(ws)
    for spec in template.base_data:
        row = rows[spec.id]
        assert row[1].value == spec.name.zh
        value = demo_city.base_value(spec.id) or Value()
        assert_typed(row[2], value.text)
        if value.provenance.source:
            assert row[5].value == value.provenance.source
    for spec in template.derived_for_pilot():
        row = rows[spec.id]
        assert row[1].value == spec.name.zh
        assert row[4].value == "自动计算"
    filled = [rows[spec.id][2].value for spec in template.derived_for_pilot()]
    assert any(isinstance(v, float) for v in filled)


def test_every_project_with_its_investment(demo_city: Plan) -> None:
    ws = export(demo_city)["重点项目"]
    rows = rows_by_id(ws)
    assert len(rows) == len(demo_city.projects)
    for project in demo_city.projects:
        row = rows[project.id]
        assert row[1].value == project.name
        assert_typed(row[4], project.investment.text)
        assert_typed(row[5], project.start_year.text)
        assert_typed(row[8], project.energy_saving.text)
        assert_typed(row[9], project.co2_reduction.text)


def test_project_totals_are_live_formulas_over_all_rows(demo_city: Plan) -> None:
    ws = export(demo_city)["重点项目"]
    n = len(demo_city.projects)
    names = [ws.cell(r, 2).value for r in range(2, n + 2)]
    assert names == [p.name for p in demo_city.projects]
    total_row = n + 2
    assert ws.cell(total_row, 2).value == "合计（不含碳汇）"  # the demo has sink projects
    for letter in ("E", "I", "J"):
        cell = ws[f"{letter}{total_row}"]
        assert cell.data_type == "f"
        assert cell.value.startswith("=SUM(")
        match = re.match(rf"=SUM\({letter}(\d+):{letter}(\d+)\)", cell.value)
        assert match, cell.value
        assert int(match.group(1)) == 2
        assert int(match.group(2)) == n + 1


def test_project_sinks_are_totalled_apart_from_the_co2_avoided(demo_city: Plan) -> None:
    """The CO2 total leaves the 生态保护修复 projects' sinks out and a row of its own sums
    them, as the documents do; without sink projects there is one plain total row."""
    sink_title = "生态保护修复"
    ws = export(demo_city)["重点项目"]
    n = len(demo_city.projects)
    co2, sink = ws[f"J{n + 2}"].value, ws[f"J{n + 3}"].value
    criterion = f'SUMIF(C2:C{n + 1},"{sink_title}",J2:J{n + 1})'
    assert co2 == f"=SUM(J2:J{n + 1})-({criterion})"
    assert ws.cell(n + 3, 2).value == "新增碳汇（单列）" and sink == f"={criterion}"
    demo_city.projects = [p for p in demo_city.projects if p.field != "ecological_restoration"]
    assert len(demo_city.projects) < n
    ws = export(demo_city)["重点项目"]
    n = len(demo_city.projects)
    assert ws.cell(n + 2, 2).value == "合计" and ws[f"J{n + 2}"].value == f"=SUM(J2:J{n + 1})"
    assert ws.cell(n + 3, 2).value is None


def test_non_numeric_investment_stays_text(demo_city: Plan) -> None:
    demo_city.projects[0].investment = Value(text="abc")
    demo_city.projects[1].investment = Value(text="")
    ws = export(demo_city)["重点项目"]
    rows = rows_by_id(ws)
    cell = rows[demo_city.projects[0].id][4]
    assert cell.value == "abc" and cell.data_type == "s"
    assert rows[demo_city.projects[1].id][4].value is None


def test_measures_policies_schedule(demo_city: Plan) -> None:
    wb = export(demo_city)
    measures = rows_by_id(wb["重点任务"])
    groups = {g.id: g.title_zh for g in demo_city.task_groups}
    assert len(measures) == len(demo_city.measures)
    for measure in demo_city.measures:
        row = measures[measure.id]
        assert row[0].value == groups[measure.group_id]
        assert (row[1].value or "") == measure.title
        assert (row[2].value or "") == measure.content
    policies = rows_by_id(wb["政策创新"])
    assert len(policies) == len(demo_city.policies)
    for policy in demo_city.policies:
        assert (policies[policy.id][1].value or "") == policy.title
    milestones = rows_by_id(wb["工作进度"])
    assert len(milestones) == len(demo_city.milestones)
    for milestone in demo_city.milestones:
        assert (milestones[milestone.id][0].value or "") == milestone.period


def test_findings_sheet_lists_the_check(demo_city: Plan) -> None:
    demo_city.projects[0].investment = Value(text="abc")
    demo_city.indicators[0].department = ""
    template = template_of(demo_city)
    findings = check_plan(demo_city, template)
    assert findings
    for lang, title in (("zh", "检查结果"), ("en", "Check findings")):
        ws = export(demo_city, lang)[title]
        message_col = 3
        messages = [r[message_col - 1] for r in ws.iter_rows(min_row=2, values_only=True)]
        assert messages == [f.message(lang) for f in findings]
    ws = export(demo_city)["检查结果"]
    severities = {r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert severities <= {"错误", "警告", "提示"}


# -- hostile input ------------------------------------------------------------------------------


def test_nasty_plan_reads_back_literally(nasty_plan: Plan) -> None:
    wb = export(nasty_plan)
    ws = wb["重点项目"]
    rows = rows_by_id(ws)
    assert len(rows) == 300
    for project in nasty_plan.projects:
        row = rows[project.id]
        for cell, text in (
            (row[1], project.name),
            (row[3], project.content),
            (row[7], project.owner),
        ):
            assert cell.value == text
            assert cell.data_type == "s"
        assert row[4].value == float(project.investment.text)
    # every formula in the sheet is one of the three totals
    formulas = [c for r in ws.iter_rows() for c in r if c.data_type == "f"]
    assert len(formulas) == 3
    assert all(c.row == 302 for c in formulas)


def test_nasty_texts_each_round_trip(nasty_plan: Plan) -> None:
    values = {
        c.value: c.data_type
        for ws in export(nasty_plan).worksheets
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, str)
    }
    for text in NASTY_TEXTS:
        assert text in values, text
        assert values[text] == "s", text
    assert LONG_PARAGRAPH in values


def test_formula_like_text_in_indicators_measures_policies(nasty_plan: Plan) -> None:
    wb = export(nasty_plan)
    indicators = rows_by_id(wb["指标"])
    department = indicators[nasty_plan.indicators[0].id][15]
    assert department.value == NASTY_TEXTS[0]
    note = indicators[nasty_plan.indicators[1].id][16]
    assert note.value == NASTY_TEXTS[5] and note.data_type == "s"
    measure = rows_by_id(wb["重点任务"])[nasty_plan.measures[0].id]
    assert measure[2].value == nasty_plan.measures[0].content
    policy = rows_by_id(wb["政策创新"])[nasty_plan.policies[0].id]
    assert policy[1].value == NASTY_TEXTS[1]
    for ws in wb.worksheets:
        if ws.title != "重点项目":
            assert not [c for r in ws.iter_rows() for c in r if c.data_type == "f"], ws.title


@pytest.mark.parametrize("text", ["=1+1", "+1", "-abc", "@A1", '=HYPERLINK("http://x","y")'])
def test_formula_like_values_are_text(demo_city: Plan, text: str) -> None:
    demo_city.projects[0].investment = Value(text=text)
    demo_city.projects[0].name = text
    demo_city.indicators[0].base.text = text
    wb = export(demo_city)
    project = rows_by_id(wb["重点项目"])[demo_city.projects[0].id]
    for cell in (project[1], project[4]):
        assert cell.value == text and cell.data_type == "s"
    base = rows_by_id(wb["指标"])[demo_city.indicators[0].id][6]
    assert base.value == text and base.data_type == "s"


def test_control_characters_do_not_break_the_workbook(demo_city: Plan) -> None:
    demo_city.projects.append(Project(name="坏\x01字符\x1f", content="制表\t换行\n保留"))
    demo_city.meta.name = "云岚\x0b市"
    wb = export(demo_city)
    row = rows_by_id(wb["重点项目"])[demo_city.projects[-1].id]
    assert row[1].value == "坏\ufffd字符\ufffd"
    assert row[3].value == "制表\t换行\n保留"


def test_empty_plan_exports(demo_city: Plan) -> None:
    demo_city.projects = []
    demo_city.indicators = []
    demo_city.measures = []
    demo_city.policies = []
    demo_city.milestones = []
    wb = export(demo_city, "en")
    assert wb.sheetnames == SHEETS_EN
    assert not [c for r in wb["Key projects"].iter_rows() for c in r if c.data_type == "f"]


def test_large_plan_keeps_validations_grouped() -> None:
    from bench.large_plan import large_plan

    plan = large_plan(indicators=120, projects=500, chapters=10, chars=100)
    wb = export(plan)
    ws = wb["指标"]
    assert len(rows_by_id(ws)) == 120
    ranges = {(i.range_min, i.range_max) for i in plan.indicators} - {(None, None)}
    assert len(ws.data_validations.dataValidation) == len(ranges) + 1
    projects = wb["重点项目"]
    assert projects["E502"].value == "=SUM(E2:E501)"


def test_a_project_named_like_a_formula_is_a_text_cell(demo_city: Plan) -> None:
    name = '=HYPERLINK("http://example.com","x")'
    demo_city.projects[0].name = name
    data = render_xlsx(demo_city, template_of(demo_city), [], "zh")
    sheet = load_workbook(io.BytesIO(data))["重点项目"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert not any(
        str(cell.value).startswith("=HYPERLINK") and cell.data_type == "f"
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_trajectory_sheet_holds_the_yearly_series_and_a_native_chart(demo_city: Plan) -> None:
    from forms.trajectory import project_trajectory

    wb = export(demo_city, "zh")
    ws = wb["排放趋势"]
    trajectory = project_trajectory(demo_city, template_of(demo_city))
    years = [row[0].value for row in ws.iter_rows(min_row=2, max_row=17)]
    assert years == list(range(2020, 2036))
    policy = [row[4].value for row in ws.iter_rows(min_row=2, max_row=17)]
    assert policy == pytest.approx([p.co2 for p in trajectory.policy.points], abs=0.01)
    assert len(ws._charts) == 1
    assert any("峰值" in str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_a_source_and_both_target_values_are_in_the_workbook(demo_city: Plan) -> None:
    from forms.plan import Provenance

    row = next(r for r in demo_city.indicators if r.template_ref == "energy_intensity_reduction")
    row.base.text = "0"
    row.base.provenance = Provenance(source="《云岚统计年鉴2021》表5-2")
    row.target_2025.basic.text, row.target_2025.stretch.text = "15", "16"
    ws = export(demo_city, "zh")["指标"]
    cells = [c.value for r in ws.iter_rows() for c in r]
    assert "《云岚统计年鉴2021》表5-2" in cells
    line = next(r for r in ws.iter_rows() if any(c.value == row.name_zh for c in r))
    values = [c.value for c in line]
    assert 15 in values and 16 in values


def test_the_trajectory_sheet_has_assumptions_sinks_and_factor_units(demo_park: Plan) -> None:
    """A park: the series grow with industrial value added; sinks and net beside CO2; the
    assumptions table; each factor's unit in a column of its own, read back with openpyxl."""
    from forms.trajectory import assumptions, project_trajectory

    ws = export(demo_park, "zh")["排放趋势"]
    header = [c.value for c in ws[1] if c.value is not None]
    assert header[1] == "工业增加值（亿元）"
    assert header[-2:] == ["碳汇（万吨）", "净排放（政策情景，万吨）"]
    policy = project_trajectory(demo_park, template_of(demo_park)).policy
    nets = [row[6].value for row in ws.iter_rows(min_row=2, max_row=17)]
    assert nets == pytest.approx([p.net for p in policy.points], abs=0.01)
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(n for n, row in enumerate(cells) if row[0] == "测算假设")
    rows = assumptions(demo_park, template_of(demo_park))
    assert [r[:2] for r in cells[start + 2 : start + 2 + len(rows)]] == [
        [a.item, a.value] for a in rows
    ]
    account = next(n for n, row in enumerate(cells) if row[0] == "能源品种")
    assert cells[account][5:8] == ["排放因子", "因子单位", "因子来源"]
    electricity = next(row for row in cells[account:] if str(row[0]).startswith("调入电力"))
    assert electricity[5] == 0.6451 and electricity[6] == "千克二氧化碳/千瓦时"
    assert "公告2024年第12号" in electricity[7]


def test_a_sink_field_title_stays_a_literal_criterion() -> None:
    from exporters.xlsx import _criterion

    assert _criterion('生态"修复*?~') == '"生态""修复~*~?~~"'


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_findings_name_their_place_in_words_not_model_ids(demo_city: Plan, lang: str) -> None:
    """The findings sheet showed model names ("trajectory", "fuels", "growth", a fuel's id, a
    period's id) where a reader needs 碳排放趋势测算 / emissions trajectory and the like."""
    demo_city.fuels[0].quantity = Value(text="1e300")  # absurd: a finding on the fuel
    demo_city.growth[0].gdp_growth = Value(text="1e300")  # and on the growth period
    ws = export(demo_city, lang)["检查结果" if lang == "zh" else "Check findings"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    places = {cell for row in rows for cell in row[4:7] if cell}
    raw = {"trajectory", "fuels", "growth", "gdp_growth", demo_city.fuels[0].id}
    raw |= {"quantity.provenance.source", "value.provenance.source"}
    raw |= {g.id for g in demo_city.growth}
    assert places and not places & raw, places
    assert {"grid_factor_year", "value_implausible"} <= {row[7] for row in rows}
