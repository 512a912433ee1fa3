"""The plan as an Excel workbook: one sheet per part of the plan, for departments to review.

Numbers are written as the user typed them: a plain number ("14.5", "1,234", "100") becomes a
numeric cell whose number format shows it exactly as typed; anything else ("约15", "15%",
"abc") stays text.  No user text ever becomes a formula: a string that a spreadsheet would
take for one is stored as inert text (every cell goes through :mod:`exporters.cells`).  The
only formulas in the workbook are the project totals, written by this module.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exporters.cells import put, put_formula, workbook_text
from exporters.labels import LABELS, plan_title
from exporters.numbering import chinese_numeral
from exporters.xlsx_monitoring import add_monitoring_sheet
from exporters.xlsx_trajectory import add_trajectory_sheet
from forms.appinfo import APP_NAME, APP_VERSION
from forms.checks import Finding, Severity
from forms.derived import derived_values
from forms.labels import keyed_labels
from forms.peak import declared_peak, peak_sentence
from forms.plan import (
    IndicatorRow,
    Plan,
    PlanStatus,
    Provenance,
    Quality,
    SourceKind,
    TargetValue,
    Value,
    now_iso,
)
from forms.qualifiers import Qualifier, official, read_target
from forms.targets import TARGET_YEARS, reference_year, target_of
from forms.template import Direction, PilotType, Template
from forms.values import parse_number

# Texts of the workbook that exporters/labels.py does not hold: (zh, en); the words of the
# code's choices come from their enums.
_TEXTS: dict[str, tuple[str, str]] = {
    **keyed_labels("pilot_", PilotType),
    **keyed_labels("status_", PlanStatus),
    **keyed_labels("direction_", Direction),
    **keyed_labels("kind_", SourceKind),
    **keyed_labels("quality_", Quality),
    **keyed_labels("severity_", Severity),
    # sheet names (at most 31 characters, none of []:*?/\)
    "sheet_info": ("方案信息", "Plan information"),
    "sheet_base": ("基础数据", "Base data"),
    "sheet_indicators": ("指标", "Indicators"),
    "sheet_projects": ("重点项目", "Key projects"),
    "sheet_measures": ("重点任务", "Measures"),
    "sheet_policies": ("政策创新", "Policies"),
    "sheet_schedule": ("工作进度", "Schedule"),
    "sheet_findings": ("检查结果", "Check findings"),
    # plan information
    "info_field": ("项目", "Field"),
    "info_value": ("内容", "Value"),
    "info_name": ("试点名称", "Pilot name"),
    "info_pilot_type": ("试点类型", "Pilot type"),
    "info_province": ("所在省份", "Province"),
    "info_batch": ("批次", "Batch"),
    "info_base_year": ("基准年", "Base year"),
    "info_peak_year": ("达峰年份", "Declared peak year"),
    "info_peak_value": ("峰值（万吨二氧化碳）", "Peak emissions (10k t CO2)"),
    "info_peak_statement": ("达峰目标表述", "Peak statement"),
    "info_status": ("方案状态", "Status"),
    "info_template": ("编制指南模板", "Guideline template"),
    "info_template_version": ("模板版本", "Template version"),
    "info_language": ("方案语言", "Plan language"),
    "info_export_language": ("导出语言", "Export language"),
    "info_created": ("创建时间", "Created"),
    "info_updated": ("更新时间", "Last updated"),
    "info_exported": ("导出时间", "Exported"),
    "info_plan_id": ("方案标识", "Plan id"),
    "info_software": ("导出软件", "Exported by"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
    # columns
    "col_group": ("分组", "Group"),
    "col_source_kind": ("来源类型", "Source type"),
    "col_quality": ("数据质量", "Quality"),
    "col_note": ("备注", "Note"),
    "col_name": ("名称", "Name"),
    "col_direction": ("改善方向", "Direction"),
    "col_base_source": ("基准值来源", "Source of base value"),
    "col_2025_basic": ("2025年目标", "2025 target"),
    "col_2025_stretch": ("2025年力争目标", "2025 stretch target"),
    "col_2030_basic": ("2030年目标", "2030 target"),
    "col_2030_stretch": ("2030年力争目标", "2030 stretch target"),
    "col_2025_reference": ("2025年目标比较年份", "2025 target vs year"),
    "col_2030_reference": ("2030年目标比较年份", "2030 target vs year"),
    "col_reference_value": ("比较年份数值", "Value in that year"),
    "col_start_year": ("开工年份", "Start year"),
    "col_end_year": ("完成年份", "End year"),
    "col_task_group": ("任务领域", "Task area"),
    "col_measure": ("措施", "Measure"),
    "col_timeframe": ("完成时限", "Time frame"),
    "col_policy_type": ("政策类型", "Policy type"),
    "col_title": ("标题", "Title"),
    "col_content_text": ("主要内容", "Content"),
    "col_severity": ("级别", "Severity"),
    "col_message": ("问题", "Finding"),
    "col_chapter": ("章节", "Chapter"),
    "col_section": ("部分", "Section"),
    "col_location_item": ("条目", "Item"),
    "col_location_field": ("字段", "Field"),
    "col_code": ("代码", "Code"),
    "col_id": ("id", "id"),
    # values
    "computed": ("自动计算", "computed"),
    "computed_source": ("由基础数据自动计算", "computed from the base data"),
    "no_findings": ("未发现问题。", "No findings."),
    "section_base_data": ("基础数据", "base data"),
    "section_indicators": ("指标", "indicators"),
    "section_projects": ("重点项目", "key projects"),
    "section_task_groups": ("重点任务", "task areas"),
    "section_measures": ("措施", "measures"),
    "section_policies": ("政策创新", "policies"),
    "section_milestones": ("工作进度", "schedule"),
    "section_chapters": ("章节", "chapters"),
    "field_base": ("基准值", "base value"),
    "field_target_2025.basic": ("2025年目标", "2025 target"),
    "field_target_2025.stretch": ("2025年力争目标", "2025 stretch target"),
    "field_target_2030.basic": ("2030年目标", "2030 target"),
    "field_target_2030.stretch": ("2030年力争目标", "2030 stretch target"),
    "field_investment": ("总投资", "investment"),
    "field_start_year": ("开工年份", "start year"),
    "field_end_year": ("完成年份", "end year"),
    "field_energy_saving": ("年节能量", "energy saving"),
    "field_co2_reduction": ("年减排量", "CO2 reduction"),
    "field_department": ("责任单位", "department"),
    "field_owner": ("责任单位", "owner"),
    "field_field": ("领域", "field"),
    "field_name": ("名称", "name"),
    "field_title": ("标题", "title"),
    "field_text": ("正文", "text"),
    "field_value": ("数值", "value"),
    "field_meta.name": ("试点名称", "pilot name"),
    "field_meta.province": ("所在省份", "province"),
    "field_meta.declared_peak_year": ("达峰年份", "declared peak year"),
    "field_meta.declared_peak_value": ("峰值", "declared peak value"),
    "field_trajectory": ("碳排放趋势测算", "emissions trajectory"),
    "field_outline": ("章节结构", "outline"),
    "field_quantity": ("消费量", "quantity"),
    "field_emission_factor": ("排放因子", "emission factor"),
    "field_gdp_growth": ("地区生产总值增速", "GDP growth"),
    "field_energy_intensity_decline": ("能耗强度下降率", "energy-intensity decline"),
    "field_carbon_intensity_decline": ("碳排放强度下降率", "carbon-intensity decline"),
    "field_target_2025.basic.text": ("2025年目标", "2025 target"),
    "field_target_2030.basic.text": ("2030年目标", "2030 target"),
    "field_target_2025.reference_year": ("2025年目标比较年份", "2025 target: reference year"),
    "field_target_2030.reference_year": ("2030年目标比较年份", "2030 target: reference year"),
    "field_target_2025.reference_value": (
        "2025年目标比较年份数值",
        "2025 target: reference-year value",
    ),
    "field_target_2030.reference_value": (
        "2030年目标比较年份数值",
        "2030 target: reference-year value",
    ),
    "section_fuels": ("能源消费与碳排放核算", "energy and emissions account"),
    "section_growth": ("增长假设", "growth assumptions"),
    # validation messages
    "validation_title": ("数值无效", "Invalid value"),
    "validation_between": (
        "请输入 {low} 至 {high} 之间的数值。",
        "Enter a number from {low} to {high}.",
    ),
    "validation_min": ("请输入不小于 {low} 的数值。", "Enter a number of at least {low}."),
    "validation_max": ("请输入不大于 {high} 的数值。", "Enter a number of at most {high}."),
    "validation_obligation": ("请选择“约束性”或“预期性”。", "Choose “binding” or “expected”."),
}

_ID_HEADERS = set(_TEXTS["col_id"])
MAX_WIDTH = 60
WRAP_WIDTH = 60  # long-text columns: this wide, wrapped

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")
_TOTAL_FONT = Font(bold=True)

# A number typed plainly: optional minus, no leading zeros, optional decimals; or grouped by
# thousands ("1,234.5").  Anything else ("15%", "1e5", "007", "+3", "１２") stays text.
_PLAIN = re.compile(r"^(-?)(0|[1-9]\d*)(?:\.(\d+))?$")
_PLAIN_GROUPED = re.compile(r"^(-?)([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$")


def _t(key: str, lang: str) -> str:
    zh, en = _TEXTS[key] if key in _TEXTS else LABELS[key]
    return en if lang == "en" else zh


def _pick(lang: str, zh: str, en: str) -> str:
    return (en or zh) if lang == "en" else zh


@lru_cache(maxsize=64)
def _number_format(decimals: int, grouped: bool) -> str:
    base = "#,##0" if grouped else "0"
    return base + ("." + "0" * decimals if decimals else "")


def typed_number(text: str) -> tuple[int | float, str] | None:
    """(number, number format) when ``text`` is a plain number, shown as typed; else None."""
    stripped = text.strip()
    match = _PLAIN.match(stripped) or _PLAIN_GROUPED.match(stripped)
    if match is None or not parse_number(stripped).ok:
        return None
    sign, whole, decimals = match.group(1), match.group(2), match.group(3) or ""
    digits = whole.replace(",", "")
    if len(digits.lstrip("0")) + len(decimals) > 15:  # beyond a double's precision
        return None
    number: int | float = float(digits + "." + decimals) if decimals else int(digits)
    if sign:
        if not number:
            return None  # "-0" would display as "0"
        number = -number
    return number, _number_format(len(decimals), "," in whole)


@lru_cache(maxsize=4096)
def _display_width(text: str) -> int:
    """Estimated width in character units of the longest line: CJK and emoji count double."""
    best = 0
    for line in text[:400].splitlines() or [""]:
        width = 0
        for char in line[:MAX_WIDTH]:
            width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        best = max(best, width)
    return best


@dataclass
class _Column:
    header: str
    wrap: bool = False  # long text: fixed width, wrapped
    min_width: int = 6
    width: int = 0


@dataclass
class _Sheet:
    """A table sheet being filled row by row; keeps the column widths as it goes."""

    ws: Worksheet
    columns: list[_Column]
    row: int = 1

    @classmethod
    def create(cls, wb: Workbook, title: str, columns: Sequence[_Column]) -> _Sheet:
        ws = wb.create_sheet(title)
        sheet = cls(ws, list(columns))
        for col, column in enumerate(sheet.columns, 1):
            cell = put(ws, 1, col, column.header)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = _HEADER_ALIGN
            column.width = _display_width(column.header)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return sheet

    def put_text(self, col: int, text: str) -> None:
        """A string cell, never a formula; blank text leaves the cell empty."""
        if not text:
            return
        cell = put(self.ws, self.row, col, text)
        text = str(cell.value)
        column = self.columns[col - 1]
        if column.wrap:
            cell.alignment = _WRAP
        elif column.width < MAX_WIDTH:
            column.width = max(column.width, _display_width(text))

    def put_value(self, col: int, text: str, affix: str = "") -> None:
        """A typed value: a number cell when typed as a plain number, otherwise its text.
        ``affix`` ("#左右", "about #") wraps the number format: 22 shows as "22左右"."""
        if not text.strip():
            return
        number = typed_number(text)
        if number is None:
            self.put_text(col, affix.replace("#", text) if affix else text)
            return
        value, number_format = number
        if affix:
            before, after = affix.split("#")
            number_format = "".join(
                (f'"{before}"' if before else "", number_format, f'"{after}"' if after else "")
            )
        put(self.ws, self.row, col, value, number_format)
        column = self.columns[col - 1]
        column.width = max(column.width, len(text.strip()))

    def put_number(self, col: int, value: float | None, number_format: str, width: int) -> None:
        if value is None:
            return
        put(self.ws, self.row, col, value, number_format)
        column = self.columns[col - 1]
        column.width = max(column.width, width)

    def add_row(self, values: Iterable[tuple[str, ...] | int | None]) -> None:
        """Append a row: ("t", text) is text, ("v", text) a typed value, ("v", text, affix) a
        qualified one, an int a number."""
        self.row += 1
        for col, item in enumerate(values, 1):
            if item is None:
                continue
            if isinstance(item, int):
                self.put_number(col, item, "0", len(str(item)))
                continue
            kind, text, *affix = item
            if kind == "v":
                self.put_value(col, text, *affix)
            else:
                self.put_text(col, text)

    def finish(self, filter_to_row: int | None = None) -> None:
        """Fit the column widths; put an auto filter over the header and the data rows.
        The id column (kept for a round trip) is hidden: users never see internal ids."""
        for col, column in enumerate(self.columns, 1):
            if column.wrap:
                width = WRAP_WIDTH
            else:
                width = min(max(column.width, column.min_width) + 2, MAX_WIDTH)
            dimension = self.ws.column_dimensions[get_column_letter(col)]
            dimension.width = width
            if column.header in _ID_HEADERS:
                dimension.hidden = True
        last = self.row if filter_to_row is None else filter_to_row
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{max(last, 1)}"


def _txt(text: str) -> tuple[str, str]:
    return ("t", text)


def _v(value: Value) -> tuple[str, str]:
    return ("v", value.text)


def _target(value: TargetValue, unit: str, lang: str) -> tuple[str, ...]:
    """A target cell: the number as typed, its qualifier in the number format ("22左右"); a
    target set by the province as its words; an unreadable one as typed."""
    found = read_target(value.text, unit, value.qualifier)
    if found.by_province:
        return _txt(official("", Qualifier.PROVINCE, "", lang))
    if found.problem or found.blank or found.qualifier is Qualifier.EXACT:
        return ("v", found.number_text if found.ok else value.text)
    return ("v", found.number_text, official("#", found.qualifier, "", lang))


def _references(row: IndicatorRow) -> list[tuple[str, ...] | int | None]:
    """Each target year's reference year (a reduction's) and the value entered for it."""
    cells: list[tuple[str, ...] | int | None] = []
    for year in TARGET_YEARS:
        cells.append(reference_year(row, year))
        cells.append(_v(target_of(row, year).reference_value))
    return cells


def _kind_text(provenance: Provenance, lang: str) -> str:
    return _t(f"kind_{provenance.kind.value}", lang) if provenance.kind else ""


def _quality_text(provenance: Provenance, lang: str) -> str:
    return _t(f"quality_{provenance.quality.value}", lang) if provenance.quality else ""


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


# -- the sheets ------------------------------------------------------------------------------


def _peak_rows(plan: Plan, lang: str) -> list[tuple[str, tuple[str, str] | int | None]]:
    """The declared peak, from the one place every document takes it from."""
    peak = declared_peak(plan)
    rows: list[tuple[str, tuple[str, str] | int | None]] = [
        (
            "info_peak_year",
            peak.year if peak.year is not None else _txt(plan.meta.declared_peak_year),
        )
    ]
    if peak.value is not None:
        rows.append(("info_peak_value", ("v", plan.meta.declared_peak_value)))
    sentence = peak_sentence(plan, lang)
    if sentence:
        rows.append(("info_peak_statement", _txt(sentence)))
    return rows


def _batch_text(batch: int, lang: str) -> str:
    """“第一批”, as the pilot lists and the cover write a batch; “Batch 1” in English."""
    zh, en = LABELS["batch"]
    if lang == "zh":
        return zh.format(batch=chinese_numeral(batch))
    return en.format(batch=batch).capitalize()


def _info_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    meta = plan.meta
    exported = now_iso()  # 更新时间 and 导出时间: this workbook's moment, on every path
    sheet = _Sheet.create(
        wb,
        _t("sheet_info", lang),
        [_Column(_t("info_field", lang)), _Column(_t("info_value", lang), min_width=30)],
    )
    rows: list[tuple[str, tuple[str, str] | int | None]] = [
        ("info_name", _txt(meta.name)),
        ("info_pilot_type", _txt(_t(f"pilot_{meta.pilot_type.value}", lang))),
        ("info_province", _txt(template.localize(meta.province, lang))),
        ("info_batch", _txt(_batch_text(meta.batch, lang)) if meta.batch else None),
        ("info_base_year", meta.base_year),
        *_peak_rows(plan, lang),
        ("info_status", _txt(_t(f"status_{meta.status.value}", lang))),
        ("info_template", _txt(template.display_name(lang))),
        ("info_template_version", _txt(meta.template_version or template.version)),
        ("info_language", _txt(_t(f"lang_{meta.language}", lang))),
        ("info_export_language", _txt(_t(f"lang_{lang}", lang))),
        ("info_created", _txt(meta.created_at)),
        ("info_updated", _txt(exported)),
        ("info_exported", _txt(exported)),
        ("info_software", _txt(f"{APP_NAME} {APP_VERSION}")),
        ("info_plan_id", _txt(plan.id)),
    ]
    for key, value in rows:
        sheet.add_row([_txt(_t(key, lang)), value])
        if key == "info_plan_id":  # kept for a round trip, not shown
            sheet.ws.row_dimensions[sheet.row].hidden = True
    sheet.finish()
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    for row in sheet.ws.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = left
    sheet.ws.auto_filter.ref = None


def _base_data_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_base", lang),
        [
            _Column(_t("col_group", lang)),
            _Column(_t("col_item", lang)),
            _Column(_t("col_value", lang), min_width=10),
            _Column(_t("col_unit", lang)),
            _Column(_t("col_source_kind", lang)),
            _Column(_t("col_source", lang)),
            _Column(_t("col_quality", lang)),
            _Column(_t("col_note", lang)),
            _Column(_t("col_id", lang)),
        ],
    )
    groups = {g.id: g.title.get(lang) for g in template.base_data_groups}
    order = {g.id: n for n, g in enumerate(template.base_data_groups)}
    items = sorted(template.base_data, key=lambda item: order.get(item.group, len(order)))
    for item in items:
        value = plan.base_value(item.id) or Value()
        prov = value.provenance
        sheet.add_row(
            [
                _txt(groups.get(item.group, item.group)),
                _txt(item.name.get(lang)),
                _v(value),
                _txt(item.unit.get(lang)),
                _txt(_kind_text(prov, lang)),
                _txt(prov.source),
                _txt(_quality_text(prov, lang)),
                _txt(prov.note),
                _txt(item.id),
            ]
        )
    heading = _t("derived_heading", lang)
    for derived in derived_values(plan, template):
        sheet.add_row(
            [
                _txt(heading),
                _txt(derived.spec.name.get(lang)),
                None,
                _txt(derived.spec.unit.get(lang)),
                _txt(_t("computed", lang)),
                _txt(_t("computed_source", lang)),
                None,
                None,
                _txt(derived.spec.id),
            ]
        )
        sheet.put_number(3, derived.value, "#,##0.000", 12)
    sheet.finish()


# Indicator sheet columns (1-based): the numeric ones carry the range validation.
_IND_OBLIGATION = 6
_IND_FIRST_VALUE, _IND_LAST_VALUE = 7, 11


def _indicator_unit(row: IndicatorRow, template: Template, lang: str) -> str:
    if lang == "en" and row.template_ref:
        spec = template.indicator(row.template_ref)
        if spec is not None and row.unit == spec.unit.zh:
            return spec.unit.en
    return row.unit


def _validation_message(low: float | None, high: float | None, lang: str) -> str:
    if low is not None and high is not None:
        template = _t("validation_between", lang)
    elif low is not None:
        template = _t("validation_min", lang)
    else:
        template = _t("validation_max", lang)
    return template.format(
        low=_number_text(low) if low is not None else "",
        high=_number_text(high) if high is not None else "",
    )


def _row_spans(rows: list[int]) -> Iterable[tuple[int, int]]:
    """Consecutive row numbers merged: [2, 3, 4, 7] → (2, 4), (7, 7)."""
    start = previous = rows[0]
    for row in rows[1:]:
        if row != previous + 1:
            yield start, previous
            start = row
        previous = row
    yield start, previous


def _indicator_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    sheet = _Sheet.create(wb, _t("sheet_indicators", lang), _indicator_columns(lang))
    categories = {c.id: c.title.get(lang) for c in template.indicator_categories}
    directions = {d: _t(f"direction_{d.value}", lang) for d in Direction}
    ranges: dict[tuple[float | None, float | None], list[int]] = {}
    for n, row in enumerate(plan.indicators, 1):
        prov = row.base.provenance
        sheet.add_row(
            [
                n,
                _txt(categories.get(row.category, row.category)),
                _txt(_pick(lang, row.name_zh, row.name_en)),
                _txt(_indicator_unit(row, template, lang)),
                _txt(directions[row.direction]),
                _txt(_t(row.obligation.value, lang)),
                _v(row.base),
                _target(row.target_2025.basic, row.unit, lang),
                _target(row.target_2025.stretch, row.unit, lang),
                _target(row.target_2030.basic, row.unit, lang),
                _target(row.target_2030.stretch, row.unit, lang),
                *_references(row),
                _txt(row.department),
                _txt(row.note),
                _txt(prov.source.strip() or _kind_text(prov, lang)),
                _txt(row.id),
            ]
        )
        if row.range_min is not None or row.range_max is not None:
            ranges.setdefault((row.range_min, row.range_max), []).append(sheet.row)
    _obligation_validation(sheet.ws, sheet.row, lang)
    _range_validations(sheet.ws, ranges, lang)
    sheet.finish()


def _indicator_columns(lang: str) -> list[_Column]:
    return [
        _Column(_t("col_no", lang), min_width=4),
        _Column(_t("col_category", lang)),
        _Column(_t("col_indicator", lang)),
        _Column(_t("col_unit", lang)),
        _Column(_t("col_direction", lang)),
        _Column(_t("col_obligation", lang)),
        _Column(_t("col_base", lang), min_width=8),
        _Column(_t("col_2025_basic", lang), min_width=8),
        _Column(_t("col_2025_stretch", lang), min_width=8),
        _Column(_t("col_2030_basic", lang), min_width=8),
        _Column(_t("col_2030_stretch", lang), min_width=8),
        _Column(_t("col_2025_reference", lang), min_width=6),
        _Column(_t("col_reference_value", lang), min_width=6),
        _Column(_t("col_2030_reference", lang), min_width=6),
        _Column(_t("col_reference_value", lang), min_width=6),
        _Column(_t("col_department", lang)),
        _Column(_t("col_note", lang)),
        _Column(_t("col_base_source", lang)),
        _Column(_t("col_id", lang)),
    ]


def _obligation_validation(ws: Worksheet, last: int, lang: str) -> None:
    """The obligation column offers its two words, in the workbook's language."""
    if last >= 2:
        words = ",".join(_t(key, lang) for key in ("binding", "expected"))
        obligation = DataValidation(
            type="list",
            formula1=f'"{words}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_t("validation_title", lang),
            error=_t("validation_obligation", lang),
        )
        letter = get_column_letter(_IND_OBLIGATION)
        obligation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(obligation)


