"""Absurd figures typed in a plan (or imported as text, which a plan keeps as typed): the check
names the field, the trajectory hands charts and tables only finite figures of a usable size,
and the PDF of such a plan is written rather than crashing in the chart's axis."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from forms.checks import Severity, check_plan
from forms.demo import demo_plans
from forms.plan import Plan
from forms.serialize import plan_to_json
from forms.template import load_template
from forms.trajectory import project_trajectory
from forms.values import MAX_MAGNITUDE
from tests.hostile.importing import run_cli

Edit = Callable[[Plan], None]


def city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def template_of(plan: Plan):
    return load_template(plan.meta.template_id, plan.meta.pilot_type.value)


def base(item: str, text: str) -> Edit:
    def edit(plan: Plan) -> None:
        next(b for b in plan.base_data if b.id == item).value.text = text

    return edit


def fuel(item: str, text: str) -> Edit:
    def edit(plan: Plan) -> None:
        next(f for f in plan.fuels if f.id == item).quantity.text = text

    return edit


def growth(text: str) -> Edit:
    def edit(plan: Plan) -> None:
        plan.growth[0].gdp_growth.text = text

    return edit


def investment(text: str) -> Edit:
    def edit(plan: Plan) -> None:
        plan.projects[0].investment.text = text
        plan.projects[1].investment.text = text

    return edit


def target(text: str) -> Edit:
    def edit(plan: Plan) -> None:
        plan.indicators[1].target_2030.basic.text = text

    return edit


# (case, edit, the finding's collection and field, a phrase naming it in zh, in en)
FIELD_CASES = [
    ("gdp 1e308", base("gdp", "1e308"), ("base_data", "value"), "地区生产总值", "Gross domestic"),
    ("gdp 1e-320", base("gdp", "1e-320"), ("base_data", "value"), "地区生产总值", "Gross domestic"),
    ("co2 -1e300", base("co2_total", "-1e300"), ("base_data", "value"), "二氧化碳", "CO2"),
    ("coal 1e308", fuel("coal", "1e308"), ("fuels", "quantity"), "煤", "oal"),
    ("growth 1e300 %", growth("1e300"), ("growth", "gdp_growth"), "增速", "GDP growth"),
    ("investment 1e308", investment("1e308"), ("projects", "investment"), "总投资", "investment"),
    ("target 1e16", target("1e16"), ("indicators", "target_2030.basic"), "2030年目标", "2030"),
]


@pytest.mark.parametrize(
    ("edit", "field", "zh", "en"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES]
)
def test_the_check_names_an_absurd_figure(
    edit: Edit, field: tuple[str, str], zh: str, en: str
) -> None:
    plan = city()
    edit(plan)
    findings = [f for f in check_plan(plan, template_of(plan)) if f.code == "value_implausible"]
    assert findings, "no finding names the absurd figure"
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert (finding.location.collection, finding.location.field) == field
    assert zh in finding.message("zh") and "可用范围" in finding.message("zh")
    assert en in finding.message("en") and "usable range" in finding.message("en")


TRAJECTORY_CASES = {
    "gdp 1e308": base("gdp", "1e308"),
    "gdp 1e-320": base("gdp", "1e-320"),
    "coal 1e308": fuel("coal", "1e308"),
    "growth 1e300 %": growth("1e300"),
    "co2 reduction 1e308": lambda plan: setattr(plan.projects[0].co2_reduction, "text", "1e308"),
}


@pytest.mark.parametrize("edit", TRAJECTORY_CASES.values(), ids=TRAJECTORY_CASES.keys())
def test_the_trajectory_hands_on_only_finite_usable_figures(edit: Edit) -> None:
    plan = city()
    edit(plan)
    trajectory = project_trajectory(plan, template_of(plan))
    for scenario in trajectory.scenarios.values():
        for point in scenario.points:
            for value in (point.gdp, point.energy, point.co2):
                assert math.isfinite(value) and abs(value) <= MAX_MAGNITUDE, point
        if scenario.peak_co2 is not None:
            assert math.isfinite(scenario.peak_co2)
    if len(trajectory.scenarios) < 2:  # a scenario left out is said, in both languages
        assert any("可用范围" in p.message_zh for p in trajectory.problems)
        assert any("usable range" in p.message_en for p in trajectory.problems)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    "edit",
    [base("gdp", "1e308"), investment("1e308")],
    ids=["gdp 1e308 (trajectory chart)", "investment 1e308 (projects chart)"],
)
def test_an_imported_plan_with_an_absurd_figure_validates_and_exports(
    edit: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = city()
    edit(plan)
    file = tmp_path / "plan.json"
    file.write_text(plan_to_json(plan), encoding="utf-8")  # numbers are text: accepted
    db = str(tmp_path / "plans.sqlite")
    code, out, err = run_cli(capsys, "--db", db, "import-json", str(file))
    assert code == 0, err
    code, out, err = run_cli(capsys, "--db", db, "--lang", "en", "validate", plan.meta.name)
    assert code == 1 and "usable range" in out, out + err
    pdf = tmp_path / "plan.pdf"
    code, out, err = run_cli(capsys, "--db", db, "export", plan.meta.name, "--pdf", str(pdf))
    assert code == 0 and "Traceback" not in err, err
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "碳达峰" in text
