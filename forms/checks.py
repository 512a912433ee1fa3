"""The plan's check: structured findings, each with a severity, a place and a message in zh/en.

The rules live here and only here; the wizard, the command line and the exports show the
findings, none of them re-implements a rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from operator import attrgetter

from forms.checks_memo import Remembered
from forms.errors import LocalizedError
from forms.higher_targets import shortfalls, signed
from forms.labels import Labelled, Scenario
from forms.peak import PILOT_PEAK_LATEST, declared_peak, differing_mentions
from forms.plan import IndicatorRow, Plan, PlanStatus, Project, Value
from forms.plural import fill
from forms.qualifiers import ABOUT_TOLERANCE, Qualifier, official, problem_text, read_target
from forms.sources import data_numbers
from forms.targets import (
    TARGET_YEARS,
    TargetReading,
    needs_reference_year,
    reading,
    reference_year,
    target_of,
)
from forms.template import ChapterKind, Direction, Template, ValueKind
from forms.trajectory import (
    GridChoice,
    ScenarioResult,
    account_gaps,
    declared_peak_year,
    energy_account,
    grid_choice,
    grid_factor_applies,
    peaks_in_time,
    project_effects,
    project_trajectory,
)
from forms.values import format_number, is_plausible, parse_number

SHARE_TOLERANCE = 0.5  # percentage points a share group may miss 100 % by (rounding)
YEAR_MIN, YEAR_MAX = 2000, 2060


class Severity(Labelled):
    ERROR = "error", "错误", "Error"
    WARNING = "warning", "警告", "Warning"
    INFO = "info", "提示", "Note"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a chapter of the outline, and inside it an item's field."""

    chapter_id: str | None = None
    collection: str | None = None
    item_id: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    location: Location
    message_zh: str
    message_en: str
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


MESSAGES: dict[str, tuple[str, str]] = {
    "plan_no_name": ("方案缺少试点名称。", "The plan has no pilot name."),
    "plan_no_province": ("方案未填写所在省份。", "The plan's province is not set."),
    "trajectory_problem": ("{detail}", "{detail}"),
    "no_source": ("{what}（{value}）未注明数据来源。", "{what} ({value}) has no source."),
    "below_higher_target": (
        "{indicator}{year}年目标{plan}，不及{level}目标{reference}（{source}）。{projection}",
        "{indicator}: the {year} target {plan} is less ambitious than the {level} target "
        "{reference} ({source}).{projection}",
    ),
    "account_differs": (
        "能源核算合计的{what}为{computed}，与基础数据填报的{typed}相差{share}%。",
        "The energy account gives {what} of {computed}, {share} % away from the {typed} "
        "entered in the base data.",
    ),
    "factor_no_source": (
        "能源核算中{fuel}的排放因子{value}{unit}为方案自定，未注明来源；请在该因子的来源中注明依据"
        "（文件名称、文号或核算报告）。",
        "The energy account's emission factor for {fuel_en} ({value} {unit}) was typed for the "
        "plan without a source; give the document or report it comes from.",
    ),
    "grid_factor_year": (
        "电力排放因子采用{name}，年份与基准年{base}年不同{why}。",
        "The electricity factor is the {name_en}, a year other than the base year {base}{why_en}.",
    ),
    "grid_factor_to_verify": (
        "电力排放因子{value}（{name}）仅见于一份转载，尚待与原公告核对。",
        "The electricity factor {value} ({name_en}) comes from one copy only and is still to "
        "be checked against the notice.",
    ),
    "grid_factor_elsewhere": (
        "电力排放因子采用{name}，不属于方案所在的{province}；默认应为{default}。",
        "The electricity factor is {name_en}, which is not for the plan's province "
        "{province}; the default would be {default_en}.",
    ),
    "grid_factor_unknown": (
        "方案记录的电力排放因子（{ref}）不在模板的排放因子表中，现按默认的{default}测算。",
        "The electricity factor the plan records ({ref}) is not in the template's factor "
        "table; the default {default_en} is used instead.",
    ),
    "project_not_counted": (
        "重点项目“{what}”填写了年减排量但未填写有效的完成年份，未计入排放趋势测算"
        "（减排量自建成次年起计入）。",
        "Key project “{what}” has a CO2 reduction but no valid end year, so the trajectory "
        "does not count it (reductions count from the year after completion).",
    ),
    "peak_year_invalid": (
        "方案提出的达峰年份“{text}”不是有效年份。",
        "The declared peak year “{text}” is not a valid year.",
    ),
    "peak_later_than_declared": (
        "方案提出{declared}年前后达峰，但按政策情景测算{result}。",
        "The plan declares a peak around {declared}, but the policy scenario {result}.",
    ),
    "target_not_supported": (
        "{indicator}{year}年目标为较{reference}年下降{target}，但按政策情景测算只下降"
        "{projected}%{tolerance}。",
        "{indicator}: the {year} target is a decrease of {target} against {reference}, but "
        "the policy scenario gives only {projected} %{tolerance}.",
    ),
    "target_not_comparable": (
        "{indicator}{year}年目标较{reference}年计算，而方案基准年为{base}年，无法与测算比较：{why}",
        "{indicator}: the {year} target is measured against {reference} but the plan's base "
        "year is {base}, so it cannot be compared with the projection: {why}",
    ),
    "target_unreadable": ("{what}：{detail}", "{what}: {detail}"),
    "target_by_province": (
        "指标“{what}”{year}年目标为“确保完成省下达目标任务”，由省级下达，不作数值核对。",
        "Indicator “{what}”: the {year} target is set by the province (确保完成省下达目标任务); "
        "it has no number to check.",
    ),
    "reference_year_missing": (
        "指标“{what}”{year}年目标{target}未注明比较年份（较2005年、2020年或2025年），"
        "请在“{year}年目标比较年份”栏填写。",
        "Indicator “{what}”: the {year} target {target} does not say which year it is measured "
        "against (2005, 2020 or 2025); fill in the “{year} target vs year” column.",
    ),
    "reference_year_invalid": (
        "指标“{what}”{year}年目标的比较年份{reference}应早于{year}年。",
        "Indicator “{what}”: the {year} target's reference year {reference} must come before "
        "{year}.",
    ),
    "chapter_empty": ("必填章节“{chapter}”尚未填写。", "Required chapter “{chapter}” is empty."),
    "peak_year_missing": (
        "方案尚未确定达峰年份（在“碳排放测算”中填写），各章节无从统一表述。",
        "The plan declares no peak year (enter it under Emissions trajectory), so its "
        "chapters cannot state one.",
    ),
    "peak_year_before_base": (
        "方案提出的达峰年份{year}年早于基准年{base_year}年。",
        "The declared peak year {year} is before the base year {base_year}.",
    ),
    "peak_year_after_2030": (
        "方案提出的达峰年份{year}年晚于{latest}年；试点应在{latest}年前实现碳达峰。",
        "The declared peak year {year} is after {latest}; a pilot peaks by {latest}.",
    ),
    "peak_value_below_projection": (
        "方案提出峰值控制在{declared}万吨以内，但按政策情景测算峰值约{projected}万吨。",
        "The plan caps the peak at {declared} (10k t CO2), but the policy scenario peaks at "
        "about {projected}.",
    ),
    "peak_stated_differently": (
        "{where}写明的达峰时间（“{words}”）与方案确定的达峰年份{declared}年不一致。",
        "{where_en} dates the peak otherwise (“{words}”) than the plan's declared peak "
        "year {declared}.",
    ),
    "pilot_name_unconfirmed": (
        "试点名称“{name}”尚未核实，请对照国家发展改革委公布的试点名单确认或修改。",
        "The pilot name “{name}” is not verified: check it against the NDRC's pilot list "
        "or correct it.",
    ),
    "value_not_number": (
        "{what}：“{text}”不是数字。",
        "{what}: “{text}” is not a number.",
    ),
    "value_implausible": (
        "{what}：“{text}”超出可用范围（应为 0，或绝对值在 1e-15 与 1e15 之间），请检查单位和数值。",
        "{what}: “{text}” is out of the usable range (0, or between 1e-15 and 1e15 in size); "
        "check the unit and the figure.",
    ),
    "value_out_of_range": (
        "{what}：{value} 超出有效范围 {range}。",
        "{what}: {value} is outside the valid range {range}.",
    ),
    "base_value_missing": ("基础数据“{what}”尚未填写。", "Base figure “{what}” is missing."),
    "shares_not_100": (
        "“{group}”各项占比之和为 {total}%，应为 100%。",
        "The shares of “{group}” add up to {total} %, not 100 %.",
    ),
    "indicator_no_target": (
        "指标“{what}”尚未设定2025年或2030年目标。",
        "Indicator “{what}” has no 2025 or 2030 target.",
    ),
    "target_against_direction": (
        "指标“{what}”：{later_label} {later} 比 {earlier_label} {earlier} {worse}，"
        "与指标改善方向相反。",
        "Indicator “{what}”: {later_label} {later} is {worse_en} than {earlier_label} "
        "{earlier}, against the indicator's direction.",
    ),
    "stretch_weaker": (
        "指标“{what}”：{year}年力争目标 {stretch} 不如基本目标 {basic} 积极。",
        "Indicator “{what}”: the {year} stretch target {stretch} is less ambitious than the "
        "basic target {basic}.",
    ),
    "indicator_no_department": (
        "指标“{what}”未明确责任部门。",
        "Indicator “{what}” has no responsible department.",
    ),
    "project_no_name": ("第 {row} 个重点项目缺少名称。", "Key project no. {row} has no name."),
    "project_end_before_start": (
        "重点项目“{what}”的完成年份 {end} 早于开工年份 {start}。",
        "Key project “{what}” ends in {end}, before it starts in {start}.",
    ),
    "negative_value": (
        "{what}：{value} 不能为负数。",
        "{what}: {value} cannot be negative.",
    ),
    "year_out_of_range": (
        "{what}：{value} 不是 {low}—{high} 之间的年份。",
        "{what}: {value} is not a year between {low} and {high}.",
    ),
    "project_no_owner": (
        "重点项目“{what}”未明确责任单位。",
        "Key project “{what}” has no owner.",
    ),
    "project_no_field": (
        "重点项目“{what}”未选择所属领域。",
        "Key project “{what}” has no field.",
    ),
    "duplicate_name": (
        "{kind}名称“{name}”重复出现 {count} 次。",
        "{kind_en} name “{name}” appears {count} {count:time|times}.",
    ),
    "element_not_covered": (
        "方案提纲未覆盖编制指南要素“{element}”。",
        "The plan's outline does not cover the Annex 2 element “{element}”.",
    ),
}