def _range_validations(
    ws: Worksheet, ranges: dict[tuple[float | None, float | None], list[int]], lang: str
) -> None:
    """Each indicator's value cells accept only numbers in its plausible range."""
    first_letter = get_column_letter(_IND_FIRST_VALUE)
    last_letter = get_column_letter(_IND_LAST_VALUE)
    for (low, high), rows in ranges.items():
        if low is not None and high is not None:
            operator, formula1, formula2 = "between", _number_text(low), _number_text(high)
        elif low is not None:
            operator, formula1, formula2 = "greaterThanOrEqual", _number_text(low), None
        else:
            assert high is not None
            operator, formula1, formula2 = "lessThanOrEqual", _number_text(high), None
        validation = DataValidation(
            type="decimal",
            operator=operator,
            formula1=formula1,
            formula2=formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_t("validation_title", lang),
            error=_validation_message(low, high, lang),
        )
        for start, end in _row_spans(rows):
            validation.add(f"{first_letter}{start}:{last_letter}{end}")
        ws.add_data_validation(validation)


# Key-project sheet columns (1-based) that are summed in the totals row.
_PRJ_INVESTMENT, _PRJ_ENERGY, _PRJ_CO2 = 5, 9, 10


def _projects_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_projects", lang),
        [
            _Column(_t("col_no", lang), min_width=4),
            _Column(_t("col_project", lang)),
            _Column(_t("col_field", lang)),
            _Column(_t("col_content", lang), wrap=True),
            _Column(_t("col_investment", lang), min_width=10),
            _Column(_t("col_start_year", lang)),
            _Column(_t("col_end_year", lang)),
            _Column(_t("col_owner", lang)),
            _Column(_t("col_energy", lang), min_width=10),
            _Column(_t("col_co2", lang), min_width=10),
            _Column(_t("col_id", lang)),
        ],
    )
    fields = {f.id: f.title.get(lang) for f in template.project_fields}
    decimals = {_PRJ_INVESTMENT: 0, _PRJ_ENERGY: 0, _PRJ_CO2: 0}
    for n, project in enumerate(plan.projects, 1):
        sheet.add_row(
            [
                n,
                _txt(project.name),
                _txt(fields.get(project.field, project.field)),
                _txt(project.content),
                _v(project.investment),
                _v(project.start_year),
                _v(project.end_year),
                _txt(project.owner),
                _v(project.energy_saving),
                _v(project.co2_reduction),
                _txt(project.id),
            ]
        )
        for col, value in (
            (_PRJ_INVESTMENT, project.investment),
            (_PRJ_ENERGY, project.energy_saving),
            (_PRJ_CO2, project.co2_reduction),
        ):
            _, _, fraction = value.text.strip().partition(".")
            if fraction.isdigit():
                decimals[col] = max(decimals[col], min(len(fraction), 6))
    last = sheet.row
    sink_ids = {f.id for f in template.project_fields if f.sink}
    used = {p.field for p in plan.projects}
    sinks = [fields[f] for f in sorted(sink_ids & used)]
    _projects_total_row(sheet, decimals, lang, sinks)
    sheet.finish(filter_to_row=last)


