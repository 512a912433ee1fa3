"""The energy account and the trajectory against figures worked by hand."""

from __future__ import annotations

import pytest

from forms.checks import check_plan
from forms.demo import demo_plans
from forms.derived import derived_values
from forms.factory import new_plan
from forms.plan import GrowthAssumption, Plan, Project, Value
from forms.template import load_template
from forms.trajectory import assumptions, energy_account, grid_choice, project_trajectory
from forms.values import chinese_date

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
    """A project built 2022–2023 avoiding 600,000 t a year (60 万t) counts from 2024, the
    year after its completion — not from its start:
    CO2(2023) = 1000 × 1.01871³ = 1057.19 (nothing avoided yet);
    CO2(2024) = 1000 × 1.01871⁴ − 60 = 1076.97 − 60 = 1016.97;
    then growth resumes: 2025 = 1097.12 − 60 = 1037.12 …  and with g = 2 %, e = 3 %,
    c = 2 % every year falls by 1.02 × 0.97 × 0.98 = 0.969612: the peak is the base year."""
    plan = small_plan()
    plan.projects.append(
        Project(
            name="光伏",
            start_year=Value(text="2022"),
            end_year=Value(text="2023"),
            co2_reduction=Value(text="600000"),
        )
    )
    policy = project_trajectory(plan, TEMPLATE).policy
    assert policy.at(2022).co2 == pytest.approx(1000 * 1.01871**2, rel=1e-4)  # 1037.80
    assert policy.at(2023).co2 == pytest.approx(1057.19, rel=1e-3)
    assert policy.at(2024).co2 == pytest.approx(1016.97, rel=1e-3)
    assert policy.at(2025).co2 == pytest.approx(1037.12, rel=1e-3)
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
    """100 万t coal × 0.7143 = 71.43 万tce and × 1.9003 = 190.03 万t CO2; 10 亿kWh at
    Jiangsu's 2021 factor 0.6451 kg/kWh (base year 2020: the earliest published year) =
    10 × 0.6451 × 10 = 64.51 万t CO2 and × 0.1229 × 10 = 12.29 万tce."""
    plan = small_plan()
    quantities = {"coal": "100", "electricity": "10"}
    for use in plan.fuels:
        use.quantity = Value(text=quantities.get(use.id, ""))
    account = energy_account(plan, TEMPLATE)
    assert account.total_tce == pytest.approx(71.43 + 12.29, rel=1e-4)
    assert account.total_co2 == pytest.approx(190.03 + 64.51, rel=1e-4)
    electricity = next(line for line in account.lines if line.fuel.id == "electricity")
    assert electricity.factor == 0.6451 and electricity.factor_unit == "千克二氧化碳/千瓦时"
    english = energy_account(plan, TEMPLATE, "en")
    assert next(x for x in english.lines if x.fuel.id == "electricity").factor_unit == "kgCO2/kWh"
    assert "江苏省" in electricity.factor_source and "2021年" in electricity.factor_source
    assert (
        "公告2024年第12号" in electricity.factor_source
        and "2024年4月12日" in electricity.factor_source
    )
    assert "待核实" in electricity.factor_source
    next(u for u in plan.fuels if u.id == "electricity").emission_factor = Value(text="0.5")
    assert energy_account(plan, TEMPLATE).total_co2 == pytest.approx(190.03 + 50.0, rel=1e-4)


def test_declared_peak_and_targets_against_the_projection() -> None:
    plan = small_plan()  # still rising in 2035
    plan.meta.declared_peak_year = "2030"
    row = next(r for r in plan.indicators if r.template_ref == "carbon_intensity_reduction")
    row.target_2025.basic = Value(text="19.5")
    messages = [f.message("zh") for f in check_plan(plan, TEMPLATE)]
    assert any("2030年前后达峰" in m and "到2035年仍未达峰" in m for m in messages)
    assert any("2025年目标为较2020年下降19.5%" in m and "只下降14%" in m for m in messages)
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


# -- the method (reviewer's points) -------------------------------------------------------------


