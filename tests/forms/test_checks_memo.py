"""The check remembers each item's findings: it must give exactly what a full check gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import forms.checks as checks
from forms.checks import Finding, check_plan
from forms.checks_memo import Remembered
from forms.edit import get_field, set_field
from forms.factory import new_plan
from forms.plan import IndicatorRow, Plan, Project, Value
from forms.template import load_template

CITY = load_template("annex2-2023", "city")
FIELDS = frozenset(f.id for f in CITY.project_fields)
# What a field may be set to: texts as typed, numbers, years, and the enums' values.
TYPED = ["", " ", "x", "-5", "0", "12", "1,234.5", "2031", "1999", "1e20", "1e-20", "abc"]
TYPED += ["22左右", "≥15", "15%", "确保完成省下达目标任务", "2025年达峰", "上午"]
CHOICES: list[Any] = [*TYPED, None, 0, 2020, 2035, 1.5, -3.0, 150.0, True, False]
CHOICES += ["up", "down", "level", "change", "exact", "about", "at_most", "province"]
CHOICES += ["binding", "expected", "yearbook", "estimate", "measured", "energy"]


def _seen(findings: list[Finding]) -> list[tuple]:
    """All of a finding, its parameters included (they take no part in ``==``)."""
    return [
        (f.code, f.severity, f.location, f.message_zh, f.message_en, f.params) for f in findings
    ]


def _full(plan: Plan) -> list[Finding]:
    """The check with nothing remembered."""
    remembered = checks._FINDINGS_OF_ITEM
    checks._FINDINGS_OF_ITEM = Remembered()
    try:
        return check_plan(plan, CITY)
    finally:
        checks._FINDINGS_OF_ITEM = remembered


def _leaf_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            paths += _leaf_paths(kind, f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def _plan() -> Plan:
    plan = new_plan("测试市", "city", province="江苏省")
    plan.projects += [
        Project(name="光伏", field=sorted(FIELDS)[0], owner="市能源局"),
        Project(name="", investment=Value(text="-5"), end_year=Value(text="2031")),
        Project(name="储能", co2_reduction=Value(text="1200"), start_year=Value(text="2026")),
        Project(name="光伏", end_year=Value(text="2024"), start_year=Value(text="2025")),
    ]
    first = plan.indicators[0]
    first.base.text, first.target_2025.basic.text = "30", "25"
    return plan


def _set(item: BaseModel, path: str, value: Any) -> bool:
    try:
        set_field(item, path, value)
    except (ValidationError, ValueError):
        return False
    return True


def _rule_findings(item: BaseModel) -> list[tuple]:
    out = checks._Collector()
    if isinstance(item, Project):
        checks._check_project(item, 3, "chapter", FIELDS, out)
    else:
        assert isinstance(item, IndicatorRow)
        checks._check_indicator(item, "chapter", out)
    return _seen(out.findings)


@pytest.mark.parametrize(
    ("model", "reads"),
    [(Project, checks.PROJECT_READS), (IndicatorRow, checks.INDICATOR_READS)],
)
def test_an_item_rule_reads_only_the_fields_its_findings_are_remembered_by(
    model: type[BaseModel], reads: tuple[str, ...]
) -> None:
    """A field left out of the key must never change the rule's findings (else a remembered
    finding could be stale); every field in the key is a field of the item."""
    paths = _leaf_paths(model)
    assert set(reads) <= set(paths)
    plan = _plan()
    items = plan.projects if model is Project else plan.indicators[:6]
    for item in items:
        expected = _rule_findings(item)
        for path in sorted(set(paths) - set(reads)):
            before = get_field(item, path)
            for value in CHOICES:
                if _set(item, path, value):
                    assert _rule_findings(item) == expected, (path, value)
            set_field(item, path, before)


def test_an_edited_item_is_checked_again_and_an_old_finding_never_comes_back() -> None:
    plan = _plan()
    project = plan.projects[1]
    mine = lambda f: f.location.item_id == project.id  # noqa: E731
    codes = lambda: [f.code for f in check_plan(plan, CITY) if mine(f)]  # noqa: E731
    assert "negative_value" in codes()
    project.investment.text = "5"  # changed in place: the same object, the same id
    assert "negative_value" not in codes()
    project.investment.text = "-5"
    assert "negative_value" in codes()
    project.name = "风电"
    assert "project_no_name" not in codes()
    renamed = [f for f in check_plan(plan, CITY) if f.code == "negative_value"]
    assert "风电" in renamed[0].message_zh
    project.name = ""
    plan.projects.insert(0, Project(name=""))  # the nameless project moves a row down
    rows = [f.params["row"] for f in check_plan(plan, CITY) if f.code == "project_no_name"]
    assert rows == ["1", "3"]
    assert _seen(check_plan(plan, CITY)) == _seen(_full(plan))


def _edit(plan: Plan, draw: Any) -> None:
    """One edit a user or an import could make: a field, a row added, removed or moved."""
    collection = draw(st.sampled_from(["projects", "indicators"]))
    items = getattr(plan, collection)
    kind = draw(st.sampled_from(["field", "field", "field", "add", "remove", "move"]))
    if kind == "add" or not items:
        items.insert(
            draw(st.integers(0, len(items))),
            Project()
            if collection == "projects"
            else IndicatorRow(name_zh=draw(st.sampled_from(TYPED))),
        )
    elif kind == "remove":
        items.pop(draw(st.integers(0, len(items) - 1)))
    elif kind == "move":
        items.insert(draw(st.integers(0, len(items) - 1)), items.pop())
    else:
        item = draw(st.sampled_from(items))
        path = draw(st.sampled_from(_leaf_paths(type(item))))
        _set(item, path, draw(st.sampled_from(CHOICES)))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_after_any_edits_the_check_gives_what_a_full_check_gives(data: st.DataObject) -> None:
    plan = _plan()
    check_plan(plan, CITY)
    for _ in range(data.draw(st.integers(1, 8))):
        _edit(plan, data.draw)
        assert _seen(check_plan(plan, CITY)) == _seen(_full(plan))


def test_what_is_remembered_stays_bounded() -> None:
    memory: Remembered[int] = Remembered(size=3)
    for n in range(20):
        assert memory.get(n, lambda n=n: n * 2) == n * 2
    assert memory.get(19, lambda: -1) == 38  # still remembered
    assert memory.get(0, lambda: -1) == -1  # long forgotten: worked out again
    assert len(memory._new) + len(memory._old) <= 6
