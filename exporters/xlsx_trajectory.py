"""The workbook's trajectory sheet: the yearly series of both scenarios with the carbon sinks
and the net figure beside them, a native Excel line chart of their CO2 emissions, the
assumptions of the projection, and the energy account with each factor's unit and source."""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exporters.cells import put
from exporters.labels import label, qualified
from forms.plan import Plan
from forms.template import Template
from forms.trajectory import Trajectory, assumptions, energy_account, project_trajectory
from forms.values import format_number

SHEET_TITLES = ("排放趋势", "Trajectory")
_HEADER = (Font(bold=True), PatternFill("solid", fgColor="DDE6F0"))


def _header(ws: Worksheet, row: int, texts: list[str]) -> None:
    for column, text in enumerate(texts, 1):
        cell = put(ws, row, column, text)
        cell.font, cell.fill = _HEADER


def _series(ws: Worksheet, trajectory: Trajectory, lang: str) -> int:
    """The yearly table from row 1; returns its last row."""
    t = lambda key: label(key, lang)  # noqa: E731
    scenarios = [s for s in (trajectory.baseline, trajectory.policy) if s is not None]
    reference = scenarios[-1]
    sinks = any(p.sink for p in reference.points)
    activity = "col_iva" if trajectory.activity == "industrial_value_added" else "col_gdp"
    _header(
        ws,
        1,
        [
            t("col_year"),
            t(activity),
            t("col_energy_total"),
            *(qualified(t("col_co2_total"), t(f"scenario_{s.scenario}"), lang) for s in scenarios),
            *((t("col_sink"), t("col_net")) if sinks else ()),
        ],
    )
    for n, point in enumerate(reference.points):
        row = [point.year, round(point.activity, 2), round(point.energy, 2)]
        row += [round(s.points[n].co2, 2) for s in scenarios]
        if sinks:
            row += [round(point.sink, 2), round(point.net, 2)]
        for column, value in enumerate(row, 1):
            put(ws, n + 2, column, value, None if column == 1 else "#,##0.0")
    ws.freeze_panes = "A2"
    for column in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = 8 if column == 1 else 22
    chart = LineChart()
    chart.title = t("trajectory_chart")
    chart.y_axis.title = t("unit_10k_t")
    if all(p.co2 >= 0 for s in scenarios for p in s.points):
        chart.y_axis.scaling.min = 0  # Excel would cut the axis near the lowest value
    chart.x_axis.title = t("col_year")
    chart.height, chart.width = 9, 18
    last = len(reference.points) + 1
    data = Reference(ws, min_col=4, max_col=3 + len(scenarios), min_row=1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    for n, scenario in enumerate(scenarios):
        if scenario.scenario == "baseline":
            chart.series[n].graphicalProperties.line.dashStyle = "dash"
    ws.add_chart(chart, f"{get_column_letter(ws.max_column + 2)}2")
    if sinks:
        put(ws, last + 1, 1, t("sink_note")).font = Font(italic=True)
        return last + 1
    return last


def add_trajectory_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    """Add the sheet when the trajectory can be computed (otherwise the check says why)."""
    trajectory = project_trajectory(plan, template)
    if not trajectory.scenarios:
        return
    t = lambda key, **values: label(key, lang, **values)  # noqa: E731
    ws = wb.create_sheet(SHEET_TITLES[1] if lang == "en" else SHEET_TITLES[0])
    row = _series(ws, trajectory, lang) + 2
    policy = trajectory.policy
    if policy is not None:
        summary = (
            t("peak_label", year=policy.peak_year, value=format_number(policy.peak_co2, 0))
            if policy.peak_year is not None
            else ("2035年前未达峰" if lang == "zh" else "No peak before 2035")
        )
        put(
            ws,
            row,
            1,
            f"{t('scenario_policy')}：{summary}"
            if lang == "zh"
            else f"{t('scenario_policy')}: {summary}",
        ).font = Font(bold=True)
        row += 2
    row = _assumptions(ws, plan, template, lang, row) + 2
    _account(ws, plan, template, lang, row)


def _assumptions(ws: Worksheet, plan: Plan, template: Template, lang: str, row: int) -> int:
    """The assumptions table (item, assumption) from ``row``; returns its last row."""
    put(ws, row, 1, label("assumptions_caption", lang)).font = Font(bold=True)
    row += 1
    _header(ws, row, [label("col_item", lang), label("col_assumption", lang)])
    for assumption in assumptions(plan, template, lang):
        row += 1
        put(ws, row, 1, assumption.item)
        cell = put(ws, row, 2, assumption.value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return row


def _account(ws: Worksheet, plan: Plan, template: Template, lang: str, row: int) -> None:
    account = energy_account(plan, template, lang)
    if not account.filled:
        return
    t = lambda key, **values: label(key, lang, **values)  # noqa: E731
    put(ws, row, 1, t("account_caption", year=plan.meta.base_year)).font = Font(bold=True)
    row += 1
    keys = ["col_fuel", "col_quantity", "col_unit", "col_tce", "col_co2_total", "col_factor"]
    _header(ws, row, [t(k) for k in (*keys, "col_factor_unit", "col_factor_source")])
    for line in account.lines:
        row += 1
        values = [
            line.fuel.name.get(lang),
            line.quantity,
            line.fuel.unit.get(lang),
            line.tce,
            line.co2,
            line.factor,
            line.factor_unit if line.factor else "",
            line.factor_source,
        ]
        for column, value in enumerate(values, 1):
            grouped = isinstance(value, float) and column in (4, 5)
            put(ws, row, column, value, "#,##0.0" if grouped else None)
