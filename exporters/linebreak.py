"""Line breaking for table cells: between words or CJK characters, never inside a number.

A break may fall between two CJK characters or after a space.  Numbers, Latin words and what
sticks to them ("较2020年", "14.5%", "CO₂") stay whole, as does a short parenthesised token
("（万吨）", "(tCO₂)"); closing punctuation never starts a line, opening punctuation never
ends one (GB/T 15834).  When a token is wider than the cell, the cell's font shrinks
(:func:`fit_cell`) — but a bracketed phrase that would need it to shrink by more than a fifth
breaks inside as the text around it does (“（合同能源管理）” in a narrow column); only a token
that cannot fit even then is cut between characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from reportlab.lib import textsplit

from exporters.reportlab_fixes import CANNOT_START, unit_width, widths_of

# Characters of a word or number: a line never breaks next to one (except at a space).
_WORD = re.compile(
    r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u00c0-\u024f.,%‰℃°′″₀-₉⁰-⁹²³+\-−–/:×·~～#&_'@$€£¥￥=<>≤≥±]"
)
_PAREN = re.compile(r"[（(〔][^（）()〔〕\n]{1,20}[）)〕]")  # the innermost pair
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ONE_HAN = re.compile(r"[\u4e00-\u9fff]")  # (with fullmatch: one character and no more)
_CANNOT_END = set(textsplit.ALL_CANNOT_END)
_CANNOT_START = set(CANNOT_START)
MIN_CELL_SIZE = 6.0  # points: smaller than this is unreadable on paper
# A cell may shrink to this share of its size to keep a bracketed phrase on one line (“（力争
# 3.40）”); one needing more breaks the phrase instead (“（合同能源管理）” in a narrow column).
SHRINK_BEFORE_OPENING = 0.8

# A character → the registered name of the font drawing it; or that name, when one font
# draws every character (the common case, measured faster).
FontOf = Callable[[str], str] | str


def _class(chars: str) -> str:
    """The characters as the inside of a regular-expression class."""
    return "".join(f"\\U{ord(char):08x}" for char in sorted(set(chars)))


_W = _WORD.pattern[1:-1]  # the inside of its class
_CS, _CE = _class(CANNOT_START), _class(textsplit.ALL_CANNOT_END)
# Where a line may break, found at C speed: ``position`` is a break when the character
# before it (b) and the one at it (c) are, by the rules of this module's docstring:
_AFTER_SPACE = re.compile(r"(?<=\s)(?=\S)")  # b a space, c not
_BETWEEN = re.compile(
    "|".join(
        (  # neither a space, b may end a line, c may start one, and no word glues them:
            f"(?<![{_W}\\s{_CE}])(?=[^{_W}\\s{_CS}])",  # neither in a word
            f"(?<![{_W}\\s{_CE}])(?<=[\\W_])(?=[{_W}])(?![{_CS}])",  # punctuation, a word
            f"(?<=[{_W}])(?<![{_CE}])(?=[\\W_])(?![{_W}\\s{_CS}])",  # a word, punctuation
        )
    )
)


def _breaks(text: str, keep_brackets: bool = True) -> list[int]:
    """The positions a line may break at, in order (never 0 or ``len(text)``)."""
    between = [match.start() for match in _BETWEEN.finditer(text, 1)]
    if keep_brackets and ("(" in text or "（" in text or "〔" in text):
        # nothing breaks in a short bracketed token
        inside = {i for m in _PAREN.finditer(text) for i in range(m.start() + 1, m.end())}
        between = [i for i in between if i not in inside]
    after_space = [match.start() for match in _AFTER_SPACE.finditer(text, 1)]
    return sorted(between + after_space) if after_space else between


def tokens(text: str) -> list[str]:
    """``text`` cut at every place a line may break; joining them gives ``text`` back."""
    starts = [0, *_breaks(text)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _char_widths(text: str, font_of: FontOf) -> list[float]:
    """Each character's width in thousandths of the font size."""
    if isinstance(font_of, str):
        return list(map(widths_of(font_of).__getitem__, text))
    return [unit_width(char, font_of(char)) for char in text]


def text_width(text: str, font_of: FontOf, size: float) -> float:
    return sum(_char_widths(text, font_of)) * size / 1000.0


class _Token(NamedTuple):  # a tuple: thousands are made per table
    text: str
    width: float  # in thousandths of the font size
    trimmed: float  # the same without trailing spaces (a line's end)


