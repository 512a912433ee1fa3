"""The demo plans: a fictional city and a fictional park, every chapter written.

Their content is data (``forms/demo/*.toml``), applied to a plan freshly created from the
template, so the demo always matches the template's outline.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from forms.factory import new_plan
from forms.plan import (
    GrowthAssumption,
    IndicatorRow,
    Measure,
    Milestone,
    Plan,
    PlanStatus,
    Policy,
    Project,
    Provenance,
    Target,
    TargetValue,
    Value,
)
from forms.targets import entered
from forms.template import Direction, Obligation, ValueKind

DEMO_DIR = Path(__file__).with_name("demo")
DEMO_FILES = ("city.toml", "park.toml")


def _value(entry: Any) -> Value:
    """``"12.5"`` or ``{value = "12.5", source = "...", kind = "yearbook", quality = ...}``."""
    if isinstance(entry, dict):
        return Value(
            text=str(entry.get("value", "")),
            provenance=Provenance(
                kind=entry.get("kind"),
                source=entry.get("source", ""),
                quality=entry.get("quality"),
                note=entry.get("note", ""),
            ),
        )
    return Value(text="" if entry is None else str(entry))


def _target(row: dict[str, Any], year: str, unit: str) -> Target:
    """``t2025 = "20左右"`` (number and qualifier), ``t2025_ref = 2020`` (reference year)."""
    basic, stretch = (
        entered(TargetValue(), str(row.get(key, "")), unit)
        for key in (f"t{year}", f"t{year}_stretch")
    )
    return Target(basic=basic, stretch=stretch, reference_year=row.get(f"t{year}_ref"))


def _apply_indicator(indicator: IndicatorRow, row: dict[str, Any]) -> None:
    indicator.base = _value(row.get("base", ""))
    indicator.target_2025 = _target(row, "2025", indicator.unit)
    indicator.target_2030 = _target(row, "2030", indicator.unit)
    if "department" in row:
        indicator.department = row["department"]
    if "note" in row:
        indicator.note = row["note"]


_RATES = ("gdp_growth", "energy_intensity_decline", "carbon_intensity_decline")


def _apply_growth(plan: Plan, overrides: list[dict[str, Any]]) -> None:
    """Periods with an ``end`` replace their scenario's periods; others change the rates of
    the template's period starting that year."""
    own = [o for o in overrides if "end" in o]
    replaced = {o["scenario"] for o in own}
    plan.growth = [g for g in plan.growth if g.scenario not in replaced] + [
        GrowthAssumption(
            scenario=o["scenario"],
            start=o["start"],
            end=o["end"],
            **{key: Value(text=o[key]) for key in _RATES},
        )
        for o in own
    ]
    periods = {(g.scenario, g.start): g for g in plan.growth}
    for override in overrides:
        if "end" in override:
            continue
        period = periods[(override["scenario"], override["start"])]
        for key in _RATES:
            if key in override:
                setattr(period, key, Value(text=override[key]))


def build_demo(data: dict[str, Any]) -> Plan:
    meta = data["meta"]
    plan = new_plan(
        meta["name"],
        meta["pilot_type"],
        province=meta.get("province", ""),
        base_year=int(meta.get("base_year", 2020)),
        batch=meta.get("batch"),
    )
    plan.meta.status = PlanStatus(meta.get("status", "draft"))
    plan.meta.declared_peak_year = str(meta.get("declared_peak_year", ""))
    plan.meta.declared_peak_value = str(meta.get("declared_peak_value", ""))
    for use in plan.fuels:
        if use.id in data.get("fuels", {}):
            use.quantity = _value(data["fuels"][use.id])
    _apply_growth(plan, data.get("growth", []))
    by_ref = {c.template_ref: c for c in plan.chapters}
    for ref, text in data.get("chapters", {}).items():
        by_ref[ref].text = text.strip()
    for entry in plan.base_data:
        if entry.id in data.get("base_data", {}):
            entry.value = _value(data["base_data"][entry.id])
    rows = {i.template_ref: i for i in plan.indicators}
    for row in data.get("indicators", []):
        _apply_indicator(rows[row["id"]], row)
    _add_custom_indicators(plan, data.get("custom_indicators", []))
    _add_measures(plan, data.get("measures", {}))
    _add_lists(plan, data)
    return plan


def _add_custom_indicators(plan: Plan, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        indicator = IndicatorRow(
            name_zh=row["name_zh"],
            name_en=row.get("name_en", ""),
            unit=row.get("unit", ""),
            category=row.get("category", ""),
            direction=Direction(row.get("direction", "up")),
            obligation=Obligation(row.get("obligation", "expected")),
            value_kind=ValueKind(row.get("value_kind", "level")),
            range_min=row.get("range_min"),
            range_max=row.get("range_max"),
        )
        _apply_indicator(indicator, row)
        plan.indicators.append(indicator)


def _add_measures(plan: Plan, measures_by_group: dict[str, Any]) -> None:
    groups = {g.template_ref: g for g in plan.task_groups}
    for ref, measures in measures_by_group.items():
        group = groups[ref]
        for m in measures:
            plan.measures.append(
                Measure(
                    group_id=group.id,
                    title=m.get("title", ""),
                    content=m.get("content", "").strip(),
                    department=m.get("department", ""),
                    timeframe=m.get("timeframe", ""),
                )
            )


def _add_lists(plan: Plan, data: dict[str, Any]) -> None:
    """Projects, policies and milestones, as listed."""
    for p in data.get("projects", []):
        plan.projects.append(
            Project(
                name=p["name"],
                field=p["field"],
                content=p.get("content", ""),
                investment=_value(p.get("investment", "")),
                start_year=_value(p.get("start", "")),
                end_year=_value(p.get("end", "")),
                owner=p.get("owner", ""),
                energy_saving=_value(p.get("energy_saving", "")),
                co2_reduction=_value(p.get("co2_reduction", "")),
            )
        )
    for p in data.get("policies", []):
        plan.policies.append(
            Policy(
                type=p["type"],
                title=p["title"],
                content=p.get("content", "").strip(),
                department=p.get("department", ""),
            )
        )
    for m in data.get("milestones", []):
        plan.milestones.append(
            Milestone(
                period=m["period"],
                title=m.get("title", ""),
                content=m.get("content", "").strip(),
                department=m.get("department", ""),
            )
        )


def load_demo_data(name: str) -> dict[str, Any]:
    with (DEMO_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def demo_plans() -> list[Plan]:
    """Fresh demo plans (new ids each call)."""
    return [build_demo(load_demo_data(name)) for name in DEMO_FILES]