def _criterion(text: str) -> str:
    """``text`` as a SUMIF criterion that matches it literally, quoted for a formula."""
    literal = re.sub(r"([~*?])", r"~\1", text)
    return '"' + literal.replace('"', '""') + '"'


def _projects_total_row(
    sheet: _Sheet, decimals: dict[int, int], lang: str, sinks: list[str]
) -> None:
    """A row that sums investment, energy saved and CO2 cut with formulas.  Where projects
    of a sink field (生态保护修复) add carbon sinks, the CO2 total leaves them out and a
    second row sums them: sinks are reported apart, as in the documents."""
    last = sheet.row
    sheet.row += 1
    total_row = sheet.row
    label_cell = put(sheet.ws, total_row, 2, _t("total_without_sinks" if sinks else "total", lang))
    label_cell.font = _TOTAL_FONT
    field = get_column_letter(3)
    co2 = get_column_letter(_PRJ_CO2)
    sink_sum = "+".join(
        f"SUMIF({field}2:{field}{last},{_criterion(title)},{co2}2:{co2}{last})" for title in sinks
    )
    for col, places in decimals.items():
        letter = get_column_letter(col)
        number_format = _number_format(places, True)
        if last >= 2:
            formula = f"=SUM({letter}2:{letter}{last})"
            if col == _PRJ_CO2 and sinks:
                formula += f"-({sink_sum})"
            cell = put_formula(sheet.ws, total_row, col, formula, number_format)
        else:
            cell = put(sheet.ws, total_row, col, 0, number_format)
        cell.font = _TOTAL_FONT
        sheet.columns[col - 1].width = max(sheet.columns[col - 1].width, 12)
    if sinks and last >= 2:
        sheet.row += 1
        put(sheet.ws, sheet.row, 2, _t("total_sinks", lang)).font = _TOTAL_FONT
        cell = put_formula(
            sheet.ws, sheet.row, _PRJ_CO2, f"={sink_sum}", _number_format(decimals[_PRJ_CO2], True)
        )
        cell.font = _TOTAL_FONT


