"""A plan converted a part at a time: the same result as pydantic's one call, in short calls.

``Plan.model_dump`` and ``Plan.model_validate`` of a large plan (500 projects) each hold the
interpreter for 25–110 ms in one call of pydantic's compiled core; a worker thread doing so
keeps the window's thread from running for as long.  Converted item by item (a project, a
chapter), each call is short and the window's thread gets its turns in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from forms.plan import COLLECTIONS, Plan


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
        head = Plan.model_validate({k: v for k, v in data.items() if k not in COLLECTIONS})
        values = {name: getattr(head, name) for name in Plan.model_fields}
        for name, model in COLLECTIONS.items():
            if name in data:
                values[name] = [model.model_validate(item) for item in data[name]]
    except (ValidationError, TypeError, AttributeError):
        return Plan.model_validate(data)
    return Plan.model_construct(_fields_set=set(data), **values)


@dataclass(frozen=True)
class PlanJson:
    """A plan's JSON in parts: the plan without its collections, then each item's."""

    head: str
    items: dict[str, list[str]]


def plan_json(plan: Plan) -> PlanJson:
    """A copy of ``plan`` as JSON text, quick to make (on the window's thread, before a worker
    takes it) and read back by :func:`plan_from_json` without one long call."""
    return PlanJson(
        plan.model_dump_json(exclude=set(COLLECTIONS)),
        {name: [item.model_dump_json() for item in getattr(plan, name)] for name in COLLECTIONS},
    )


def plan_from_json(parts: PlanJson) -> Plan:
    """The plan :func:`plan_json` wrote, equal to the one it was made from."""
    head = Plan.model_validate_json(parts.head)
    values = {name: getattr(head, name) for name in Plan.model_fields}
    for name, model in COLLECTIONS.items():
        values[name] = [model.model_validate_json(item) for item in parts.items[name]]
    return Plan.model_construct(_fields_set=head.model_fields_set | set(COLLECTIONS), **values)
