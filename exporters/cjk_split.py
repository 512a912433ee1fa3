"""reportlab's line breaking of a Chinese paragraph in one font (``textsplit.dumbSplit``),
found at C speed, with the Chinese rules for punctuation at a line's ends kept.

reportlab adds up the width of each character in turn until a line is full.  Here the
running widths of a stretch of characters are added up by ``itertools.accumulate`` (the same
additions in the same order, so the same sums) and the place a line is full is found by
bisection; only what happens at the end of each line runs in Python.

reportlab lets one closing mark hang past a full line, but never two: after “绿岛”，” the
comma began the next line; it ends a line on an opening mark (“按“” above “化石能源…”),
which GB/T 15834 does not allow; and it parts a figure from its word (“2024—2030” above a
line of “年”).  Where reportlab's line would break so, the break moves back to the last place
it may fall (the line ends a few characters short); everywhere else the lines are
reportlab's own.
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


_NUMBER = frozenset("0123456789.%‰—–-~～")  # a figure, a per cent, a span of years


def bad_break(word: str, k: int) -> bool:
    """Whether a line may not break before ``word[k]``: the next line would begin with a
    closing mark, this one end with an opening mark, or a figure be parted from the word it
    counts (“2024—2030” / “年”)."""
    after = word[k] if k < len(word) else ""
    before = word[k - 1]
    return bool(
        (after and after in textsplit.ALL_CANNOT_START)
        or before in textsplit.ALL_CANNOT_END
        or (before in _NUMBER and after in _NUMBER)
        or (before.isascii() and before.isdigit() and "\u4e00" <= after <= "\u9fff")
    )


def _kept_break(word: str, widths: list[float], start: int, i: int) -> tuple[int, float]:
    """The break ending the line from ``start`` at ``i`` or, if it is a :func:`bad_break`,
    the last break before ``i`` that is not, and the width that moving back gives to the next
    line.  When no such break leaves a character on the line, ``i`` as it is."""
    k = i
    while k > start + 1 and bad_break(word, k):
        k -= 1
    if k == i or bad_break(word, k):
        return i, 0.0
    return k, sum(widths[k:i])


def dumb_split(word: str, widths: list[float], max_widths: object) -> list[list[object]]:
    """``textsplit.dumbSplit``: ``word`` cut into lines of ``max_widths`` (one width, or one
    per line, the last repeated), each as [space left over, text]; no line begins with a
    closing mark or ends with an opening one where a break elsewhere on it avoids that."""
    return _split(word, widths, max_widths, keep_marks=True)


def reportlab_split(word: str, widths: list[float], max_widths: object) -> list[list[object]]:
    """Exactly reportlab's lines (``textsplit.dumbSplit``), found at C speed."""
    return _split(word, widths, max_widths, keep_marks=False)


def _split(
    word: str, widths: list[float], max_widths: object, keep_marks: bool
) -> list[list[object]]:
    if not isinstance(max_widths, list | tuple):
        max_widths = [max_widths]
    if widths and min(widths) < 0:  # running widths that fall: reportlab's own way
        return _dumb_split(word, widths, max_widths)
    cannot_start = textsplit.ALL_CANNOT_START
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
        if char not in cannot_start and i > start + 1:
            i -= 1  # the character starts the next line, unless it may not
            space += width
        if keep_marks:
            i, given = _kept_break(word, widths, start, i)
            space += given
        lines.append([space, word[start:i].strip()])
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i