def _measures_sheet(wb: Workbook, plan: Plan, lang: str) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_measures", lang),
        [
            _Column(_t("col_task_group", lang)),
            _Column(_t("col_measure", lang)),
            _Column(_t("col_content_text", lang), wrap=True),
            _Column(_t("col_department", lang)),
            _Column(_t("col_timeframe", lang)),
            _Column(_t("col_id", lang)),
        ],
    )
    titles = {g.id: _pick(lang, g.title_zh, g.title_en) for g in plan.task_groups}
    order = {g.id: n for n, g in enumerate(plan.task_groups)}
    # Grouped in the outline's order; a measure of an unknown group comes last.
    measures = sorted(plan.measures, key=lambda m: order.get(m.group_id, len(order)))
    for measure in measures:
        sheet.add_row(
            [
                _txt(titles.get(measure.group_id, "")),
                _txt(measure.title),
                _txt(measure.content),
                _txt(measure.department),
                _txt(measure.timeframe),
                _txt(measure.id),
            ]
        )
    sheet.finish()


def _policies_sheet(wb: Workbook, plan: Plan, template: Template, lang: str) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_policies", lang),
        [
            _Column(_t("col_policy_type", lang)),
            _Column(_t("col_title", lang)),
            _Column(_t("col_content_text", lang), wrap=True),
            _Column(_t("col_department", lang)),
            _Column(_t("col_id", lang)),
        ],
    )
    types = {p.id: p.title.get(lang) for p in template.policy_types}
    for policy in plan.policies:
        sheet.add_row(
            [
                _txt(types.get(policy.type, policy.type)),
                _txt(policy.title),
                _txt(policy.content),
                _txt(policy.department),
                _txt(policy.id),
            ]
        )
    sheet.finish()


