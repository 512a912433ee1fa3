"""Corrections to reportlab, and faster ways to the same bytes, applied when the PDF exporter
is imported.

1. Chinese line breaking (GB/T 15834): closing punctuation never starts a line.  reportlab's
   CJK wrapping knows the Japanese set; the Chinese full-width marks are added.  Both of its
   wrapping paths read the set: ``textsplit`` (one run of text) and ``paragraph`` (mixed runs).
2. Characters beyond U+FFFF (emoji, rare CJK ideographs of plane 2) were written to the font's
   ToUnicode map as five hex digits, so text extraction and search read them wrongly; they are
   written as UTF-16 surrogate pairs, as the PDF reference requires.
3. Speed: CJK line breaking measured every character with a full ``stringWidth`` call (the
   library's own comment: "the performance is going to SUCK"); widths are now looked up once
   per font and character.  A 300-page plan lays out in about half the time.  Page streams
   are also kept binary (compressed, without the ASCII85 text encoding): smaller and faster.
   Text already seen in a document is cut into its fonts' subsets at C speed
   (:func:`split_string`), and a paragraph in one font into lines (:mod:`cjk_split`).
   Paragraphs' lines are written straight (:mod:`pdf_paragraph`), the document's objects
   through a faster dispatch (:mod:`pdf_save`), each number's text made once
   (:mod:`pdf_numbers`), the same bytes.  The charts' shapes do not
   check every attribute as it is set (``shapeChecking``: a debugging aid; the values set
   are the same, and property setters still run).
"""

from __future__ import annotations

import codecs
from functools import cache, lru_cache
from itertools import groupby, islice

from reportlab import rl_config
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from exporters import cjk_split, pdf_compress, pdf_numbers, pdf_paragraph, pdf_save, pdf_text

CLOSING_PUNCTUATION = "，。、；：？！）》」』】〕〉”’…%‰℃·"

CANNOT_START = "".join(sorted(set(textsplit.ALL_CANNOT_START) | set(CLOSING_PUNCTUATION)))


def _utf16_hex(code_point: int) -> str:
    if code_point < 0x10000:  # one UTF-16 unit: the code point itself
        return f"{code_point:04X}"
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points written as UTF-16 (surrogate pairs)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


@cache
def unit_width(char: str, font_name: str) -> float:
    return pdfmetrics.stringWidth(char, font_name, 1000.0)


class _Widths(dict[str, float]):
    """One font's :func:`unit_width` of each character, looked up at C speed once known."""

    def __init__(self, font_name: str) -> None:
        super().__init__()
        self.font_name = font_name

    def __missing__(self, char: str) -> float:
        width = self[char] = unit_width(char, self.font_name)
        return width


@cache
def widths_of(font_name: str) -> dict[str, float]:
    """The character → :func:`unit_width` table of one font (filled as characters come)."""
    return _Widths(font_name)


def char_widths(word: str, font_name: str, font_size: float) -> list[float]:
    """The width of each character of ``word``, as ``textsplit.getCharWidths`` gives them."""
    scale, widths = font_size / 1000.0, widths_of(font_name)
    return list(map(scale.__mul__, map(widths.__getitem__, word)))  # each width × scale


_word_split = textsplit.wordSplit  # reportlab's own


@lru_cache(maxsize=512)
def _lines_of(
    word: str, max_widths: tuple[float, ...], font_name: str, font_size: float
) -> tuple[tuple[float, str], ...]:
    lines = _word_split(word, list(max_widths), font_name, font_size)
    return tuple((space, text) for space, text in lines)


def word_split(
    word: str, max_widths: object, font_name: str, font_size: float, encoding: str = "utf8"
) -> list[list[object]]:
    """reportlab's ``wordSplit`` (a paragraph in one font → its lines), each paragraph broken
    once: reportlab wraps a paragraph again each time it tries it on a page."""
    if not isinstance(word, str):
        return _word_split(word, max_widths, font_name, font_size, encoding)
    widths = tuple(max_widths) if isinstance(max_widths, list | tuple) else (max_widths,)
    return [list(line) for line in _lines_of(word, widths, font_name, font_size)]


