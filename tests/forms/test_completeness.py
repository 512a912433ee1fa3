"""Completeness asks what the check asks, and never reads 100 % while the check objects."""

from __future__ import annotations

from forms.checks import Severity, check_plan
from forms.completeness import completeness
from forms.demo import demo_plans
from forms.factory import new_plan
from forms.plan import Plan
from forms.targets import entered
from forms.template import ChapterKind, load_template

CITY = load_template("annex2-2023", "city")
BY_PROVINCE = "确保完成省下达目标任务"


def demo_city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def targets_share(plan: Plan) -> float:
    return completeness(plan, CITY)[1][plan.chapter_of_kind(ChapterKind.INDICATORS).id]


def test_the_targets_chapter_grows_with_each_target_the_check_accepts() -> None:
    plan = new_plan("测试市", "city", province="江苏省")
    assert targets_share(plan) == 0.0
    shares = []
    for row in plan.indicators:
        row.target_2025.basic = entered(row.target_2025.basic, BY_PROVINCE, row.unit)
        shares.append(targets_share(plan))
    assert shares == sorted(shares) and len(set(shares)) == len(shares)  # every row counts
    assert shares[-1] == 0.8  # every row has its target; the chapter's text is still missing
    plan.chapter_of_kind(ChapterKind.INDICATORS).text = "到2025年，" * 30
    assert targets_share(plan) == 1.0


def test_a_row_the_check_objects_to_is_not_done_and_the_chapter_not_finished() -> None:
    plan = demo_city()
    assert completeness(plan, CITY)[0] == 1.0
    row = next(r for r in plan.indicators if r.template_ref == "non_fossil_share")
    row.target_2025.stretch = entered(row.target_2025.stretch, "1", row.unit)  # weaker
    assert any(f.severity is Severity.ERROR for f in check_plan(plan, CITY))
    overall, chapters = completeness(plan, CITY)
    assert 0.9 < targets_share(plan) <= 0.99
    assert f"{targets_share(plan):.0%}" != "100%" and f"{overall:.0%}" != "100%"
    targets = plan.chapter_of_kind(ChapterKind.INDICATORS).id
    assert all(share == 1.0 for ident, share in chapters.items() if ident != targets)


def test_a_chapter_level_finding_keeps_its_chapter_below_100() -> None:
    plan = demo_city()
    coal = plan.base_value("share_coal")
    assert coal is not None
    coal.text = "65.2"  # the energy mix now sums to 110 %
    base = plan.chapter_of_kind(ChapterKind.BASE_DATA).id
    assert any(f.code == "shares_not_100" for f in check_plan(plan, CITY))
    assert completeness(plan, CITY)[1][base] == 0.99


def test_a_plan_level_warning_keeps_the_plan_below_100() -> None:
    plan = demo_city()
    plan.meta.name_confirmed = False  # the pilot's name is still to be verified
    overall, chapters = completeness(plan, CITY)
    assert set(chapters.values()) == {1.0} and overall == 0.99


def test_a_chapter_with_a_little_text_is_not_at_0() -> None:
    plan = new_plan("测试市", "city", province="江苏省")
    plan.chapters[0].text = "概况"
    assert f"{completeness(plan, CITY)[1][plan.chapters[0].id]:.0%}" == "1%"


def test_the_demos_read_100_with_nothing_left_for_them_to_do() -> None:
    """Every number of the demos cites its source; the check's only notes are about the
    template's electricity factor (published for 2021 only, one copy), not the plans."""
    for plan in demo_plans():
        template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
        codes = {f.code for f in check_plan(plan, template)}
        assert codes <= {"grid_factor_year", "grid_factor_to_verify"}, plan.meta.name
        assert completeness(plan, template)[0] == 1.0