_KIND_NAMES = {
    "chapters": ("章节", "Chapter"),
    "task_groups": ("任务", "Task group"),
    "indicators": ("指标", "Indicator"),
    "projects": ("重点项目", "Key project"),
    "policies": ("政策", "Policy"),
}

_FIELD_LABELS = {
    "base": ("基期值", "base value"),
    "target_2025.basic": ("2025年目标", "2025 target"),
    "target_2025.stretch": ("2025年力争目标", "2025 stretch target"),
    "target_2030.basic": ("2030年目标", "2030 target"),
    "target_2030.stretch": ("2030年力争目标", "2030 stretch target"),
    "investment": ("总投资（万元）", "investment (10k yuan)"),
    "start_year": ("开工年份", "start year"),
    "end_year": ("完成年份", "end year"),
    "energy_saving": ("年节能量（吨标准煤）", "energy saving (tce/yr)"),
    "co2_reduction": ("年减排二氧化碳（吨）", "CO2 reduction (t/yr)"),
}


class _Collector:
    """Builds findings from the message catalogue with zh and en parameters."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        severity: Severity,
        location: Location,
        zh: dict[str, object] | None = None,
        en: dict[str, object] | None = None,
    ) -> None:
        zh = {k: str(v) for k, v in (zh or {}).items()}
        en = {**zh, **{k: str(v) for k, v in (en or {}).items()}}
        template_zh, template_en = MESSAGES[code]
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                location=location,
                message_zh=fill(template_zh, **zh),
                message_en=fill(template_en, **en),
                params=zh,
            )
        )


# One item's findings by what its rule reads of it and its place (see forms.checks_memo):
# after an edit, only the items that changed are checked again.  Each READS lists every field
# its rule reads (tests/forms/test_checks_memo.py holds it to that).
_FINDINGS_OF_ITEM: Remembered[tuple[Finding, ...]] = Remembered(size=8192)
PROJECT_READS = (
    "id",
    "name",
    "owner",
    "field",
    *(f"{key}.text" for key in ("investment", "energy_saving", "co2_reduction")),
    *(f"{key}.text" for key in ("start_year", "end_year")),
)
INDICATOR_READS = (
    *("id", "name_zh", "name_en", "unit", "range_min", "range_max", "base.text"),
    *("value_kind", "direction", "department"),
    *(f"target_{year}.reference_year" for year in TARGET_YEARS),
    *(
        f"target_{year}.{which}.{key}"
        for year in TARGET_YEARS
        for which in ("basic", "stretch")
        for key in ("text", "qualifier")
    ),
)
_project_reads, _indicator_reads = attrgetter(*PROJECT_READS), attrgetter(*INDICATOR_READS)


def _remembered(key: object, rule: Callable[[_Collector], None], out: _Collector) -> None:
    """Add what ``rule`` finds, as remembered under ``key`` (which holds all it reads)."""

    def work() -> tuple[Finding, ...]:
        found = _Collector()
        rule(found)
        return tuple(found.findings)

    out.findings.extend(_FINDINGS_OF_ITEM.get(key, work))


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"[{format_number(low)}, {format_number(high)}]"
    if low is not None:
        return f"≥ {format_number(low)}"
    return f"≤ {format_number(high or 0)}"


def _in_range(
    out: _Collector,
    value: Value,
    location: Location,
    what: tuple[str, str],
    number: float,
    limits: tuple[float | None, float | None],
) -> float | None:
    """``number`` if plausible and within ``limits`` (low, high); otherwise a finding."""
    if not is_plausible(number):
        _implausible(out, value, location, *what)
        return None
    low, high = limits
    if (low is not None and number < low) or (high is not None and number > high):
        out.add(
            "value_out_of_range",
            Severity.ERROR,
            location,
            {"what": what[0], "value": format_number(number), "range": _range_text(low, high)},
            {"what": what[1]},
        )
        return None
    return number


def _check_value(
    out: _Collector,
    value: Value,
    location: Location,
    what_zh: str,
    what_en: str,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str = "",
) -> float | None:
    """Report a value that is not a number or out of range; return the number if usable."""
    parsed = parse_number(value.text, unit)
    if parsed.blank:
        return None
    if parsed.invalid:
        out.add(
            "value_not_number",
            Severity.ERROR,
            location,
            {"what": what_zh, "text": value.text.strip()[:40]},
            {"what": what_en},
        )
        return None
    assert parsed.number is not None
    return _in_range(out, value, location, (what_zh, what_en), parsed.number, (low, high))


def _implausible(
    out: _Collector, value: Value, location: Location, what_zh: str, what_en: str
) -> None:
    text = value.text.strip()
    shown = text if len(text) <= 40 else f"{text[:40]}…"
    out.add(
        "value_implausible",
        Severity.ERROR,
        location,
        {"what": what_zh, "text": shown},
        {"what": what_en},
    )


_GROWTH_LABELS = {
    "gdp_growth": ("地区生产总值增速", "GDP growth"),
    "energy_intensity_decline": ("能耗强度下降率", "energy-intensity decline"),
    "carbon_intensity_decline": ("碳排放强度下降率", "carbon-intensity decline"),
}


def _check_model_inputs(plan: Plan, template: Template, out: _Collector) -> None:
    """Fuel quantities and factors and growth rates of absurd size, named (the trajectory
    itself refuses to draw what they would give)."""
    chapter_id = _chapter_id(plan, ChapterKind.BASE_DATA)
    names = {f.id: f.name for f in template.fuels}
    for use in plan.fuels:
        name = names.get(use.id)
        zh, en = (name.zh, name.en) if name else (use.id, use.id)
        for key, (label_zh, label_en) in (
            ("quantity", ("消费量", "quantity")),
            ("emission_factor", ("排放因子", "emission factor")),
        ):
            value = getattr(use, key)
            number = parse_number(value.text).number
            if number is not None and not is_plausible(number):
                location = Location(chapter_id, "fuels", use.id, key)
                _implausible(out, value, location, f"{zh}{label_zh}", f"{en} {label_en}")
    for period in plan.growth:
        for key, (label_zh, label_en) in _GROWTH_LABELS.items():
            value = getattr(period, key)
            number = parse_number(value.text).number
            if number is not None and not is_plausible(number):
                zh, en = Scenario(period.scenario).labels
                what_zh = f"{zh}{period.start}—{period.end}年{label_zh}"
                what_en = f"{en} {label_en} {period.start}–{period.end}"
                location = Location(chapter_id, "growth", period.id, key)
                _implausible(out, value, location, what_zh, what_en)


def _chapter_id(plan: Plan, kind: ChapterKind) -> str | None:
    chapter = plan.chapter_of_kind(kind)
    return chapter.id if chapter else None


# -- the rules ------------------------------------------------------------------------------


def _check_meta(plan: Plan, out: _Collector) -> None:
    if not plan.meta.name.strip():
        out.add("plan_no_name", Severity.ERROR, Location(field="meta.name"))
    elif not plan.meta.name_confirmed or "待核实" in plan.meta.name:
        out.add(
            "pilot_name_unconfirmed",
            Severity.WARNING,
            Location(field="meta.name"),
            {"name": plan.meta.name.strip()},
        )
    if not plan.meta.province.strip():
        out.add("plan_no_province", Severity.WARNING, Location(field="meta.province"))


def chapter_has_content(plan: Plan, chapter_id: str) -> bool:
    chapter = plan.chapter(chapter_id)
    if chapter is None:
        return False
    if chapter.text.strip():
        return True
    match chapter.kind:
        case ChapterKind.BASE_DATA:
            return any(not b.value.is_blank() for b in plan.base_data)
        case ChapterKind.INDICATORS:
            return any(_has_target(row) for row in plan.indicators)
        case ChapterKind.TASKS:
            return any(m.content.strip() or m.title.strip() for m in plan.measures)
        case ChapterKind.PROJECTS:
            return bool(plan.projects)
        case ChapterKind.POLICIES:
            return bool(plan.policies)
        case ChapterKind.SCHEDULE:
            return bool(plan.milestones)
    return False


def _check_chapters(plan: Plan, out: _Collector) -> None:
    for chapter in plan.chapters:
        if chapter.required and not chapter_has_content(plan, chapter.id):
            out.add(
                "chapter_empty",
                Severity.ERROR,
                Location(chapter_id=chapter.id, field="text"),
                {"chapter": chapter.title_zh},
                {"chapter": chapter.title_en or chapter.title_zh},
            )


def _check_base_data(plan: Plan, template: Template, out: _Collector) -> None:
    chapter_id = _chapter_id(plan, ChapterKind.BASE_DATA)
    shares: dict[str, float] = {}
    filled_groups: set[str] = set()
    for spec in template.base_data:
        value = plan.base_value(spec.id)
        if value is None:
            continue
        location = Location(chapter_id, "base_data", spec.id, "value")
        if value.is_blank():
            if spec.required:
                out.add(
                    "base_value_missing",
                    Severity.WARNING,
                    location,
                    {"what": spec.name.zh},
                    {"what": spec.name.en},
                )
            continue
        number = _check_value(
            out,
            value,
            location,
            spec.name.zh,
            spec.name.en,
            low=spec.range.min,
            high=spec.range.max,
            unit=spec.unit.zh,
        )
        if spec.share_group:
            filled_groups.add(spec.share_group)
            shares[spec.share_group] = shares.get(spec.share_group, 0.0) + (number or 0.0)
    titles = {g.id: g.title for g in template.base_data_groups}
    for group in sorted(filled_groups):
        total = shares[group]
        if abs(total - 100.0) > SHARE_TOLERANCE:
            title = titles.get(group)
            out.add(
                "shares_not_100",
                Severity.ERROR,
                Location(chapter_id, "base_data", None, group),
                {"group": title.zh if title else group, "total": format_number(total)},
                {"group": title.en if title else group},
            )


def _has_target(row: IndicatorRow) -> bool:
    return not (row.target_2025.basic.is_blank() and row.target_2030.basic.is_blank())


def _more_ambitious_or_equal(direction: Direction, candidate: float, reference: float) -> bool:
    return candidate >= reference if direction is Direction.UP else candidate <= reference


def _check_target(
    row: IndicatorRow, year: int, which: str, location: Location, out: _Collector
) -> float | None:
    """Report a target that cannot be read (naming the cell and the accepted forms) or is
    out of range, and note one set by the province; return its number if usable."""
    key = f"target_{year}.{which}"
    value = getattr(target_of(row, year), which)
    found = read_target(value.text, row.unit, value.qualifier)
    name_en = row.name_en or row.name_zh
    what_zh = f"指标“{row.name_zh}”{_FIELD_LABELS[key][0]}"
    what_en = f"Indicator “{name_en}” {_FIELD_LABELS[key][1]}"
    if found.blank:
        return None
    if found.by_province:
        if which == "basic":
            out.add(
                "target_by_province",
                Severity.INFO,
                location,
                {"what": row.name_zh, "year": year},
                {"what": name_en},
            )
        return None
    if found.problem:
        out.add(
            "target_unreadable",
            Severity.ERROR,
            location,
            {"what": what_zh, "detail": problem_text(found, value.text, "zh")},
            {"what": what_en, "detail": problem_text(found, value.text, "en")},
        )
        return None
    assert found.number is not None
    limits = (row.range_min, row.range_max)
    return _in_range(out, value, location, (what_zh, what_en), found.number, limits)


def _check_reference_years(row: IndicatorRow, chapter_id: str | None, out: _Collector) -> None:
    """A reduction target says against which year: 2030 has no default, and it comes first."""
    if not needs_reference_year(row):
        return
    name_en = row.name_en or row.name_zh
    for year in TARGET_YEARS:
        target = target_of(row, year)
        where = Location(chapter_id, "indicators", row.id, f"target_{year}.reference_year")
        stated = reference_year(row, year)
        numbered = [
            v for v in (target.basic, target.stretch) if v.qualifier is not Qualifier.PROVINCE
        ]
        if stated is None and any(not v.is_blank() for v in numbered):
            shown = "、".join(f"“{v.text.strip()}”" for v in numbered if not v.is_blank())
            out.add(
                "reference_year_missing",
                Severity.WARNING,
                where,
                {"what": row.name_zh, "year": year, "target": shown},
                {"what": name_en, "target": shown.replace("、", ", ")},
            )
        elif stated is not None and stated >= year:
            out.add(
                "reference_year_invalid",
                Severity.ERROR,
                where,
                {"what": row.name_zh, "year": year, "reference": stated},
                {"what": name_en},
            )


def _check_indicator(row: IndicatorRow, chapter_id: str | None, out: _Collector) -> None:
    name_en = row.name_en or row.name_zh
    numbers: dict[str, float | None] = {
        "base": _check_value(
            out,
            row.base,
            Location(chapter_id, "indicators", row.id, "base"),
            f"指标“{row.name_zh}”{_FIELD_LABELS['base'][0]}",
            f"Indicator “{name_en}” {_FIELD_LABELS['base'][1]}",
            low=row.range_min,
            high=row.range_max,
            unit=row.unit,
        )
    }
    for year in TARGET_YEARS:
        for which in ("basic", "stretch"):
            key = f"target_{year}.{which}"
            location = Location(chapter_id, "indicators", row.id, key)
            numbers[key] = _check_target(row, year, which, location, out)
    _check_reference_years(row, chapter_id, out)
    if not _has_target(row):
        out.add(
            "indicator_no_target",
            Severity.WARNING,
            Location(chapter_id, "indicators", row.id, "target_2025.basic"),
            {"what": row.name_zh},
            {"what": name_en},
        )
    if not row.department.strip():
        out.add(
            "indicator_no_department",
            Severity.INFO,
            Location(chapter_id, "indicators", row.id, "department"),
            {"what": row.name_zh},
            {"what": name_en},
        )
    _check_direction(row, chapter_id, numbers, out)
    _check_stretch(row, chapter_id, numbers, out)


def _check_direction(
    row: IndicatorRow, chapter_id: str | None, numbers: dict[str, float | None], out: _Collector
) -> None:
    name_en = row.name_en or row.name_zh
    # Direction: base → 2025 → 2030 must not move the wrong way (levels only; a change
    # indicator is measured against a reference year and has no base to compare with).
    if row.value_kind is ValueKind.LEVEL:
        chain = [
            k for k in ("base", "target_2025.basic", "target_2030.basic") if numbers[k] is not None
        ]
        for earlier, later in pairwise(chain):
            a, b = numbers[earlier], numbers[later]
            assert a is not None and b is not None
            if not _more_ambitious_or_equal(row.direction, b, a):
                worse_zh = "低" if row.direction is Direction.UP else "高"
                worse_en = "lower" if row.direction is Direction.UP else "higher"
                out.add(
                    "target_against_direction",
                    Severity.ERROR,
                    Location(chapter_id, "indicators", row.id, later),
                    {
                        "what": row.name_zh,
                        "later_label": _FIELD_LABELS[later][0],
                        "earlier_label": _FIELD_LABELS[earlier][0],
                        "later": format_number(b),
                        "earlier": format_number(a),
                        "worse": worse_zh,
                    },
                    {
                        "what": name_en,
                        "later_label": _FIELD_LABELS[later][1],
                        "earlier_label": _FIELD_LABELS[earlier][1],
                        "worse_en": worse_en,
                    },
                )
                break


def _check_stretch(
    row: IndicatorRow, chapter_id: str | None, numbers: dict[str, float | None], out: _Collector
) -> None:
    name_en = row.name_en or row.name_zh
    for year in ("2025", "2030"):
        basic, stretch = numbers[f"target_{year}.basic"], numbers[f"target_{year}.stretch"]
        if (
            basic is not None
            and stretch is not None
            and not _more_ambitious_or_equal(row.direction, stretch, basic)
        ):
            out.add(
                "stretch_weaker",
                Severity.ERROR,
                Location(chapter_id, "indicators", row.id, f"target_{year}.stretch"),
                {
                    "what": row.name_zh,
                    "year": year,
                    "stretch": format_number(stretch),
                    "basic": format_number(basic),
                },
                {"what": name_en},
            )


def _check_indicators(plan: Plan, out: _Collector) -> None:
    chapter_id = _chapter_id(plan, ChapterKind.INDICATORS)
    for row in plan.indicators:
        key = ("indicator", _indicator_reads(row), chapter_id)
        _remembered(key, partial(_check_indicator, row, chapter_id), out)


def _check_project(
    project: Project, row: int, chapter_id: str | None, fields: frozenset[str], out: _Collector
) -> None:
    loc = lambda key: Location(chapter_id, "projects", project.id, key)  # noqa: E731
    name_zh = project.name.strip() or f"第{row}个项目"
    name_en = project.name.strip() or f"project no. {row}"
    if not project.name.strip():
        out.add("project_no_name", Severity.ERROR, loc("name"), {"row": row})
    numbers: dict[str, float | None] = {}
    for key in ("investment", "energy_saving", "co2_reduction", "start_year", "end_year"):
        label_zh, label_en = _FIELD_LABELS[key]
        what_zh, what_en = f"重点项目“{name_zh}”{label_zh}", f"Key project “{name_en}” {label_en}"
        number = _check_value(out, getattr(project, key), loc(key), what_zh, what_en)
        if number is None:
            numbers[key] = None
            continue
        if key.endswith("_year"):
            if number != int(number) or not YEAR_MIN <= number <= YEAR_MAX:
                out.add(
                    "year_out_of_range",
                    Severity.ERROR,
                    loc(key),
                    {
                        "what": what_zh,
                        "value": format_number(number),
                        "low": YEAR_MIN,
                        "high": YEAR_MAX,
                    },
                    {"what": what_en},
                )
                number = None
        elif number < 0:
            out.add(
                "negative_value",
                Severity.ERROR,
                loc(key),
                {"what": what_zh, "value": format_number(number)},
                {"what": what_en},
            )
            number = None
        numbers[key] = number
    start, end = numbers["start_year"], numbers["end_year"]
    if start is not None and end is not None and end < start:
        out.add(
            "project_end_before_start",
            Severity.ERROR,
            loc("end_year"),
            {"what": name_zh, "start": int(start), "end": int(end)},
            {"what": name_en},
        )
    if project.name.strip() and not project.owner.strip():
        out.add(
            "project_no_owner", Severity.WARNING, loc("owner"), {"what": name_zh}, {"what": name_en}
        )
    if project.name.strip() and project.field not in fields:
        out.add(
            "project_no_field", Severity.WARNING, loc("field"), {"what": name_zh}, {"what": name_en}
        )


def _check_projects(plan: Plan, template: Template, out: _Collector) -> None:
    chapter_id = _chapter_id(plan, ChapterKind.PROJECTS)
    fields = frozenset(f.id for f in template.project_fields)
    for row, project in enumerate(plan.projects, start=1):
        key = ("project", _project_reads(project), row, chapter_id, fields)
        _remembered(key, partial(_check_project, project, row, chapter_id, fields), out)


def _duplicates(names: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, int]]:
    """(name, id of its first row, count) for names used more than once, ignoring blanks."""
    cleaned = [(name.strip(), ident) for name, ident in names if name.strip()]
    counts = Counter(name for name, _ in cleaned)
    reported: set[str] = set()
    for name, ident in cleaned:
        if counts[name] > 1 and name not in reported:
            reported.add(name)
            yield name, ident, counts[name]


def _check_duplicates(plan: Plan, out: _Collector) -> None:
    groups = {
        "chapters": (None, [(c.title_zh, c.id) for c in plan.chapters], "title_zh"),
        "task_groups": (
            _chapter_id(plan, ChapterKind.TASKS),
            [(g.title_zh, g.id) for g in plan.task_groups],
            "title_zh",
        ),
        "indicators": (
            _chapter_id(plan, ChapterKind.INDICATORS),
            [(i.name_zh, i.id) for i in plan.indicators],
            "name_zh",
        ),
        "projects": (
            _chapter_id(plan, ChapterKind.PROJECTS),
            [(p.name, p.id) for p in plan.projects],
            "name",
        ),
        "policies": (
            _chapter_id(plan, ChapterKind.POLICIES),
            [(p.title, p.id) for p in plan.policies],
            "title",
        ),
    }
    for collection, (chapter_id, names, key) in groups.items():
        kind_zh, kind_en = _KIND_NAMES[collection]
        for name, ident, count in _duplicates(names):
            out.add(
                "duplicate_name",
                Severity.ERROR,
                Location(
                    chapter_id or (ident if collection == "chapters" else None),
                    collection,
                    ident,
                    key,
                ),
                {"kind": kind_zh, "name": name, "count": count},
                {"kind_en": kind_en},
            )


def _check_coverage(plan: Plan, template: Template, out: _Collector) -> None:
    covered = {ref for c in plan.chapters for ref in c.covers}
    covered |= {ref for g in plan.task_groups for ref in g.covers}
    for element in template.elements_for_pilot():
        if element.id not in covered:
            out.add(
                "element_not_covered",
                Severity.WARNING,
                Location(field="outline"),
                {"element": element.title.zh},
                {"element": element.title.en},
            )


# Indicators compared with the projection: template id suffix → what falls per unit of GDP.
_INTENSITY_TARGETS = {"energy_intensity_reduction": "energy", "carbon_intensity_reduction": "co2"}
TARGET_TOLERANCE = 0.5  # percentage points


_ACCOUNT_WORDS = {
    "energy_total": (("能源消费总量", "total energy use"), "万吨标准煤"),
    "co2_total": (("二氧化碳排放总量", "total CO2"), "万吨"),
}


def _check_account(plan: Plan, template: Template, where: Location, out: _Collector) -> None:
    for gap in account_gaps(plan, template):
        if not gap.too_far:
            continue
        (what_zh, what_en), unit = _ACCOUNT_WORDS[gap.item]
        out.add(
            "account_differs",
            Severity.WARNING,
            where,
            {
                "what": what_zh,
                "computed": f"{format_number(gap.computed, 1)}{unit}",
                "typed": f"{format_number(gap.typed, 1)}{unit}",
                "share": format_number(gap.share * 100, 1),
            },
            {"what": what_en},
        )


def _check_trajectory(plan: Plan, template: Template, out: _Collector) -> None:
    where = Location(_chapter_id(plan, ChapterKind.BASE_DATA), field="trajectory")
    _check_account(plan, template, where, out)
    trajectory = project_trajectory(plan, template)
    for problem in trajectory.problems:
        out.add(
            "trajectory_problem",
            Severity.WARNING,
            where,
            {"detail": problem.message_zh},
            {"detail": problem.message_en},
        )
    policy = trajectory.policy
    declared_text = plan.meta.declared_peak_year.strip()
    if declared_text:
        declared = declared_peak_year(plan)
        if declared is None:
            out.add(
                "peak_year_invalid",
                Severity.WARNING,
                Location(field="meta.declared_peak_year"),
                {"text": declared_text},
            )
        elif policy is not None and not peaks_in_time(policy.peak_year, declared):
            zh = (
                f"到{trajectory_end(policy)}年仍未达峰"
                if policy.peak_year is None
                else f"在{policy.peak_year}年达峰"
            )
            en = (
                f"is still rising in {trajectory_end(policy)}"
                if policy.peak_year is None
                else f"peaks in {policy.peak_year}"
            )
            out.add(
                "peak_later_than_declared",
                Severity.WARNING,
                where,
                {"declared": int(declared), "result": zh},
                {"result": en},
            )
    if policy is None:
        return
    cap = declared_peak(plan).value
    if cap is not None and policy.peak_co2 is not None and policy.peak_co2 > cap + 0.5:
        out.add(
            "peak_value_below_projection",
            Severity.WARNING,
            Location(field="meta.declared_peak_value"),
            {"declared": format_number(cap, 1), "projected": format_number(policy.peak_co2, 0)},
        )
    targets_chapter = _chapter_id(plan, ChapterKind.INDICATORS)
    for row in plan.indicators:
        what = _intensity_of(row)
        if what is None:
            continue
        for year in TARGET_YEARS:
            where = Location(targets_chapter, "indicators", row.id, f"target_{year}.basic")
            _compare_with_projection(plan, template, row, year, what, policy, where, out)


def _intensity_of(row: IndicatorRow) -> str | None:
    """ "energy" or "co2" for an intensity target the projection can check, else None."""
    ref = row.template_ref or ""
    return next((w for suffix, w in _INTENSITY_TARGETS.items() if ref.endswith(suffix)), None)


# The level a reference-year value is entered as: per unit of GDP, a park's per unit of
# industrial value added (what its projection grows with).
_INTENSITY_LEVELS = {
    ("city", "energy"): (
        "单位地区生产总值能耗（吨标准煤/万元）",
        "energy use per unit of GDP (tce per 10,000 yuan)",
    ),
    ("city", "co2"): (
        "单位地区生产总值二氧化碳排放（吨二氧化碳/万元）",
        "CO2 per unit of GDP (tCO2 per 10,000 yuan)",
    ),
    ("park", "energy"): (
        "单位工业增加值能耗（吨标准煤/万元）",
        "energy use per unit of industrial value added (tce per 10,000 yuan)",
    ),
    ("park", "co2"): (
        "单位工业增加值二氧化碳排放（吨二氧化碳/万元）",
        "CO2 per unit of industrial value added (tCO2 per 10,000 yuan)",
    ),
}


def _reference_level(row: IndicatorRow, year: int, reference: int) -> float | None:
    """The intensity the user entered for ``reference`` (on either target with that year)."""
    own = target_of(row, year).reference_value
    candidates = [own] + [
        target_of(row, other).reference_value
        for other in TARGET_YEARS
        if other != year and reference_year(row, other) == reference
    ]
    for value in candidates:
        number = parse_number(value.text).number
        if number is not None and number > 0:
            return number
    return None


def _projected_reduction(
    plan: Plan, row: IndicatorRow, year: int, what: str, policy: ScenarioResult
) -> tuple[float | None, int | None]:
    """(% fall of the intensity from the target's reference year to ``year``, or None;
    the reference year when the comparison cannot be made for want of its value)."""
    reference = reference_year(row, year)
    if reference is None or reference == plan.meta.base_year:
        return policy.reduction(year, what), None
    level = _reference_level(row, year, reference)
    point = policy.at(year)
    if level is None:
        return None, reference
    if point is None or not point.gdp:
        return None, None
    return (1 - getattr(point, what) / point.gdp / level) * 100, None


def _compare_with_projection(
    plan: Plan,
    template: Template,
    row: IndicatorRow,
    year: int,
    what: str,
    policy: ScenarioResult,
    where: Location,
    out: _Collector,
) -> None:
    """Like with like: a target against 2020 is compared with the projection's fall since
    2020, never with its fall since a different base year."""
    found = reading(row, year)
    reference = reference_year(row, year)
    if found.number is None or reference is None or found.qualifier is Qualifier.AT_MOST:
        return
    projected, missing = _projected_reduction(plan, row, year, what, policy)
    if missing is not None:
        _report_not_comparable(plan, row, year, what, reference, where, out)
        return
    goal = found.number
    about = found.qualifier is Qualifier.ABOUT
    tolerance = max(TARGET_TOLERANCE, abs(goal) * ABOUT_TOLERANCE) if about else TARGET_TOLERANCE
    if projected is None or projected + tolerance >= goal:
        return
    _report_not_supported(row, year, found, reference, projected, tolerance, where, out)


def _report_not_comparable(
    plan: Plan,
    row: IndicatorRow,
    year: int,
    what: str,
    reference: int,
    where: Location,
    out: _Collector,
) -> None:
    names = {"zh": row.name_zh, "en": row.name_en or row.name_zh}
    level_zh, level_en = _INTENSITY_LEVELS[(plan.meta.pilot_type.value, what)]
    out.add(
        "target_not_comparable",
        Severity.WARNING,
        Location(where.chapter_id, "indicators", row.id, f"target_{year}.reference_value"),
        {
            "indicator": names["zh"],
            "year": year,
            "reference": reference,
            "base": plan.meta.base_year,
            "why": f"缺少{reference}年的{level_zh}，请在“{year}年目标比较年份数值”栏填写。",
        },
        {
            "indicator": names["en"],
            "why": f"the {level_en} of {reference} is missing; enter it in the "
            f"“{year} target: value in that year” column.",
        },
    )


def _report_not_supported(
    row: IndicatorRow,
    year: int,
    found: TargetReading,
    reference: int,
    projected: float,
    tolerance: float,
    where: Location,
    out: _Collector,
) -> None:
    names = {"zh": row.name_zh, "en": row.name_en or row.name_zh}
    goal = found.number
    assert goal is not None
    about = found.qualifier is Qualifier.ABOUT
    note_zh = note_en = ""
    if about:
        share = format_number(ABOUT_TOLERANCE * 100)
        floor = format_number(goal - tolerance, 2)
        note_zh = f"（“左右”按±{share}%计，即不低于{floor}%）"
        note_en = f" (“about” allows ±{share} % of the value, i.e. at least {floor} %)"
    out.add(
        "target_not_supported",
        Severity.WARNING,
        where,
        {
            "indicator": names["zh"],
            "year": year,
            "reference": reference,
            "target": official(found.number_text, found.qualifier, "%", "zh"),
            "projected": format_number(projected, 1),
            "tolerance": note_zh,
        },
        {
            "indicator": names["en"],
            "target": official(found.number_text, found.qualifier, "%", "en"),
            "tolerance": note_en,
        },
    )


def _check_factors(plan: Plan, template: Template, out: _Collector) -> None:
    """Every factor with its source; the grid factor's year, region and confidence said."""
    chapter = _chapter_id(plan, ChapterKind.BASE_DATA)
    for line in energy_account(plan, template).lines:
        if not line.factor_has_source:
            out.add(
                "factor_no_source",
                Severity.WARNING,
                Location(chapter, "fuels", line.fuel.id, "emission_factor.provenance.source"),
                {
                    "fuel": f"“{line.fuel.name.zh}”",
                    "value": format_number(line.factor, 4),
                    "unit": line.factor_unit,
                },
                {"fuel_en": line.fuel.name.en},
            )
    _check_grid_factor(plan, template, chapter, out)


