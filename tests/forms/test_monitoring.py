"""On track or off track against the straight path to the 2025 and 2030 targets."""

from __future__ import annotations

import pytest

from forms.demo import demo_plans
from forms.monitoring import indicator_progress, path_value, project_progress
from forms.plan import MonitoringEntry, Plan, Value


def city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def row(plan: Plan, ref: str):
    return next(r for r in plan.indicators if r.template_ref == ref)


def test_the_straight_path_for_a_level_and_a_change_indicator() -> None:
    """Non-fossil share: 15.8 % in 2020, 20.0 % in 2025, 27.0 % in 2030 → 2022: 15.8 + 4.2 ×
    2/5 = 17.48; 2027: 20 + 7 × 2/5 = 22.8.  Energy-intensity reduction (a change against
    2020): 0 in 2020, 14.5 in 2025 → 2023: 8.7."""
    plan = city()
    share = row(plan, "non_fossil_share")
    assert path_value(share, 2020, 2022) == pytest.approx(17.48)
    assert path_value(share, 2020, 2027) == pytest.approx(22.8)
    assert path_value(row(plan, "energy_intensity_reduction"), 2020, 2023) == pytest.approx(8.7)
    assert path_value(share, 2020, 2031) is None


def test_on_and_off_track_follow_the_direction() -> None:
    """Coal share 55.2 → 49.5 by 2025: the 2022 path is 55.2 − 5.7 × 2/5 = 52.92; 52.0 is
    lower, so on track (down is better); a non-fossil share of 17.0 < 17.48 is off track."""
    plan = city()
    share, coal = row(plan, "non_fossil_share"), row(plan, "coal_share")
    plan.monitoring = [
        MonitoringEntry(
            id="a", year=2022, collection="indicators", item_id=share.id, actual=Value(text="17.0")
        ),
        MonitoringEntry(
            id="b", year=2022, collection="indicators", item_id=coal.id, actual=Value(text="52.0")
        ),
    ]
    progress = {p.row.id: p for p in indicator_progress(plan, 2022)}
    assert progress[share.id].on_track is False
    assert progress[share.id].expected == pytest.approx(17.48)
    assert progress[coal.id].on_track is True
    assert progress[coal.id].expected == pytest.approx(52.92)
    assert progress[row(plan, "forest_coverage").id].on_track is None  # no actual entered


def test_project_progress_counts_and_spending() -> None:
    plan = city()
    plan.monitoring = [
        MonitoringEntry(
            id="p",
            year=2024,
            collection="projects",
            item_id=plan.projects[0].id,
            project_status="under_way",
            spent=Value(text="300000"),
        ),
        MonitoringEntry(
            id="q",
            year=2024,
            collection="projects",
            item_id=plan.projects[1].id,
            project_status="done",
            spent=Value(text="420000"),
        ),
    ]
    progress = project_progress(plan, 2024)
    assert progress.counts == {"not_started": len(plan.projects) - 2, "under_way": 1, "done": 1}
    assert progress.spent == pytest.approx(720000)
