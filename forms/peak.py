"""The plan's one peak story: the declared peak year (and optional peak value), the sentence
every document states it with, and the places whose text dates the peak differently.

A plan states one peak year (ANNEX2 §6): the overall requirements, the targets, the
trajectory and the workbook all take it from ``PlanMeta.declared_peak_year``; a chapter, a
measure or a milestone typed with "2030年前实现碳达峰" when the plan declares 2028 is a
finding of the check, one per place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from forms.checks_memo import Remembered
from forms.plan import Plan
from forms.template import PilotType
from forms.trajectory import declared_peak_year
from forms.values import english_quantity, format_number, parse_number

PILOT_PEAK_LATEST = 2030  # pilots peak before 2030 (国家碳达峰试点建设方案)

# "2028年前实现碳达峰", "2028年左右达峰", "于2028年达到峰值", "在2030年前达到峰值":
# a year, at most a short stretch of the same clause, then the peak.
_YEAR_THEN_PEAK = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年(?P<gap>[^，,。；;！？!?（）()\n未不]{0,10}?)"
    r"(?:碳达峰|达峰|达到峰值|实现峰值|峰值)(?!试点|行动|碳中和|工作|专项|领导|负荷|电)"
)
# "达峰年份为2028年", "达峰时间：2028年"
_PEAK_THEN_YEAR = re.compile(
    r"(?:达峰|峰值)(?:年份|时间|年)\s*(?:为|是|在|：|:)?\s*(?P<year>(?:19|20)\d{2})\s*年"
)
# a peak reached, stated without a year (a milestone's period then dates it)
_PEAK_WORDS = re.compile(r"达到峰值|实现(?:碳)?达峰|排放(?:总量)?达峰")
_CLAUSE_START = re.compile(r"[，,。；;！？!?\n]")
_YEARS = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class DeclaredPeak:
    year: int | None  # None: not declared or not a valid year
    value: float | None  # 万吨 CO2, None when not given


def declared_peak(plan: Plan) -> DeclaredPeak:
    number = parse_number(plan.meta.declared_peak_value).number
    return DeclaredPeak(declared_peak_year(plan), number if number and number > 0 else None)


def peak_sentence(plan: Plan, lang: str) -> str:
    """The declared peak in official phrasing ("" when no valid year is declared)."""
    peak = declared_peak(plan)
    if peak.year is None:
        return ""
    city = plan.meta.pilot_type is PilotType.CITY
    value = format_number(peak.value, 1) if peak.value is not None else ""
    if lang == "en":
        where = "The city's" if city else "The park's"
        cap = (
            f", at no more than {english_quantity(peak.value, 't', scale=10000)}"
            if peak.value is not None
            else ""
        )
        # "2028年前" includes 2028 (a plan projected to peak in 2028 meets it); "before 2028"
        # would not, and read against "peak in 2028 in the policy scenario"
        return f"{where} total CO2 emissions peak no later than {peak.year}{cap}."
    where = "全市" if city else "园区"
    cap = f"，峰值控制在{value}万吨以内" if value else ""
    return f"{where}二氧化碳排放总量在{peak.year}年前达到峰值{cap}。"


@dataclass(frozen=True)
class PeakMention:
    """A place whose text dates the peak: which item, which field, the year, the words."""

    collection: str  # "chapters", "task_groups", "measures", "policies", "milestones", "projects"
    item_id: str
    field: str
    year: int
    words: str
    period: tuple[int, int] | None = None  # a milestone's period, when it dates the peak


def _excerpt(text: str, start: int, end: int) -> str:
    """The words of the clause up to ``end`` (at most 24 characters of it)."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, start)]
    begin = max(starts[-1] if starts else 0, end - 24)
    return text[begin:end].strip()


# By text: the check reads every text of a plan after each edit, and most did not change.
_STATED: Remembered[tuple[tuple[int, str], ...]] = Remembered(size=2048)


def stated_years(text: str) -> Iterator[tuple[int, str]]:
    """Each (year, words) with which ``text`` dates a peak."""
    yield from _STATED.get(text, lambda: tuple(_find_stated_years(text)))


def _find_stated_years(text: str) -> Iterator[tuple[int, str]]:
    for pattern in (_YEAR_THEN_PEAK, _PEAK_THEN_YEAR):
        for match in pattern.finditer(text):
            yield int(match.group("year")), _excerpt(text, match.start(), match.end())


def _texts(plan: Plan) -> Iterator[tuple[str, str, str, str]]:
    """(collection, item id, field, text) of every text a user writes."""
    for chapter in plan.chapters:
        yield "chapters", chapter.id, "text", chapter.text
    for group in plan.task_groups:
        yield "task_groups", group.id, "intro", group.intro
    for measure in plan.measures:
        yield "measures", measure.id, "title", measure.title
        yield "measures", measure.id, "content", measure.content
    for policy in plan.policies:
        yield "policies", policy.id, "title", policy.title
        yield "policies", policy.id, "content", policy.content
    for milestone in plan.milestones:
        yield "milestones", milestone.id, "title", milestone.title
        yield "milestones", milestone.id, "content", milestone.content
    for project in plan.projects:
        yield "projects", project.id, "content", project.content


def peak_mentions(plan: Plan) -> list[PeakMention]:
    """Every place that dates the peak, in outline order."""
    found: list[PeakMention] = []
    for collection, item_id, field, text in _texts(plan):
        dated = False
        for year, words in stated_years(text):
            found.append(PeakMention(collection, item_id, field, year, words))
            dated = True
        if collection == "milestones" and not dated and (match := _PEAK_WORDS.search(text)):
            milestone = next(m for m in plan.milestones if m.id == item_id)
            years = [int(y) for y in _YEARS.findall(milestone.period)]
            if years:
                words = _excerpt(text, match.start(), match.end())
                period = (min(years), max(years))
                found.append(PeakMention(collection, item_id, field, period[1], words, period))
    return found


def differing_mentions(plan: Plan) -> list[PeakMention]:
    """The places that date the peak otherwise than the declared year (none if undeclared)."""
    declared = declared_peak(plan).year
    if declared is None:
        return []
    return [
        m
        for m in peak_mentions(plan)
        if (m.period is None and m.year != declared)
        or (m.period is not None and not m.period[0] <= declared <= m.period[1])
    ]