def test_sinks_are_reported_apart_and_never_lower_the_energy_co2() -> None:
    """Base-year sink 50 万t; a wetland project (生态保护修复) finished in 2023 adds 100,000 t
    = 10 万t a year from 2024.  Energy CO2 is the plain projection (2025: 1097.12, see
    above), the sinks line is 50 → 60 from 2024, the net figure 1097.12 − 60 = 1037.12."""
    plan = small_plan()
    next(e for e in plan.base_data if e.id == "carbon_sink").value = Value(text="50")
    plan.projects.append(
        Project(
            name="湿地修复",
            field="ecological_restoration",
            end_year=Value(text="2023"),
            co2_reduction=Value(text="100000"),
        )
    )
    policy = project_trajectory(plan, TEMPLATE).policy
    plain = project_trajectory(small_plan(), TEMPLATE).policy
    assert [p.co2 for p in policy.points] == pytest.approx([p.co2 for p in plain.points])
    assert policy.at(2023).sink == pytest.approx(50.0)
    assert policy.at(2024).sink == pytest.approx(60.0)
    assert policy.at(2025).co2 == pytest.approx(1097.12, rel=1e-3)
    assert policy.at(2025).net == pytest.approx(1037.12, rel=1e-3)
    assert policy.peak_year is None  # the energy CO2 still rises: no peak bought with sinks
    rows = {a.item: a.value for a in assumptions(plan, TEMPLATE)}
    assert "1项新增碳汇" in rows["碳汇"] and "基准年碳汇50万吨" in rows["碳汇"]


def test_a_park_projects_per_unit_of_industrial_value_added() -> None:
    """A park: GDP 2000 亿元 (not used), industrial value added 400 亿元, energy 500 万tce,
    CO2 1000 万t; IVA +5 %, energy per IVA −2 %, CO2 per energy −1 % a year.  Energy per IVA
    falls by 1 − 0.98⁵ = 9.61 % by 2025; energy(2025) = 500 × (1.05 × 0.98)⁵ = 576.83.  A
    2025 target of −12 % per IVA is more than the projection gives: the check says 9.6 %."""
    template = load_template("annex2-2023", "park")
    plan = new_plan("园区", "park", province="江苏省", base_year=2020)
    values = {"gdp": "2000", "industrial_value_added": "400", "energy_total": "500"}
    values["co2_total"] = "1000"
    for entry in plan.base_data:
        entry.value = Value(text=values.get(entry.id, ""))
    plan.growth = small_plan().growth
    trajectory = project_trajectory(plan, template)
    policy = trajectory.policy
    assert trajectory.activity == "industrial_value_added"
    assert policy.points[0].activity == 400
    assert policy.at(2025).activity == pytest.approx(400 * 1.05**5)
    assert policy.at(2025).energy == pytest.approx(576.83, rel=1e-4)
    assert policy.reduction(2025, "energy") == pytest.approx(9.61, abs=0.01)
    row = next(r for r in plan.indicators if r.template_ref == "park_energy_intensity_reduction")
    row.target_2025.basic = Value(text="12")
    messages = [f.message("zh") for f in check_plan(plan, template)]
    assert any("单位工业增加值能源消耗降低" in m and "只下降9.6%" in m for m in messages)
    rows = {a.item: a.value for a in assumptions(plan, template)}
    assert "工业增加值年均增长5%" in rows["政策情景（2021—2035年）"]
    next(e for e in plan.base_data if e.id == "industrial_value_added").value = Value(text="")
    problem = project_trajectory(plan, template).problems[0]
    assert "工业增加值" in problem.message_zh and "industrial value added" in problem.message_en


def test_a_citys_energy_per_industrial_value_added_uses_industrial_energy() -> None:
    """Energy 500 万tce, industry 40 % of it = 200 万tce, over IVA 400 亿元 = 0.5 tce/万元
    (not 500 / 400 = 1.25, which would count households and transport too)."""
    plan = small_plan()
    for item, text in (("sector_industry", "40"), ("industrial_value_added", "400")):
        next(e for e in plan.base_data if e.id == item).value = Value(text=text)
    derived = {d.spec.id: d.value for d in derived_values(plan, TEMPLATE)}
    assert derived["energy_per_iva"] == pytest.approx(0.5)
    assert "park_energy_per_iva" not in derived
    park = new_plan("园区", "park")
    for item, text in (("energy_total", "500"), ("industrial_value_added", "400")):
        next(e for e in park.base_data if e.id == item).value = Value(text=text)
    park_template = load_template("annex2-2023", "park")
    derived = {d.spec.id: d.value for d in derived_values(park, park_template)}
    assert derived == {**derived, "park_energy_per_iva": pytest.approx(1.25)}
    assert "energy_per_iva" not in derived


