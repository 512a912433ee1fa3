"""The workbook's monitoring sheet: each year's actual values against the straight path."""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from exporters.cells import append_row, put_row
from exporters.labels import label
from forms.monitoring import indicator_progress
from forms.plan import Plan

SHEET_TITLES = ("监测评估", "Monitoring")
_OFF = PatternFill("solid", fgColor="FDE2E1")


def add_monitoring_sheet(wb: Workbook, plan: Plan, lang: str) -> None:
    years = sorted({e.year for e in plan.monitoring if e.collection == "indicators"})
    if not years:
        return
    ws = wb.create_sheet(SHEET_TITLES[1] if lang == "en" else SHEET_TITLES[0])
    header = [
        label(k, lang)
        for k in (
            "col_year",
            "col_indicator",
            "col_unit",
            "col_expected",
            "col_actual",
            "col_on_track",
        )
    ]
    for cell in put_row(ws, 1, header):
        cell.font = Font(bold=True)
    for year in years:
        for progress in indicator_progress(plan, year):
            if progress.actual is None:
                continue
            name = (
                progress.row.name_en
                if lang == "en" and progress.row.name_en
                else (progress.row.name_zh)
            )
            cells = append_row(
                ws,
                [
                    year,
                    name,
                    progress.row.unit,
                    None if progress.expected is None else round(progress.expected, 2),
                    progress.actual,
                    label(progress.state, lang),
                ],
            )
            if progress.on_track is False:
                for cell in cells:
                    cell.fill = _OFF
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (8, 36, 12, 14, 12, 14), strict=True):
        ws.column_dimensions[letter].width = width
