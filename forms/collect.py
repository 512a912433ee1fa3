"""Departments' data-collection workbooks: which fields they carry, and what an import changes.

A department receives the indicator and project rows it is responsible for (see
``exporters/collect.py``), fills them and sends the workbook back.  The reader
(``exporters/collect_import.py``) turns the returned file into a :class:`ReturnedWorkbook` of
raw cell values; :func:`preview_import` compares it with the values the workbook was sent with
and lists every change, every new project and every error by sheet, row and column before
anything is written.  Nothing here touches files or the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from forms.errors import LocalizedError
from forms.plan import IndicatorRow, Plan, Project, TargetValue, Value
from forms.plural import plural
from forms.qualifiers import Qualifier, problem_text, read_target
from forms.targets import display, entered
from forms.template import Template
from forms.values import is_plausible, parse_number

COLLECT_FORMAT = "peakplan.collect"
COLLECT_VERSION = 1
YEAR_RANGE = (2000.0, 2060.0)
USABLE_RANGE = ("应为 0，或绝对值在 1e-15 与 1e15 之间", "0, or between 1e-15 and 1e15 in size")


@dataclass(frozen=True)
class FieldSpec:
    """One column of a collection sheet."""

    key: str
    label_zh: str
    label_en: str
    editable: bool = True
    numeric: bool = False
    width: int = 14
    path: str = ""  # where the value lives in the item ("base.text", "name"...)
    unit: str = ""  # a unit typed after a number is understood (projects; indicators have own)
    kind: str = ""  # "target": a number with a qualifier ("22左右"); "year": a reference year

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


INDICATOR_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "指标名称", "Indicator", editable=False, width=34),
    FieldSpec("unit", "单位", "Unit", editable=False, width=12),
    FieldSpec("obligation", "属性", "Type", editable=False, width=9),
    FieldSpec("base", "基准值", "Base value", numeric=True, path="base.text"),
    FieldSpec(
        "base_source",
        "基准值数据来源",
        "Source of the base value",
        width=28,
        path="base.provenance.source",
    ),
    *(
        spec
        for year in (2025, 2030)
        for spec in (
            FieldSpec(
                f"t{year}",
                f"{year}年目标",
                f"{year} target",
                numeric=True,
                path=f"target_{year}.basic",
                kind="target",
            ),
            FieldSpec(
                f"t{year}s",
                f"{year}年力争目标",
                f"{year} stretch target",
                numeric=True,
                path=f"target_{year}.stretch",
                kind="target",
            ),
            FieldSpec(
                f"t{year}_ref",
                f"{year}年目标比较年份",
                f"{year} target vs year",
                numeric=True,
                width=10,
                path=f"target_{year}.reference_year",
                kind="year",
            ),
            FieldSpec(
                f"t{year}_refv",
                f"{year}年目标比较年份数值",
                f"{year} target: value in that year",
                numeric=True,
                path=f"target_{year}.reference_value.text",
            ),
        )
    ),
    FieldSpec("department", "责任单位", "Responsible department", editable=False, width=20),
    FieldSpec("note", "备注", "Note", width=28, path="note"),
)
PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "项目名称", "Project", width=30, path="name"),
    FieldSpec("field", "领域", "Field", width=18, path="field"),
    FieldSpec("content", "建设内容", "Content", width=48, path="content"),
    FieldSpec(
        "investment",
        "总投资（万元）",
        "Investment (CNY 10k)",
        numeric=True,
        path="investment.text",
        unit="万元",
    ),
    FieldSpec(
        "start_year",
        "开工年份",
        "Start year",
        numeric=True,
        width=10,
        path="start_year.text",
        unit="年",
    ),
    FieldSpec(
        "end_year", "完工年份", "End year", numeric=True, width=10, path="end_year.text", unit="年"
    ),
    FieldSpec("owner", "责任单位", "Owner", width=22, path="owner"),
    FieldSpec(
        "energy_saving",
        "年节能量（吨标准煤）",
        "Energy saved (tce/yr)",
        numeric=True,
        path="energy_saving.text",
        unit="吨标准煤",
    ),
    FieldSpec(
        "co2_reduction",
        "年减排量（吨二氧化碳）",
        "CO2 avoided (t/yr)",
        numeric=True,
        path="co2_reduction.text",
        unit="吨",
    ),
)
FIELDS = {"indicators": INDICATOR_FIELDS, "projects": PROJECT_FIELDS}


def departments(plan: Plan) -> list[str]:
    """The departments named in the plan's indicators and projects, in order of appearance."""
    seen: dict[str, None] = {}
    for who in [r.department for r in plan.indicators] + [p.owner for p in plan.projects]:
        if who.strip():
            seen.setdefault(who.strip(), None)
    return list(seen)


