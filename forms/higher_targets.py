"""Higher-level targets: the nation's (template data, with sources) and the province's (cited
in the template, or recorded in the plan with their source), and how the plan compares.

A pilot is expected to lead: each of its 2025/2030 targets should be at least as ambitious as
the province's and the nation's, in the indicator's direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.plan import HigherTarget, IndicatorRow, Plan
from forms.targets import reading, reference_year
from forms.template import Direction, Template
from forms.values import format_number, parse_number

YEARS = (2025, 2030)
HIGHER_REFERENCE_YEAR = 2020  # the national and provincial reductions are against 2020


@dataclass(frozen=True)
class Reference:
    level: str  # "national" | "province"
    indicator: str  # template indicator id
    year: int
    value: float
    about: bool
    source_zh: str
    source_en: str

    def label(self, lang: str) -> str:
        if self.level == "national":
            return "全国" if lang == "zh" else "national"
        return "本省" if lang == "zh" else "provincial"


def references(plan: Plan, template: Template) -> list[Reference]:
    """The national and provincial targets that apply to ``plan``."""
    found = [
        Reference(t.level, t.indicator, t.year, t.value, t.about, t.source.zh, t.source.en)
        for t in template.reference_targets
        if t.level == "national" or t.region == plan.meta.province
    ]
    cited = {(r.indicator, r.year) for r in found if r.level == "province"}
    for entry in plan.higher_targets:
        number = parse_number(entry.value.text).number
        if number is None or (entry.indicator, entry.year) in cited:
            continue
        source = entry.value.provenance.source.strip()
        found.append(
            Reference("province", entry.indicator, entry.year, number, False, source, source)
        )
    return found


def indicators_with_references(template: Template) -> list[str]:
    """The template indicators a province's target can be recorded for (those with a national
    reference, in template order)."""
    named = {t.indicator for t in template.reference_targets}
    return [i.id for i in template.indicators_for_pilot() if i.id in named]


def province_rows(plan: Plan, template: Template) -> list[HigherTarget]:
    """The rows a plan records its province's targets in (missing ones created, unsaved)."""
    existing = {h.id: h for h in plan.higher_targets}
    rows = []
    for indicator in indicators_with_references(template):
        for year in YEARS:
            key = f"{indicator}-{year}"
            rows.append(existing.get(key) or HigherTarget(id=key, indicator=indicator, year=year))
    return rows


def signed(row: IndicatorRow, number: float) -> str:
    """A reduction written as a signed change (−12%), a level as itself (20%)."""
    text = format_number(number, 2)
    if row.value_kind.value == "change" and row.direction is Direction.UP:
        return f"−{text}%"
    return f"{text}%" if row.unit.startswith("%") else f"{text}{row.unit}"


def less_ambitious(row: IndicatorRow, plan_value: float, reference: float) -> bool:
    if row.direction is Direction.UP:
        return plan_value < reference - 1e-9
    return plan_value > reference + 1e-9


@dataclass(frozen=True)
class Shortfall:
    row: IndicatorRow
    year: int
    plan_value: float
    reference: Reference


def shortfalls(plan: Plan, template: Template) -> list[Shortfall]:
    """Every plan target less ambitious than a higher-level one."""
    refs = references(plan, template)
    found = []
    for row in plan.indicators:
        if row.template_ref is None:
            continue
        for year in YEARS:
            value = reading(row, year).number
            if value is None or reference_year(row, year) not in (None, HIGHER_REFERENCE_YEAR):
                continue  # higher-level reductions are against 2020: compare like with like
            for ref in refs:
                if (
                    ref.indicator == row.template_ref
                    and ref.year == year
                    and less_ambitious(row, value, ref.value)
                ):
                    found.append(Shortfall(row, year, value, ref))
    return found
