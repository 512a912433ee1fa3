"""reportlab's line breaking of a Chinese paragraph in one font (``textsplit.dumbSplit``),
with the same lines, found at C speed.

reportlab adds up the width of each character in turn until a line is full.  Here the
running widths of a stretch of characters are added up by ``itertools.accumulate`` (the same
additions in the same order, so the same sums) and the place a line is full is found by
bisection; only what happens at the end of each line runs in Python.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, islice
from unicodedata import category

from reportlab.lib import textsplit

_dumb_split = textsplit.dumbSplit  # reportlab's own
_FIRST_STRETCH = 64  # characters added up at once, doubled while a line is not full


def _line_end(widths: list[float], start: int, limit: float) -> tuple[int | None, float]:
    """The first character from ``start`` whose running width exceeds ``limit`` and the
    width there; or None and the width of all the rest."""
    used: float = 0  # as reportlab starts each line
    position, stretch, count = start, _FIRST_STRETCH, len(widths)
    while position < count:
        stop = min(position + stretch, count)
        sums = list(accumulate(islice(widths, position, stop), initial=used))
        over = bisect_right(sums, limit, 1)
        if over < len(sums):
            return position + over - 1, sums[over]
        used, position, stretch = sums[-1], stop, stretch * 2
    return None, used


def _back_to_a_break(word: str, widths: list[float], start: int, i: int) -> tuple[int, float]:
    """reportlab's step back from a full line inside Latin text to a space or an ideograph:
    the new end of the line and the width given back (``i`` and 0 when there is none)."""
    for j in range((i - 1), (start + i) >> 1, -1):
        char = word[j]
        if category(char) == "Zs" or ord(char) >= 0x3000:
            k = j + 1
            if k < i:
                return k + 1, sum(widths[k + 1 : i])
    return i, 0.0


def dumb_split(word: str, widths: list[float], max_widths: object) -> list[list[object]]:
    """``textsplit.dumbSplit``: ``word`` cut into lines of ``max_widths`` (one width, or one
    per line, the last repeated), each as [space left over, text]."""
    if not isinstance(max_widths, list | tuple):
        max_widths = [max_widths]
    if widths and min(widths) < 0:  # running widths that fall: reportlab's own way
        return _dumb_split(word, widths, max_widths)
    lines: list[list[object]] = []
    start, max_width = 0, max_widths[0]
    while True:
        end, used = _line_end(widths, start, max(max_width + textsplit._FUZZ, 0))
        if end is None:
            if used > 0:
                lines.append([max_width - used, word[start:]])
            return lines
        i, char, width, space = end + 1, word[end], widths[end], max_width - used
        if ord(char) < 0x3000:  # inside Latin text
            back, given = _back_to_a_break(word, widths, start, i)
            if back != i:
                i, char, width, space = back, word[back - 1], widths[back - 1], space + given
        if char not in textsplit.ALL_CANNOT_START and i > start + 1:
            i -= 1  # the character starts the next line, unless it may not
            space += width
        lines.append([space, word[start:i].strip()])
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i
