"""Line breaking for table cells: between words or CJK characters, never inside a number.

A break may fall between two CJK characters or after a space.  Numbers, Latin words and what
sticks to them ("较2020年", "14.5%", "CO₂") stay whole, as does a short parenthesised token
("（万吨）", "(tCO₂)"); closing punctuation never starts a line, opening punctuation never
ends one (GB/T 15834).  When a token is wider than the cell, the cell's font shrinks
(:func:`fit_cell`); only a token that cannot fit even then is cut between characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from reportlab.lib import textsplit

from exporters.reportlab_fixes import CANNOT_START, unit_width, widths_of

# Characters of a word or number: a line never breaks next to one (except at a space).
_WORD = re.compile(
    r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u00c0-\u024f.,%‰℃°′″₀-₉⁰-⁹²³+\-−–/:×·~～#&_'@$€£¥￥=<>≤≥±]"
)
_PAREN = re.compile(r"[（(][^（）()\n]{1,20}[）)]")
_CANNOT_END = set(textsplit.ALL_CANNOT_END)
_CANNOT_START = set(CANNOT_START)
MIN_CELL_SIZE = 6.0  # points: smaller than this is unreadable on paper

# A character → the registered name of the font drawing it; or that name, when one font
# draws every character (the common case, measured faster).
FontOf = Callable[[str], str] | str


def _glued(text: str) -> list[bool]:
    """``glued[i]``: no line break may fall between ``text[i - 1]`` and ``text[i]``."""
    glued = [True] * len(text)
    inside = [False] * (len(text) + 1)
    for match in _PAREN.finditer(text):
        for i in range(match.start() + 1, match.end()):
            inside[i] = True
    word = [bool(_WORD.match(char)) for char in text]
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if before.isspace():
            glued[i] = char.isspace()
        elif char.isspace() or inside[i] or char in _CANNOT_START or before in _CANNOT_END:
            glued[i] = True
        else:  # a number or word sticks to letters, digits and ideographs, not to punctuation
            word_before, word_char = word[i - 1], word[i]
            glued[i] = (word_before and (word_char or char.isalnum())) or (
                word_char and before.isalnum()
            )
    return glued


def tokens(text: str) -> list[str]:
    """``text`` cut at every place a line may break; joining them gives ``text`` back."""
    glued = _glued(text)
    starts = [0, *(i for i in range(1, len(text)) if not glued[i])]
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


def _measure(part: str, font_of: FontOf) -> list[_Token]:
    widths = _char_widths(part, font_of)
    measured, start = [], 0
    for token in tokens(part):
        end = start + len(token)
        spaces = len(token) - len(token.rstrip())
        width = sum(widths[start:end])
        measured.append(_Token(token, width, width - sum(widths[end - spaces : end])))
        start = end
    return measured


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
    """Tokens filled greedily into lines ``room`` thousandths of the size wide."""
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for token in measured:
        text, width = token.text, token.width
        if line and used + token.trimmed > room:
            lines.append("".join(line).rstrip())
            line, used = [], 0.0
            if text.isspace():
                continue
        if not line and token.trimmed > room:
            *whole, text = _cut(text, room, font_of)
            lines += whole
            width = text_width(text, font_of, 1000.0)
        line.append(text)
        used += width
    lines.append("".join(line).rstrip())
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
    if widest > room:
        size = max(MIN_CELL_SIZE, size * room / widest * 0.999)
    scaled = room * 1000.0 / size
    return FittedCell([line for part in parts for line in _pack(part, scaled, font_of)], size)
