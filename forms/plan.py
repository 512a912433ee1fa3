"""The Plan model: everything a pilot's implementation plan holds, typed, without Qt or SQL.

Numbers are kept exactly as the user typed them (``Value.text``): a plan must never lose a
keystroke, and "abc" in a share cell is a finding of the check, not an exception.  Parsing
lives in :mod:`forms.values`.

A plan owns its outline: at creation it copies the template's chapters, task areas and
indicators, and from then on may rename, add, drop and reorder them.  Each item records the
template entry it came from (``template_ref``) and the Annex 2 elements it covers.
"""

# No ``from __future__ import annotations``: the models' annotations are made as objects, not
# left as strings for pydantic to compile and evaluate (141 here: ~9M instructions a command).

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from forms.labels import Labelled, PlanStatus
from forms.qualifiers import Qualifier
from forms.template import ChapterKind, Direction, Obligation, PilotType, ValueKind, empty_list

_M = TypeVar("_M")

# Every year a plan holds (base year, reference years, milestones, monitoring): one range.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def new_id() -> str:
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SourceKind(Labelled):
    YEARBOOK = "yearbook", "统计年鉴", "statistical yearbook"
    DEPARTMENT = "department", "部门提供", "department"
    SURVEY = "survey", "调查", "survey"
    ESTIMATE = "estimate", "估算", "estimate"
    MODEL = "model", "模型测算", "model result"
    OTHER = "other", "其他", "other"


class Quality(Labelled):
    MEASURED = "measured", "实测", "measured"
    CALCULATED = "calculated", "核算", "calculated"
    ESTIMATED = "estimated", "估算", "estimated"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


def _blank(model: Callable[[], _M]) -> Callable[[], _M]:
    """A default factory making a blank ``model``: a function, not the class itself, whose
    signature pydantic would build from all its fields as it builds a validator (1.3 ms of
    each command that reads a plan, for these four classes)."""

    def blank() -> _M:
        return model()

    return blank


class Provenance(_Model):
    """Where a number comes from."""

    kind: SourceKind | None = None
    source: str = ""  # e.g. "《云岚统计年鉴2021》表4-3"
    quality: Quality | None = None
    note: str = ""

    def is_empty(self) -> bool:
        return self.kind is None and not self.source.strip()


class Value(_Model):
    """A number as entered, with its provenance."""

    text: str = ""
    provenance: Provenance = Field(default_factory=_blank(Provenance))

    def is_blank(self) -> bool:
        return not self.text.strip()


class TargetValue(Value):
    """A target as published: the number as typed ("0.5500", "22") and its qualifier
    (左右, 以上, 以内, or "set by the province" with no number); see :mod:`forms.qualifiers`."""

    qualifier: Qualifier = Qualifier.EXACT

    def is_blank(self) -> bool:
        return self.qualifier is not Qualifier.PROVINCE and super().is_blank()


class Target(_Model):
    """A target year's value: a basic one and an optional stretch one (力争), stated against
    its own reference year ("较2020年下降14.5%"); ``reference_value`` is the indicator's level
    in that year (e.g. energy per unit of GDP in 2020), for comparing like with like."""

    basic: TargetValue = Field(default_factory=_blank(TargetValue))
    stretch: TargetValue = Field(default_factory=_blank(TargetValue))
    reference_year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    reference_value: Value = Field(default_factory=_blank(Value))

    @field_validator("basic", "stretch", mode="before")
    @classmethod
    def _plain_value(cls, value: object) -> object:
        """A plain :class:`Value` (as older code builds targets) is an exact target."""
        if isinstance(value, Value) and not isinstance(value, TargetValue):
            return value.model_dump()
        return value


class StatusChange(_Model):
    status: PlanStatus
    at: str = Field(default_factory=now_iso)


class GridFactorRef(_Model):
    """The electricity CO2 factor a plan uses: a row of the template's cited factor table
    (``grid_factors.toml``), named by year, level, region and series, with its document."""

    year: int
    level: Literal["national", "regional", "provincial"]
    region: str  # "national", a grid-region id, or the province's Chinese name
    series: str = "average"
    document: str = ""  # its document's number, e.g. "生态环境部 国家统计局公告2024年第12号"


