"""Reading and changing one field of a plan item by its dotted path (``target_2025.basic.text``).

The wizard edits the model only through these, so every edit is one (path, value) pair that
storage can save and an undo stack can reverse.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from forms.plan import COLLECTIONS, Plan


class FieldPathError(KeyError):
    """A path that names no field of the item."""


def get_field(item: BaseModel, path: str) -> Any:
    node: Any = item
    for key in path.split("."):
        if not isinstance(node, BaseModel) or key not in type(node).model_fields:
            raise FieldPathError(path)
        node = getattr(node, key)
    return node


def set_field(item: BaseModel, path: str, value: Any) -> None:
    """Set a field; pydantic validates the assignment (a bad value raises ValidationError)."""
    *parents, last = path.split(".")
    node: Any = item
    for key in parents:
        if not isinstance(node, BaseModel) or key not in type(node).model_fields:
            raise FieldPathError(path)
        node = getattr(node, key)
    if not isinstance(node, BaseModel) or last not in type(node).model_fields:
        raise FieldPathError(path)
    setattr(node, last, value)


def find_item(plan: Plan, collection: str, item_id: str) -> BaseModel | None:
    if collection not in COLLECTIONS:
        return None
    return next((i for i in getattr(plan, collection) if i.id == item_id), None)
