"""Two corrections to reportlab, applied when the PDF exporter is imported.

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
"""

from __future__ import annotations

from functools import cache
from itertools import groupby

from reportlab import rl_config
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from exporters import cjk_split

CLOSING_PUNCTUATION = "，。、；：？！）》」』】〕〉”’…%‰℃·"

CANNOT_START = "".join(sorted(set(textsplit.ALL_CANNOT_START) | set(CLOSING_PUNCTUATION)))


def _utf16_hex(code_point: int) -> str:
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


_split_string = ttfonts.TTFont.splitString  # reportlab's own


def split_string(
    font: ttfonts.TTFont, text: str, doc: object, encoding: str = "utf-8"
) -> list[tuple[int, bytes]]:
    """reportlab's ``TTFont.splitString`` (text → runs of (subset, codes)), at C speed when
    every character already has its code in the document, as most do after the first page."""
    state = font.state.get(doc)
    if state is None or not isinstance(text, str) or "\xa0" in text:
        return _split_string(font, text, doc, encoding)
    try:
        codes = list(map(state.assignments.__getitem__, map(ord, text)))
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
    rl_config.useA85 = 0
