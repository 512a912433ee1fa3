"""The models' defaults: no class as a default factory, neither a builtin (``list``, ``dict``,
``set``: pydantic tokenizes its signature from text as it builds each validator, see
``forms.template.empty_list``) nor a model (whose signature it builds from all its fields, see
``forms.plan._blank``); each instance gets a list and values of its own."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

import forms.plan
import forms.template
from forms.labels import PilotType
from forms.plan import Chapter, Plan, PlanMeta, Target, TargetValue, Value

ROOT = Path(__file__).resolve().parents[2]
BUILTINS = (list, dict, set, tuple, frozenset)


def _models() -> list[type[BaseModel]]:
    return [
        cls
        for module in (forms.plan, forms.template)
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    ]


def test_no_model_field_has_a_class_as_default_factory() -> None:
    found = [
        f"{cls.__name__}.{name}"
        for cls in _models()
        for name, field in cls.model_fields.items()
        if field.default_factory in BUILTINS or inspect.isclass(field.default_factory)
    ]
    assert _models() and not found


def test_each_instance_has_lists_of_its_own() -> None:
    one, two = Chapter(title_zh="一"), Chapter(title_zh="二")
    one.covers.append("foundation")
    assert two.covers == []
    assert PlanMeta.model_fields["status_history"].default_factory is forms.template.empty_list
    first, second = Target(), Target()
    assert type(first.basic) is TargetValue and type(first.reference_value) is Value
    assert first.basic is not second.basic
    assert first.basic.provenance is not second.basic.provenance


CHILD = """
import tokenize, functools
compiled = []
real = tokenize._compile
tokenize._compile = functools.lru_cache(lambda expr: compiled.append(expr) or real(expr))
from forms.demo import demo_plans
from forms.serialize import plan_from_json, plan_to_json
plan_from_json(plan_to_json(demo_plans()[0]))
print(len(compiled))
"""


def test_reading_a_plan_compiles_no_tokenizer_pattern() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0"]


def test_a_plan_made_empty_validates() -> None:
    plan = Plan(meta=PlanMeta(name="x", pilot_type=PilotType.CITY))
    assert Plan.model_validate(plan.model_dump()).chapters == []
