"""Plan names: required, unique among the plans kept, and how a free one is made."""

from __future__ import annotations

from collections.abc import Callable

from forms.errors import LocalizedError


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
