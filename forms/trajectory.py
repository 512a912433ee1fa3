"""The base-year energy account and the emissions trajectory: computed, never typed.

Energy account: each fuel's quantity × the template's conversion factor gives 万吨标准煤, × its
emission factor (the plan's own where typed, else the template's, the grid factor of the
province's region for purchased electricity) gives 万吨二氧化碳.

Trajectory: from the base year to 2035, year by year,
    GDPₜ = GDPₜ₋₁ × (1 + g),  energy intensity Iₜ = Iₜ₋₁ × (1 − e),
    carbon per energy Cₜ = Cₜ₋₁ × (1 − c),  energyₜ = GDPₜ × Iₜ,  CO2ₜ = energyₜ × Cₜ,
with g, e, c the scenario's rates for the period holding year t.  The policy scenario also
subtracts the key projects' yearly CO2 reductions from their start year on.  The peak is the
year of the highest CO2 — none when emissions still rise in the last year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms.plan import GrowthAssumption, Plan, Value
from forms.template import Fuel, Template
from forms.values import is_bounded, parse_number

END_YEAR = 2035
SCENARIOS = ("baseline", "policy")
ACCOUNT_TOLERANCE = 0.05  # the fuel account may differ this much from typed totals


def _number(value: Value | None) -> float | None:
    return parse_number(value.text if value else "").number


# -- the energy account --------------------------------------------------------------------------


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
        default = None
        if fuel.emission_factor == "grid":
            default = template.grid_factor(plan.meta.province)
        elif fuel.emission_factor:
            default = template.emission(fuel.emission_factor)
        factor = own if own is not None else (default.value if default else 0.0)
        if own is not None:
            source = use.emission_factor.provenance.source or (
                "方案自定" if lang == "zh" else "the plan's own"
            )
        elif default is not None:
            source = (
                f"{default.name.get(lang)}；{default.source.zh}"
                if lang == "zh"
                else (f"{default.name.en}; {default.source.en}")
            )
        else:
            source = "不计排放" if lang == "zh" else "no emissions counted"
        co2 = quantity * factor * fuel.scale if quantity is not None else None
        unit = default.unit.get(lang) if default else ""
        lines.append(FuelLine(fuel, quantity, tce, co2, factor, unit, source, own is not None))
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


# -- the trajectory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPoint:
    year: int
    gdp: float  # 亿元
    energy: float  # 万吨标准煤
    co2: float  # 万吨


@dataclass(frozen=True)
class ScenarioResult:
    scenario: str
    points: list[YearPoint]
    peak_year: int | None  # None: still rising in the last year
    peak_co2: float | None

    def at(self, year: int) -> YearPoint | None:
        return next((p for p in self.points if p.year == year), None)

    def reduction(self, year: int, what: str) -> float | None:
        """The % fall of energy ("energy") or CO2 ("co2") per unit of GDP against the base."""
        first, point = self.points[0], self.at(year)
        if point is None or not first.gdp or not point.gdp:
            return None
        before = getattr(first, what) / first.gdp
        after = getattr(point, what) / point.gdp
        return (1 - after / before) * 100 if before else None


@dataclass(frozen=True)
class Problem:
    code: str
    message_zh: str
    message_en: str


@dataclass
class Trajectory:
    base_year: int
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def policy(self) -> ScenarioResult | None:
        return self.scenarios.get("policy")

    @property
    def baseline(self) -> ScenarioResult | None:
        return self.scenarios.get("baseline")


def base_values(plan: Plan, template: Template) -> tuple[float | None, float | None, float | None]:
    """(GDP 亿元, energy 万tce, CO2 万t) of the base year: the fuel account where filled."""
    account = energy_account(plan, template)
    gdp = _number(plan.base_value("gdp"))
    energy = account.total_tce if account.filled else _number(plan.base_value("energy_total"))
    co2 = account.total_co2 if account.filled else _number(plan.base_value("co2_total"))
    return gdp, energy, co2


def _rates(periods: list[GrowthAssumption], year: int) -> GrowthAssumption | None:
    holding = [p for p in periods if p.start <= year <= p.end]
    if holding:
        return holding[0]
    earlier = [p for p in periods if p.end < year]
    return max(earlier, key=lambda p: p.end) if earlier else None


def _project_reductions(plan: Plan) -> dict[int, float]:
    """万吨 CO2 a year each project avoids, by its start year."""
    by_year: dict[int, float] = {}
    for project in plan.projects:
        start = _number(project.start_year)
        reduction = _number(project.co2_reduction)
        if start is None or not reduction:
            continue
        by_year[int(start)] = by_year.get(int(start), 0.0) + reduction / 10_000
    return by_year


def _scenario(
    name: str,
    periods: list[GrowthAssumption],
    base: tuple[float, float, float],
    base_year: int,
    end_year: int,
    reductions: dict[int, float],
    problems: list[Problem],
) -> ScenarioResult | None:
    gdp, energy, co2 = base
    intensity, carbon = energy / gdp, co2 / energy
    points = [YearPoint(base_year, gdp, energy, co2)]
    avoided = sum(v for y, v in reductions.items() if y <= base_year)
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
            label = {"baseline": ("基准情景", "baseline"), "policy": ("政策情景", "policy")}[name]
            problems.append(
                Problem(
                    "growth_missing",
                    f"{label[0]}缺少{year}年的增长假设（地区生产总值增速、能耗强度和碳排放强度下降率）。",
                    f"The {label[1]} scenario has no growth assumption for {year} (GDP growth, "
                    "energy-intensity and carbon-intensity decline).",
                )
            )
            return None
        g, e, c = (r / 100 for r in rates)  # type: ignore[operator]
        gdp *= 1 + g
        intensity *= 1 - e
        carbon *= 1 - c
        energy = gdp * intensity
        avoided += reductions.get(year, 0.0)
        emissions = energy * carbon - avoided
        points.append(YearPoint(year, gdp, energy, max(emissions, 0.0)))
    peak = max(points, key=lambda p: p.co2)
    still_rising = peak.year == end_year and len(points) > 1 and points[-1].co2 > points[-2].co2
    return ScenarioResult(
        name, points, None if still_rising else peak.year, None if still_rising else peak.co2
    )


def project_trajectory(plan: Plan, template: Template, end_year: int = END_YEAR) -> Trajectory:
    """Both scenarios from the base year to ``end_year``; problems instead of exceptions."""
    base_year = plan.meta.base_year
    result = Trajectory(base_year)
    gdp, energy, co2 = base_values(plan, template)
    missing = [
        (zh, en)
        for value, zh, en in (
            (gdp, "地区生产总值", "GDP"),
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
    reductions = _project_reductions(plan)
    for name in SCENARIOS:
        periods = [g for g in plan.growth if g.scenario == name]
        scenario = _scenario(
            name,
            periods,
            (gdp, energy, co2),
            base_year,
            end_year,
            reductions if name == "policy" else {},
            result.problems,
        )
        if scenario is not None and not _drawable(scenario):
            result.problems.append(_out_of_range(name))
        elif scenario is not None:
            result.scenarios[name] = scenario
    return result


def _drawable(scenario: ScenarioResult) -> bool:
    """Every figure finite and of a size a chart or a table can show."""
    return all(is_bounded(v) for p in scenario.points for v in (p.gdp, p.energy, p.co2))


def _out_of_range(name: str) -> Problem:
    zh, en = {"baseline": ("基准情景", "baseline"), "policy": ("政策情景", "policy")}[name]
    return Problem(
        "out_of_range",
        f"{zh}的测算结果超出可用范围（数值过大或过小），请检查基础数据、能源消费量和增长假设。",
        f"The {en} scenario gives figures out of any usable range (far too large or small); "
        "check the base data, the fuel quantities and the growth assumptions.",
    )