class PlanMeta(_Model):
    name: str
    pilot_type: PilotType
    province: str = ""
    base_year: int = Field(default=2020, ge=FIRST_YEAR, le=LAST_YEAR)
    batch: int | None = None
    template_id: str = "annex2-2023"
    template_version: str = ""
    language: str = Field(default="zh", pattern="^(zh|en)$")
    status: PlanStatus = PlanStatus.DRAFT
    status_history: list[StatusChange] = Field(default_factory=empty_list)  # each change, dated
    declared_peak_year: str = ""  # the year the plan says emissions peak (as typed)
    declared_peak_value: str = ""  # the declared peak emissions, 万吨 CO2 (as typed; optional)
    name_confirmed: bool = True  # False: a pilot name from the list that is not verified
    grid_factor: GridFactorRef | None = None  # None (older plans): the default for the province
    created_at: str = Field(default_factory=now_iso)
    updated_at: str = Field(default_factory=now_iso)

    def history_with(self, status: PlanStatus) -> list[StatusChange]:
        """The status history once ``status`` is set now (dated)."""
        return [*self.status_history, StatusChange(status=status)]


class Chapter(_Model):
    """One chapter of the plan's own outline; structured chapters also hold an intro text."""

    id: str = Field(default_factory=new_id)
    template_ref: str | None = None
    kind: ChapterKind = ChapterKind.TEXT
    title_zh: str
    title_en: str = ""
    required: bool = True
    covers: list[str] = Field(default_factory=empty_list)
    text: str = ""


class BaseDataEntry(_Model):
    """One base-year figure; ``id`` is the template's base-data id."""

    id: str
    value: Value = Field(default_factory=_blank(Value))


class IndicatorRow(_Model):
    id: str = Field(default_factory=new_id)
    template_ref: str | None = None  # None for a custom indicator
    name_zh: str
    name_en: str = ""
    unit: str = ""
    category: str = ""
    direction: Direction = Direction.UP
    obligation: Obligation = Obligation.EXPECTED
    value_kind: ValueKind = ValueKind.LEVEL
    range_min: float | None = None
    range_max: float | None = None
    base: Value = Field(default_factory=_blank(Value))
    target_2025: Target = Field(default_factory=_blank(Target))
    target_2030: Target = Field(default_factory=_blank(Target))
    department: str = ""
    note: str = ""

    @property
    def is_custom(self) -> bool:
        return self.template_ref is None


class TaskGroup(_Model):
    """A task area of the plan's outline (a default area or one of the pilot's own actions)."""

    id: str = Field(default_factory=new_id)
    template_ref: str | None = None
    title_zh: str
    title_en: str = ""
    covers: list[str] = Field(default_factory=empty_list)
    intro: str = ""


class Measure(_Model):
    id: str = Field(default_factory=new_id)
    group_id: str
    title: str = ""
    content: str = ""
    department: str = ""
    timeframe: str = ""


class Project(_Model):
    id: str = Field(default_factory=new_id)
    name: str = ""
    field: str = ""  # a template project-field id
    content: str = ""
    investment: Value = Field(default_factory=_blank(Value))  # 万元
    start_year: Value = Field(default_factory=_blank(Value))
    end_year: Value = Field(default_factory=_blank(Value))
    owner: str = ""
    energy_saving: Value = Field(default_factory=_blank(Value))  # tce / yr
    co2_reduction: Value = Field(default_factory=_blank(Value))  # tCO2 / yr


class Policy(_Model):
    id: str = Field(default_factory=new_id)
    type: str = ""  # a template policy-type id
    title: str = ""
    content: str = ""
    department: str = ""


class Milestone(_Model):
    id: str = Field(default_factory=new_id)
    period: str = ""  # e.g. "2024年" or "2024—2025年"
    title: str = ""
    content: str = ""
    department: str = ""


class FuelUse(_Model):
    """Base-year use of one fuel of the template's energy account; ``id`` is the fuel id."""

    id: str
    quantity: Value = Field(default_factory=_blank(Value))  # in the fuel's unit
    emission_factor: Value = Field(default_factory=_blank(Value))  # blank: the template's factor


