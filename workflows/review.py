"""Review and monitoring: comments on chapters, comments merged from packages, a year's
actual values."""

from __future__ import annotations

from forms.comments import find_chapter, merge_comments, new_comment
from forms.monitoring import Progress, entry_for, find_indicator, indicator_progress, new_entry
from forms.names import NameRequiredError
from forms.plan import Chapter, Comment, Plan, Value
from forms.values import parse_number
from storage.repository import PlanRepository
from workflows.errors import (
    ActualNotANumberError,
    ChapterNotFoundError,
    IndicatorNotFoundError,
    OtherPlanError,
)


def add_chapter_comment(
    repo: PlanRepository, plan: Plan, chapter_ref: str, text: str, author: str = ""
) -> tuple[Comment, Chapter]:
    """A review comment on the chapter ``chapter_ref`` (id or title)."""
    chapter = find_chapter(plan, chapter_ref)
    if chapter is None:
        raise ChapterNotFoundError(chapter_ref, [(c.title_zh, c.title_en) for c in plan.chapters])
    comment = new_comment("chapters", chapter.id, text, author)
    if comment is None:
        raise NameRequiredError("意见内容", "the comment a text")
    repo.save_item(plan.id, "comments", comment)
    return comment, chapter


def merge_package_comments(repo: PlanRepository, plan: Plan, incoming: Plan) -> tuple[int, int]:
    """Take over the review comments of another copy of ``plan`` (from a package), in one
    transaction: new ones added, replies and resolutions updated, none added twice."""
    if incoming.id != plan.id:
        raise OtherPlanError(incoming.meta.name, plan.meta.name)
    merged, added, updated = merge_comments(plan.comments, incoming.comments)
    known = {c.id: c for c in plan.comments}
    with repo.db.atomic():
        for comment in merged:
            if known.get(comment.id) != comment:
                repo.save_item(plan.id, "comments", comment)
    plan.comments = merged
    return added, updated


def record_actual(
    repo: PlanRepository, plan: Plan, year: int, indicator_ref: str, actual: str
) -> Plan:
    """An indicator's actual value in ``year``; returns the plan as stored now."""
    row = find_indicator(plan, indicator_ref)
    if row is None:
        names = [(r.name_zh, r.name_en) for r in plan.indicators]
        raise IndicatorNotFoundError(indicator_ref, names)
    if parse_number(actual, row.unit).invalid:
        raise ActualNotANumberError((row.name_zh, row.name_en), year, actual.strip())
    entry = entry_for(plan, year, "indicators", row.id) or new_entry(year, "indicators", row.id)
    entry = entry.model_copy(update={"actual": Value(text=actual.strip())})
    repo.save_item(plan.id, "monitoring", entry)
    return repo.load_plan(plan.id)


def year_assessment(plan: Plan, year: int) -> list[Progress]:
    """Each indicator with an actual value in ``year`` against its path to the targets."""
    return [p for p in indicator_progress(plan, year) if p.actual is not None]
