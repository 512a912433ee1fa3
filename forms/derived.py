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


def derived_values(plan: Plan, template: Template) -> list[DerivedValue]:
    results = []
    for spec in template.derived:
        numerator = plan.base_value(spec.numerator)
        denominator = plan.base_value(spec.denominator)
        top = parse_number(numerator.text if numerator else "").number
        bottom = parse_number(denominator.text if denominator else "").number
        value = None
        if top is not None and bottom:
            value = top / bottom * spec.scale
        results.append(DerivedValue(spec, value))
    return results
