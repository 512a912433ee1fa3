"""Monitoring after the plan: is each indicator on the straight path to its 2025 and 2030
targets, year by year, and how far have the projects come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from forms.labels import ProjectStatus, TrackState
from forms.plan import IndicatorRow, MonitoringEntry, Plan
from forms.targets import reading
from forms.template import Direction, ValueKind
from forms.values import parse_number

TOLERANCE = 1e-9


def path_value(row: IndicatorRow, base_year: int, year: int) -> float | None:
    """Where the indicator should be in ``year`` on straight lines base → 2025 → 2030.

    A change indicator (e.g. % reduction against the base year) starts from 0; a level
    indicator from its base value.  None when a needed value is missing."""
    start = 0.0 if row.value_kind is ValueKind.CHANGE else parse_number(row.base.text).number
    t2025, t2030 = reading(row, 2025).number, reading(row, 2030).number
    points = [(base_year, start)]
    if t2025 is not None:
        points.append((2025, t2025))
    if t2030 is not None:
        points.append((2030, t2030))
    if start is None or len(points) < 2 or year < base_year:
        return None
    for (y0, v0), (y1, v1) in pairwise(points):
        if y0 <= year <= y1 and v0 is not None:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return None  # beyond the last target


@dataclass(frozen=True)
class Progress:
    row: IndicatorRow
    year: int
    actual: float | None
    expected: float | None
    on_track: bool | None  # None: not enough data to say

    @property
    def state(self) -> TrackState:
        """On track, off track or unknown (a string enum carrying its labels)."""
        return {
            True: TrackState.ON_TRACK,
            False: TrackState.OFF_TRACK,
            None: TrackState.UNKNOWN,
        }[self.on_track]


def indicator_progress(plan: Plan, year: int) -> list[Progress]:
    entries = {
        e.item_id: e for e in plan.monitoring if e.year == year and e.collection == "indicators"
    }
    found = []
    for row in plan.indicators:
        entry: MonitoringEntry | None = entries.get(row.id)
        actual = parse_number(entry.actual.text).number if entry else None
        expected = path_value(row, plan.meta.base_year, year)
        on_track = None
        if actual is not None and expected is not None:
            on_track = (
                actual >= expected - TOLERANCE
                if row.direction is Direction.UP
                else actual <= expected + TOLERANCE
            )
        found.append(Progress(row, year, actual, expected, on_track))
    return found


@dataclass(frozen=True)
class ProjectProgress:
    counts: dict[str, int]  # status → number of projects
    spent: float  # 万元
    planned: float  # 万元


def project_progress(plan: Plan, year: int) -> ProjectProgress:
    entries = {
        e.item_id: e for e in plan.monitoring if e.year == year and e.collection == "projects"
    }
    counts = {status.value: 0 for status in ProjectStatus}
    spent = planned = 0.0
    for project in plan.projects:
        entry = entries.get(project.id)
        counts[(entry.project_status if entry and entry.project_status else "not_started")] += 1
        spent += parse_number(entry.spent.text).number or 0.0 if entry else 0.0
        planned += parse_number(project.investment.text).number or 0.0
    return ProjectProgress(counts, spent, planned)


def entry_id(year: int, collection: str, item_id: str) -> str:
    """A monitoring entry's id: one entry per year and item."""
    return f"{year}:{collection}:{item_id}"


def entry_for(plan: Plan, year: int, collection: str, item_id: str) -> MonitoringEntry | None:
    key = entry_id(year, collection, item_id)
    return next((e for e in plan.monitoring if e.id == key), None)


def new_entry(year: int, collection: str, item_id: str) -> MonitoringEntry:
    return MonitoringEntry(
        id=entry_id(year, collection, item_id),
        year=year,
        collection=collection,  # type: ignore[arg-type]
        item_id=item_id,
    )


def find_indicator(plan: Plan, ref: str) -> IndicatorRow | None:
    """An indicator row by its id, template reference, Chinese or English name."""
    ref = ref.strip()
    return next(
        (r for r in plan.indicators if ref in (r.id, r.template_ref, r.name_zh, r.name_en)), None
    )


MONITORING_LAST_YEAR = 2035  # a few years past the 2030 targets


def monitoring_years(plan: Plan) -> range:
    """The years whose actual values can be recorded: after the base year, to 2035."""
    return range(plan.meta.base_year + 1, max(plan.meta.base_year + 1, MONITORING_LAST_YEAR) + 1)


def default_monitoring_year(plan: Plan, today: date) -> int:
    """The year a monitoring report is usually about: the last full one, within range."""
    years = monitoring_years(plan)
    return min(max(today.year - 1, years[0]), years[-1])
