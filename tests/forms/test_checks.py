"""The check's rules, each on a small plan made from the bundled template."""

from __future__ import annotations

import pytest

from forms.checks import Severity, check_plan
from forms.completeness import completeness
from forms.factory import new_plan
from forms.plan import Chapter, IndicatorRow, Plan, Project, Target, Value
from forms.template import load_template

CITY = load_template("annex2-2023", "city")


def _plan() -> Plan:
    return new_plan("测试市", "city", province="江苏省")


def _row(plan: Plan, ref: str) -> IndicatorRow:
    return next(i for i in plan.indicators if i.template_ref == ref)


def _findings(plan: Plan, code: str):
    return [f for f in check_plan(plan, CITY) if f.code == code]


def test_a_blank_plan_reports_every_required_chapter_empty() -> None:
    plan = _plan()
    empty = _findings(plan, "chapter_empty")
    assert {f.location.chapter_id for f in empty} == {c.id for c in plan.chapters if c.required}
    assert all(f.severity is Severity.ERROR for f in empty)
    assert "尚未填写" in empty[0].message_zh and "is empty" in empty[0].message_en


def test_indicator_without_targets_is_a_warning() -> None:
    plan = _plan()
    row = _row(plan, "non_fossil_share")
    found = [f for f in _findings(plan, "indicator_no_target") if f.location.item_id == row.id]
    assert found and found[0].severity is Severity.WARNING
    row.target_2030.basic.text = "25"
    assert not [f for f in _findings(plan, "indicator_no_target") if f.location.item_id == row.id]


@pytest.mark.parametrize("text", ["abc", "12..5", "二十"])
def test_text_in_a_number_cell_is_an_error_naming_the_cell(text: str) -> None:
    plan = _plan()
    row = _row(plan, "non_fossil_share")
    row.target_2025.basic.text = text
    [finding] = [f for f in _findings(plan, "target_unreadable") if f.location.item_id == row.id]
    assert finding.location.field == "target_2025.basic"
    assert row.name_zh in finding.message_zh and text in finding.message_zh


def test_share_above_100_is_out_of_range() -> None:
    plan = _plan()
    row = _row(plan, "non_fossil_share")
    row.target_2030.basic.text = "130"
    [finding] = _findings(plan, "value_out_of_range")
    assert finding.location.field == "target_2030.basic"
    assert "130" in finding.message_zh and "[0, 100]" in finding.message_zh


def test_target_moving_against_its_direction() -> None:
    plan = _plan()
    share = _row(plan, "non_fossil_share")  # up is better
    share.base.text, share.target_2025.basic.text, share.target_2030.basic.text = "20", "18", "25"
    coal = _row(plan, "coal_share")  # down is better
    coal.base.text, coal.target_2025.basic.text, coal.target_2030.basic.text = "50", "45", "47"
    found = {f.location.item_id: f for f in _findings(plan, "target_against_direction")}
    assert found[share.id].location.field == "target_2025.basic"
    assert found[coal.id].location.field == "target_2030.basic"
    assert "47" in found[coal.id].message_zh and "45" in found[coal.id].message_zh


def test_change_indicators_are_not_compared_with_a_base() -> None:
    plan = _plan()
    row = _row(plan, "energy_intensity_reduction")
    row.target_2025.basic.text, row.target_2030.basic.text = "14.5", "13"
    assert not [
        f for f in _findings(plan, "target_against_direction") if f.location.item_id == row.id
    ]


def test_stretch_target_must_be_at_least_as_ambitious() -> None:
    plan = _plan()
    row = _row(plan, "energy_intensity_reduction")
    row.target_2025 = Target(basic=Value(text="15"), stretch=Value(text="14"))
    [finding] = _findings(plan, "stretch_weaker")
    assert "14" in finding.message_zh and "15" in finding.message_zh
    row.target_2025.stretch.text = "16"
    assert not _findings(plan, "stretch_weaker")


def _shares(plan: Plan, **values: str) -> None:
    for entry in plan.base_data:
        if entry.id in values:
            entry.value.text = values[entry.id]


def test_energy_mix_shares_must_add_up_to_100() -> None:
    plan = _plan()
    _shares(plan, share_coal="50", share_oil="20", share_gas="10", share_non_fossil="15")
    [finding] = _findings(plan, "shares_not_100")
    assert "95" in finding.message_zh
    _shares(plan, share_other="5")
    assert not _findings(plan, "shares_not_100")
    _shares(plan, share_other="5.3")  # 100.3: within rounding
    assert not _findings(plan, "shares_not_100")


