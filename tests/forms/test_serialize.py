"""The plan JSON document: lossless, versioned, documented, and refusing what it cannot read."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from forms.appinfo import APP_VERSION
from forms.plan import Plan, PlanMeta, Project, Value
from forms.serialize import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    PlanFormatError,
    json_schema_text,
    plan_from_json,
    plan_to_document,
    plan_to_json,
)
from tests.strategies import plans


@settings(max_examples=80, deadline=None)
@given(plan=plans)
def test_any_plan_round_trips_through_json(plan: Plan) -> None:
    assert plan_from_json(plan_to_json(plan, APP_VERSION)) == plan


def test_document_header() -> None:
    document = plan_to_document(Plan(meta=PlanMeta(name="甲", pilot_type="park")), "9.9")
    assert document["format"] == "peakplan.plan"
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["app_version"] == "9.9"
    assert document["plan"]["meta"]["pilot_type"] == "park"


def test_values_are_kept_as_typed() -> None:
    plan = Plan(
        meta=PlanMeta(name="甲", pilot_type="city"),
        projects=[Project(name="<b>&amp;]]>", investment=Value(text="１,２００ 万元"))],
    )
    text = plan_to_json(plan)
    assert "１,２００ 万元" in text and "<b>&amp;]]>" in text
    assert plan_from_json(text.encode("utf-8")) == plan


def test_committed_json_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema_text(), (
        "run `python -m forms.serialize` to regenerate forms/plan.schema.json"
    )


def _document(**changes: object) -> str:
    document = plan_to_document(Plan(meta=PlanMeta(name="甲", pilot_type="city")))
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        (b"\x89PNG\r\n\x1a\n", "不是有效的 JSON", "not valid JSON"),
        ("{", "不是有效的 JSON", "not valid JSON"),
        ("[1, 2]", "不是 PeakPlan 方案数据", "not a PeakPlan plan"),
        ('{"format": "other"}', "不是 PeakPlan 方案数据", "not a PeakPlan plan"),
        (_document(schema_version=SCHEMA_VERSION + 1), "请升级", "newer than this app"),
        (_document(schema_version="1"), "schema_version", "schema_version"),
        (_document(plan={"meta": {"name": "甲"}}), "plan.meta.pilot_type", "plan.meta.pilot_type"),
        (_document(plan={"meta": {"name": "甲", "pilot_type": "village"}}), "有误", "invalid"),
    ],
)
def test_unreadable_documents_are_refused_with_a_message(raw: object, zh: str, en: str) -> None:
    with pytest.raises(PlanFormatError) as error:
        plan_from_json(raw)  # type: ignore[arg-type]
    assert zh in error.value.message("zh")
    assert en in error.value.message("en")
