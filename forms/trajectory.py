"""The base-year energy account and the emissions trajectory: computed, never typed.

Energy account: each fuel's quantity × the template's conversion factor gives 万吨标准煤, × its
emission factor (the plan's own where typed, else the template's; for purchased electricity
the cited grid factor the plan records, by default its province's for the published year
nearest the base year) gives 万吨二氧化碳.

Trajectory: from the base year to 2035, year by year,
    Aₜ = Aₜ₋₁ × (1 + g),  energy intensity Iₜ = Iₜ₋₁ × (1 − e),
    carbon per energy Cₜ = Cₜ₋₁ × (1 − c),  energyₜ = Aₜ × Iₜ,  CO2ₜ = energyₜ × Cₜ,
with A the activity (GDP for a city, industrial value added for a park: the template's
``trajectory_activity``) and g, e, c the scenario's rates for the period holding year t.  The
policy scenario also subtracts each key project's yearly CO2 reduction from the year after its
completion (its end year) on.  Projects of a sink field (生态保护修复) add carbon sinks instead:
reported on a line of their own with the net figure (CO2 − sinks) beside, never lowering the
energy CO2 whose peak is declared.  The peak is the year of the highest energy CO2 — none when
emissions still rise in the last year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms.labels import Scenario
from forms.plan import GrowthAssumption, Plan, Project, Value
from forms.plural import plural
from forms.template import Fuel, GridFactor, GridFactorDocument, Template
from forms.values import chinese_date, format_number, is_bounded, parse_number

END_YEAR = 2035
SCENARIOS = tuple(s.value for s in Scenario)  # ("baseline", "policy")
ACCOUNT_TOLERANCE = 0.05  # the fuel account may differ this much from typed totals


def _number(value: Value | None) -> float | None:
    return parse_number(value.text if value else "").number


# -- the energy account --------------------------------------------------------------------------


@dataclass(frozen=True)
class GridChoice:
    """The electricity factor the plan uses, its document, and how it was arrived at."""

    factor: GridFactor | None
    document: GridFactorDocument | None
    recorded: bool  # the plan names it (else: the default, computed now)
    missing: bool  # the plan names a factor the template's table does not hold
    base_year: int

    @property
    def year_differs(self) -> bool:
        return self.factor is not None and self.factor.year != self.base_year

    @property
    def before_published(self) -> bool:
        """The base year comes before the earliest published factor year."""
        return self.factor is not None and self.base_year < self.factor.year

    def citation(self, template: Template, lang: str) -> str:
        """ "江苏省电力平均二氧化碳排放因子（2021年）；《…》（…，2024年4月12日）（待核实）"."""
        if self.factor is None:
            return ""
        parts = [template.grid_factor_name(self.factor, lang)]
        if self.document is not None:
            parts.append(self.document.citation(lang))
        text = ("；" if lang == "zh" else "; ").join(parts)
        if self.factor.to_verify:
            text += "（待核实）" if lang == "zh" else " (to verify)"
        return text


def grid_choice(plan: Plan, template: Template) -> GridChoice:
    """The recorded grid factor, or the default for the plan's province and base year."""
    ref, base_year = plan.meta.grid_factor, plan.meta.base_year
    factor = None
    if ref is not None:
        factor = template.grid_factor(ref.year, ref.level, ref.region, ref.series)
    missing = ref is not None and factor is None
    if factor is None:
        factor = template.default_grid_factor(plan.meta.province, base_year)
    document = template.grid_document(factor.document) if factor else None
    return GridChoice(factor, document, ref is not None and not missing, missing, base_year)


def grid_factor_applies(factor: GridFactor, plan: Plan, template: Template) -> bool:
    """A factor of the plan's own province, of its grid region, or a national one."""
    return any(f == factor for f in template.grid_factors_for(plan.meta.province))


@dataclass(frozen=True)
class FuelLine:
    fuel: Fuel
    quantity: float | None
    tce: float | None  # 万吨标准煤
    co2: float | None  # 万吨二氧化碳
    factor: float | None  # emission factor used, in the factor's own unit
    factor_unit: str
    factor_source: str
    factor_is_plans_own: bool
    factor_has_source: bool = True  # False: a factor typed for the plan without its source