def _check_grid_factor(
    plan: Plan, template: Template, chapter: str | None, out: _Collector
) -> None:
    """The grid factor's year, region and confidence said, unless the plan gives its own."""
    electricity = next((u for u in plan.fuels if u.id in _grid_fuels(template)), None)
    if electricity is not None and not electricity.emission_factor.is_blank():
        return  # the plan's own factor replaces the table's
    choice = grid_choice(plan, template)
    factor = choice.factor
    if factor is None:
        return
    where = Location(chapter, field="trajectory")
    names = {"name": template.grid_factor_name(factor, "zh")}
    names_en = {"name_en": template.grid_factor_name(factor, "en")}
    _check_grid_region(plan, template, choice, where, (names, names_en), out)
    if choice.year_differs:
        before = choice.before_published
        out.add(
            "grid_factor_year",
            Severity.INFO,
            where,
            {
                **names,
                "year": factor.year,
                "base": choice.base_year,
                "why": "（基准年早于最早发布年份，取最早发布年份）" if before else "",
            },
            {
                **names_en,
                "why_en": " (the base year comes before the earliest published year, "
                "whose factor is used)"
                if before
                else "",
            },
        )
    if factor.to_verify:
        out.add(
            "grid_factor_to_verify",
            Severity.INFO,
            where,
            {**names, "value": f"{format_number(factor.value, 4)} {factor.unit_in('zh')}"},
            {**names_en, "value": f"{format_number(factor.value, 4)} {factor.unit_in('en')}"},
        )


