"""The energy account and the trajectory against figures worked by hand."""

from __future__ import annotations

import pytest

from forms.checks import check_plan
from forms.demo import demo_plans
from forms.factory import new_plan
from forms.plan import GrowthAssumption, Plan, Project, Value
from forms.template import load_template
from forms.trajectory import energy_account, project_trajectory

TEMPLATE = load_template("annex2-2023", "city")


def small_plan(g: str = "5", e: str = "2", c: str = "1") -> Plan:
    plan = new_plan("测算", "city", province="江苏省", base_year=2020)
    values = {"gdp": "1000", "energy_total": "500", "co2_total": "1000"}
    for entry in plan.base_data:
        if entry.id in values:
            entry.value = Value(text=values[entry.id])
    plan.growth = [
        GrowthAssumption(
            scenario=s,
            start=2021,
            end=2035,
            gdp_growth=Value(text=g),
            energy_intensity_decline=Value(text=e),
            carbon_intensity_decline=Value(text=c),
        )
        for s in ("baseline", "policy")
    ]
    return plan


def test_small_case_matches_the_hand_computation() -> None:
    """GDP 1000 亿元, energy 500 万tce, CO2 1000 万t in 2020; g = 5 %, e = 2 %, c = 1 % a year.

    Each year CO2 grows by 1.05 × 0.98 × 0.99 = 1.018710, so
    CO2(2021) = 1018.71; CO2(2025) = 1000 × 1.018710⁵ = 1097.12; energy(2025) = 500 ×
    (1.05 × 0.98)⁵ = 500 × 1.029⁵ = 576.83; CO2 per GDP falls by 1 − (0.98 × 0.99)⁵ =
    1 − 0.970200⁵ = 14.04 % by 2025.  The rise never stops: no peak before 2035.
    """
    trajectory = project_trajectory(small_plan(), TEMPLATE)
    policy = trajectory.policy
    assert policy is not None and not trajectory.problems
    assert policy.at(2021).co2 == pytest.approx(1018.71, rel=1e-3)
    assert policy.at(2025).co2 == pytest.approx(1097.12, rel=1e-3)
    assert policy.at(2025).energy == pytest.approx(576.83, rel=1e-3)
    assert policy.reduction(2025, "co2") == pytest.approx(14.04, rel=1e-3)
    assert policy.peak_year is None and policy.peak_co2 is None


def test_a_peak_is_found_where_the_decline_overtakes_growth() -> None:
    """With projects avoiding 60 万t from 2024 (600,000 t a year):
    CO2(2023) = 1000 × 1.01871³ = 1057.19; CO2(2024) = 1000 × 1.01871⁴ − 60 = 1016.97;
    then growth resumes: 2025 = 1097.12 − 60 = 1037.12 …  and with g = 2 %, e = 3 %,
    c = 2 % every year falls by 1.02 × 0.97 × 0.98 = 0.969612: the peak is the base year."""
    plan = small_plan()
    plan.projects.append(
        Project(name="光伏", start_year=Value(text="2024"), co2_reduction=Value(text="600000"))
    )
    policy = project_trajectory(plan, TEMPLATE).policy
    assert policy.at(2023).co2 == pytest.approx(1057.19, rel=1e-3)
    assert policy.at(2024).co2 == pytest.approx(1016.97, rel=1e-3)
    falling = project_trajectory(small_plan("2", "3", "2"), TEMPLATE).policy
    assert falling.peak_year == 2020 and falling.peak_co2 == pytest.approx(1000)
    assert falling.at(2021).co2 == pytest.approx(969.612, rel=1e-3)


def test_a_peak_inside_the_horizon() -> None:
    """Growth 4 % until 2025, then 1 %; e = 2 %, c = 1 %: CO2 rises by 1.04 × 0.9702 =
    1.009008 a year to 2025 (1045.86), then falls by 1.01 × 0.9702 = 0.979902: peak 2025."""
    plan = small_plan()
    for period in plan.growth:
        period.end = 2025
        period.gdp_growth = Value(text="4")
    plan.growth += [
        GrowthAssumption(
            scenario=s,
            start=2026,
            end=2035,
            gdp_growth=Value(text="1"),
            energy_intensity_decline=Value(text="2"),
            carbon_intensity_decline=Value(text="1"),
        )
        for s in ("baseline", "policy")
    ]
    policy = project_trajectory(plan, TEMPLATE).policy
    assert policy.peak_year == 2025
    assert policy.peak_co2 == pytest.approx(1045.86, rel=1e-3)


