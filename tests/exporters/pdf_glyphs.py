"""What a PDF really draws, glyph by glyph, read with pypdf and fontTools (not reportlab).

pdftotext reads a character's Unicode from the font's ToUnicode map even when the glyph drawn
for it is the .notdef box, so it cannot tell a box from a letter.  Here every text-showing
operator of every page (and of the forms pages use) is followed to the font it draws with; the
code drawn is looked up in that embedded font's own cmap and glyph table: the .notdef glyph,
or an empty glyph for a visible character, is a box or a gap on paper.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject


@dataclass(frozen=True)
class Glyph:
    char: str  # from the font's ToUnicode map
    font: str  # the BaseFont name, e.g. ABCDEF+PeakPlan-uming-0
    drawn: bool  # False: the .notdef box or an empty glyph for a visible character


@dataclass
class _Font:
    name: str
    to_unicode: dict[int, str]
    glyph_of: dict[int, str]  # code → glyph name in the embedded font
    notdef: str
    empty: set[str]  # glyphs with no outline

    def glyph(self, code: int) -> Glyph:
        char = self.to_unicode.get(code, "")
        name = self.glyph_of.get(code, self.notdef)
        visible = bool(char.strip()) and char not in "\u200b\u200e\u200f\ufeff"
        drawn = name != self.notdef and not (visible and name in self.empty)
        return Glyph(char, self.name, drawn or not visible)


def _to_unicode(stream: bytes) -> dict[int, str]:
    mapping = {}
    for code, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", stream):
        if len(code) > 4:  # the codespace range line has two codes: skip ranges
            continue
        mapping[int(code, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be", "replace")
    return mapping


@cache
def _embedded(data: bytes) -> tuple[dict[int, str], str, frozenset[str]]:
    font = TTFont(io.BytesIO(data))
    table = font["cmap"].getcmap(1, 0) or font["cmap"].getcmap(3, 0) or font["cmap"].getcmap(3, 1)
    glyph_of = dict(table.cmap) if table else {}
    glyf = font["glyf"]
    empty = frozenset(name for name in font.getGlyphOrder() if glyf[name].numberOfContours == 0)
    return glyph_of, font.getGlyphOrder()[0], empty


def _font(dictionary: DictionaryObject) -> _Font:
    name = str(dictionary.get("/BaseFont", "?"))
    to_unicode = _to_unicode(dictionary["/ToUnicode"].get_object().get_data())
    descriptor = dictionary["/FontDescriptor"].get_object()
    data = descriptor["/FontFile2"].get_object().get_data()
    glyph_of, notdef, empty = _embedded(data)
    return _Font(name, to_unicode, glyph_of, notdef, set(empty))


def _codes(operand: object) -> bytes:
    original = getattr(operand, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(operand) if isinstance(operand, bytes | bytearray) else b""


def _walk(content: object, resources: DictionaryObject, reader: PdfReader) -> Iterator[Glyph]:
    fonts = resources.get("/Font", DictionaryObject()).get_object()
    xobjects = resources.get("/XObject", DictionaryObject()).get_object()
    cache_: dict[str, _Font] = {}
    current: _Font | None = None
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"Tf":
            key = str(operands[0])
            if key not in cache_:
                cache_[key] = _font(fonts[key].get_object())
            current = cache_[key]
        elif operator in (b"Tj", b"'", b'"', b"TJ") and current is not None:
            items = operands[0] if operator == b"TJ" else [operands[-1]]
            for item in items:
                for code in _codes(item):
                    yield current.glyph(code)
        elif operator == b"Do":
            xobject = xobjects[str(operands[0])].get_object()
            if xobject.get("/Subtype") == "/Form":
                inner = xobject.get("/Resources", resources)
                yield from _walk(xobject, inner.get_object(), reader)


def drawn_glyphs(path: Path) -> list[Glyph]:
    """Every glyph the PDF's pages draw, in drawing order."""
    reader = PdfReader(path)
    glyphs: list[Glyph] = []
    for page in reader.pages:
        resources = page.get("/Resources", DictionaryObject()).get_object()
        content = page.get_contents()
        if content is not None:
            glyphs += _walk(content, resources, reader)
    return glyphs


def boxes(path: Path) -> list[Glyph]:
    """The glyphs drawn as a .notdef box (or an empty glyph) instead of their character."""
    return [glyph for glyph in drawn_glyphs(path) if not glyph.drawn]