def test_a_new_plan_records_its_grid_factor_and_the_check_says_why() -> None:
    """Jiangsu, base year 2020: no factor before 2021, so the 2021 provincial one (0.6451,
    to verify) is recorded with its document, and the check says the year differs."""
    plan = small_plan()
    ref = plan.meta.grid_factor
    assert (ref.year, ref.level, ref.region) == (2021, "provincial", "江苏省")
    assert ref.document == "生态环境部 国家统计局公告2024年第12号"
    findings = {f.code: f for f in check_plan(plan, TEMPLATE)}
    year = findings["grid_factor_year"]
    assert "采用2021年江苏省电力平均二氧化碳排放因子，年份与基准年2020年不同" in year.message_zh
    assert "earliest published year" in year.message_en
    assert "grid_factor_to_verify" in findings
    later = new_plan("测算", "city", province="江苏省", base_year=2023)
    codes = {f.code for f in check_plan(later, TEMPLATE)}
    assert not codes & {"grid_factor_year", "grid_factor_to_verify", "grid_factor_elsewhere"}


def test_a_grid_factor_of_another_province_or_missing_from_the_table_is_a_finding() -> None:
    plan = small_plan()
    plan.meta.grid_factor = plan.meta.grid_factor.model_copy(update={"region": "浙江省"})
    assert grid_choice(plan, TEMPLATE).factor.value == 0.5422  # Zhejiang 2021, as recorded
    messages = [f.message("zh") for f in check_plan(plan, TEMPLATE)]
    assert any("浙江省电力" in m and "不属于方案所在的江苏省" in m for m in messages)
    plan.meta.grid_factor = plan.meta.grid_factor.model_copy(update={"year": 2019})
    choice = grid_choice(plan, TEMPLATE)
    assert choice.missing and choice.factor.region == "江苏省"  # the default, said so
    assert any("不在模板的排放因子表中" in f.message("zh") for f in check_plan(plan, TEMPLATE))


def test_a_factor_typed_without_a_source_is_a_finding_naming_the_fuel() -> None:
    plan = small_plan()
    coal = next(u for u in plan.fuels if u.id == "coal")
    coal.quantity = Value(text="100")
    coal.emission_factor = Value(text="2.5")
    findings = [f for f in check_plan(plan, TEMPLATE) if f.code == "factor_no_source"]
    assert len(findings) == 1
    assert "“煤炭”的排放因子2.5千克二氧化碳/千克" in findings[0].message_zh
    assert findings[0].location.collection == "fuels" and findings[0].location.item_id == "coal"
    line = next(ln for ln in energy_account(plan, TEMPLATE).lines if ln.fuel.id == "coal")
    assert "未注明来源" in line.factor_source
    coal.emission_factor.provenance.source = "《某市温室气体清单》表3"
    assert not [f for f in check_plan(plan, TEMPLATE) if f.code == "factor_no_source"]
    assert "某市温室气体清单" in energy_account(plan, TEMPLATE).lines[0].factor_source


def test_a_project_without_an_end_year_is_not_counted_and_the_check_says_so() -> None:
    plan = small_plan()
    plan.projects.append(
        Project(name="光伏", start_year=Value(text="2022"), co2_reduction=Value(text="600000"))
    )
    policy = project_trajectory(plan, TEMPLATE).policy
    plain = project_trajectory(small_plan(), TEMPLATE).policy
    assert policy.at(2030).co2 == pytest.approx(plain.at(2030).co2)
    assert any(
        f.code == "project_not_counted" and "光伏" in f.message_zh
        for f in check_plan(plan, TEMPLATE)
    )


def test_assumptions_name_rates_factors_and_the_project_list() -> None:
    plan = small_plan()
    next(u for u in plan.fuels if u.id == "electricity").quantity = Value(text="10")
    rows = {a.item: a.value for a in assumptions(plan, TEMPLATE)}
    # the account is filled (10 亿kWh × 0.1229 × 10 = 12.29 万tce, × 0.6451 × 10 = 64.51 万t)
    assert (
        rows["基准年（2020年）"]
        == "地区生产总值 1000亿元；能源消费 12.3万吨标准煤；二氧化碳 64.5万吨"
    )
    assert "年均增长5%" in rows["基准情景（2021—2035年）"]
    assert "能耗年均下降2%" in rows["政策情景（2021—2035年）"]
    assert "0.6451 千克二氧化碳/千瓦时" in rows["调入电力（净调入）排放因子"]
    assert "公告2024年第12号" in rows["调入电力（净调入）排放因子"]
    assert "1.9003 千克二氧化碳/千克" in rows["煤炭排放因子"]
    assert "早于最早发布的2021年" in rows["电力排放因子年份"]
    assert f"截至{chinese_date(plan.meta.updated_at)}" in rows["重点项目"]
    english = {a.item: a.value for a in assumptions(plan, TEMPLATE, "en")}
    assert "from the year after its completion" in english["Key projects"]