@pytest.mark.parametrize("missing", ["gdp", "energy_total", "co2_total"])
def test_missing_or_zero_inputs_give_a_finding_not_a_crash(missing: str) -> None:
    plan = small_plan()
    next(e for e in plan.base_data if e.id == missing).value = Value(text="0")
    trajectory = project_trajectory(plan, TEMPLATE)
    assert not trajectory.scenarios and trajectory.problems
    messages = [f.message("zh") for f in check_plan(plan, TEMPLATE)]
    assert any("无法测算排放趋势" in m for m in messages)
    next(e for e in plan.base_data if e.id == missing).value = Value(text="")
    assert project_trajectory(plan, TEMPLATE).problems


def test_missing_growth_assumption_is_named() -> None:
    plan = small_plan()
    plan.growth[1].gdp_growth = Value(text="")
    trajectory = project_trajectory(plan, TEMPLATE)
    assert "baseline" in trajectory.scenarios and "policy" not in trajectory.scenarios
    assert "政策情景缺少2021年" in trajectory.problems[0].message_zh


def test_energy_account_converts_with_the_template_factors() -> None:
    """100 万t coal × 0.7143 = 71.43 万tce and × 1.9003 = 190.03 万t CO2; 10 亿kWh at the
    East China grid factor 0.55 kg/kWh = 55 万t CO2 and × 0.1229 × 10 = 12.29 万tce."""
    plan = small_plan()
    quantities = {"coal": "100", "electricity": "10"}
    for use in plan.fuels:
        use.quantity = Value(text=quantities.get(use.id, ""))
    account = energy_account(plan, TEMPLATE)
    assert account.total_tce == pytest.approx(71.43 + 12.29, rel=1e-4)
    assert account.total_co2 == pytest.approx(190.03 + 55.0, rel=1e-4)
    electricity = next(line for line in account.lines if line.fuel.id == "electricity")
    assert "华东" in electricity.factor_source
    next(u for u in plan.fuels if u.id == "electricity").emission_factor = Value(text="0.5")
    assert energy_account(plan, TEMPLATE).total_co2 == pytest.approx(190.03 + 50.0, rel=1e-4)


def test_declared_peak_and_targets_against_the_projection() -> None:
    plan = small_plan()  # still rising in 2035
    plan.meta.declared_peak_year = "2030"
    row = next(r for r in plan.indicators if r.template_ref == "carbon_intensity_reduction")
    row.target_2025.basic = Value(text="19.5")
    messages = [f.message("zh") for f in check_plan(plan, TEMPLATE)]
    assert any("2030年前后达峰" in m and "到2035年仍未达峰" in m for m in messages)
    assert any("2025年目标为下降19.5%" in m and "只下降14%" in m for m in messages)
    plan.meta.declared_peak_year = "明年"
    assert any("不是有效年份" in f.message("zh") for f in check_plan(plan, TEMPLATE))


def test_demo_plans_project_a_peak_consistent_with_their_targets() -> None:
    for plan in demo_plans():
        template = load_template("annex2-2023", plan.meta.pilot_type.value)
        trajectory = project_trajectory(plan, template)
        assert trajectory.policy.peak_year is not None
        assert trajectory.policy.peak_year <= int(plan.meta.declared_peak_year)
        assert trajectory.baseline.peak_year is None  # business as usual keeps rising


def test_sector_emissions_split_the_total_by_energy_shares() -> None:
    """CO2 1000 万t; industry 45.8 % of energy use → 458 万t."""
    from forms.trajectory import sector_emissions

    plan = small_plan()
    next(e for e in plan.base_data if e.id == "sector_industry").value = Value(text="45.8")
    rows = dict((item, co2) for item, _share, co2 in sector_emissions(plan, TEMPLATE))
    assert rows == {"sector_industry": pytest.approx(458.0)}