@dataclass(frozen=True)
class EnergyAccount:
    lines: list[FuelLine]

    @property
    def filled(self) -> bool:
        return any(line.quantity is not None for line in self.lines)

    @property
    def total_tce(self) -> float | None:
        values = [line.tce for line in self.lines if line.tce is not None]
        return sum(values) if values else None

    @property
    def total_co2(self) -> float | None:
        values = [line.co2 for line in self.lines if line.co2 is not None]
        return sum(values) if values else None


def _default_factor(
    fuel: Fuel, plan: Plan, template: Template, lang: str
) -> tuple[float, str, str] | None:
    """(value, unit, source) of the template's factor for ``fuel``; None: no emissions."""
    if fuel.emission_factor == "grid":
        choice = grid_choice(plan, template)
        if choice.factor is None:
            return None
        return choice.factor.value, choice.factor.unit_in(lang), choice.citation(template, lang)
    factor = template.emission(fuel.emission_factor) if fuel.emission_factor else None
    if factor is None:
        return None
    source = (
        f"{factor.name.zh}；{factor.source.zh}"
        if lang == "zh"
        else f"{factor.name.en}; {factor.source.en}"
    )
    return factor.value, factor.unit.get(lang), source


def energy_account(plan: Plan, template: Template, lang: str = "zh") -> EnergyAccount:
    uses = {f.id: f for f in plan.fuels}
    lines = []
    for fuel in template.fuels:
        use = uses.get(fuel.id)
        quantity = _number(use.quantity) if use else None
        conversion = template.conversion(fuel.conversion_factor)
        tce = None
        if quantity is not None and conversion is not None:
            tce = quantity * conversion.kgce_per_unit * fuel.scale
        own = _number(use.emission_factor) if use else None
        default = _default_factor(fuel, plan, template, lang)
        factor = own if own is not None else (default[0] if default else 0.0)
        has_source = True
        if own is not None and use is not None:
            typed_source = use.emission_factor.provenance.source.strip()
            has_source = bool(typed_source)
            source = typed_source or (
                "方案自定，未注明来源" if lang == "zh" else "the plan's own, no source given"
            )
        elif default is not None:
            source = default[2]
        else:
            source = "不计排放" if lang == "zh" else "no emissions counted"
        co2 = quantity * factor * fuel.scale if quantity is not None else None
        unit = default[1] if default else ""
        lines.append(
            FuelLine(fuel, quantity, tce, co2, factor, unit, source, own is not None, has_source)
        )
    return EnergyAccount(lines)


SECTORS = (
    "sector_energy_supply",
    "sector_industry",
    "sector_buildings",
    "sector_transport",
    "sector_other",
)


def sector_emissions(plan: Plan, template: Template) -> list[tuple[str, float, float]]:
    """(base-data id, share %, 万吨 CO2) per sector: the base year's CO2 split by each sector's
    share of energy use — an estimate where no sector inventory exists."""
    _gdp, _energy, co2 = base_values(plan, template)
    if not co2:
        return []
    rows = []
    for item in SECTORS:
        share = _number(plan.base_value(item))
        if share is not None:
            rows.append((item, share, co2 * share / 100))
    return rows


@dataclass(frozen=True)
class AccountGap:
    """The account's total against the one typed in the base data."""

    item: str  # "energy_total" or "co2_total"
    computed: float | None
    typed: float | None

    @property
    def share(self) -> float | None:
        if self.computed is None or not self.typed:
            return None
        return abs(self.computed - self.typed) / self.typed

    @property
    def too_far(self) -> bool:
        return self.share is not None and self.share > ACCOUNT_TOLERANCE


def account_gaps(plan: Plan, template: Template) -> list[AccountGap]:
    """Energy and CO2 of the fuel account against the typed totals ([] with no account)."""
    account = energy_account(plan, template)
    if not account.filled:
        return []
    return [
        AccountGap("energy_total", account.total_tce, _number(plan.base_value("energy_total"))),
        AccountGap("co2_total", account.total_co2, _number(plan.base_value("co2_total"))),
    ]