def forget_lines() -> None:
    """Start a document with no paragraph broken yet (the lines of one font's characters
    are the same in every document, but memory is not kept from one to the next), nor any
    text's width (:mod:`pdf_text`), nor any of its values' bytes (:mod:`pdf_save`) or
    numbers' texts (:mod:`pdf_numbers`)."""
    _lines_of.cache_clear()
    pdf_text.forget()
    pdf_save.forget()
    pdf_numbers.forget()


_split_string = ttfonts.TTFont.splitString  # reportlab's own


class _Subsets:
    """One font's codes in one document (reportlab's ``assignments``, code point → code,
    only ever added to) as a C codec table per subset of 256 codes, made when first used
    and again when the subset has new characters."""

    __slots__ = ("count", "maps", "tables")

    def __init__(self) -> None:
        self.count = 0
        self.tables: dict[int, list[str]] = {}  # subset → its characters by code & 0xFF
        self.maps: dict[int, object] = {}  # subset → its encoding map

    def encoding_map(self, assignments: dict[int, int], subset: int) -> object:
        if self.count != len(assignments):
            for char, code in islice(assignments.items(), self.count, None):
                table = self.tables.get(code >> 8)
                if table is None:  # U+FFFE: no character has the code; code 0 is U+0000's
                    table = self.tables[code >> 8] = ["\x00", *["\ufffe"] * 255]
                table[code & 0xFF] = chr(char)
                self.maps.pop(code >> 8, None)
            self.count = len(assignments)
        found = self.maps.get(subset)
        if found is None:
            table = self.tables[subset]
            found = codecs.charmap_build("".join(table))  # a trie read at C speed, or
            if isinstance(found, dict):  # a dict (beyond U+FFFF): without U+FFFE's entry
                found = {ord(char): i for i, char in enumerate(table) if char != "\ufffe"}
            self.maps[subset] = found
        return found


def split_string(
    font: ttfonts.TTFont, text: str, doc: object, encoding: str = "utf-8"
) -> list[tuple[int, bytes]]:
    """reportlab's ``TTFont.splitString`` (text → runs of (subset, codes)), at C speed when
    every character already has its code in the document, as most do after the first page:
    text in one subset is encoded by a C codec table at once."""
    state = font.state.get(doc)
    if state is None or type(text) is not str or "\xa0" in text:
        return _split_string(font, text, doc, encoding)
    if not text:
        return []
    assignments = state.assignments
    first = assignments.get(ord(text[0]))
    if first is not None and not (first >> 8 and "\x00" in text):  # U+0000 has code 0
        subsets = state.__dict__.get("_peakplan_subsets")
        if subsets is None:
            subsets = state._peakplan_subsets = _Subsets()
        try:
            codes = codecs.charmap_encode(
                text, "strict", subsets.encoding_map(assignments, first >> 8)
            )
        except UnicodeEncodeError:  # characters of several subsets, or new ones
            pass
        else:
            return [(first >> 8, codes[0])]
    try:
        codes = list(map(assignments.__getitem__, map(ord, text)))
    except KeyError:  # a character new to the document gets its code there
        return _split_string(font, text, doc, encoding)
    return [(subset, bytes(map(_LOW_BYTE, run))) for subset, run in groupby(codes, _SUBSET_OF)]


_LOW_BYTE, _SUBSET_OF = (0xFF).__and__, (8).__rrshift__  # code & 0xFF, code >> 8


def apply() -> None:
    textsplit.ALL_CANNOT_START = CANNOT_START
    paragraph.ALL_CANNOT_START = CANNOT_START  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    ttfonts.TTFont.splitString = split_string
    textsplit.getCharWidths = char_widths
    textsplit.dumbSplit = cjk_split.dumb_split
    paragraph.wordSplit = word_split  # type: ignore[attr-defined]
    paragraph.stringWidth = pdf_text.string_width  # type: ignore[attr-defined]
    rl_config.useA85 = 0
    rl_config.shapeChecking = 0
    pdf_save.apply()
    pdf_compress.apply()
    pdf_paragraph.apply()
    pdf_numbers.apply()