class GrowthAssumption(_Model):
    """One scenario's yearly rates over a period, in % a year."""

    id: str = Field(default_factory=new_id)
    scenario: Literal["baseline", "policy"]
    start: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    gdp_growth: Value = Field(default_factory=_blank(Value))
    energy_intensity_decline: Value = Field(default_factory=_blank(Value))
    carbon_intensity_decline: Value = Field(default_factory=_blank(Value))  # CO2 per unit of energy


class HigherTarget(_Model):
    """The province's target for one indicator and year, as the plan records it (with source
    in ``value.provenance``); ``id`` is "<indicator template id>-<year>"."""

    id: str
    indicator: str  # a template indicator id
    year: int
    value: Value = Field(default_factory=_blank(Value))


class Comment(_Model):
    """A review comment (审核意见) on a chapter, an indicator or a project; ``id`` is kept
    across packages so comments merge without duplicates."""

    id: str = Field(default_factory=new_id)
    collection: Literal["chapters", "indicators", "projects"]
    item_id: str
    author: str = ""
    created_at: str = Field(default_factory=now_iso)
    text: str
    status: Literal["open", "resolved"] = "open"
    reply: str = ""
    reply_author: str = ""
    updated_at: str = Field(default_factory=now_iso)


class MonitoringEntry(_Model):
    """One year's actual value of an indicator, or a project's progress that year;
    ``id`` is "<year>:<collection>:<item id>"."""

    id: str
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    collection: Literal["indicators", "projects"]
    item_id: str
    actual: Value = Field(default_factory=_blank(Value))  # indicators
    project_status: Literal["not_started", "under_way", "done"] | None = None  # projects
    spent: Value = Field(default_factory=_blank(Value))  # projects: investment spent so far, 万元


class RevisionNote(_Model):
    """Why a change was made (修改说明), typed by the user; ``id`` is the change's key."""

    id: str
    why: str = ""


class Plan(_Model):
    """A whole plan.  ``id`` is stable across saves, exports and imports."""

    id: str = Field(default_factory=new_id)
    meta: PlanMeta
    chapters: list[Chapter] = Field(default_factory=empty_list)
    base_data: list[BaseDataEntry] = Field(default_factory=empty_list)
    indicators: list[IndicatorRow] = Field(default_factory=empty_list)
    task_groups: list[TaskGroup] = Field(default_factory=empty_list)
    measures: list[Measure] = Field(default_factory=empty_list)
    projects: list[Project] = Field(default_factory=empty_list)
    policies: list[Policy] = Field(default_factory=empty_list)
    milestones: list[Milestone] = Field(default_factory=empty_list)
    fuels: list[FuelUse] = Field(default_factory=empty_list)
    growth: list[GrowthAssumption] = Field(default_factory=empty_list)
    higher_targets: list[HigherTarget] = Field(default_factory=empty_list)
    comments: list[Comment] = Field(default_factory=empty_list)
    monitoring: list[MonitoringEntry] = Field(default_factory=empty_list)
    revision_notes: list[RevisionNote] = Field(default_factory=empty_list)

    # -- look-ups ---------------------------------------------------------------------------

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def chapter_of_kind(self, kind: ChapterKind) -> Chapter | None:
        return next((c for c in self.chapters if c.kind == kind), None)

    def base_value(self, item_id: str) -> Value | None:
        entry = next((b for b in self.base_data if b.id == item_id), None)
        return entry.value if entry else None

    def measures_of(self, group_id: str) -> list[Measure]:
        return [m for m in self.measures if m.group_id == group_id]

    def indicator(self, row_id: str) -> IndicatorRow | None:
        return next((i for i in self.indicators if i.id == row_id), None)


# The collections of a plan that are lists of items with an ``id``: storage keeps each item
# in a row of its own so that one edit rewrites one small row.
COLLECTIONS: dict[str, type[_Model]] = {
    "chapters": Chapter,
    "base_data": BaseDataEntry,
    "indicators": IndicatorRow,
    "task_groups": TaskGroup,
    "measures": Measure,
    "projects": Project,
    "policies": Policy,
    "milestones": Milestone,
    "fuels": FuelUse,
    "growth": GrowthAssumption,
    "higher_targets": HigherTarget,
    "comments": Comment,
    "monitoring": MonitoringEntry,
    "revision_notes": RevisionNote,
}