def _schedule_sheet(wb: Workbook, plan: Plan, lang: str) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_schedule", lang),
        [
            _Column(_t("col_time", lang)),
            _Column(_t("col_title", lang)),
            _Column(_t("col_content_text", lang), wrap=True),
            _Column(_t("col_department", lang)),
            _Column(_t("col_id", lang)),
        ],
    )
    for milestone in plan.milestones:
        sheet.add_row(
            [
                _txt(milestone.period),
                _txt(milestone.title),
                _txt(milestone.content),
                _txt(milestone.department),
                _txt(milestone.id),
            ]
        )
    sheet.finish()


def _item_names(plan: Plan, template: Template, lang: str) -> dict[tuple[str, str], str]:
    """(collection, item id) → the item's name, for the findings' locations."""
    names: dict[tuple[str, str], str] = {}
    for spec in template.base_data:
        names["base_data", spec.id] = spec.name.get(lang)
    for chapter in plan.chapters:
        names["chapters", chapter.id] = _pick(lang, chapter.title_zh, chapter.title_en)
    for group in plan.task_groups:
        names["task_groups", group.id] = _pick(lang, group.title_zh, group.title_en)
    for row in plan.indicators:
        names["indicators", row.id] = _pick(lang, row.name_zh, row.name_en)
    for n, project in enumerate(plan.projects, 1):
        names["projects", project.id] = project.name or f"#{n}"
    for measure in plan.measures:
        names["measures", measure.id] = measure.title
    for policy in plan.policies:
        names["policies", policy.id] = policy.title
    for milestone in plan.milestones:
        names["milestones", milestone.id] = milestone.title or milestone.period
    for fuel in template.fuels:
        names["fuels", fuel.id] = fuel.name.get(lang)
    for period in plan.growth:
        scenario = _t(f"scenario_{period.scenario}", lang)
        names["growth", period.id] = f"{scenario} {period.start}—{period.end}"
    return names


