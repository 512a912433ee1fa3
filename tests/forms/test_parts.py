"""A plan dumped and read item by item gives what pydantic's one call gives, and no call
takes the whole plan (one such call held a worker's interpreter, and so the window, ~70 ms)."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from bench.large_plan import large_plan
from forms.demo import demo_plans
from forms.parts import (
    copy_as_json,
    plan_from_copy,
    plan_from_parts,
    plan_from_stored,
    plan_to_parts,
)
from forms.plan import COLLECTIONS, Plan

PLANS = [*demo_plans(), large_plan(indicators=20, projects=30, chapters=3, chars=200)]


@pytest.fixture
def whole_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plan-sized calls made: a plan dumped with its projects, or validated with them."""
    seen: list[str] = []

    def is_whole(name: str, target: object, args: tuple, kwargs: dict) -> bool:
        if name.startswith("model_dump"):
            return isinstance(target, Plan) and "projects" not in kwargs.get("exclude", ())
        data = args[0]
        return '"projects":[' in data if isinstance(data, str) else "projects" in data

    def watched(name: str, original):
        def call(target, *args, **kwargs):
            if is_whole(name, target, args, kwargs):
                seen.append(name)
            return original(target, *args, **kwargs)

        return call

    for name in ("model_dump", "model_dump_json"):
        monkeypatch.setattr(BaseModel, name, watched(name, getattr(BaseModel, name)))
    for name in ("model_validate", "model_validate_json"):
        original = getattr(BaseModel, name).__func__
        monkeypatch.setattr(BaseModel, name, classmethod(watched(name, original)))
    return seen


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.meta.name)
def test_dumped_in_parts_as_in_one_call(plan: Plan) -> None:
    whole = plan.model_dump(mode="json")
    parts = plan_to_parts(plan)
    assert json.dumps(parts, ensure_ascii=False) == json.dumps(whole, ensure_ascii=False)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.meta.name)
def test_read_in_parts_as_in_one_call(plan: Plan) -> None:
    data = plan.model_dump(mode="json")
    whole = Plan.model_validate(data)
    for copy in (plan_from_parts(data), plan_from_copy(copy_as_json(plan))):
        assert copy == whole and copy.model_fields_set == whole.model_fields_set
        assert copy.model_dump_json() == whole.model_dump_json()
        assert copy.projects is not plan.projects  # a copy: edits to one leave the other


def _stored(plan: Plan) -> tuple[dict, list[tuple[str, str]]]:
    """The plan as storage keeps it: the head as data, each item as JSON text."""
    head = json.loads(plan.model_dump_json(exclude=set(COLLECTIONS)))
    bodies = [
        (name, item.model_dump_json()) for name in COLLECTIONS for item in getattr(plan, name)
    ]
    return head, bodies


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.meta.name)
def test_read_as_stored_as_in_one_call(plan: Plan, whole_calls: list[str]) -> None:
    whole = Plan.model_validate(plan.model_dump(mode="json"))
    head, bodies = _stored(plan)
    whole_calls.clear()  # the reading alone is watched
    copy = plan_from_stored(head, [*bodies, ("retired_collection", "{}")])
    assert whole_calls == []
    assert copy == whole and copy.model_fields_set == whole.model_fields_set
    assert copy.model_dump_json() == whole.model_dump_json()


def test_a_bad_stored_item_is_refused_naming_its_place_as_before() -> None:
    plan = PLANS[-1]
    head, bodies = _stored(plan)
    data = plan.model_dump(mode="json")
    data["projects"][3]["start_year"] = "soon"
    at = [n for n, (name, _) in enumerate(bodies) if name == "projects"][3]
    bodies[at] = ("projects", json.dumps(data["projects"][3], ensure_ascii=False))
    with pytest.raises(ValidationError) as whole:
        Plan.model_validate(data)
    with pytest.raises(ValidationError) as stored:
        plan_from_stored(head, bodies)
    assert stored.value.errors() == whole.value.errors()
    bodies[at] = ("projects", '{"id": ')  # a body cut short: the reading's own error, as before
    with pytest.raises(json.JSONDecodeError):
        plan_from_stored(head, bodies)


def test_no_call_takes_the_whole_plan(whole_calls: list[str]) -> None:
    plan = PLANS[-1]
    plan_from_copy(copy_as_json(plan))
    plan_from_parts(plan_to_parts(plan))
    assert whole_calls == []
    plan.model_dump(mode="json")  # the guard sees a whole-plan call
    assert whole_calls == ["model_dump"]


def test_a_bad_item_is_refused_naming_its_place_as_before() -> None:
    data = PLANS[-1].model_dump(mode="json")
    data["projects"][3]["start_year"] = "soon"
    with pytest.raises(ValidationError) as whole:
        Plan.model_validate(data)
    with pytest.raises(ValidationError) as parts:
        plan_from_parts(data)
    assert parts.value.errors() == whole.value.errors()
    assert parts.value.errors()[0]["loc"][:2] == ("projects", 3)


def test_a_plan_document_is_read_item_by_item_as_strictly_as_before(
    whole_calls: list[str],
) -> None:
    """A package's plan.json, read in the import's worker."""
    from forms.serialize import PlanFormatError, plan_from_json, plan_to_json

    plan = PLANS[-1]
    text = plan_to_json(plan)
    assert plan_from_json(text) == plan
    assert whole_calls == []
    document = json.loads(text)
    document["plan"]["projects"][2]["investment"]["text"] = 12  # a number, not its text
    with pytest.raises(PlanFormatError) as refused:
        plan_from_json(json.dumps(document))
    assert "plan.projects.2.investment.text" in refused.value.message("en")