def _check_grid_region(
    plan: Plan,
    template: Template,
    choice: GridChoice,
    where: Location,
    labels: tuple[dict[str, str], dict[str, str]],
    out: _Collector,
) -> None:
    """A grid factor the table does not know, or one published for another region."""
    names, names_en = labels
    factor = choice.factor
    assert factor is not None
    default = template.default_grid_factor(plan.meta.province, plan.meta.base_year)
    default_names = (
        {"default": template.grid_factor_name(default, "zh")} if default else {"default": "—"},
        {"default_en": template.grid_factor_name(default, "en")} if default else {},
    )
    if choice.missing and plan.meta.grid_factor is not None:
        ref = plan.meta.grid_factor
        text = f"{ref.year} {ref.level} {ref.region} {ref.series} {ref.document}".strip()
        out.add(
            "grid_factor_unknown",
            Severity.WARNING,
            where,
            {"ref": text, **default_names[0]},
            default_names[1],
        )
    elif not grid_factor_applies(factor, plan, template):
        out.add(
            "grid_factor_elsewhere",
            Severity.WARNING,
            where,
            {**names, "province": plan.meta.province or "—", **default_names[0]},
            {**names_en, **default_names[1]},
        )


def _grid_fuels(template: Template) -> set[str]:
    return {f.id for f in template.fuels if f.emission_factor == "grid"}


