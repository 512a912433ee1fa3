"""How complete a plan is: a figure between 0 and 1 per chapter of its outline and overall.

A text counts in proportion to the chapter's expected length (the template's ``min_chars``),
a structured chapter by the share of its rows that carry what a reviewer needs.
"""

from __future__ import annotations

from forms.plan import Chapter, IndicatorRow, Plan, Project, Value
from forms.targets import reading
from forms.template import ChapterKind, Template, ValueKind
from forms.values import parse_number

DEFAULT_MIN_CHARS = 200


def _text_share(text: str, min_chars: int) -> float:
    length = len("".join(text.split()))
    if min_chars <= 0:
        return 1.0 if length else 0.0
    return min(1.0, length / min_chars)


def _ok(text: str) -> bool:
    return parse_number(text).ok


def _target_ok(row: IndicatorRow, year: int) -> bool:
    found = reading(row, year)
    return found.ok or found.by_province  # "确保完成省下达目标任务" is a target


def _indicator_done(row: IndicatorRow) -> bool:
    base_ok = row.value_kind is ValueKind.CHANGE or _ok(row.base.text)
    return base_ok and _target_ok(row, 2025) and _target_ok(row, 2030)


def _project_done(project: Project) -> bool:
    return all(
        (
            project.name.strip(),
            project.field,
            project.content.strip(),
            project.owner.strip(),
            _ok(project.investment.text),
            _ok(project.start_year.text),
            _ok(project.end_year.text),
        )
    )


def _share(done: int, total: int) -> float:
    return done / total if total else 0.0


def _structured_share(plan: Plan, template: Template, kind: ChapterKind) -> float | None:
    """The structured part's completeness, or None for a pure text chapter."""
    match kind:
        case ChapterKind.BASE_DATA:
            required = [s.id for s in template.base_data if s.required]
            filled = sum(1 for ident in required if _ok((plan.base_value(ident) or Value()).text))
            return _share(filled, len(required))
        case ChapterKind.INDICATORS:
            rows = plan.indicators
            return _share(sum(1 for r in rows if _indicator_done(r)), len(rows))
        case ChapterKind.TASKS:
            groups = plan.task_groups
            done = sum(1 for g in groups if any(m.content.strip() for m in plan.measures_of(g.id)))
            return _share(done, len(groups))
        case ChapterKind.PROJECTS:
            items = plan.projects
            return _share(sum(1 for p in items if _project_done(p)), len(items))
        case ChapterKind.POLICIES:
            items = plan.policies
            return _share(
                sum(1 for p in items if p.title.strip() and p.content.strip()), len(items)
            )
        case ChapterKind.SCHEDULE:
            items = plan.milestones
            return _share(
                sum(1 for m in items if m.period.strip() and m.content.strip()), len(items)
            )
    return None


def chapter_completeness(plan: Plan, template: Template, chapter: Chapter) -> float:
    spec = template.chapter(chapter.template_ref) if chapter.template_ref else None
    min_chars = spec.min_chars if spec else DEFAULT_MIN_CHARS
    structured = _structured_share(plan, template, chapter.kind)
    if structured is None:
        return _text_share(chapter.text, min_chars)
    if min_chars <= 0:
        return structured
    # Structured chapters: the rows weigh 80 %, the introductory text 20 %.
    return 0.8 * structured + 0.2 * _text_share(chapter.text, min_chars)


def completeness(plan: Plan, template: Template) -> tuple[float, dict[str, float]]:
    """(overall, {chapter id: share}); the overall figure averages the required chapters."""
    per_chapter = {c.id: chapter_completeness(plan, template, c) for c in plan.chapters}
    counted = [per_chapter[c.id] for c in plan.chapters if c.required] or list(per_chapter.values())
    overall = sum(counted) / len(counted) if counted else 0.0
    return overall, per_chapter
