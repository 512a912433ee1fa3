"""The data-collection workbook a department fills: its indicator and project rows.

Sheets: instructions in the plan's language; indicators and projects with locked key columns,
a hidden stable row id in column A, data validation and spare rows for new projects; and a
very hidden sheet holding the plan's fingerprint and the values as sent, against which a
returned workbook is compared (``forms.collect.preview_import``).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exporters.cells import append_row, put, workbook_text
from forms.collect import (
    COLLECT_FORMAT,
    COLLECT_VERSION,
    FIELDS,
    FieldSpec,
    field_text,
    rows_for,
)
from forms.plan import IndicatorRow, Plan, Project, now_iso
from forms.template import Template

META_SHEET = "_peakplan"
BASE_SHEET = "_sent"
SPARE_PROJECT_ROWS = 30
SHEET_TITLES = {
    "instructions": ("填表说明", "Instructions"),
    "indicators": ("指标", "Indicators"),
    "projects": ("重点项目", "Projects"),
}
_LOCKED_FILL = PatternFill("solid", fgColor="E7E9EC")
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_OPEN = Protection(locked=False)


def sheet_title(key: str, lang: str) -> str:
    zh, en = SHEET_TITLES[key]
    return en if lang == "en" else zh


def _instructions(plan: Plan, department: str | None, lang: str) -> list[str]:
    who = department or ("全部单位" if lang == "zh" else "all departments")
    if lang == "en":
        return [
            f"Data collection: {plan.meta.name}",
            f"For: {who}",
            "",
            "1. Fill the white cells of the Indicators and Projects sheets; grey columns are "
            "fixed and protected.",
            "2. Numbers only in number columns (units, thousands separators and % are "
            "understood); a source tells where a base value comes from.",
            "3. New projects go into the empty rows at the end of the Projects sheet.",
            "4. Do not change column A (hidden row ids) or delete rows; the order of rows does "
            "not matter.",
            "5. Save the file as .xlsx and send it back; PeakPlan shows every change before "
            "anything is taken over.",
        ]
    return [
        f"数据收集表：{plan.meta.name}",
        f"填报单位：{who}",
        "",
        "1．请在“指标”和“重点项目”工作表的白色单元格中填写；灰色列为固定内容，已保护。",
        "2．数值列只填数字（可带单位、千位分隔符或 %）；"
        "“基准值数据来源”请注明统计年鉴、部门或测算方法。",
        "3．新增项目请填在“重点项目”表末尾的空行中。",
        "4．请勿修改 A 列（隐藏的行标识），请勿删除行；行的顺序可以调整。",
        "5．填好后保存为 .xlsx 格式发回；导入前 PeakPlan 会列出每一处修改供核对。",
    ]


def _header(ws: Worksheet, specs: tuple[FieldSpec, ...], lang: str) -> None:
    put(ws, 1, 1, "id")
    ws.column_dimensions["A"].hidden = True
    put(ws, 1, 2, "序号" if lang == "zh" else "No.")
    ws.column_dimensions["B"].width = 6
    for n, spec in enumerate(specs, 3):
        cell = put(ws, 1, n, spec.label(lang))
        ws.column_dimensions[get_column_letter(n)].width = spec.width
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "C2"


def _put(ws: Worksheet, row: int, column: int, text: str, editable: bool) -> None:
    cell = put(ws, row, column, text if text else None)
    if editable:
        cell.protection = _OPEN
    else:
        cell.fill = _LOCKED_FILL
    cell.alignment = Alignment(vertical="top", wrap_text=True)


def _data_sheet(
    wb: Workbook,
    key: str,
    items: list[IndicatorRow | Project],
    template: Template,
    lang: str,
    sent: Worksheet,
    spare_rows: int = 0,
) -> Worksheet:
    specs = FIELDS[key]
    ws = wb.create_sheet(sheet_title(key, lang))
    _header(ws, specs, lang)
    for r, item in enumerate(items, 2):
        put(ws, r, 1, item.id)
        put(ws, r, 2, r - 1)
        for c, spec in enumerate(specs, 3):
            text = field_text(item, spec, template, lang)
            _put(ws, r, c, text, spec.editable)
            if spec.editable:
                append_row(sent, [key, item.id, spec.key, text])
    last = len(items) + 1 + spare_rows
    for r in range(len(items) + 2, last + 1):
        for c in range(3, len(specs) + 3):
            ws.cell(r, c).protection = _OPEN
    ws.protection.sheet = True  # against accidents; no password
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    _validations(ws, specs, template, lang, last)
    return ws


def _validations(
    ws: Worksheet, specs: tuple[FieldSpec, ...], template: Template, lang: str, last: int
) -> None:
    if last < 2:
        return
    message = (
        ("请填写数字（可带单位或 %）。", "数值")
        if lang == "zh"
        else ("Enter a number (a unit or % may follow).", "Number")
    )
    for c, spec in enumerate(specs, 3):
        column = get_column_letter(c)
        area = f"{column}2:{column}{last}"
        if spec.key == "field":
            titles = ",".join(f.title.get(lang).replace(",", "，") for f in template.project_fields)
            rule = DataValidation(type="list", formula1=f'"{titles}"', allow_blank=True)
        elif spec.numeric and spec.editable:
            # A prompt, not a refusal: "1,234" or "15%" typed as text is understood on import.
            rule = DataValidation(
                allow_blank=True, showInputMessage=True, promptTitle=message[1], prompt=message[0]
            )
        else:
            continue
        rule.add(area)
        ws.add_data_validation(rule)


def render_collection_workbook(
    plan: Plan, template: Template, department: str | None = None, lang: str | None = None
) -> bytes:
    """The collection workbook for ``department`` (all rows when None)."""
    lang = lang or plan.meta.language
    wb = Workbook()
    info = wb.active
    info.title = sheet_title("instructions", lang)
    for line in _instructions(plan, department, lang):
        append_row(info, [line])
    info.column_dimensions["A"].width = 110
    info["A1"].font = Font(bold=True, size=14)
    meta = wb.create_sheet(META_SHEET)
    sent = wb.create_sheet(BASE_SHEET)
    rows = rows_for(plan, department)
    _data_sheet(wb, "indicators", rows["indicators"], template, lang, sent)
    _data_sheet(wb, "projects", rows["projects"], template, lang, sent, SPARE_PROJECT_ROWS)
    fingerprint = {
        "format": COLLECT_FORMAT,
        "version": str(COLLECT_VERSION),
        "plan_id": plan.id,
        "plan_name": plan.meta.name,
        "department": department or "",
        "template": f"{template.id} {template.version}",
        "language": lang,
        "sent_at": now_iso(),
    }
    for key, value in fingerprint.items():
        append_row(meta, [key, value])
    for hidden in (meta, sent):
        hidden.sheet_state = "veryHidden"
        hidden.protection.sheet = True
    wb.move_sheet(meta, offset=2)
    wb.move_sheet(sent, offset=2)
    wb.active = 0
    wb.properties.title = workbook_text(f"{plan.meta.name} — {department or ''}".strip(" —"))
    wb.properties.creator = "PeakPlan"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