def _check_project_counting(plan: Plan, template: Template, out: _Collector) -> None:
    chapter = _chapter_id(plan, ChapterKind.PROJECTS)
    for project in project_effects(plan, template).no_end_year:
        name = project.name.strip() or "—"
        out.add(
            "project_not_counted",
            Severity.INFO,
            Location(chapter, "projects", project.id, "end_year"),
            {"what": name},
        )


def _check_sources(plan: Plan, template: Template, out: _Collector) -> None:
    chapters = {
        "base_data": _chapter_id(plan, ChapterKind.BASE_DATA),
        "indicators": _chapter_id(plan, ChapterKind.INDICATORS),
        "fuels": _chapter_id(plan, ChapterKind.BASE_DATA),
    }
    for number in data_numbers(plan, template):
        if number.has_source:
            continue
        out.add(
            "no_source",
            Severity.INFO,
            Location(
                chapters[number.collection],
                number.collection,
                number.item_id,
                f"{number.field}.provenance.source",
            ),
            {"what": number.label_zh, "value": number.value.text.strip()},
            {"what": number.label_en},
        )


def _check_higher_targets(plan: Plan, template: Template, out: _Collector) -> None:
    chapter = _chapter_id(plan, ChapterKind.INDICATORS)
    policy = None
    for shortfall in shortfalls(plan, template):
        row, ref = shortfall.row, shortfall.reference
        projection_zh = projection_en = ""
        what = next(
            (
                w
                for suffix, w in _INTENSITY_TARGETS.items()
                if (row.template_ref or "").endswith(suffix)
            ),
            None,
        )
        if what is not None:
            policy = policy or project_trajectory(plan, template).policy
            projected = (
                _projected_reduction(plan, row, shortfall.year, what, policy)[0] if policy else None
            )
            if projected is not None:
                meets = projected + 1e-9 >= ref.value
                projection_zh = (
                    f"按政策情景测算为{signed(row, projected)}，"
                    f"{'能' if meets else '不能'}达到该目标。"
                )
                projection_en = (
                    f" The policy scenario gives {signed(row, projected)}, which "
                    f"{'meets' if meets else 'does not meet'} it."
                )
        about_zh, about_en = ("左右", " or so") if ref.about else ("", "")
        out.add(
            "below_higher_target",
            Severity.WARNING,
            Location(chapter, "indicators", row.id, f"target_{shortfall.year}.basic.text"),
            {
                "indicator": row.name_zh,
                "year": shortfall.year,
                "plan": signed(row, shortfall.plan_value),
                "level": ref.label("zh"),
                "reference": signed(row, ref.value) + about_zh,
                "source": ref.source_zh,
                "projection": projection_zh,
            },
            {
                "indicator": row.name_en or row.name_zh,
                "level": ref.label("en"),
                "reference": signed(row, ref.value) + about_en,
                "source": ref.source_en,
                "projection": projection_en,
            },
        )