def responsible(department: str | None, who: str) -> bool:
    """Whether a row whose department is ``who`` belongs in ``department``'s workbook."""
    if not department:
        return True
    department, who = department.strip(), who.strip()
    return bool(who) and (department == who or department in who)


def rows_for(plan: Plan, department: str | None) -> dict[str, list[IndicatorRow | Project]]:
    return {
        "indicators": [r for r in plan.indicators if responsible(department, r.department)],
        "projects": [p for p in plan.projects if responsible(department, p.owner)],
    }


def _get(item: Any, path: str) -> Any:
    for part in path.split("."):
        item = getattr(item, part)
    return item


def _set(item: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        item = getattr(item, part)
    setattr(item, last, value)


def field_text(item: IndicatorRow | Project, spec: FieldSpec, template: Template, lang: str) -> str:
    """The text a collection workbook shows for ``spec`` of ``item``."""
    if spec.path:
        value = _get(item, spec.path)
        if spec.kind == "target" and isinstance(item, IndicatorRow):
            return display(value, item.unit, lang)
        if spec.kind == "year":
            return "" if value is None else str(value)
        if spec.key == "field":
            titles = {f.id: f.title.get(lang) for f in template.project_fields}
            return titles.get(value, value)
        return str(value)
    if isinstance(item, IndicatorRow):
        if spec.key == "name":
            return item.name_en if lang == "en" and item.name_en else item.name_zh
        if spec.key == "unit":
            return item.unit
        if spec.key == "obligation":
            return item.obligation.label(lang)
        if spec.key == "department":
            return item.department
    return ""


# -- what comes back ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int
    column: str  # a spreadsheet column letter

    def __str__(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}"


@dataclass(frozen=True)
class ReturnedCell:
    ref: CellRef
    value: Any  # str, int, float, bool, datetime or None, as the spreadsheet holds it
    number_format: str = "General"
    formula: str | None = None  # a formula the file holds without its computed value


@dataclass(frozen=True)
class ReturnedRow:
    sheet: str
    number: int
    item_id: str | None
    cells: dict[str, ReturnedCell]  # field key → cell ("id": only a formula without value)


@dataclass
class ReturnedWorkbook:
    """A collection workbook as read back: its fingerprint, the values it was sent with, and
    the rows as they came back."""

    meta: dict[str, str]
    baseline: dict[tuple[str, str, str], str]  # (collection, item id, field) → text sent
    rows: dict[str, list[ReturnedRow]] = field(default_factory=dict)  # collection → rows


class CollectError(LocalizedError):
    """A workbook that is not a collection workbook of this plan."""


# -- the preview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    ref: CellRef
    collection: str
    item_id: str
    key: str
    what_zh: str  # "单位地区生产总值能源消耗降低 · 2025年目标"
    what_en: str
    old: str
    new: str
    current: str | None = None  # the plan's value now, when it was edited after sending

    def what(self, lang: str) -> str:
        return self.what_en if lang == "en" else self.what_zh


@dataclass(frozen=True)
class Problem:
    ref: CellRef
    message_zh: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class ImportPreview:
    plan_id: str
    department: str
    changes: list[Change] = field(default_factory=list)
    new_projects: list[tuple[CellRef, Project]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.new_projects

    def apply(self, plan: Plan) -> Plan:
        """A copy of ``plan`` with every change made; refused while there are errors."""
        if self.errors:
            n = len(self.errors)
            raise CollectError(
                f"表格中有 {n} 处错误，未导入任何数据。",
                f"The workbook has {n} {plural(n, 'error', 'errors')}; nothing was imported.",
            )
        result = plan.model_copy(deep=True)
        items = {
            "indicators": {r.id: r for r in result.indicators},
            "projects": {p.id: p for p in result.projects},
        }
        specs = {c: {s.key: s for s in FIELDS[c]} for c in FIELDS}
        for change in self.changes:
            item = items[change.collection][change.item_id]
            spec = specs[change.collection][change.key]
            new: Any = change.new
            if spec.kind == "target" and isinstance(item, IndicatorRow):
                new = entered(_get(item, spec.path), change.new, item.unit)
            elif spec.kind == "year":
                new = int(change.new) if change.new else None
            _set(item, spec.path, new)
        result.projects.extend(p.model_copy(deep=True) for _ref, p in self.new_projects)
        return result


def number_text(number: float) -> str:
    """A number as plain text: no grouping, no trailing zeros, no exponent unless ten decimals
    would lose the number (0.000000000012 must not become 0)."""
    if not math.isfinite(number):
        return str(number)
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    text = f"{number:.10f}".rstrip("0").rstrip(".")
    if not math.isclose(float(text), number, rel_tol=1e-9):
        text = f"{number:.12g}"
    return text


class _Reader:
    """Interprets returned cells: numbers typed as text, with units, grouped, full-width, %."""

    def __init__(self, out: ImportPreview) -> None:
        self.out = out

    def error(self, ref: CellRef, zh: str, en: str) -> None:
        self.out.errors.append(Problem(ref, f"{ref}：{zh}", f"{ref}: {en}"))

    def uncomputed(self, cell: ReturnedCell | None) -> bool:
        """Whether the cell holds a formula without its value (then recorded as an error)."""
        if cell is None or cell.formula is None:
            return False
        self.error(
            cell.ref,
            f"单元格含公式“{cell.formula[:40]}”，但文件中没有它的计算结果。请在 Excel、WPS 或 "
            "LibreOffice 中打开并保存后再导入，或直接填写数值。",
            f"The cell holds the formula “{cell.formula[:40]}” but the file has no computed "
            "value for it. Open and save the file in Excel, WPS or LibreOffice, or type the "
            "value, then import it again.",
        )
        return True

    def text(self, cell: ReturnedCell | None) -> str:
        if cell is None or cell.value is None:
            return ""
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def number(
        self,
        cell: ReturnedCell | None,
        unit: str = "",
        bounds: tuple[float | None, float | None] = (None, None),
    ) -> str | None:
        """The value as number text ("" for blank); None after recording an error."""
        if (
            cell is None
            or cell.value is None
            or (isinstance(cell.value, str) and not cell.value.strip())
        ):
            return ""
        value, kept = cell.value, ""
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.error(cell.ref, f"“{value}”不是数字。", f"“{value}” is not a number.")
            return None
        if isinstance(value, int | float):
            number = float(value)
            if "%" in cell.number_format:
                number *= 100  # a percent-formatted 0.155 is the 15.5 the plan keeps
        else:
            parsed = parse_number(value, unit)
            if parsed.number is None:
                self.error(cell.ref, f"“{value}”不是数字。", f"“{value}” is not a number.")
                return None
            number = parsed.number
            typed = read_target(value, unit)  # the precision typed: "0.5500" stays
            if typed.ok and typed.qualifier is Qualifier.EXACT:
                kept = typed.number_text
        if not math.isfinite(number):
            self.error(cell.ref, f"“{value}”不是数字。", f"“{value}” is not a number.")
            return None
        if not is_plausible(number):
            usable_zh, usable_en = USABLE_RANGE
            self.error(
                cell.ref,
                f"{number:.3g} 超出可用范围（{usable_zh}）。",
                f"{number:.3g} is out of the usable range ({usable_en}).",
            )
            return None
        low, high = bounds
        if (low is not None and number < low) or (high is not None and number > high):
            shown = (
                f"[{'' if low is None else number_text(low)}, "
                f"{'' if high is None else number_text(high)}]"
            )
            self.error(
                cell.ref,
                f"{number_text(number)} 超出有效范围 {shown}。",
                f"{number_text(number)} is outside the valid range {shown}.",
            )
            return None
        return kept or number_text(number)

    def target(self, cell: ReturnedCell | None, item: IndicatorRow, lang: str) -> str | None:
        """A target as its printed form ("22左右", "确保完成省下达目标任务"); None after
        recording an error that names the cell and the accepted forms."""
        if cell is None or cell.value is None or isinstance(cell.value, bool):
            return "" if cell is None or cell.value is None else None
        if isinstance(cell.value, int | float):
            return self.number(cell, item.unit, (item.range_min, item.range_max))
        found = read_target(str(cell.value), item.unit)
        if found.blank:
            return ""
        if found.problem:
            typed = str(cell.value)
            self.error(cell.ref, problem_text(found, typed, "zh"), problem_text(found, typed, "en"))
            return None
        if found.number is not None:  # range and plausibility, named by cell
            checked = ReturnedCell(cell.ref, found.number_text)
            if self.number(checked, item.unit, (item.range_min, item.range_max)) is None:
                return None
        return display(entered(TargetValue(), str(cell.value), item.unit), item.unit, lang)

    def year(self, cell: ReturnedCell | None) -> str | None:
        """A reference year ("" when blank); None after recording an error."""
        text = self.number(cell, "年", (1990, 2100))
        if text and not text.isdigit():
            self.error(
                cell.ref,  # type: ignore[union-attr]
                f"“{cell.value}”不是年份。",  # type: ignore[union-attr]
                f"“{cell.value}” is not a year.",  # type: ignore[union-attr]
            )
            return None
        return text


def _same(old: str, new: str, numeric: bool) -> bool:
    if not numeric:
        return old.strip() == new.strip()
    a, b = parse_number(old).number, parse_number(new).number
    if a is None or b is None:
        return old.strip() == new.strip()
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _same_target(old: str, new: str, unit: str) -> bool:
    """The same target whatever its spelling: "22左右" and "约22", "18%" and "18"."""
    a, b = read_target(old, unit), read_target(new, unit)
    if a.problem or b.problem or a.blank or b.blank:
        return old.strip() == new.strip()
    if a.qualifier is not b.qualifier:
        return False
    if a.number is None or b.number is None:
        return a.number is b.number
    return math.isclose(a.number, b.number, rel_tol=1e-9, abs_tol=1e-12)


def _bounds(item: IndicatorRow | Project, spec: FieldSpec) -> tuple[float | None, float | None]:
    if spec.key.endswith("_refv"):
        return 0.0, None  # an intensity in the reference year
    if isinstance(item, IndicatorRow):
        return item.range_min, item.range_max
    if spec.key in {"start_year", "end_year"}:
        return YEAR_RANGE
    return 0.0, None


def _version(text: str | None) -> int:
    """The workbook's format version (0 when absent); a damaged one is refused."""
    parsed = parse_number(text or "0")
    if parsed.number is None or parsed.number != int(parsed.number) or parsed.number < 0:
        raise CollectError(
            f"该数据收集表的版本标识“{(text or '')[:20]}”无效，文件可能被改动过，不能导入。"
            "请使用 PeakPlan 重新生成数据收集表。",
            f"The workbook's version mark “{(text or '')[:20]}” is invalid; the file may "
            "have been altered and cannot be imported. Make a new collection workbook with "
            "PeakPlan.",
        )
    return int(parsed.number)


def check_fingerprint(plan: Plan, workbook: ReturnedWorkbook) -> None:
    meta = workbook.meta
    if meta.get("format") != COLLECT_FORMAT:
        raise CollectError(
            "该文件不是 PeakPlan 数据收集表（缺少方案标识）。",
            "The file is not a PeakPlan data-collection workbook (no plan fingerprint).",
        )
    if _version(meta.get("version")) > COLLECT_VERSION:
        raise CollectError(
            "该数据收集表由更新版本的 PeakPlan 生成，请升级后再导入。",
            "The workbook was made by a newer PeakPlan; update PeakPlan to import it.",
        )
    if meta.get("plan_id") != plan.id:
        sent = meta.get("plan_name") or meta.get("plan_id") or "?"
        raise CollectError(
            f"该数据收集表来自方案“{sent}”，不是“{plan.meta.name}”，不能导入。",
            f"The workbook belongs to the plan “{sent}”, not “{plan.meta.name}”; "
            "it cannot be imported.",
        )


def preview_import(
    plan: Plan, template: Template, workbook: ReturnedWorkbook, lang: str = "zh"
) -> ImportPreview:
    """Every change the returned workbook makes to ``plan``, and every error, by cell."""
    check_fingerprint(plan, workbook)
    out = ImportPreview(plan.id, workbook.meta.get("department", ""))
    reader = _Reader(out)
    field_ids = {f.title.zh: f.id for f in template.project_fields}
    field_ids.update({f.title.en: f.id for f in template.project_fields})
    field_ids.update({f.id: f.id for f in template.project_fields})
    items: dict[str, dict[str, IndicatorRow | Project]] = {
        "indicators": {r.id: r for r in plan.indicators},
        "projects": {p.id: p for p in plan.projects},
    }
    for collection, rows in workbook.rows.items():
        for row in rows:
            if reader.uncomputed(row.cells.get("id")):
                continue  # whose row it is cannot be known: neither a change nor a new project
            if row.item_id:
                item = items[collection].get(row.item_id)
                if item is None:
                    first = next(iter(row.cells.values()), None)
                    ref = first.ref if first else CellRef(row.sheet, row.number, "A")
                    reader.error(
                        ref,
                        "该行的标识不属于本方案，可能复制自其他表格。",
                        "This row's id does not belong to this plan; it may have "
                        "been copied from another workbook.",
                    )
                    continue
                _compare_row(
                    out, reader, template, workbook, collection, item, row, field_ids, lang
                )
            elif collection == "projects":
                _new_project(out, reader, row, field_ids)
    return out


def _cell_value(
    reader: _Reader,
    spec: FieldSpec,
    cell: ReturnedCell | None,
    item: IndicatorRow | Project | None,
    field_ids: dict[str, str],
    lang: str = "zh",
) -> str | None:
    if reader.uncomputed(cell):
        return None
    if spec.kind == "target" and isinstance(item, IndicatorRow):
        return reader.target(cell, item, lang)
    if spec.kind == "year":
        return reader.year(cell)
    if spec.numeric:
        unit = item.unit if isinstance(item, IndicatorRow) else spec.unit
        bounds = (
            _bounds(item, spec)
            if item is not None
            else (YEAR_RANGE if spec.key in {"start_year", "end_year"} else (0.0, None))
        )
        return reader.number(cell, unit, bounds)
    text = reader.text(cell)
    if spec.key == "field" and text:
        if text not in field_ids:
            reader.error(cell.ref, f"“{text}”不是可选的领域。", f"“{text}” is not a listed field.")
            return None
        return field_ids[text]
    return text


def _compare_row(
    out: ImportPreview,
    reader: _Reader,
    template: Template,
    workbook: ReturnedWorkbook,
    collection: str,
    item: IndicatorRow | Project,
    row: ReturnedRow,
    field_ids: dict[str, str],
    lang: str,
) -> None:
    name = item.name_zh if isinstance(item, IndicatorRow) else item.name
    name_en = (item.name_en or item.name_zh) if isinstance(item, IndicatorRow) else item.name
    for spec in FIELDS[collection]:
        if not spec.editable or spec.key not in row.cells:
            continue
        cell = row.cells[spec.key]
        new = _cell_value(reader, spec, cell, item, field_ids, lang)
        if new is None:
            continue
        sent = workbook.baseline.get((collection, item.id, spec.key))
        if sent is None:
            continue  # a row added after sending: nothing to compare with
        if spec.key == "field":
            sent = field_ids.get(sent, sent)
        now = field_text(item, spec, template, lang) if spec.kind else str(_get(item, spec.path))
        unit = item.unit if isinstance(item, IndicatorRow) else ""

        def same(a: str, b: str, spec: FieldSpec = spec, unit: str = unit) -> bool:
            if spec.kind == "target":
                return _same_target(a, b, unit)
            return _same(a, b, spec.numeric)

        if same(sent, new) or same(now, new):
            continue  # untouched in the workbook, or the plan holds the value already
        out.changes.append(
            Change(
                ref=cell.ref,
                collection=collection,
                item_id=item.id,
                key=spec.key,
                what_zh=f"{name} · {spec.label_zh}",
                what_en=f"{name_en} · {spec.label_en}",
                old=now,
                new=new,
                current=None if same(sent, now) else now,
            )
        )


def _new_project(
    out: ImportPreview, reader: _Reader, row: ReturnedRow, field_ids: dict[str, str]
) -> None:
    values: dict[str, str] = {}
    for spec in PROJECT_FIELDS:
        value = _cell_value(reader, spec, row.cells.get(spec.key), None, field_ids)
        if value is None:
            return
        values[spec.key] = value
    if not any(values.values()):
        return  # a blank row
    if not values["name"]:
        ref = row.cells["name"].ref if "name" in row.cells else CellRef(row.sheet, row.number, "C")
        reader.error(ref, "新增项目须填写项目名称。", "A new project needs a name.")
        return
    project = Project(
        name=values["name"],
        field=values["field"],
        content=values["content"],
        investment=Value(text=values["investment"]),
        start_year=Value(text=values["start_year"]),
        end_year=Value(text=values["end_year"]),
        owner=values["owner"],
        energy_saving=Value(text=values["energy_saving"]),
        co2_reduction=Value(text=values["co2_reduction"]),
    )
    out.new_projects.append((row.cells["name"].ref, project))
