"""Creating a plan from a template: the plan copies the outline it will then own."""

from __future__ import annotations

from forms.plan import (
    BaseDataEntry,
    Chapter,
    FuelUse,
    GridFactorRef,
    GrowthAssumption,
    IndicatorRow,
    Plan,
    PlanMeta,
    Target,
    TaskGroup,
    Value,
)
from forms.targets import DEFAULT_REFERENCE_YEARS
from forms.template import IndicatorSpec, PilotType, Template, ValueKind, load_template


def indicator_from_spec(spec: IndicatorSpec, lang: str = "zh") -> IndicatorRow:
    return IndicatorRow(
        template_ref=spec.id,
        name_zh=spec.name.zh,
        name_en=spec.name.en,
        unit=spec.unit.get(lang),
        category=spec.category,
        direction=spec.direction,
        obligation=spec.obligation,
        value_kind=spec.value_kind,
        range_min=spec.range.min,
        range_max=spec.range.max,
        department=spec.default_department.get(lang),
        # a reduction's 2025 target is stated against 2020; its 2030 year is asked for
        target_2025=Target(reference_year=DEFAULT_REFERENCE_YEARS[2025])
        if spec.value_kind is ValueKind.CHANGE
        else Target(),
    )


def trajectory_rows(template: Template) -> tuple[list[FuelUse], list[GrowthAssumption]]:
    """The energy-account rows and the two scenarios' default growth assumptions."""
    fuels = [FuelUse(id=fuel.id) for fuel in template.fuels]
    growth = [
        GrowthAssumption(
            id=f"{default.scenario}-{period.start}",
            scenario=default.scenario,
            start=period.start,
            end=period.end,
            gdp_growth=Value(text=period.gdp_growth),
            energy_intensity_decline=Value(text=period.energy_intensity_decline),
            carbon_intensity_decline=Value(text=period.carbon_intensity_decline),
        )
        for default in template.scenario_defaults
        for period in default.periods
    ]
    return fuels, growth


def default_grid_factor_ref(
    template: Template, province: str, base_year: int
) -> GridFactorRef | None:
    """The template's default electricity factor for a plan, as the plan records it."""
    factor = template.default_grid_factor(province, base_year)
    if factor is None:
        return None
    document = template.grid_document(factor.document)
    return GridFactorRef(
        year=factor.year,
        level=factor.level,
        region=factor.region,
        series=factor.series,
        document=document.number if document else factor.document,
    )


def new_plan(
    name: str,
    pilot_type: PilotType | str,
    *,
    province: str = "",
    base_year: int = 2020,
    language: str = "zh",
    batch: int | None = None,
    template: Template | None = None,
) -> Plan:
    """A blank plan with the template's chapters, base-data slots, indicators and task areas."""
    pilot_type = PilotType(pilot_type)
    template = template or load_template("annex2-2023", pilot_type.value)
    if template.pilot_type != pilot_type:
        raise ValueError(f"template {template.id} is for {template.pilot_type}, not {pilot_type}")
    meta = PlanMeta(
        name=name,
        pilot_type=pilot_type,
        province=province,
        base_year=base_year,
        batch=batch,
        template_id=template.id,
        template_version=template.version,
        language=language,
        grid_factor=default_grid_factor_ref(template, province, base_year),
    )
    fuels, growth = trajectory_rows(template)
    return Plan(
        meta=meta,
        fuels=fuels,
        growth=growth,
        chapters=[
            Chapter(
                template_ref=spec.id,
                kind=spec.kind,
                title_zh=spec.title.zh,
                title_en=spec.title.en,
                required=spec.required,
                covers=list(spec.covers),
            )
            for spec in template.chapters
        ],
        base_data=[BaseDataEntry(id=spec.id) for spec in template.base_data],
        indicators=[indicator_from_spec(s, language) for s in template.indicators_for_pilot()],
        task_groups=[
            TaskGroup(
                template_ref=area.id,
                title_zh=area.title.zh,
                title_en=area.title.en,
                covers=list(area.covers),
            )
            for area in template.task_areas
        ],
    )