def declared_peak_year(plan: Plan) -> int | None:
    """The declared peak year when it is a whole year between 2000 and 2060, else None."""
    number = parse_number(plan.meta.declared_peak_year).number
    if number is None or number != int(number) or not 2000 <= number <= 2060:
        return None
    return int(number)


def peaks_in_time(peak_year: int | None, declared: int) -> bool:
    """Whether a projection peaking in ``peak_year`` (None: still rising) meets the declared
    peak year."""
    return peak_year is not None and peak_year <= declared


# -- the trajectory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPoint:
    year: int
    activity: float  # 亿元: GDP, or a park's industrial value added (Trajectory.activity)
    energy: float  # 万吨标准煤
    co2: float  # 万吨, energy-related: the emissions whose peak is declared
    sink: float = 0.0  # 万吨 of carbon sinks, reported apart

    @property
    def gdp(self) -> float:
        """The activity (kept under its former name)."""
        return self.activity

    @property
    def net(self) -> float:
        """Energy CO2 less sinks: shown beside, never instead of, the energy CO2."""
        return self.co2 - self.sink


@dataclass(frozen=True)
class ScenarioResult:
    scenario: str
    points: list[YearPoint]
    peak_year: int | None  # None: still rising in the last year
    peak_co2: float | None

    def at(self, year: int) -> YearPoint | None:
        return next((p for p in self.points if p.year == year), None)

    def reduction(self, year: int, what: str) -> float | None:
        """The % fall of energy ("energy") or CO2 ("co2") per unit of activity (GDP; a park's
        industrial value added) against the base year."""
        first, point = self.points[0], self.at(year)
        if point is None or not first.activity or not point.activity:
            return None
        before = getattr(first, what) / first.activity
        after = getattr(point, what) / point.activity
        return (1 - after / before) * 100 if before else None


@dataclass(frozen=True)
class Problem:
    code: str
    message_zh: str
    message_en: str


@dataclass
class Trajectory:
    base_year: int
    activity: str = "gdp"  # the base-data id the projection grows with
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def policy(self) -> ScenarioResult | None:
        return self.scenarios.get("policy")

    @property
    def baseline(self) -> ScenarioResult | None:
        return self.scenarios.get("baseline")


def base_values(plan: Plan, template: Template) -> tuple[float | None, float | None, float | None]:
    """(activity 亿元, energy 万tce, CO2 万t) of the base year: the fuel account where filled;
    the activity is GDP, or a park's industrial value added."""
    account = energy_account(plan, template)
    gdp = _number(plan.base_value(template.trajectory_activity))
    energy = account.total_tce if account.filled else _number(plan.base_value("energy_total"))
    co2 = account.total_co2 if account.filled else _number(plan.base_value("co2_total"))
    return gdp, energy, co2


def _rates(periods: list[GrowthAssumption], year: int) -> GrowthAssumption | None:
    holding = [p for p in periods if p.start <= year <= p.end]
    if holding:
        return holding[0]
    earlier = [p for p in periods if p.end < year]
    return max(earlier, key=lambda p: p.end) if earlier else None


@dataclass(frozen=True)
class ProjectEffects:
    """What the key projects add to the policy scenario, by the first year they count."""

    reductions: dict[int, float]  # 万吨 CO2 a year, energy-related
    sinks: dict[int, float]  # 万吨 CO2 a year of new carbon sinks
    counted: list[Project]
    sink_projects: list[Project]
    in_base: list[Project]  # completed by the base year: already in the base-year data
    no_end_year: list[Project]  # a reduction but no (valid) end year: not counted


def project_effects(plan: Plan, template: Template) -> ProjectEffects:
    """Each project counts in full from the year after its end year (its completion)."""
    sink_fields = {f.id for f in template.project_fields if f.sink}
    effects = ProjectEffects({}, {}, [], [], [], [])
    for project in plan.projects:
        reduction = _number(project.co2_reduction)
        if not reduction or reduction < 0:
            continue
        end = _number(project.end_year)
        if end is None or end != int(end):
            effects.no_end_year.append(project)
            continue
        first = int(end) + 1
        if first <= plan.meta.base_year:
            effects.in_base.append(project)
            continue
        sink = project.field in sink_fields
        by_year = effects.sinks if sink else effects.reductions
        by_year[first] = by_year.get(first, 0.0) + reduction / 10_000
        (effects.sink_projects if sink else effects.counted).append(project)
    return effects


