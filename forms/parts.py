"""A plan converted a part at a time: the same result as pydantic's one call, in short calls.

``Plan.model_dump`` and ``Plan.model_validate`` of a large plan (500 projects) each hold the
interpreter for 25–110 ms in one call of pydantic's compiled core; a worker thread doing so
keeps the window's thread from running for as long.  Converted item by item (a project, a
chapter), each call is short and the window's thread gets its turns in between.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from forms.plan import COLLECTIONS, Plan


def changed_collections(before: Plan, after: Plan) -> list[str]:
    """The collections whose items differ between two versions of a plan (a worker compares
    them: for a large plan it takes a while)."""
    return [c for c in COLLECTIONS if getattr(before, c) != getattr(after, c)]


def plan_to_parts(plan: Plan) -> dict[str, Any]:
    """``plan.model_dump(mode="json")``, made a part at a time (same keys, same order)."""
    dumped = plan.model_dump(mode="json", exclude=set(COLLECTIONS))
    for name in COLLECTIONS:
        dumped[name] = [item.model_dump(mode="json") for item in getattr(plan, name)]
    return {name: dumped[name] for name in Plan.model_fields}


def plan_from_parts(data: dict[str, Any]) -> Plan:
    """``Plan.model_validate(data)``, read a part at a time: the plan without its collections,
    then each item.  Anything that does not validate is read again the usual way, so that the
    error names its place in the plan as before."""
    try:
        return _from_parts(data, lambda model, value: model.model_validate(value))
    except (ValidationError, TypeError, AttributeError):
        return Plan.model_validate(data)


def plan_from_stored(head: dict[str, Any], bodies: Iterable[tuple[str, str]]) -> Plan:
    """The plan as storage keeps it: its head (the plan without its collections) as data, each
    item as its JSON text (``(collection, body)`` in order; unknown collections are passed
    over).  Each item is read by pydantic's own JSON parser, with no Python dict made first
    (a large plan: 26 → 15 ms).  Anything that does not read is read again the usual way
    (:func:`plan_from_parts`), so that the error is the one it always was."""
    items = [(name, body) for name, body in bodies if name in COLLECTIONS]
    try:
        plan = Plan.model_validate({k: v for k, v in head.items() if k not in COLLECTIONS})
        values = {name: getattr(plan, name) for name in Plan.model_fields}
        for name, body in items:
            values[name].append(COLLECTIONS[name].model_validate_json(body))
        return Plan.model_construct(_fields_set=set(head) | set(COLLECTIONS), **values)
    except (ValidationError, TypeError, AttributeError):
        data: dict[str, Any] = {**head, **{name: [] for name in COLLECTIONS}}
        for name, body in items:
            data[name].append(json.loads(body))
        return plan_from_parts(data)


def plan_from_parts_strictly(data: dict[str, Any]) -> Plan:
    """``Plan.model_validate_json(json.dumps(data), strict=True)``, a part at a time; raises
    ValidationError (naming the item, not its place in the plan: read the whole plan again
    for that) or TypeError when ``data`` is not shaped as a plan."""
    return _from_parts(
        data, lambda model, value: model.model_validate_json(json.dumps(value), strict=True)
    )


def _from_parts(data: dict[str, Any], validate: Callable[[type[BaseModel], Any], Any]) -> Plan:
    if not isinstance(data, dict):
        raise TypeError("not a plan")
    head = validate(Plan, {k: v for k, v in data.items() if k not in COLLECTIONS})
    values = {name: getattr(head, name) for name in Plan.model_fields}
    for name, model in COLLECTIONS.items():
        if name in data:
            if not isinstance(data[name], list):
                raise TypeError(f"{name} is not a list")
            values[name] = [validate(model, item) for item in data[name]]
    return Plan.model_construct(_fields_set=set(data), **values)


@dataclass(frozen=True)
class PlanCopy:
    """A plan's JSON in parts: the plan without its collections, then each item's."""

    head: str
    items: dict[str, list[str]]


def copy_as_json(plan: Plan) -> PlanCopy:
    """A copy of ``plan`` as JSON text, quick to make (on the window's thread, before a worker
    takes it) and read back by :func:`plan_from_copy` without one long call."""
    return PlanCopy(
        plan.model_dump_json(exclude=set(COLLECTIONS)),
        {name: [item.model_dump_json() for item in getattr(plan, name)] for name in COLLECTIONS},
    )


def plan_from_copy(parts: PlanCopy) -> Plan:
    """The plan :func:`copy_as_json` wrote, equal to the one it was made from."""
    head = Plan.model_validate_json(parts.head)
    values = {name: getattr(head, name) for name in Plan.model_fields}
    for name, model in COLLECTIONS.items():
        values[name] = [model.model_validate_json(item) for item in parts.items[name]]
    return Plan.model_construct(_fields_set=head.model_fields_set | set(COLLECTIONS), **values)