def test_projects_end_before_start_negative_investment_bad_years() -> None:
    plan = _plan()
    plan.projects = [
        Project(
            name="甲",
            field="energy_infrastructure",
            owner="某公司",
            start_year=Value(text="2027"),
            end_year=Value(text="2025"),
            investment=Value(text="-5"),
        ),
        Project(
            name="乙",
            field="energy_infrastructure",
            owner="某公司",
            start_year=Value(text="2025.5"),
            end_year=Value(text="3000"),
        ),
        Project(name="", investment=Value(text="1,000")),
    ]
    first, second, third = plan.projects
    assert _errors_on(plan, "projects") == {
        ("project_end_before_start", first.id, "end_year"): (
            "重点项目“甲”的完成年份 2025 早于开工年份 2027。",
            "Key project “甲” ends in 2025, before it starts in 2027.",
        ),
        ("negative_value", first.id, "investment"): (
            "重点项目“甲”总投资（万元）：-5 不能为负数。",
            "Key project “甲” investment (10k yuan): -5 cannot be negative.",
        ),
        ("year_out_of_range", second.id, "start_year"): (
            "重点项目“乙”开工年份：2025.5 不是 2000—2060 之间的年份。",
            "Key project “乙” start year: 2025.5 is not a year between 2000 and 2060.",
        ),
        ("year_out_of_range", second.id, "end_year"): (
            "重点项目“乙”完成年份：3000 不是 2000—2060 之间的年份。",
            "Key project “乙” end year: 3000 is not a year between 2000 and 2060.",
        ),
        ("project_no_name", third.id, "name"): (
            "第 3 个重点项目缺少名称。",
            "Key project no. 3 has no name.",
        ),
    }


def _errors_on(plan: Plan, collection: str) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Each error about ``collection``: (rule, item, field) → its Chinese and English words."""
    return {
        (f.code, f.location.item_id, f.location.field): (f.message_zh, f.message_en)
        for f in check_plan(plan, CITY)
        if f.severity is Severity.ERROR and f.location.collection == collection
    }


def test_project_without_owner_or_field_is_a_warning() -> None:
    plan = _plan()
    plan.projects = [
        Project(name="甲", owner="某公司"),
        Project(name="乙", field="energy_infrastructure"),
    ]
    first, second = plan.projects
    warned = {
        (f.code, f.location.item_id, f.location.field): f.message_zh
        for f in check_plan(plan, CITY)
        if f.severity is Severity.WARNING and f.location.collection == "projects"
    }
    assert warned == {
        ("project_no_field", first.id, "field"): "重点项目“甲”未选择所属领域。",
        ("project_no_owner", second.id, "owner"): "重点项目“乙”未明确责任单位。",
    }


def test_duplicate_names() -> None:
    plan = _plan()
    plan.projects = [Project(name="光伏项目"), Project(name="光伏项目"), Project(name=" 光伏项目 ")]
    first_chapter = plan.chapters[0]
    plan.chapters.append(Chapter(title_zh=first_chapter.title_zh, required=False))
    found = {
        (f.location.collection, f.location.item_id, f.location.field): f.message_zh
        for f in _findings(plan, "duplicate_name")
    }
    assert found == {  # one finding per name, on its first row
        ("projects", plan.projects[0].id, "name"): "重点项目名称“光伏项目”重复出现 3 次。",
        ("chapters", first_chapter.id, "title_zh"): (
            f"章节名称“{first_chapter.title_zh}”重复出现 2 次。"
        ),
    }


def test_outline_must_cover_every_annex2_element() -> None:
    plan = _plan()
    assert not _findings(plan, "element_not_covered")
    plan.task_groups = [g for g in plan.task_groups if g.template_ref != "transport"]
    [finding] = _findings(plan, "element_not_covered")
    assert "交通" in finding.message_zh


def test_findings_are_sorted_errors_first_and_messages_bilingual() -> None:
    findings = check_plan(_plan(), CITY)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranks = [order[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    assert all(f.message_zh and f.message_en and f.message_zh != f.message_en for f in findings)


def test_completeness_grows_with_content() -> None:
    plan = _plan()
    before, chapters = completeness(plan, CITY)
    assert before == 0.0 and set(chapters) == {c.id for c in plan.chapters}
    plan.chapters[0].text = "基本情况。" * 200
    after, chapters = completeness(plan, CITY)
    assert chapters[plan.chapters[0].id] == 1.0 and 0 < after < 1


def test_project_totals_sum_numbers_and_skip_bad_cells() -> None:
    from forms.derived import project_totals

    plan = _plan()
    plan.projects = [
        Project(name="甲", investment=Value(text="1,200"), co2_reduction=Value(text="50")),
        Project(name="乙", investment=Value(text="abc"), energy_saving=Value(text="7.5")),
    ]
    totals = project_totals(plan)
    assert (totals.count, totals.investment, totals.energy_saving, totals.co2_reduction) == (
        2,
        1200.0,
        7.5,
        50.0,
    )