def _scenario(
    name: str,
    periods: list[GrowthAssumption],
    base: tuple[float, float, float, float],
    base_year: int,
    end_year: int,
    effects: ProjectEffects | None,
    problems: list[Problem],
) -> ScenarioResult | None:
    gdp, energy, co2, sink = base
    intensity, carbon = energy / gdp, co2 / energy
    points = [YearPoint(base_year, gdp, energy, co2, sink)]
    avoided = 0.0
    for year in range(base_year + 1, end_year + 1):
        period = _rates(periods, year)
        rates = None
        if period is not None:
            rates = [
                _number(period.gdp_growth),
                _number(period.energy_intensity_decline),
                _number(period.carbon_intensity_decline),
            ]
        if rates is None or any(r is None for r in rates):
            label = Scenario(name).zh, Scenario(name).en.lower()
            problems.append(
                Problem(
                    "growth_missing",
                    f"{label[0]}缺少{year}年的增长假设（经济增速、能耗强度和碳排放强度下降率）。",
                    f"The {label[1]} scenario has no growth assumption for {year} (economic "
                    "growth, energy-intensity and carbon-intensity decline).",
                )
            )
            return None
        g, e, c = (r / 100 for r in rates)  # type: ignore[operator]
        gdp *= 1 + g
        intensity *= 1 - e
        carbon *= 1 - c
        energy = gdp * intensity
        if effects is not None:
            avoided += effects.reductions.get(year, 0.0)
            sink += effects.sinks.get(year, 0.0)
        emissions = energy * carbon - avoided
        points.append(YearPoint(year, gdp, energy, max(emissions, 0.0), sink))
    peak = max(points, key=lambda p: p.co2)
    still_rising = peak.year == end_year and len(points) > 1 and points[-1].co2 > points[-2].co2
    return ScenarioResult(
        name, points, None if still_rising else peak.year, None if still_rising else peak.co2
    )


def _activity_en(activity: str, template: Template) -> str:
    spec = template.base_item(activity)
    if activity == "gdp" or spec is None:
        return activity.upper() if activity == "gdp" else activity
    return spec.name.en.lower()


def project_trajectory(plan: Plan, template: Template, end_year: int = END_YEAR) -> Trajectory:
    """Both scenarios from the base year to ``end_year``; problems instead of exceptions."""
    base_year = plan.meta.base_year
    activity = template.trajectory_activity
    result = Trajectory(base_year, activity)
    gdp, energy, co2 = base_values(plan, template)
    spec = template.base_item(activity)
    missing = [
        (zh, en)
        for value, zh, en in (
            (gdp, spec.name.zh if spec else activity, _activity_en(activity, template)),
            (energy, "能源消费总量", "total energy use"),
            (co2, "二氧化碳排放总量", "total CO2 emissions"),
        )
        if not value or value <= 0
    ]
    if missing:
        result.problems.append(
            Problem(
                "trajectory_inputs",
                f"无法测算排放趋势：基准年{'、'.join(m[0] for m in missing)}缺失或为零。",
                f"The trajectory cannot be computed: the base year's "
                f"{', '.join(m[1] for m in missing)} is missing or zero.",
            )
        )
        return result
    if base_year >= end_year:
        return result
    sink = max(_number(plan.base_value("carbon_sink")) or 0.0, 0.0)
    effects = project_effects(plan, template)
    for name in SCENARIOS:
        periods = [g for g in plan.growth if g.scenario == name]
        scenario = _scenario(
            name,
            periods,
            (gdp, energy, co2, sink),  # type: ignore[arg-type]
            base_year,
            end_year,
            effects if name == "policy" else None,
            result.problems,
        )
        if scenario is not None and not _drawable(scenario):
            result.problems.append(_out_of_range(name))
        elif scenario is not None:
            result.scenarios[name] = scenario
    return result