def _measure(part: str, font_of: FontOf, keep_brackets: bool = True) -> list[_Token]:
    widths = _char_widths(part, font_of)
    bounds = [0, *_breaks(part, keep_brackets), len(part)]
    measured = []
    for start, end in pairwise(bounds):
        width = widths[start] if end - start == 1 else sum(widths[start:end])
        trimmed = width
        if end > start and part[end - 1].isspace():  # a line's end leaves out its spaces
            spaces = end - start - len(part[start:end].rstrip())
            trimmed = width - sum(widths[end - spaces : end])
        measured.append(_Token(part[start:end], width, trimmed))
    return measured


def _opened(part: list[_Token], room: float, font_of: FontOf) -> list[_Token]:
    """``part`` with each bracketed Chinese phrase wider than ``room`` (thousandths of the
    size) broken where the text around it may break: a cell shrunk to fit “（合同能源管理）”
    on one line was set in type too small to read beside its neighbours.  (A Latin token —
    “(tCO₂e/10⁴CNY·yr)” — still shrinks whole.)"""
    opened: list[_Token] = []
    for token in part:
        if token.trimmed > room and _PAREN.search(token.text) and _HAN.search(token.text):
            for piece in _measure(token.text, font_of, keep_brackets=False):
                if opened and opened[-1].text.endswith(("(", "[")):  # never ends a line
                    last = opened.pop()
                    piece = _Token(
                        last.text + piece.text, last.width + piece.width, last.width + piece.trimmed
                    )
                opened.append(piece)
        else:
            opened.append(token)
    return opened


def _cut(token: str, room: float, font_of: FontOf) -> list[str]:
    """A token wider than ``room`` (thousandths of the size) cut between characters."""
    pieces, start, used = [], 0, 0.0
    for i, (char, width) in enumerate(zip(token, _char_widths(token, font_of), strict=True)):
        if used + width > room and i > start and char not in _CANNOT_START:
            pieces.append(token[start:i])
            start, used = i, 0.0
        used += width
    pieces.append(token[start:])
    return pieces


def _pack(measured: list[_Token], room: float, font_of: FontOf) -> list[str]:
    """Tokens filled greedily into lines ``room`` thousandths of the size wide; a last line
    of one Chinese character takes the one before it along (“市发展改/革委”, never
    “市发展改革/委”)."""
    lines: list[str] = []
    line: list[str] = []
    before: list[str] = []  # the tokens of the line completed last
    used = 0.0
    for token in measured:
        text, width = token.text, token.width
        if line and used + token.trimmed > room:
            lines.append("".join(line).rstrip())
            before, line, used = line, [], 0.0
            if text.isspace():
                continue
        if not line and token.trimmed > room:
            *whole, text = _cut(text, room, font_of)
            lines += whole
            before = [] if whole else before
            width = text_width(text, font_of, 1000.0)
        line.append(text)
        used += width
    last = "".join(line).rstrip()
    if (
        _ONE_HAN.fullmatch(last)
        and len(before) >= 3
        and _ONE_HAN.fullmatch(before[-1])
        and lines[-1] == "".join(before).rstrip()
    ):
        lines[-1], last = "".join(before[:-1]).rstrip(), before[-1] + last
    lines.append(last)
    return lines


def wrap(text: str, room: float, font_of: FontOf, size: float) -> list[str]:
    """The lines of ``text`` in a cell ``room`` points wide; ``\\n`` starts a new line."""
    scaled = room * 1000.0 / size
    return [
        line
        for part in text.split("\n")
        for line in _pack(_measure(part, font_of), scaled, font_of)
    ]


@dataclass(frozen=True)
class FittedCell:
    lines: list[str]
    size: float  # the font size the cell is drawn in


def fit_cell(text: str, room: float, font_of: FontOf, size: float) -> FittedCell:
    """The cell's lines, in a font small enough that its widest token fits the cell."""
    if "\n" not in text and text_width(text.rstrip(), font_of, size) <= room:
        return FittedCell([text.rstrip()], size)  # fits on one line: nothing to break
    parts = [_measure(part, font_of) for part in text.split("\n")]
    widest = max((token.trimmed for part in parts for token in part), default=0.0) * size / 1000
    if widest * SHRINK_BEFORE_OPENING > room:  # shrunk further, it would be too small beside
        parts = [_opened(part, room * 1000.0 / size, font_of) for part in parts]
        widest = max((t.trimmed for part in parts for t in part), default=0.0) * size / 1000
    if widest > room:
        size = max(MIN_CELL_SIZE, size * room / widest * 0.999)
    scaled = room * 1000.0 / size
    return FittedCell([line for part in parts for line in _pack(part, scaled, font_of)], size)