_SOURCE_OF = ".provenance.source"


def _field_label(field: str, lang: str, groups: dict[str, str]) -> str:
    """A finding's field in words: "2025年目标", "排放因子来源", a share group's title."""
    key = f"field_{field}"
    if key in _TEXTS:
        return _t(key, lang)
    if field.endswith(_SOURCE_OF):  # where a number came from
        what = _field_label(field.removesuffix(_SOURCE_OF), lang, groups)
        return f"{what}来源" if lang == "zh" else f"{what}: source"
    return groups.get(field, field)


def _findings_sheet(
    wb: Workbook, plan: Plan, template: Template, findings: list[Finding], lang: str
) -> None:
    sheet = _Sheet.create(
        wb,
        _t("sheet_findings", lang),
        [
            _Column(_t("col_no", lang), min_width=4),
            _Column(_t("col_severity", lang)),
            _Column(_t("col_message", lang), wrap=True),
            _Column(_t("col_chapter", lang)),
            _Column(_t("col_section", lang)),
            _Column(_t("col_location_item", lang)),
            _Column(_t("col_location_field", lang)),
            _Column(_t("col_code", lang)),
        ],
    )
    names = _item_names(plan, template, lang)
    groups = {g.id: g.title.get(lang) for g in template.base_data_groups}  # shares that add up
    for n, finding in enumerate(findings, 1):
        loc = finding.location
        chapter = plan.chapter(loc.chapter_id) if loc.chapter_id else None
        section = ""
        if loc.collection:
            key = f"section_{loc.collection}"
            section = _t(key, lang) if key in _TEXTS else loc.collection
        item = ""
        if loc.item_id:
            item = names.get((loc.collection or "", loc.item_id), loc.item_id)
        where = _field_label(loc.field, lang, groups) if loc.field else ""
        sheet.add_row(
            [
                n,
                _txt(_t(f"severity_{finding.severity.value}", lang)),
                _txt(finding.message(lang)),
                _txt(_pick(lang, chapter.title_zh, chapter.title_en) if chapter else ""),
                _txt(section),
                _txt(item),
                _txt(where),
                _txt(finding.code),
            ]
        )
    if not findings:
        sheet.add_row([None, None, _txt(_t("no_findings", lang))])
    sheet.finish()


def render_xlsx(plan: Plan, template: Template, findings: list[Finding], lang: str = "zh") -> bytes:
    """The plan as an .xlsx workbook (bytes), every label in ``lang`` ("zh" or "en")."""
    lang = "en" if lang == "en" else "zh"
    wb = Workbook()
    wb.remove(wb.active)
    _info_sheet(wb, plan, template, lang)
    _base_data_sheet(wb, plan, template, lang)
    _indicator_sheet(wb, plan, template, lang)
    _projects_sheet(wb, plan, template, lang)
    _measures_sheet(wb, plan, lang)
    _policies_sheet(wb, plan, template, lang)
    _schedule_sheet(wb, plan, lang)
    add_trajectory_sheet(wb, plan, template, lang)
    add_monitoring_sheet(wb, plan, lang)
    _findings_sheet(wb, plan, template, findings, lang)
    wb.active = 0
    props = wb.properties
    props.title = workbook_text(plan.meta.name)
    props.creator = APP_NAME
    props.lastModifiedBy = APP_NAME
    props.subject = workbook_text(plan_title(plan.meta.name, lang))
    props.language = "en" if lang == "en" else "zh-CN"
    # The totals are formulas without cached values: have the spreadsheet compute them on open.
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