def _drawable(scenario: ScenarioResult) -> bool:
    """Every figure finite and of a size a chart or a table can show."""
    return all(
        is_bounded(v) for p in scenario.points for v in (p.activity, p.energy, p.co2, p.sink)
    )


def _out_of_range(name: str) -> Problem:
    zh, en = Scenario(name).zh, Scenario(name).en.lower()
    return Problem(
        "out_of_range",
        f"{zh}的测算结果超出可用范围（数值过大或过小），请检查基础数据、能源消费量和增长假设。",
        f"The {en} scenario gives figures out of any usable range (far too large or small); "
        "check the base data, the fuel quantities and the growth assumptions.",
    )


# -- the assumptions behind the projection ------------------------------------------------------


@dataclass(frozen=True)
class Assumption:
    """One row of the assumptions table printed beside every projection."""

    item: str
    value: str


def _plain(number: float, digits: int = 1) -> str:
    """A figure for running text: no thousands separator ("3971万吨")."""
    return format_number(number, digits).replace(",", "")


def _join(parts: list[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(p for p in parts if p)


def _period_rows(plan: Plan, template: Template, lang: str) -> list[Assumption]:
    spec = template.base_item(template.trajectory_activity)
    activity = spec.name.get(lang) if spec else template.trajectory_activity
    names = {s.value: s.labels for s in Scenario}
    rows = []
    for name in SCENARIOS:
        for period in sorted((g for g in plan.growth if g.scenario == name), key=lambda g: g.start):
            g, e, c = (
                period.gdp_growth.text.strip() or "—",
                period.energy_intensity_decline.text.strip() or "—",
                period.carbon_intensity_decline.text.strip() or "—",
            )
            if lang == "en":
                item = f"{names[name][1]}, {period.start}–{period.end}"
                value = (
                    f"{activity} growth {g}% a year; energy per unit of it down {e}% a year; "
                    f"CO2 per unit of energy down {c}% a year"
                )
            else:
                item = f"{names[name][0]}（{period.start}—{period.end}年）"
                value = (
                    f"{activity}年均增长{g}%，单位{activity}能耗年均下降{e}%，"
                    f"单位能耗二氧化碳排放年均下降{c}%"
                )
            rows.append(Assumption(item, value))
    return rows


def _factor_rows(plan: Plan, template: Template, lang: str) -> list[Assumption]:
    rows = []
    for line in energy_account(plan, template, lang).lines:
        if not line.factor:
            continue
        name = line.fuel.name.get(lang)
        item = f"{name}排放因子" if lang == "zh" else f"{name}: emission factor"
        rows.append(
            Assumption(
                item,
                _join(
                    [
                        f"{_plain(line.factor, 4)} {line.factor_unit}".strip(),
                        line.factor_source,
                    ],
                    lang,
                ),
            )
        )
    choice = grid_choice(plan, template)
    if choice.factor is not None and choice.year_differs:
        if choice.before_published:
            note = (
                f"基准年{choice.base_year}年早于最早发布的{choice.factor.year}年电力排放因子，取{choice.factor.year}年因子"
                if lang == "zh"
                else f"the base year {choice.base_year} comes before the earliest published "
                f"electricity factors ({choice.factor.year}), whose factor is used"
            )
        else:
            note = (
                f"电力排放因子取{choice.factor.year}年（不晚于基准年{choice.base_year}年的最近发布年份）"
                if lang == "zh"
                else f"the electricity factor is that of {choice.factor.year}, the published "
                f"year nearest the base year {choice.base_year} and not after it"
            )
        rows.append(
            Assumption("电力排放因子年份" if lang == "zh" else "Electricity factor year", note)
        )
    return rows


def _project_rows(plan: Plan, template: Template, lang: str) -> list[Assumption]:
    effects = project_effects(plan, template)
    listed = plan.meta.updated_at[:10]
    sink_fields = [f.title.get(lang) for f in template.project_fields if f.sink]
    if lang == "en":
        listed_n, counted = len(plan.projects), len(effects.counted)
        text = (
            f"{listed_n} key {plural(listed_n, 'project', 'projects')} as listed on {listed}; "
            f"each project's CO2 reduction counts in full from the year after its completion "
            f"(end year), no ramp-up; {counted} {plural(counted, 'lowers', 'lower')} the policy "
            f"scenario's energy CO2"
        )
        if in_base := len(effects.in_base):
            text += (
                f"; {in_base} completed by the base year {plural(in_base, 'is', 'are')} in the "
                f"base data"
            )
        if no_end := len(effects.no_end_year):
            text += f"; {no_end} without an end year {plural(no_end, 'is', 'are')} not counted"
        sinks_n = len(effects.sink_projects)
        sinks = (
            f"{sinks_n} {plural(sinks_n, 'project', 'projects')} of {', '.join(sink_fields)} "
            f"{plural(sinks_n, 'adds', 'add')} sinks, reported on their own line and as a net "
            "figure, never lowering the energy CO2"
        )
    else:
        text = (
            f"重点项目清单截至{chinese_date(listed)}，共{len(plan.projects)}项；项目减排量自建成（完成年份）次年起全额计入，"
            f"不设爬坡期；其中{len(effects.counted)}项计入政策情景能源活动二氧化碳减排"
        )
        if effects.in_base:
            text += f"，{len(effects.in_base)}项已于基准年前建成、已含于基准年数据"
        if effects.no_end_year:
            text += f"，{len(effects.no_end_year)}项未填写完成年份、未计入"
        sinks = (
            f"{'、'.join(sink_fields)}类项目{len(effects.sink_projects)}项新增碳汇，单列并计算净排放，"
            "不抵减能源活动二氧化碳排放"
        )
    base_sink = _number(plan.base_value("carbon_sink"))
    if base_sink:
        sinks += (
            f"；基准年碳汇{_plain(base_sink, 1)}万吨"
            if lang == "zh"
            else f"; base-year sink {_plain(base_sink, 1)} 10k t"
        )
    return [
        Assumption("重点项目" if lang == "zh" else "Key projects", text),
        Assumption("碳汇" if lang == "zh" else "Carbon sinks", sinks),
    ]


def assumptions(plan: Plan, template: Template, lang: str = "zh") -> list[Assumption]:
    """The assumptions behind the projection — base year, growth per period, intensity
    declines, the factor set, the project list and its date — as rows of a table that every
    export and the trajectory step print beside the results."""
    gdp, energy, co2 = base_values(plan, template)
    spec = template.base_item(template.trajectory_activity)
    activity = spec.name.get(lang) if spec else template.trajectory_activity
    figures = [
        f"{activity} {_plain(gdp, 1)}" + ("亿元" if lang == "zh" else " CNY 100m")
        if gdp is not None
        else "",
        f"能源消费 {_plain(energy, 1)}万吨标准煤"
        if lang == "zh" and energy is not None
        else (f"energy {_plain(energy, 1)} 10k tce" if energy is not None else ""),
        f"二氧化碳 {_plain(co2, 1)}万吨"
        if lang == "zh" and co2 is not None
        else (f"CO2 {_plain(co2, 1)} 10k t" if co2 is not None else ""),
    ]
    base = Assumption(
        f"基准年（{plan.meta.base_year}年）"
        if lang == "zh"
        else f"Base year ({plan.meta.base_year})",
        _join(figures, lang) or "—",
    )
    method = Assumption(
        "测算方法" if lang == "zh" else "Method",
        f"二氧化碳排放＝{activity}×单位{activity}能耗×单位能耗二氧化碳排放，逐年按各时期增速和下降率推算至{END_YEAR}年"
        if lang == "zh"
        else f"CO2 = {activity} × energy per unit of it × CO2 per unit of energy, projected "
        f"year by year to {END_YEAR} with each period's rates",
    )
    return [
        base,
        method,
        *_period_rows(plan, template, lang),
        *_factor_rows(plan, template, lang),
        *_project_rows(plan, template, lang),
    ]
