"""Plan names: required, on one line, unique among the plans kept, and how a free one is
made."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from forms.errors import LocalizedError

if TYPE_CHECKING:
    from forms.template import Pilot


class NameRequiredError(LocalizedError):
    def __init__(self, what_zh: str = "方案名称", what_en: str = "the plan a name") -> None:
        super().__init__(f"请填写{what_zh}。", f"Give {what_en}.")


class NameControlCharacterError(LocalizedError):
    def __init__(self, name: str, position: int) -> None:
        code = f"U+{ord(name[position]):04X}"
        super().__init__(
            f"名称中不能有控制字符或不可见的格式字符（第 {position + 1} 个字符是 {code}）。"
            "请删除它后重新输入名称。",
            "A name cannot hold control characters or invisible formatting characters "
            f"(character {position + 1} is {code}). Remove it and type the name again.",
        )


# Control characters (escape, bell, NUL...), invisible formatting characters (bidi overrides,
# zero-width marks, the byte-order mark) and lone surrogates: never part of a name.
_HIDDEN = frozenset({"Cc", "Cf", "Cs"})
_BLANKS = re.compile(r"\s+")


def single_line(text: str) -> str:
    """``text`` on one line: each run of white space — line breaks, tabs, U+2028, repeated
    spaces — as one space (a single full-width space is kept), none around."""

    def one(blank: re.Match[str]) -> str:
        return blank.group() if blank.group() == "\u3000" else " "

    return _BLANKS.sub(one, text).strip()


def _hidden_at(name: str) -> int | None:
    return next((i for i, char in enumerate(name) if unicodedata.category(char) in _HIDDEN), None)


def clean_name(name: str, what_zh: str = "方案名称", what_en: str = "the plan a name") -> str:
    """The name as stored, from what a user typed: on one line (:func:`single_line`); an
    empty one, or one with a control or invisible formatting character, is refused."""
    name = single_line(name)
    if not name:
        raise NameRequiredError(what_zh, what_en)
    position = _hidden_at(name)
    if position is not None:
        raise NameControlCharacterError(name, position)
    return name


IMPORTED_WITHOUT_NAME = "导入的方案"


def imported_name(name: str) -> str:
    """A name read from a file or another database, where nobody can retype it: on one
    line, its control and invisible formatting characters left out."""
    kept = "".join(c for c in name if c.isspace() or unicodedata.category(c) not in _HIDDEN)
    return single_line(kept) or IMPORTED_WITHOUT_NAME


def clean_snapshot_name(name: str) -> str:
    return clean_name(name, "快照名称", "the snapshot a name")


def free_name(name: str, taken: Callable[[str], bool]) -> str:
    """``name``, or ``name (2)``, ``name (3)``... whichever is not ``taken``."""
    candidate, n = name, 2
    while taken(candidate):
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def numbered_name(name: str, taken: Collection[str]) -> str:
    """A new item's name: ``name``, or ``name2``, ``name3``... whichever is not ``taken``."""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}{n}", n + 1
    return candidate


# -- the new-plan wizard's pilot: offered from the template's list, or typed -----------------


def offered_unconfirmed(pilot: Pilot | None, name: str) -> bool:
    """The pilot picked from the list has an unverified name, still kept as offered."""
    return pilot is not None and not pilot.name_confirmed and pilot.name_zh == name.strip()


def name_confirmed(pilot: Pilot | None, name: str, ticked: bool) -> bool:
    """False while an unverified name is kept as offered and not ticked as checked; a
    corrected (edited) name counts as confirmed."""
    return ticked or not offered_unconfirmed(pilot, name)


def pilot_batch(pilot: Pilot | None, name: str) -> int | None:
    """The picked pilot's batch; kept when an unverified park name is corrected."""
    if pilot is not None and (pilot.name_zh == name.strip() or not pilot.name_confirmed):
        return pilot.batch
    return None
