"""Plan names: required, unique among the plans kept, and how a free one is made."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from forms.errors import LocalizedError

if TYPE_CHECKING:
    from forms.template import Pilot


class NameRequiredError(LocalizedError):
    def __init__(self, what_zh: str = "方案名称", what_en: str = "the plan a name") -> None:
        super().__init__(f"请填写{what_zh}。", f"Give {what_en}.")


def clean_name(name: str, what_zh: str = "方案名称", what_en: str = "the plan a name") -> str:
    """The name as stored: without surrounding blanks; an empty one is refused."""
    name = name.strip()
    if not name:
        raise NameRequiredError(what_zh, what_en)
    return name


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
