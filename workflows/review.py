"""Review and monitoring: comments on chapters, comments merged from packages, a year's
actual values."""

from __future__ import annotations

from collections.abc import Mapping

from forms.comments import find_chapter, merge_comments, new_comment
from forms.monitoring import Progress, entry_for, find_indicator, indicator_progress, new_entry
from forms.names import NameRequiredError
from forms.plan import Chapter, Comment, MonitoringEntry, Plan, Value
from forms.values import parse_number
from storage.repository import PlanRepository
from workflows.conflicts import ItemChangedError
from workflows.errors import (
    ActualNotANumberError,
    ChangedMeanwhileError,
    ChapterNotFoundError,
    IndicatorNotFoundError,
    OtherPlanError,
)
from workflows.store import find_summary

Versions = Mapping[tuple[str, str], int]


def add_chapter_comment(
    repo: PlanRepository, plan: Plan, chapter_ref: str, text: str, author: str = ""
) -> tuple[Comment, Chapter]:
    """A review comment on the chapter ``chapter_ref`` (id or title)."""
    chapter = find_chapter(plan, chapter_ref)
    if chapter is None:
        raise ChapterNotFoundError(chapter_ref, [(c.title_zh, c.title_en) for c in plan.chapters])
    for attempt in range(2):  # a new comment is an addition: it meets nobody's, but is checked
        comment = new_comment("chapters", chapter.id, text, author)
        if comment is None:
            raise NameRequiredError("意见内容", "the comment a text")
        try:
            repo.save_item(plan.id, "comments", comment, based_on=0)
            return comment, chapter
        except ItemChangedError:
            if attempt:
                raise ChangedMeanwhileError("审核意见", "review comments") from None
    raise AssertionError("unreachable")


def merge_package_comments(repo: PlanRepository, plan: Plan, incoming: Plan) -> tuple[int, int]:
    """Take over the review comments of another copy of ``plan`` (from a package), in one
    transaction: new ones added, replies and resolutions updated, none added twice."""
    if incoming.id != plan.id:
        raise OtherPlanError(incoming.meta.name, plan.meta.name)
    for attempt in range(2):  # merging is adding to the list: once more on a fresh read
        try:
            merged, added, updated = _merge_stored_comments(repo, plan.id, incoming)
        except ItemChangedError:
            if attempt:
                raise ChangedMeanwhileError("审核意见", "review comments") from None
            continue
        plan.comments = merged
        return added, updated
    raise AssertionError("unreachable")


def _merge_stored_comments(
    repo: PlanRepository, plan_id: str, incoming: Plan
) -> tuple[list[Comment], int, int]:
    """Merge into the comments as stored now; save each one changed based on the version read
    (all or none: another client's save between refuses the lot)."""
    versions = repo.versions(plan_id)  # read first: a save after it is refused, not overwritten
    stored = repo.load_plan(plan_id).comments
    merged, added, updated = merge_comments(stored, incoming.comments)
    known = {c.id: c for c in stored}
    with repo.db.atomic():
        for comment in merged:
            if known.get(comment.id) != comment:
                based_on = versions.get(("comments", comment.id), 0)
                repo.save_item(plan_id, "comments", comment, based_on=based_on)
    return merged, added, updated


def plan_and_versions(repo: PlanRepository, ref: str) -> tuple[Plan, Versions]:
    """The plan a command is to change and each item's version it was read at (read first:
    another client's save in between is refused on saving, never overwritten)."""
    plan_id = find_summary(repo, ref).id
    versions = repo.versions(plan_id)
    return repo.load_current(plan_id), versions


def record_actual(
    repo: PlanRepository,
    plan: Plan,
    year: int,
    indicator_ref: str,
    actual: str,
    versions: Versions | None = None,
) -> Plan:
    """An indicator's actual value in ``year``, saved based on ``versions`` (the plan's as
    read; None: as stored now); returns the plan as stored now."""
    versions = repo.versions(plan.id) if versions is None else versions
    row = find_indicator(plan, indicator_ref)
    if row is None:
        names = [(r.name_zh, r.name_en) for r in plan.indicators]
        raise IndicatorNotFoundError(indicator_ref, names)
    if parse_number(actual, row.unit).invalid:
        raise ActualNotANumberError((row.name_zh, row.name_en), year, actual.strip())
    entry = entry_for(plan, year, "indicators", row.id) or new_entry(year, "indicators", row.id)
    entry = entry.model_copy(update={"actual": Value(text=actual.strip())})
    try:
        repo.save_item(plan.id, "monitoring", entry, based_on=versions.get(_key(entry), 0))
    except ItemChangedError:  # a value, not an addition: theirs stands, the user is told
        name_en = row.name_en or row.name_zh
        raise ChangedMeanwhileError(
            f"指标“{row.name_zh}”{year}年的监测数据", f"{year} value of “{name_en}”"
        ) from None
    return repo.load_plan(plan.id)


def _key(entry: MonitoringEntry) -> tuple[str, str]:
    return "monitoring", entry.id


def year_assessment(plan: Plan, year: int) -> list[Progress]:
    """Each indicator with an actual value in ``year`` against its path to the targets."""
    return [p for p in indicator_progress(plan, year) if p.actual is not None]
