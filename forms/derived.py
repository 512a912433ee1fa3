"""Figures derived from the base data (intensities), computed and never typed."""

from __future__ import annotations

from dataclasses import dataclass

from forms.plan import Plan
from forms.template import DerivedSpec, Template
from forms.values import parse_number


@dataclass(frozen=True)
class DerivedValue:
    spec: DerivedSpec
    value: float | None  # None when an input is missing, not a number, or the divisor is zero


def _number(plan: Plan, item: str) -> float | None:
    value = plan.base_value(item)
    return parse_number(value.text if value else "").number


def derived_values(plan: Plan, template: Template) -> list[DerivedValue]:
    """The template's derived figures for the plan's pilot type."""
    results = []
    for spec in template.derived_for_pilot():
        top = _number(plan, spec.numerator)
        if top is not None and spec.share is not None:
            share = _number(plan, spec.share)
            top = None if share is None else top * share / 100
        bottom = _number(plan, spec.denominator)
        value = None
        if top is not None and bottom:
            value = top / bottom * spec.scale
        results.append(DerivedValue(spec, value))
    return results


@dataclass(frozen=True)
class ProjectTotals:
    """The key projects summed: what the totals row, the check and the exports show."""

    count: int
    investment: float  # 万元
    energy_saving: float  # tce per year
    co2_reduction: float  # tCO2 per year


def project_totals(plan: Plan) -> ProjectTotals:
    """Sums over the projects; a blank or non-numeric cell counts as zero (the check flags it)."""

    def total(texts: list[str]) -> float:
        return sum(parse_number(text).number or 0.0 for text in texts)

    projects = plan.projects
    return ProjectTotals(
        count=len(projects),
        investment=total([p.investment.text for p in projects]),
        energy_saving=total([p.energy_saving.text for p in projects]),
        co2_reduction=total([p.co2_reduction.text for p in projects]),
    )
