"""Heading numbers of official documents: 一、 （一） 1. （1）, and their English equivalents."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五, 100+ → Arabic digits."""
    if n < 1 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[ones] if ones else ''}"


def heading_number(level: int, n: int, lang: str) -> str:
    if lang == "en":
        return f"{n}. " if level in (1, 3) else f"({n}) " if level == 4 else f"({chr(96 + n)}) "
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


class Numbering:
    """Counts headings per level; a new heading resets the levels below it."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._counts = [0, 0, 0, 0]

    def state(self) -> list[int]:
        return list(self._counts)

    def restore(self, state: list[int]) -> None:
        """Back to an earlier ``state()``: a heading that was dropped takes no number."""
        self._counts = list(state)

    def next(self, level: int) -> str:
        self._counts[level - 1] += 1
        for lower in range(level, 4):
            self._counts[lower] = 0
        return heading_number(level, self._counts[level - 1], self.lang)


# A line the user typed as a heading of their own: "（一）指导思想", "1. 总体目标", "（2）…".
_TYPED_HEADINGS = (
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*\S")),
    (3, re.compile(r"^\d{1,2}[.．、]\s*\S")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]\s*\S")),
)
_SENTENCE_END = ("。", "；", "：", ".", ";", ":", "！", "？")


def typed_heading_level(line: str) -> int | None:
    """The level of a short line that reads as a numbered heading, else None."""
    line = line.strip()
    if len(line) > 40 or line.endswith(_SENTENCE_END):
        return None
    for level, pattern in _TYPED_HEADINGS:
        if pattern.match(line):
            return level
    return None
