"""Higher-level targets and sources: a pilot should lead, and say where its numbers come from."""

from __future__ import annotations

from forms.checks import check_plan
from forms.demo import demo_plans
from forms.higher_targets import province_rows, references
from forms.plan import Plan, Provenance, Value
from forms.report import check_report
from forms.template import load_template

TEMPLATE = load_template("annex2-2023", "city")


def city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def row_of(plan: Plan, ref: str):
    return next(r for r in plan.indicators if r.template_ref == ref)


def test_the_template_carries_the_national_targets_with_sources() -> None:
    refs = {(r.indicator, r.year): r for r in references(city(), TEMPLATE)}
    assert refs[("energy_intensity_reduction", 2025)].value == 13.5
    assert refs[("carbon_intensity_reduction", 2025)].value == 18.0
    assert refs[("non_fossil_share", 2025)].about and refs[("non_fossil_share", 2030)].value == 25
    assert all("《" in r.source_zh for r in refs.values())


def test_a_weaker_energy_intensity_target_names_both_figures() -> None:
    plan = city()
    row_of(plan, "energy_intensity_reduction").target_2025.basic = Value(text="12")
    findings = [f for f in check_plan(plan, TEMPLATE) if f.code == "below_higher_target"]
    assert [(f.location.item_id, f.location.field) for f in findings] == [
        (row_of(plan, "energy_intensity_reduction").id, "target_2025.basic.text")
    ]
    message = findings[0].message("zh")
    assert "−12%" in message and "−13.5%" in message and "全国目标" in message
    assert "十四个五年规划" in message and "按政策情景测算为" in message
    assert "−12%" in findings[0].message("en") and "national target −13.5%" in findings[0].message(
        "en"
    )


def test_a_province_target_recorded_in_the_plan_is_compared_too() -> None:
    plan = city()
    rows = province_rows(plan, TEMPLATE)
    row = next(r for r in rows if r.indicator == "carbon_intensity_reduction" and r.year == 2025)
    row.value = Value(text="20", provenance=Provenance(source="《江苏省“十四五”规划纲要》"))
    plan.higher_targets = rows
    messages = [f.message("zh") for f in check_plan(plan, TEMPLATE)]
    assert any("不及本省目标−20%" in m and "江苏省" in m for m in messages)
    row.value = Value(text="19")
    plan.higher_targets = rows
    assert not any("本省目标" in f.message("zh") for f in check_plan(plan, TEMPLATE))


def test_an_equal_or_more_ambitious_target_is_fine() -> None:
    plan = city()
    row_of(plan, "non_fossil_share").target_2025.basic = Value(text="20")
    row_of(plan, "coal_share").target_2025.basic = Value(text="99")  # no higher target
    assert not [f for f in check_plan(plan, TEMPLATE) if f.code == "below_higher_target"]


def test_numbers_without_a_source_are_listed_and_counted() -> None:
    plan = city()
    assert check_report(plan, TEMPLATE)["numbers_without_source"] == 0  # the demo cites all
    for ref in ("non_fossil_share", "coal_share"):
        row_of(plan, ref).base.provenance = Provenance()
    report = check_report(plan, TEMPLATE)
    unsourced = [f for f in check_plan(plan, TEMPLATE) if f.code == "no_source"]
    assert report["numbers_without_source"] == len(unsourced) == 2
    assert all("未注明数据来源" in f.message("zh") for f in unsourced)
    row = row_of(plan, "non_fossil_share")
    row.base.provenance = Provenance(source="云岚市2020年能源平衡表")
    assert check_report(plan, TEMPLATE)["numbers_without_source"] == len(unsourced) - 1
