"""Two people changed the same item: what each has, where they differ, and a merge of both.

A save based on a version someone else has since replaced is refused by storage
(:class:`~storage.errors.ItemChangedError`, carrying the item as stored now).  The app then
shows both sides and the user decides: keep mine, take theirs, or merge by hand.  This module
is that decision's Qt-free part: the differences field by field, labelled in the user's
language, a starting point for a merge that holds both texts, and the merged item, validated.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from forms.diff import COLLECTION_NAMES, Difference, field_name
from forms.edit import get_field, set_field
from forms.errors import LocalizedError
from storage.errors import ItemChangedError

__all__ = [
    "Conflict",
    "FieldDifference",
    "ItemChangedError",
    "MergeRefusedError",
    "differences",
    "item_title",
    "merge_texts",
    "merged_item",
    "same_content",
]

# The plan information's fields that every save changes: no one's content.
_NOT_CONTENT = {"updated_at", "created_at", "status_history"}
_NAMES = ("title_zh", "name_zh", "name", "title", "period", "text")
_NAMES_EN = ("title_en", "name_en")


@dataclass
class Conflict:
    """My item (None: I removed it) against theirs as stored now (None: they removed it)."""

    collection: str
    item_id: str
    mine: BaseModel | None
    theirs: BaseModel | None
    version: int  # theirs' version: what a save over it is based on
    template: tuple[str, str] = ("", "")  # (template id, pilot type): choices' titles

    @classmethod
    def refused(
        cls, error: ItemChangedError, mine: BaseModel | None, template: tuple[str, str]
    ) -> Conflict:
        """The conflict a refused save found: my item against what storage holds now."""
        return cls(error.collection, error.item_id, mine, error.theirs, error.version, template)

    @property
    def key(self) -> tuple[str, str]:
        return self.collection, self.item_id

    @property
    def removal(self) -> bool:
        """One side removed the item: nothing to merge, only to choose."""
        return self.mine is None or self.theirs is None


@dataclass(frozen=True)
class FieldDifference:
    """One field the two sides hold differently, as a reader sees it."""

    path: str
    label: str
    mine: str
    theirs: str
    typed: bool  # a text merged by typing; any other field is picked from one side
    merge: str = field(default="", compare=False)  # where a typed merge starts


class MergeRefusedError(LocalizedError):
    """A merged value the item cannot hold."""

    def __init__(self, label_zh: str, label_en: str, detail: str) -> None:
        super().__init__(
            f"合并后的“{label_zh}”无效：{detail}。请改正后再保存。",
            f"The merged “{label_en}” is not valid: {detail}. Correct it, then save.",
        )


def same_content(mine: BaseModel | None, theirs: BaseModel | None) -> bool:
    """Both sides hold the same (nothing to decide: two people typed the same)."""
    if mine is None or theirs is None:
        return mine is theirs
    ours, others = _leaves(mine), _leaves(theirs)
    return all(ours[p] == others.get(p) for p in ours if p not in _NOT_CONTENT)


def item_title(conflict: Conflict, lang: str) -> str:
    """What the item is, as the user knows it: 章节“基本情况” / chapter “Base situation”."""
    kind = COLLECTION_NAMES.get(conflict.collection, (conflict.collection,) * 2)[lang == "en"]
    item = conflict.mine or conflict.theirs
    names = (_NAMES_EN + _NAMES) if lang == "en" else _NAMES
    name = next((str(v) for n in names if (v := getattr(item, n, "")) and isinstance(v, str)), "")
    name = name if len(name) <= 40 else name[:39] + "…"
    if not name:
        return kind
    return f"{kind} “{name}”" if lang == "en" else f"{kind}“{name}”"


def differences(conflict: Conflict, lang: str) -> list[FieldDifference]:
    """The fields the two sides hold differently, in the item's order (none if one removed)."""
    if conflict.mine is None or conflict.theirs is None:
        return []
    mine, theirs = _leaves(conflict.mine), _leaves(conflict.theirs)
    found = []
    for path, mine_value in mine.items():
        their_value = theirs.get(path)
        if path in _NOT_CONTENT or mine_value == their_value:
            continue
        shown = Difference(
            "changed", conflict.collection, conflict.item_id, "", path,
            old=_text(their_value), new=_text(mine_value), template=conflict.template,
        )  # fmt: skip
        typed = type(mine_value) is str and type(their_value) is str  # a choice is no text
        found.append(
            FieldDifference(
                path,
                field_name(path, lang),
                shown.new_text(lang),
                shown.old_text(lang),
                typed,
                merge_texts(mine_value, their_value) if typed else "",
            )
        )
    return found


def merge_texts(mine: str, theirs: str) -> str:
    """A starting point holding both texts: lines both have once, each side's own lines
    (mine first where both changed the same lines), in order."""
    ours, others = mine.splitlines(), theirs.splitlines()
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(None, ours, others, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        merged += ours[a0:a1]
        if op != "equal":
            merged += others[b0:b1]
    return "\n".join(merged)


def merged_item(
    conflict: Conflict, typed: dict[str, str], picked_mine: dict[str, bool], lang: str = "zh"
) -> BaseModel:
    """My item with each differing field set as merged: a typed text, or one side's value."""
    if conflict.mine is None or conflict.theirs is None:
        raise ValueError("a removed item cannot be merged")
    merged = conflict.mine.model_copy(deep=True)
    for difference in differences(conflict, lang):
        path = difference.path
        if difference.typed:
            value: Any = typed.get(path, difference.merge)
        else:
            side = conflict.mine if picked_mine.get(path, True) else conflict.theirs
            value = get_field(side, path)
        try:
            set_field(merged, path, value)
        except (ValidationError, ValueError) as exc:
            detail = str(exc).splitlines()[-1].strip()
            raise MergeRefusedError(field_name(path, "zh"), field_name(path, "en"), detail) from exc
    return merged


def _leaves(item: BaseModel, prefix: str = "") -> dict[str, Any]:
    """The item's fields as {dotted path: value}, nested models opened, in field order."""
    out: dict[str, Any] = {}
    for name in type(item).model_fields:
        value = getattr(item, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            out.update(_leaves(value, path + "."))
        else:
            out[path] = value
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))
