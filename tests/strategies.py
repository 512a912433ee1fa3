"""Hypothesis strategies for whole plans, for round-trip tests."""

from __future__ import annotations

from hypothesis import strategies as st

from forms.plan import (
    BaseDataEntry,
    Chapter,
    IndicatorRow,
    Measure,
    Milestone,
    Plan,
    PlanMeta,
    PlanStatus,
    Policy,
    Project,
    Provenance,
    Quality,
    SourceKind,
    Target,
    TargetValue,
    TaskGroup,
    Value,
)
from forms.qualifiers import Qualifier
from forms.template import ChapterKind, Direction, Obligation, PilotType, ValueKind

# Any text a user could type, including markup, quotes, emoji, Arabic and control-free unicode.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
ids = st.uuids().map(lambda u: u.hex)
numbers_as_typed = st.one_of(
    texts,
    st.floats(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["", "12.5", "１２３", "1,234.5", "15%", "abc", "−3", "<b>1</b>"]),
)
# Numbers an imported plan may hold: 0, or between 1e-15 and 1e15 in size (forms.values).
finite = st.one_of(
    st.none(),
    st.just(0.0),
    st.floats(min_value=1e-15, max_value=1e15),
    st.floats(min_value=-1e15, max_value=-1e-15),
)
names = texts.filter(str.strip)  # an imported plan must have a name

provenances = st.builds(
    Provenance,
    kind=st.one_of(st.none(), st.sampled_from(SourceKind)),
    source=texts,
    quality=st.one_of(st.none(), st.sampled_from(Quality)),
    note=texts,
)
values = st.builds(Value, text=numbers_as_typed, provenance=provenances)
target_values = st.builds(
    TargetValue, text=numbers_as_typed, provenance=provenances, qualifier=st.sampled_from(Qualifier)
)
targets = st.builds(
    Target,
    basic=target_values,
    stretch=target_values,
    reference_year=st.one_of(st.none(), st.integers(1990, 2100)),
    reference_value=values,
)

metas = st.builds(
    PlanMeta,
    name=names,
    pilot_type=st.sampled_from(PilotType),
    province=texts,
    base_year=st.integers(1990, 2100),
    batch=st.one_of(st.none(), st.integers(1, 5)),
    template_id=st.just("annex2-2023"),
    template_version=texts,
    language=st.sampled_from(["zh", "en"]),
    status=st.sampled_from(PlanStatus),
    created_at=texts,
    updated_at=texts,
)
chapters = st.builds(
    Chapter,
    id=ids,
    template_ref=st.one_of(st.none(), texts),
    kind=st.sampled_from(ChapterKind),
    title_zh=texts,
    title_en=texts,
    required=st.booleans(),
    covers=st.lists(texts, max_size=3),
    text=st.text(max_size=400),
)
indicators = st.builds(
    IndicatorRow,
    id=ids,
    template_ref=st.one_of(st.none(), texts),
    name_zh=texts,
    name_en=texts,
    unit=texts,
    category=texts,
    direction=st.sampled_from(Direction),
    obligation=st.sampled_from(Obligation),
    value_kind=st.sampled_from(ValueKind),
    range_min=finite,
    range_max=finite,
    base=values,
    target_2025=targets,
    target_2030=targets,
    department=texts,
    note=texts,
)
task_groups = st.builds(
    TaskGroup,
    id=ids,
    template_ref=st.one_of(st.none(), texts),
    title_zh=texts,
    title_en=texts,
    covers=st.lists(texts, max_size=3),
    intro=texts,
)
measures = st.builds(
    Measure, id=ids, group_id=ids, title=texts, content=texts, department=texts, timeframe=texts
)
projects = st.builds(
    Project,
    id=ids,
    name=texts,
    field=texts,
    content=texts,
    investment=values,
    start_year=values,
    end_year=values,
    owner=texts,
    energy_saving=values,
    co2_reduction=values,
)
policies = st.builds(Policy, id=ids, type=texts, title=texts, content=texts, department=texts)
milestones = st.builds(
    Milestone, id=ids, period=texts, title=texts, content=texts, department=texts
)


def _unique(strategy: st.SearchStrategy, max_size: int) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size, unique_by=lambda item: item.id)


plans = st.builds(
    Plan,
    id=ids,
    meta=metas,
    chapters=_unique(chapters, 5),
    base_data=st.lists(
        st.builds(BaseDataEntry, id=texts, value=values), max_size=5, unique_by=lambda b: b.id
    ),
    indicators=_unique(indicators, 5),
    task_groups=_unique(task_groups, 3),
    measures=_unique(measures, 5),
    projects=_unique(projects, 5),
    policies=_unique(policies, 3),
    milestones=_unique(milestones, 3),
)
