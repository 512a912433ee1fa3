"""An indicator's targets as a reviewer reads them: value, qualifier and reference year.

Every entry point (the wizard, a department workbook, an older plan being upgraded) turns
what was typed into number + qualifier with :func:`entered`; every reader (check, exports)
reads a target with :func:`reading`, which also understands a qualifier still inside the text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from forms.errors import LocalizedError
from forms.plan import IndicatorRow, Plan, Target, TargetValue
from forms.qualifiers import Qualifier, TargetReading, official, percent_unit, read_target
from forms.template import ValueKind

TARGET_YEARS = (2025, 2030)
# 2025 targets are stated against 2020 (the 14th Five-Year Plan period); 2030 targets differ
# (2005, 2020 or 2025) and have no default.
DEFAULT_REFERENCE_YEARS = {2025: 2020}
Which = Literal["basic", "stretch"]
_UNIT_REFERENCE = re.compile(r"\s*[（(]\s*(?:较|比|vs\.?\s*)(\d{4})\s*年?\s*[)）]\s*")


def target_of(row: IndicatorRow, year: int) -> Target:
    return row.target_2025 if year == 2025 else row.target_2030


def needs_reference_year(row: IndicatorRow) -> bool:
    """A reduction (change) indicator is stated against a reference year; a level is not."""
    return row.value_kind is ValueKind.CHANGE


def reference_year(row: IndicatorRow, year: int) -> int | None:
    """The year the ``year`` target of ``row`` is measured against (None: not stated)."""
    if not needs_reference_year(row):
        return None
    stated = target_of(row, year).reference_year
    return stated if stated is not None else DEFAULT_REFERENCE_YEARS.get(year)


def reading(row: IndicatorRow, year: int, which: Which = "basic") -> TargetReading:
    value: TargetValue = getattr(target_of(row, year), which)
    return read_target(value.text, row.unit, value.qualifier)


def entered(value: TargetValue, typed: str, unit: str) -> TargetValue:
    """``value`` with ``typed`` taken in: number + qualifier when readable, else the text as
    typed (the check names it); the provenance is kept."""
    found = read_target(typed, unit)
    if found.by_province:
        text, qualifier = "", Qualifier.PROVINCE
    elif found.ok:
        text, qualifier = found.number_text, found.qualifier
    else:
        text, qualifier = typed.strip() if found.blank else typed, Qualifier.EXACT
    return value.model_copy(update={"text": text, "qualifier": qualifier})


def display(value: TargetValue, unit: str, lang: str = "zh", *, percent_sign: bool = False) -> str:
    """A target as shown in a cell: "22左右", "about 22" ("22%左右" with ``percent_sign`` for a
    % indicator); an unreadable text as typed."""
    found = read_target(value.text, unit, value.qualifier)
    if found.blank:
        return ""
    if found.problem:
        return value.text
    sign = "%" if percent_sign and percent_unit(unit) else ""
    return official(found.number_text, found.qualifier, sign, lang)


class ReferenceYearError(LocalizedError):
    """A reference year that is not a year."""


def typed_year(text: str) -> int | None:
    """A reference year as typed ("2005", "２００５年"); None when blank."""
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    if not cleaned:
        return None
    if not cleaned.isdigit() or not 1990 <= int(cleaned) <= 2100:
        raise ReferenceYearError(
            f"比较年份“{text.strip()}”不是1990—2100之间的年份（如 2005、2020、2025）。",
            f"The reference year “{text.strip()}” is not a year between 1990 and 2100 "
            "(e.g. 2005, 2020, 2025).",
        )
    return int(cleaned)


# -- upgrading plans written before qualifiers and reference years (schema 2) ------------------


def upgrade_indicator(body: dict[str, Any]) -> dict[str, Any]:
    """An indicator's JSON of schema ≤ 2 in the current shape: "22左右" → 22 + about, "18%" →
    18 for a % unit, and the reference year moved out of a unit like "%（较2020年）"."""
    unit = str(body.get("unit", ""))
    match = _UNIT_REFERENCE.search(unit)
    unit_year = int(match.group(1)) if match else None
    if match:
        body["unit"] = (unit[: match.start()] + unit[match.end() :]).strip()
    change = body.get("value_kind") == ValueKind.CHANGE.value
    for year in TARGET_YEARS:
        target = body.setdefault(f"target_{year}", {})
        if not isinstance(target, dict):
            continue
        for which in ("basic", "stretch"):
            value = target.setdefault(which, {})
            if isinstance(value, dict) and "qualifier" not in value:
                _upgrade_value(value, unit)
        if change and target.get("reference_year") is None:
            stated = unit_year or DEFAULT_REFERENCE_YEARS.get(year)
            if stated is not None:
                target["reference_year"] = stated
    return body


def _upgrade_value(value: dict[str, Any], unit: str) -> None:
    text = value.get("text", "")
    if not isinstance(text, str):
        return
    found = read_target(text, unit)
    if found.by_province:
        value["text"], value["qualifier"] = "", Qualifier.PROVINCE.value
    elif found.ok:
        value["text"], value["qualifier"] = found.number_text, found.qualifier.value


def take_in_typed_targets(plan: Plan) -> None:
    """Store every target still typed with its qualifier inside the text ("22左右", "≥15",
    "18%", "确保完成省下达目标任务" in a plan JSON written by hand or another tool) as number
    + qualifier, as if typed in the wizard; text that cannot be read stays as typed."""
    for row in plan.indicators:
        for year in TARGET_YEARS:
            target = target_of(row, year)
            for which in ("basic", "stretch"):
                value: TargetValue = getattr(target, which)
                if value.qualifier is not Qualifier.EXACT or not value.text.strip():
                    continue
                taken = entered(value, value.text, row.unit)
                if taken != value and (taken.text or taken.qualifier is Qualifier.PROVINCE):
                    setattr(target, which, taken)
