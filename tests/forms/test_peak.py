"""One peak story: the declared year is stated everywhere and every other dating is found."""

from __future__ import annotations

import pytest

from exporters import blocks as b
from exporters.document import build_document
from forms.checks import Severity, check_plan
from forms.demo import demo_plans
from forms.peak import peak_sentence, stated_years
from forms.plan import Plan
from forms.template import ChapterKind, load_template


def _template(plan: Plan):
    return load_template(plan.meta.template_id, plan.meta.pilot_type.value)


def _codes(plan: Plan, code: str) -> list:
    return [f for f in check_plan(plan, _template(plan)) if f.code == code]


@pytest.fixture
def city() -> Plan:
    return demo_plans()[0]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("确保2028年前实现碳达峰", 2028),
        ("力争2027年左右达峰", 2027),
        ("二氧化碳排放于2029年达到峰值", 2029),
        ("全市在2030年前达到峰值并力争尽早达峰", 2030),
        ("达峰年份为2026年", 2026),
    ],
)
def test_the_ways_a_text_dates_the_peak(text: str, year: int) -> None:
    assert [y for y, _ in stated_years(text)] == [year]


@pytest.mark.parametrize(
    "text",
    ["2024年启动碳达峰试点工作", "2025年峰值负荷达到800万千瓦", "2028年前建成燃气热电联产项目"],
)
def test_other_years_near_peak_words_are_not_peaks(text: str) -> None:
    assert list(stated_years(text)) == []


def test_the_demo_plans_tell_one_story() -> None:
    for plan in demo_plans():
        assert plan.meta.declared_peak_year == "2028"
        assert not _codes(plan, "peak_stated_differently")
        assert not [f for f in check_plan(plan, _template(plan)) if f.severity is Severity.ERROR]


def test_each_place_dating_the_peak_otherwise_is_listed(city: Plan) -> None:
    city.measures[3].content += "确保2030年前实现碳达峰。"
    targets = city.chapter_of_kind(ChapterKind.INDICATORS)
    assert targets is not None
    targets.text += "\n力争2027年左右达峰。"
    found = _codes(city, "peak_stated_differently")
    assert {(f.location.collection, f.location.item_id) for f in found} == {
        ("measures", city.measures[3].id),
        (None, None),
    }
    chapter_finding = next(f for f in found if f.location.collection is None)
    assert chapter_finding.location.chapter_id == targets.id
    assert "2027年左右达峰" in chapter_finding.message_zh and "2028" in chapter_finding.message_zh
    assert all(f.severity is Severity.ERROR for f in found)


def test_a_schedule_stage_that_reaches_the_peak_outside_the_declared_year(city: Plan) -> None:
    last = city.milestones[-1]
    last.content = "二氧化碳排放达到峰值。"  # period 2030年, declared 2028
    found = _codes(city, "peak_stated_differently")
    assert [f.location.item_id for f in found] == [last.id]


@pytest.mark.parametrize(
    ("year", "code"), [("2018", "peak_year_before_base"), ("2032", "peak_year_after_2030")]
)
def test_the_declared_year_is_checked_without_a_trajectory(
    city: Plan, year: str, code: str
) -> None:
    city.fuels.clear()
    city.growth.clear()
    city.meta.declared_peak_year = year
    assert [f.severity for f in _codes(city, code)] == [Severity.ERROR]


def test_without_a_trajectory_the_declared_year_is_still_stated(city: Plan) -> None:
    city.growth.clear()
    city.fuels.clear()
    document = build_document(city, _template(city), "zh")
    sentences = [x.text for x in document.blocks if isinstance(x, b.Paragraph)]
    assert sentences.count(peak_sentence(city, "zh")) >= 2


def test_requirements_targets_and_trajectory_state_the_declared_peak(city: Plan) -> None:
    city.meta.declared_peak_value = "3950"
    sentence = peak_sentence(city, "zh")
    assert sentence == "全市二氧化碳排放总量在2028年前达到峰值，峰值控制在3950万吨以内。"
    document = build_document(city, _template(city), "zh")
    chapter = ""
    where = []
    for block in document.blocks:
        if isinstance(block, b.Heading) and block.level == 1:
            chapter = block.text
        if isinstance(block, b.Paragraph) and "峰值控制在3950万吨以内" in block.text:
            where.append(chapter)
    assert {"总体要求", "主要目标", "基础数据"} <= set(where)
    english = peak_sentence(city, "en")
    assert english.endswith("no later than 2028, at no more than 39.5 million t.")


def test_a_missing_peak_year_is_a_finding(city: Plan) -> None:
    city.meta.declared_peak_year = ""
    assert [f.severity for f in _codes(city, "peak_year_missing")] == [Severity.WARNING]
    assert peak_sentence(city, "zh") == ""


def test_a_declared_peak_value_below_the_projected_peak_is_a_finding(city: Plan) -> None:
    assert not _codes(city, "peak_value_below_projection")
    city.meta.declared_peak_value = "3000"
    found = _codes(city, "peak_value_below_projection")
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "3000万吨以内" in found[0].message_zh


def test_the_english_peak_sentence_reads_as_english() -> None:
    """The Chinese "2028年前" includes 2028: in English "no later than 2028", not "before
    2028", which the English document contradicted with a projected peak in 2028."""
    from forms.demo import demo_plans

    city = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
    year = city.meta.declared_peak_year
    expected = f"The city's total CO2 emissions peak no later than {year}"
    assert peak_sentence(city, "en").startswith(expected)


def test_a_text_is_searched_for_peak_years_once_until_it_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check reads every text after each edit; an unchanged text is not searched again."""
    import forms.peak as peak

    searched: list[str] = []
    search = peak._find_stated_years
    monkeypatch.setattr(peak, "_find_stated_years", lambda t: searched.append(t) or search(t))
    text = "全市力争2027年前实现碳达峰，二氧化碳排放稳中有降。"
    found = [(2027, "全市力争2027年前实现碳达峰")]
    assert list(stated_years(text)) == list(stated_years(text)) == found
    edited = text.replace("2027", "2029")
    assert [y for y, _ in stated_years(edited)] == [2029]
    assert searched == [text, edited]
