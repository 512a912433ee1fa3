"""Lines of text written straight into a PDF page: the operators ``Canvas.drawString`` (and
``drawRightString``) write for a TrueType font, byte for byte, without the text object,
font lookups and subset splitting the canvas goes through for each line.

A document's tables, contents leaders, page numbers and marks repeat the same short texts
thousands of times; each text's operators are made once per document, font, size and
leading (:func:`written_in`).
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont

from exporters.pdf_numbers import number


class Lines:
    """Texts already written in a document in one font, size and leading: each one's
    operators (after the text origin) and width, and lines drawn by :func:`draw_strings`."""

    __slots__ = ("placed", "shown", "widths")

    def __init__(self) -> None:
        self.shown: dict[str, str] = {}
        self.widths: dict[str, float] = {}
        self.placed: dict[tuple[str, float, float], str] = {}  # whole lines, by place


# Per PDF being written (a font's subsets belong to one document).
_WRITTEN: WeakKeyDictionary[object, dict[tuple[str, float, float], Lines]] = WeakKeyDictionary()


def written_in(doc: object) -> dict[tuple[str, float, float], Lines]:
    """The texts written in ``doc`` (a canvas's ``_doc``) by font name, size and leading."""
    written = _WRITTEN.get(doc)
    if written is None:
        written = _WRITTEN[doc] = {}
    return written


def _lines(canvas, font) -> Lines:
    key = (font.fontName, canvas._fontsize, canvas._leading)
    written = written_in(canvas._doc)
    lines = written.get(key)
    if lines is None:
        lines = written[key] = Lines()
    return lines


def shown(canvas, font, text: str) -> str:
    """The operators showing ``text``, switching subsets of the font as its characters need."""
    doc = canvas._doc
    parts, current, switch = [], -1, ""
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            switch = switch or f"{number(canvas._fontsize)} Tf {number(canvas._leading)} TL"
            parts.append(f"{font.getSubsetInternalName(subset, doc)} {switch}")
            current = subset
        parts.append(f"({escapePDF(chunk)}) Tj")
    return " ".join(parts)


def text_line(canvas, font, x: float, y: float, text: str) -> str:
    """What ``canvas.drawString(x, y, text)`` writes for a TrueType font, byte for byte."""
    lines = _lines(canvas, font)
    operators = lines.shown.get(text)
    if operators is None:
        operators = lines.shown[text] = shown(canvas, font, text)
    return f"BT 1 0 0 1 {number(x)} {number(y)} Tm {operators} T* ET"


def draw_strings(canvas, xs: Iterable[float], y: float, text: str, right: bool = False) -> None:
    """``canvas.drawString(x, y, text)`` at each x (``drawRightString`` when ``right``), in the
    canvas's font: the same bytes, written straight for a TrueType font."""
    font = getFont(canvas._fontname)
    if not font._dynamicFont or not canvas.bottomup:
        draw = canvas.drawRightString if right else canvas.drawString
        for x in xs:
            draw(x, y, text)
        return
    lines = _lines(canvas, font)
    operators = lines.shown.get(text)
    if operators is None:
        operators = lines.shown[text] = shown(canvas, font, text)
    if right:  # the width drawRightString takes off (pdfmetrics.stringWidth asks the font)
        width = font.stringWidth(text, canvas._fontsize)
        xs = [x - width for x in xs]
    placed, code = lines.placed, canvas._code
    for x in xs:  # (the contents' leaders and the page marks fall at the same places)
        line = placed.get((text, x, y))
        if line is None:
            line = placed[text, x, y] = f"BT 1 0 0 1 {number(x)} {number(y)} Tm {operators} T* ET"
        code.append(line)


def draw_string(canvas, x: float, y: float, text: str, right: bool = False) -> None:
    """``canvas.drawString`` (``drawRightString`` when ``right``): see :func:`draw_strings`."""
    draw_strings(canvas, (x,), y, text, right)
