"""Characters no available font can draw, and where they are in the document.

The PDF draws every character from a font that has it (the role's font, else a fallback).
A character none of the fonts has would be a box on paper; it is listed beforehand, with the
section it is in, as a finding of the check (``peakplan validate``, the package's check
report), so the user can change the text or choose a font that has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from exporters import blocks as b
from exporters.fonts import FontError, FontSet, resolve_fonts
from forms.checks import Finding, Location, Severity
from forms.plan import Plan
from forms.template import Template

PLACES_SHOWN = 3  # places named per character in a finding


@dataclass(frozen=True)
class Uncovered:
    char: str
    places: tuple[str, ...]  # section headings (or the cover) where it occurs, first ones

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"


def _texts(document: b.Document) -> Iterator[tuple[str, str]]:
    """(place, text) for every text the document draws."""
    cover = document.cover
    for text in (cover.title, cover.subtitle, cover.date, cover.mark, *cover.lines):
        yield "", text
    place = ""
    for block in document.blocks:
        if isinstance(block, b.Heading):
            place = block.full_text if block.level <= 2 else place
            yield place, block.full_text
        elif isinstance(block, b.Paragraph):
            yield place, block.text
        elif isinstance(block, b.Table):
            yield place, block.caption
            for row in (block.header, *block.rows):
                yield from ((place, cell) for cell in row)
        elif isinstance(block, b.BarChart):
            yield from ((place, t) for t in (block.title, block.unit, *block.labels))
        elif isinstance(block, b.LineChart):
            yield from ((place, t) for t in (block.title, block.unit))
            yield from ((place, s.name) for s in block.series)
            yield from ((place, extra[-1]) for extra in (block.marker, block.vertical) if extra)


def uncovered_characters(document: b.Document, fonts: FontSet) -> list[Uncovered]:
    """The characters of ``document`` that none of ``fonts`` has a glyph for, in order."""
    every_font = [*fonts.fonts.values(), *fonts.fallbacks, *([fonts.latin] if fonts.latin else [])]
    covered: set[str] = set()
    places: dict[str, list[str]] = {}
    for place, text in _texts(document):
        for char in set(text) - covered - {*places}:
            if any(font.covers(char) for font in every_font):
                covered.add(char)
            elif not char.isspace() and char.isprintable():
                places[char] = []
        for char in places.keys() & set(text):
            if place not in places[char] and len(places[char]) < PLACES_SHOWN:
                places[char].append(place)
    return [Uncovered(char, tuple(where)) for char, where in places.items()]


def _finding(uncovered: Uncovered) -> Finding:
    where_zh = "、".join(f"“{p[:40]}”" if p else "封面" for p in uncovered.places)
    where_en = ", ".join(f"“{p[:40]}”" if p else "the cover" for p in uncovered.places)
    char, code = uncovered.char, uncovered.code_point
    return Finding(
        "pdf_font_missing_character",
        Severity.WARNING,
        Location(),
        f"字符“{char}”（{code}）出现在{where_zh}，但本机没有任何字体包含它，PDF 中会显示为"
        "方框。请改用常用写法，或在导出对话框的“PDF 字体”中选择包含该字符的字体。",
        f"The character “{char}” ({code}) in {where_en} is in none of the fonts on this "
        "computer and would show as a box in the PDF. Write it another way, or choose a font "
        "that has it under PDF fonts in the Export dialog.",
        {"char": char, "places": " | ".join(uncovered.places)},
    )


def font_findings(document: b.Document, fonts: FontSet) -> list[Finding]:
    """The check's findings for characters the PDF cannot draw with ``fonts``."""
    return [_finding(uncovered) for uncovered in uncovered_characters(document, fonts)]


def plan_font_findings(plan: Plan, template: Template, lang: str | None = None) -> list[Finding]:
    """:func:`font_findings` for ``plan`` with the fonts found on this computer; none when
    there is no usable font at all (exporting says so then)."""
    from exporters.document import build_document

    try:
        fonts = resolve_fonts()
    except FontError:
        return []
    document = build_document(plan, template, lang or plan.meta.language)
    return font_findings(document, fonts)
