"""Text written straight into a PDF page: the operators ``Canvas.drawString`` (and its
right-aligned and centred forms) and a paragraph's lines write for a TrueType font, byte for
byte, without the text object, font lookups and subset splitting reportlab goes through for
each line.

A document's tables, contents leaders, page numbers and marks repeat the same short texts
thousands of times; each text's operators are made once per document, font, size and
leading (:func:`lines_in`), and each text's width once per render (:func:`string_width`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont

from exporters.pdf_numbers import number


class Lines:
    """Texts written in one document in one TrueType font, size and leading: each one's
    operators in a new text object, and whole lines drawn by :func:`draw_strings`."""

    __slots__ = ("doc", "font", "names", "placed", "shown", "switch")

    def __init__(self, font: TTFont, doc: object, size: float, leading: float) -> None:
        self.font, self.doc = font, doc
        self.switch = f"{number(size)} Tf {number(leading)} TL"  # after a subset's name
        self.names: dict[int, str] = {}  # subset → the name the page's resources give it
        self.shown: dict[str, str] = {}
        self.placed: dict[tuple[str, float, float], str] = {}  # whole lines, by place

    def show(
        self, text: str, current: int = -1, escape: Callable[[bytes], str] = escapePDF
    ) -> tuple[str, int]:
        """The operators showing ``text`` where subset ``current`` is set (-1: none yet),
        switching subsets as its characters need, and the subset set after them."""
        font, doc, names, parts = self.font, self.doc, self.names, []
        for subset, chunk in font.splitString(text, doc):
            if subset != current:
                name = names.get(subset)
                if name is None:
                    name = names[subset] = font.getSubsetInternalName(subset, doc)
                parts.append(f"{name} {self.switch}")
                current = subset
            parts.append(f"({escape(chunk)}) Tj")
        return " ".join(parts), current

    def operators(self, text: str) -> str:
        """:meth:`show` in a new text object, made once per text."""
        operators = self.shown.get(text)
        if operators is None:
            operators = self.shown[text] = self.show(text)[0]
        return operators


# Per PDF being written (a font's subsets belong to one document).
_WRITTEN: WeakKeyDictionary[object, dict[tuple[str, float, float], Lines]] = WeakKeyDictionary()


def written_in(doc: object) -> dict[tuple[str, float, float], Lines]:
    """The texts written in ``doc`` (a canvas's ``_doc``) by font name, size and leading."""
    written = _WRITTEN.get(doc)
    if written is None:
        written = _WRITTEN[doc] = {}
    return written


def lines_in(doc: object, font: TTFont, size: float, leading: float) -> Lines:
    """The texts written in ``doc`` in ``font`` (a TrueType font), ``size`` and ``leading``."""
    written = written_in(doc)
    key = (font.fontName, size, leading)
    lines = written.get(key)
    if lines is None:
        lines = written[key] = Lines(font, doc, size, leading)
    return lines


_string_width = pdfmetrics.stringWidth  # reportlab's own
_widths: dict[tuple[str, str, float], float] = {}


def string_width(text: str, font_name: str, size: float, encoding: str = "utf8") -> float:
    """``pdfmetrics.stringWidth``, remembered while a document is laid out and drawn: the
    words of paragraphs (and each character of a word too long for a line), the lines of
    aligned table cells, page numbers."""
    if type(text) is not str:  # (shaped text has widths of its own)
        return _string_width(text, font_name, size, encoding)
    key = (text, font_name, size)
    width = _widths.get(key)
    if width is None:
        width = _widths[key] = _string_width(text, font_name, size, encoding)
    return width


def forget() -> None:
    """Start a render with no text's width remembered."""
    _widths.clear()


def draw_strings(canvas, xs: Iterable[float], y: float, text: str, right: bool = False) -> None:
    """``canvas.drawString(x, y, text)`` at each x (``drawRightString`` when ``right``), in the
    canvas's font: the same bytes, written straight for a TrueType font."""
    font = getFont(canvas._fontname)
    if not font._dynamicFont or not canvas.bottomup:
        draw = canvas.drawRightString if right else canvas.drawString
        for x in xs:
            draw(x, y, text)
        return
    lines = lines_in(canvas._doc, font, canvas._fontsize, canvas._leading)
    operators = lines.operators(text)
    if right:  # the width drawRightString takes off
        width = string_width(text, font.fontName, canvas._fontsize)
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
