"""The demo plans' typed prose says what the documents compute: a reviewer reads the chapter
text and the generated summary beside it, and the two must not disagree."""

from __future__ import annotations

import re

import pytest

from forms.demo import demo_plans
from forms.derived import project_totals
from forms.peak import stated_years
from forms.plan import Plan
from forms.qualifiers import Qualifier
from forms.template import load_template
from forms.trajectory import account_gaps, energy_account
from forms.values import format_number, parse_number

_AVOIDED = re.compile(r"减少二氧化碳排放约?(\d+(?:\.\d+)?)(万吨|吨)")
_SINKS = re.compile(r"碳汇(?:增量)?约?(\d+(?:\.\d+)?)(万吨|吨)")
_SINKS_INCLUDED = re.compile(r"[（(]含[^）)]*碳汇")


def _plans() -> list[Plan]:
    return demo_plans()


def _projects_text(plan: Plan) -> str:
    return next(c.text for c in plan.chapters if c.template_ref == "projects")


def _tonnes(number: str, unit: str) -> tuple[float, float]:
    """The figure in tonnes and half of its last printed digit (the rounding allowed)."""
    scale = 10000 if unit == "万吨" else 1
    decimals = len(number.partition(".")[2])
    return float(number) * scale, 0.5 * 10**-decimals * scale


def _computed(plan: Plan) -> tuple[float, float]:
    """(CO2 avoided without the sink projects, new carbon sinks), tonnes a year."""
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    sink_fields = {f.id for f in template.project_fields if f.sink}
    sinks = sum(
        parse_number(p.co2_reduction.text).number or 0.0
        for p in plan.projects
        if p.field in sink_fields
    )
    return project_totals(plan).co2_reduction - sinks, sinks


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.meta.pilot_type.value)
def test_the_projects_chapter_states_the_computed_co2_and_sinks_apart(plan: Plan) -> None:
    """Any CO2 avoided or sinks the chapter's text states agree with the projects.  (The demo
    texts leave the figures to the generated summary under them, which states the CO2
    avoided and the sinks apart: the two paragraphs said them twice in other words.)"""
    text = _projects_text(plan)
    avoided, sinks = _computed(plan)
    assert sinks > 0, "the demo has sink projects"
    assert not _SINKS_INCLUDED.search(text), "sinks are reported apart, never included"
    for number, unit in _AVOIDED.findall(text):
        value, slack = _tonnes(number, unit)
        assert abs(value - avoided) <= slack, (number + unit, avoided)
    for number, unit in _SINKS.findall(text):
        value, slack = _tonnes(number, unit)
        assert abs(value - sinks) <= slack, (number + unit, sinks)


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.meta.pilot_type.value)
def test_the_non_fossil_targets_are_approximate_as_the_national_ones(plan: Plan) -> None:
    """The national non-fossil targets are “20%左右” (2025) and “25%左右” (2030); a pilot's
    target of that indicator is written the same way, never as a bare “20.0”."""
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    national = {
        r.year: r
        for r in template.reference_targets
        if r.level == "national" and r.indicator == "non_fossil_share"
    }
    row = next(i for i in plan.indicators if i.template_ref == "non_fossil_share")
    for year, target in ((2025, row.target_2025), (2030, row.target_2030)):
        assert national[year].about
        assert target.basic.qualifier is Qualifier.ABOUT, (year, target.basic)


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.meta.pilot_type.value)
def test_the_base_year_totals_are_the_fuel_accounts_totals(plan: Plan) -> None:
    """One base-year energy use and one CO2 total in the documents: the base-data table, the
    intensities and chapter 1 (typed) say what the accounting table, the sector split and the
    trajectory (computed from the fuels) say, at the one decimal both are printed with."""
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    gaps = account_gaps(plan, template)
    assert [g.item for g in gaps] == ["energy_total", "co2_total"]
    for gap in gaps:
        assert gap.computed is not None and gap.typed is not None
        assert format_number(gap.computed, 1) == format_number(gap.typed, 1), gap
    foundation = next(c.text for c in plan.chapters if c.template_ref == "foundation")
    co2 = next(g for g in gaps if g.item == "co2_total")
    assert f"二氧化碳排放总量{format_number(co2.typed, 1)}万吨" in foundation.replace("约", "")


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.meta.pilot_type.value)
def test_the_schedule_dates_the_peak_with_the_declared_year_itself(plan: Plan) -> None:
    """“2028—2029年：全市二氧化碳排放总量达到峰值” under “2028年前达到峰值” leaves a reader
    asking whether the peak is 2029; a stage that reaches the peak names the year."""
    declared = int(plan.meta.declared_peak_year)
    reaching = [m for m in plan.milestones if "达到峰值" in m.content]
    assert reaching, "the demo's schedule says when the peak is reached"
    for milestone in reaching:
        years = {year for year, _ in stated_years(milestone.content)}
        assert years == {declared} or milestone.period == f"{declared}年", milestone.period


_MIX = {
    "share_coal": "coal",
    "share_oil": "oil",
    "share_gas": "gas",
    "share_non_fossil": "non_fossil",
    "share_other": "electricity",  # 外来/外购电力
}


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.meta.pilot_type.value)
def test_the_energy_mix_is_the_fuel_accounts(plan: Plan) -> None:
    """The base-data energy mix, the non-fossil indicator's base value and the fuel account
    printed on the same pages give one split: the park's account had 54.5万吨标准煤 of local
    non-fossil energy (20.8 %) under a mix of 9.8 %."""
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    account = energy_account(plan, template)
    total = account.total_tce
    assert total
    tce = {line.fuel.id: line.tce or 0.0 for line in account.lines}
    for share, fuel in _MIX.items():
        typed = plan.base_value(share)
        assert typed is not None and typed.text == format_number(tce[fuel] / total * 100, 1), share
    row = next(i for i in plan.indicators if i.template_ref == "non_fossil_share")
    assert row.base.text == plan.base_value("share_non_fossil").text  # type: ignore[union-attr]
