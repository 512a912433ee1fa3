"""Two corrections to reportlab, applied when the PDF exporter is imported.

1. Chinese line breaking (GB/T 15834): closing punctuation never starts a line.  reportlab's
   CJK wrapping knows the Japanese set; the Chinese full-width marks are added.  Both of its
   wrapping paths read the set: ``textsplit`` (one run of text) and ``paragraph`` (mixed runs).
2. Characters beyond U+FFFF (emoji, rare CJK ideographs of plane 2) were written to the font's
   ToUnicode map as five hex digits, so text extraction and search read them wrongly; they are
   written as UTF-16 surrogate pairs, as the PDF reference requires.
"""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.pdfbase import ttfonts
from reportlab.platypus import paragraph

CLOSING_PUNCTUATION = "，。、；：？！）》」』】〕〉”’…%‰℃·"

_CANNOT_START = "".join(sorted(set(textsplit.ALL_CANNOT_START) | set(CLOSING_PUNCTUATION)))


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


def apply() -> None:
    textsplit.ALL_CANNOT_START = _CANNOT_START
    paragraph.ALL_CANNOT_START = _CANNOT_START  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
