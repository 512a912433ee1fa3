"""A plan's own outline: what may be added to it and what may be taken out."""

from __future__ import annotations

from forms.names import numbered_name
from forms.plan import Chapter, Plan, TaskGroup
from forms.template import ChapterKind


def chapter_removable(chapter: Chapter) -> bool:
    """Structured chapters hold the plan's tables: exactly one of each kind stays."""
    return chapter.kind == ChapterKind.TEXT


def new_chapter(plan: Plan, title: str) -> Chapter:
    """A free-text chapter the pilot adds (not required by the guideline), its title
    numbered when the plain one is taken; its English title stays empty until typed."""
    taken = {c.title_zh for c in plan.chapters}
    return Chapter(kind=ChapterKind.TEXT, title_zh=numbered_name(title, taken), required=False)


def new_task_group(plan: Plan, title: str) -> TaskGroup:
    """A task group (one of the plan's "N大行动"), its title numbered when taken."""
    return TaskGroup(title_zh=numbered_name(title, {g.title_zh for g in plan.task_groups}))