_PLACE_NAMES = {
    "chapters": ("章节", "Chapter"),
    "task_groups": ("任务", "Task group"),
    "measures": ("措施", "Measure"),
    "policies": ("政策", "Policy"),
    "milestones": ("工作进度", "Schedule stage"),
    "projects": ("重点项目", "Key project"),
}


def _place_names(plan: Plan) -> dict[str, tuple[str, str]]:
    """Item id → (zh, en) name of the place a peak mention is in."""
    names = {c.id: (c.title_zh, c.title_en or c.title_zh) for c in plan.chapters}
    names |= {g.id: (g.title_zh, g.title_en or g.title_zh) for g in plan.task_groups}
    names |= {m.id: (m.title, m.title) for m in plan.measures}
    names |= {p.id: (p.title, p.title) for p in plan.policies}
    names |= {m.id: (m.title or m.period, m.title or m.period) for m in plan.milestones}
    names |= {p.id: (p.name, p.name) for p in plan.projects}
    return names


def _check_peak(plan: Plan, out: _Collector) -> None:
    """One peak year: declared, within the base year and 2030, and no text saying another."""
    where = Location(field="meta.declared_peak_year")
    if not plan.meta.declared_peak_year.strip():
        out.add("peak_year_missing", Severity.WARNING, where)
        return
    year = declared_peak(plan).year
    if year is None:
        return  # reported as peak_year_invalid
    if year < plan.meta.base_year:
        out.add(
            "peak_year_before_base",
            Severity.ERROR,
            where,
            {"year": year, "base_year": plan.meta.base_year},
        )
    elif year > PILOT_PEAK_LATEST:
        out.add(
            "peak_year_after_2030",
            Severity.ERROR,
            where,
            {"year": year, "latest": PILOT_PEAK_LATEST},
        )
    chapters = {
        "task_groups": _chapter_id(plan, ChapterKind.TASKS),
        "measures": _chapter_id(plan, ChapterKind.TASKS),
        "policies": _chapter_id(plan, ChapterKind.POLICIES),
        "milestones": _chapter_id(plan, ChapterKind.SCHEDULE),
        "projects": _chapter_id(plan, ChapterKind.PROJECTS),
    }
    names = _place_names(plan)
    for mention in differing_mentions(plan):
        kind_zh, kind_en = _PLACE_NAMES[mention.collection]
        name_zh, name_en = names.get(mention.item_id, ("", ""))
        if mention.collection == "chapters":
            location = Location(chapter_id=mention.item_id, field="text")
        else:
            location = Location(
                chapters[mention.collection], mention.collection, mention.item_id, mention.field
            )
        out.add(
            "peak_stated_differently",
            Severity.ERROR,
            location,
            {"where": f"{kind_zh}“{name_zh}”", "words": mention.words, "declared": year},
            {"where_en": f"{kind_en} “{name_en}”"},
        )


