"""How complete a plan is: a figure between 0 and 1 per chapter of its outline and overall.

Completeness asks what the check asks. A text counts in proportion to the chapter's expected
length (the template's ``min_chars``); a structured chapter by the share of its rows that hold
what the check wants of them (an indicator a target, a project its name, a required base figure
a number) and that the check finds no error or warning on. A chapter the check still finds an
error or warning in never reads 100 %, nor does the plan while any remain; a chapter with
anything in it never reads 0 %. Notes (``Severity.INFO``) are hints and do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from forms.checks import Finding, Severity, chapter_has_content, check_plan
from forms.plan import Chapter, IndicatorRow, Plan, Value
from forms.targets import reading
from forms.template import ChapterKind, Template
from forms.values import parse_number

DEFAULT_MIN_CHARS = 200
# Never rounds up to 100 % nor down to 0 % when shown as a whole percentage.
NEARLY_DONE, BARELY_STARTED = 0.99, 0.01


@dataclass
class _Open:
    """Where the check still finds errors or warnings: chapters, and rows inside them."""

    chapters: set[str] = field(default_factory=set)
    rows: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    anywhere: bool = False

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> _Open:
        found = cls()
        for finding in findings:
            if finding.severity is Severity.INFO:
                continue
            found.anywhere = True
            where = finding.location
            if where.chapter_id:
                found.chapters.add(where.chapter_id)
                if where.item_id:
                    found.rows[where.chapter_id].add(where.item_id)
        return found


def _text_share(text: str, min_chars: int) -> float:
    length = len("".join(text.split()))
    if min_chars <= 0:
        return 1.0 if length else 0.0
    return min(1.0, length / min_chars)


def _ok(text: str) -> bool:
    return parse_number(text).ok


def _has_target(row: IndicatorRow) -> bool:
    """What the check asks of an indicator: a 2025 or 2030 target ("确保完成省下达目标任务"
    counts); one that cannot be read is an error of the check, and so not done."""
    return any((found := reading(row, year)).ok or found.by_province for year in (2025, 2030))


def _share(done: int, total: int) -> float:
    return done / total if total else 0.0


def _structured_share(
    plan: Plan, template: Template, kind: ChapterKind, blocked: set[str]
) -> float | None:
    """The share of the chapter's rows that are done, or None for a pure text chapter;
    ``blocked`` holds the ids of the rows the check finds an error or warning on."""
    done = lambda ident, filled: bool(filled) and ident not in blocked  # noqa: E731
    rows: list[bool]
    match kind:
        case ChapterKind.BASE_DATA:
            rows = [
                done(s.id, _ok((plan.base_value(s.id) or Value()).text))
                for s in template.base_data
                if s.required
            ]
        case ChapterKind.INDICATORS:
            rows = [done(r.id, _has_target(r)) for r in plan.indicators]
        case ChapterKind.TASKS:
            rows = [
                any(done(m.id, m.content.strip()) for m in plan.measures_of(g.id))
                for g in plan.task_groups
            ]
        case ChapterKind.PROJECTS:
            rows = [done(p.id, p.name.strip()) for p in plan.projects]
        case ChapterKind.POLICIES:
            rows = [done(p.id, p.title.strip() and p.content.strip()) for p in plan.policies]
        case ChapterKind.SCHEDULE:
            rows = [done(m.id, m.period.strip() and m.content.strip()) for m in plan.milestones]
        case _:
            return None
    return sum(rows) / len(rows) if rows else 0.0


def _content_share(plan: Plan, template: Template, chapter: Chapter, blocked: set[str]) -> float:
    spec = template.chapter(chapter.template_ref) if chapter.template_ref else None
    min_chars = spec.min_chars if spec else DEFAULT_MIN_CHARS
    structured = _structured_share(plan, template, chapter.kind, blocked)
    if structured is None:
        return _text_share(chapter.text, min_chars)
    if min_chars <= 0:
        return structured
    # Structured chapters: the rows weigh 80 %, the introductory text 20 %.
    return 0.8 * structured + 0.2 * _text_share(chapter.text, min_chars)


def _honest(share: float, started: bool, finished: bool) -> float:
    """100 % only when finished, 0 % only when nothing is there, as a whole percentage."""
    if not finished:
        share = min(share, NEARLY_DONE)
    if started:
        share = max(share, BARELY_STARTED)
    return share


def chapter_completeness(
    plan: Plan, template: Template, chapter: Chapter, findings: list[Finding] | None = None
) -> float:
    """One chapter's completeness (see the module's docstring)."""
    found = _Open.of(check_plan(plan, template) if findings is None else findings)
    return _chapter_share(plan, template, chapter, found)


def _chapter_share(plan: Plan, template: Template, chapter: Chapter, found: _Open) -> float:
    share = _content_share(plan, template, chapter, found.rows.get(chapter.id, set()))
    started = chapter_has_content(plan, chapter.id)
    return _honest(share, started, chapter.id not in found.chapters)


def completeness(
    plan: Plan, template: Template, findings: list[Finding] | None = None
) -> tuple[float, dict[str, float]]:
    """(overall, {chapter id: share}); the overall figure averages the required chapters and
    stays below 100 % while the check (``findings``, else ``check_plan``) finds an error or
    a warning anywhere, the plan's information and trajectory included."""
    found = _Open.of(check_plan(plan, template) if findings is None else findings)
    per_chapter = {c.id: _chapter_share(plan, template, c, found) for c in plan.chapters}
    counted = [per_chapter[c.id] for c in plan.chapters if c.required] or list(per_chapter.values())
    overall = sum(counted) / len(counted) if counted else 0.0
    return _honest(overall, any(counted), not found.anywhere), per_chapter
