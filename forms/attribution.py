"""Who changed what, and when: the stamp a change leaves on an item, and how it is said.

A user is the database's idea of one: the OS login on a local file, the connection's role on
a team's server.  People see a display name instead where one was given
(``peakplan user set-name``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from forms.errors import LocalizedError
from forms.names import clean_name
from forms.template import ChapterKind

if TYPE_CHECKING:
    from forms.diff import Difference
    from forms.plan import Plan

DISPLAY_NAME_MAX = 40
META = "meta"  # the plan's own fields: stamped at (META, "")
# The items a chapter of each kind holds besides its own text: their changes are the chapter's.
HELD_BY_KIND = {
    ChapterKind.BASE_DATA: ("base_data", "fuels", "growth"),
    ChapterKind.INDICATORS: ("indicators", "higher_targets"),
    ChapterKind.TASKS: ("task_groups", "measures"),
    ChapterKind.PROJECTS: ("projects",),
    ChapterKind.POLICIES: ("policies",),
    ChapterKind.SCHEDULE: ("milestones",),
}
Stamps = Mapping[tuple[str, str], "Stamp"]


@dataclass(frozen=True)
class Stamp:
    """The last change of an item: its user, its time (ISO, UTC), the user's display name."""

    user: str
    at: str
    name: str = ""

    @property
    def who(self) -> str:
        """The display name, else the user's own name, else a question mark."""
        return self.name or self.user or "?"

    @property
    def when(self) -> str:
        """The time to the minute in this computer's time zone (as the editor's "saved at"):
        ``2026-12-02 18:43`` for ``2026-12-02T10:43:05+00:00`` in China."""
        try:
            moment = datetime.fromisoformat(self.at)
        except ValueError:
            return self.at.replace("T", " ")[:16]
        if moment.tzinfo is not None:
            moment = moment.astimezone()
        return moment.strftime("%Y-%m-%d %H:%M")

    def text(self, lang: str = "zh") -> str:
        """``张三，2026-12-02 10:43`` / ``Zhang San, 2026-12-02 10:43``."""
        return f"{self.who}，{self.when}" if lang == "zh" else f"{self.who}, {self.when}"


def named(stamp: Stamp | None, names: Mapping[str, str]) -> Stamp | None:
    """The stamp with its user's display name, where one was given."""
    if stamp is None or stamp.user not in names:
        return stamp
    return replace(stamp, name=names[stamp.user])


def with_names(stamps: Stamps, names: Mapping[str, str]) -> dict[tuple[str, str], Stamp]:
    return {key: named(stamp, names) for key, stamp in stamps.items()}  # type: ignore[misc]


def stamp_for(difference: Difference, stamps: Stamps) -> Stamp | None:
    """Who made a difference and when: the last change of the item added or changed (a
    removal or a move leaves no stamp to read)."""
    if difference.kind not in ("added", "changed"):
        return None
    return stamps.get((difference.collection, difference.item_id))


def step_scope(plan: Plan, chapter_id: str | None) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """What one step of the editor shows, as the items and collections whose changes are its
    changes: the plan's own fields (``chapter_id`` None), or a chapter with the rows it holds."""
    if chapter_id is None:
        return [(META, "")], ()
    chapter = plan.chapter(chapter_id)
    if chapter is None:
        return [], ()
    return [("chapters", chapter_id)], HELD_BY_KIND.get(chapter.kind, ())


def display_name_of(user: str | None, names: Mapping[str, str]) -> str:
    """How a user is shown: their display name, else the name itself ("" for nobody known)."""
    if not user:
        return ""
    return names.get(user) or user


def clean_display_name(name: str) -> str:
    """A display name as stored: trimmed, not empty, at most 40 characters."""
    name = clean_name(name, "显示名称", "a display name")
    if len(name) > DISPLAY_NAME_MAX:
        raise LocalizedError(
            f"显示名称最多 {DISPLAY_NAME_MAX} 个字符（现有 {len(name)} 个）。",
            f"A display name has at most {DISPLAY_NAME_MAX} characters (this one has {len(name)}).",
        )
    return name