def trajectory_end(scenario: ScenarioResult) -> int:
    return scenario.points[-1].year


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check_plan(plan: Plan, template: Template) -> list[Finding]:
    """Every finding on ``plan``, errors first, in outline order within a severity."""
    out = _Collector()
    _check_meta(plan, out)
    _check_peak(plan, out)
    _check_chapters(plan, out)
    _check_coverage(plan, template, out)
    _check_base_data(plan, template, out)
    _check_model_inputs(plan, template, out)
    _check_indicators(plan, out)
    _check_projects(plan, template, out)
    _check_duplicates(plan, out)
    _check_trajectory(plan, template, out)
    _check_factors(plan, template, out)
    _check_project_counting(plan, template, out)
    _check_higher_targets(plan, template, out)
    _check_sources(plan, template, out)
    order = {c.id: n for n, c in enumerate(plan.chapters)}
    return sorted(
        out.findings,
        key=lambda f: (_SEVERITY_ORDER[f.severity], order.get(f.location.chapter_id or "", -1)),
    )


# What a final export (the plan submitted or approved, or an export marked final) cannot carry.
FINAL_BLOCKING = frozenset(
    {
        "chapter_empty",
        "pilot_name_unconfirmed",
        "peak_stated_differently",
        "peak_year_before_base",
        "peak_year_after_2030",
    }
)
FINAL_STATUSES = frozenset({PlanStatus.SUBMITTED, PlanStatus.APPROVED})


def is_final(plan: Plan, marked_final: bool = False) -> bool:
    """Whether an export of ``plan`` is the final document (no draft placeholders allowed)."""
    return marked_final or plan.meta.status in FINAL_STATUSES


def final_export_error(findings: Iterable[Finding]) -> LocalizedError | None:
    """The error that stops a final export, listing what to fix; None when nothing blocks."""
    blocking = [f for f in findings if f.code in FINAL_BLOCKING]
    if not blocking:
        return None
    return LocalizedError(
        "正式稿不能导出，请先处理以下问题：\n" + "\n".join(f"· {f.message_zh}" for f in blocking),
        "The final document cannot be exported until these are fixed:\n"
        + "\n".join(f"· {f.message_en}" for f in blocking),
    )


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in Severity}
