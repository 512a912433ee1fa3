"""The workbook's trajectory sheet: the energy account, the yearly series of both scenarios,
and a native Excel line chart of their CO2 emissions."""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from exporters.labels import label, qualified
from exporters.text import xml_safe
from forms.plan import Plan
from forms.template import Template
from forms.trajectory import energy_account, project_trajectory

SHEET_TITLES = ("排放趋势", "Trajectory")
_HEADER = (Font(bold=True), PatternFill("solid", fgColor="DDE6F0"))


def _header(ws, row: int, texts: list[str]) -> None:
    for column, text in enumerate(texts, 1):
        cell = ws.cell(row, column, text)
        cell.font, cell.fill = _HEADER


def add_trajectory_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    """Add the sheet when the trajectory can be computed (otherwise the check says why)."""
    trajectory = project_trajectory(plan, template)
    if not trajectory.scenarios:
        return
    t = lambda key, **values: label(key, lang, **values)  # noqa: E731
    ws = wb.create_sheet(SHEET_TITLES[1] if lang == "en" else SHEET_TITLES[0])
    scenarios = [s for s in (trajectory.baseline, trajectory.policy) if s is not None]
    names = [t(f"scenario_{s.scenario}") for s in scenarios]
    _header(
        ws,
        1,
        [
            t("col_year"),
            t("col_gdp"),
            t("col_energy_total"),
            *(qualified(t("col_co2_total"), name, lang) for name in names),
        ],
    )
    reference = scenarios[-1]
    for n, point in enumerate(reference.points):
        row = [point.year, round(point.gdp, 2), round(point.energy, 2)]
        row += [round(s.points[n].co2, 2) for s in scenarios]
        ws.append(row)
        for column in range(2, len(row) + 1):
            ws.cell(n + 2, column).number_format = "#,##0.0"
    last = len(reference.points) + 1
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (8, 18, 22, 24, 24), strict=False):
        ws.column_dimensions[letter].width = width

    chart = LineChart()
    chart.title = t("trajectory_chart")
    chart.y_axis.title = t("unit_10k_t")
    chart.x_axis.title = t("col_year")
    chart.height, chart.width = 9, 18
    data = Reference(ws, min_col=4, max_col=3 + len(scenarios), min_row=1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    for n, scenario in enumerate(scenarios):
        if scenario.scenario == "baseline":
            chart.series[n].graphicalProperties.line.dashStyle = "dash"
    ws.add_chart(chart, "G2")

    row = last + 2
    policy = trajectory.policy
    if policy is not None:
        summary = (
            t("peak_label", year=policy.peak_year, value=f"{policy.peak_co2:,.0f}")
            if policy.peak_year is not None
            else ("2035年前未达峰" if lang == "zh" else "No peak before 2035")
        )
        ws.cell(
            row,
            1,
            f"{t('scenario_policy')}：{summary}"
            if lang == "zh"
            else f"{t('scenario_policy')}: {summary}",
        ).font = Font(bold=True)
        row += 2
    account = energy_account(plan, template, lang)
    if account.filled:
        ws.cell(row, 1, t("account_caption", year=plan.meta.base_year)).font = Font(bold=True)
        row += 1
        _header(
            ws,
            row,
            [
                t("col_fuel"),
                t("col_quantity"),
                t("col_unit"),
                t("col_tce"),
                t("col_co2_total"),
                t("col_factor"),
                t("col_factor_source"),
            ],
        )
        for line in account.lines:
            row += 1
            values = [
                line.fuel.name.get(lang),
                line.quantity,
                line.fuel.unit.get(lang),
                line.tce,
                line.co2,
                line.factor,
                xml_safe(line.factor_source),
            ]
            for column, value in enumerate(values, 1):
                cell = ws.cell(row, column, value)
                if isinstance(value, float) and column in (4, 5):
                    cell.number_format = "#,##0.0"
