"""Reading numbers the way people type them: "1,234.5", "１２３", "15%", "−13.5", " 20 万千瓦".

Values are stored as typed; this module only interprets them.  ``parse_number`` never raises:
it returns a :class:`Parsed` that says whether the text was blank, a number, or not one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_MINUS_SIGNS = "\u2212\u2012\u2013\u2014\ufe63\uff0d"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")

# No figure of a plan (万元, 万吨, %, years, factors) is larger than this or, unless it is 0,
# smaller: beyond, a number is a typo or a crafted file, and charts and tables cannot show it.
MAX_MAGNITUDE = 1e15
MIN_MAGNITUDE = 1e-15


@dataclass(frozen=True)
class Parsed:
    blank: bool = False
    number: float | None = None
    percent: bool = False  # the text carried a % sign

    @property
    def ok(self) -> bool:
        return self.number is not None

    @property
    def invalid(self) -> bool:
        return not self.blank and self.number is None


def normalise(text: str) -> str:
    """Full-width to half-width, unicode minus to '-', spaces and ideographic commas out."""
    text = unicodedata.normalize("NFKC", text)
    for sign in _MINUS_SIGNS:
        text = text.replace(sign, "-")
    return text.replace("\u3001", ",").replace(" ", "").replace("\u00a0", "").strip()


_BLANK = Parsed(blank=True)
PARSED_CACHE_SIZE = 1 << 15  # distinct (text, unit) pairs kept: a large plan holds ~5,000


def parse_number(text: str | None, unit: str = "") -> Parsed:
    """Interpret ``text``; a trailing ``unit`` (as the template spells it) is tolerated.

    Remembered per (text, unit): the check reads every figure of a plan after each edit."""
    if text is None:
        return _BLANK
    return _parse_number(text, unit)


@lru_cache(maxsize=PARSED_CACHE_SIZE, typed=True)
def _parse_number(text: str, unit: str) -> Parsed:
    if not text.strip():
        return _BLANK
    cleaned = normalise(text)
    if unit:
        unit_clean = normalise(unit)
        if unit_clean and unit_clean != "%" and cleaned.endswith(unit_clean):
            cleaned = cleaned[: -len(unit_clean)]
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return Parsed()
    number = float(cleaned)
    if not math.isfinite(number):
        return Parsed()
    return Parsed(number=number, percent=percent)


def is_bounded(number: float) -> bool:
    """Finite and no larger than any figure of a plan can be: safe to chart or tabulate."""
    return math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


def is_plausible(number: float) -> bool:
    """Bounded, and 0 or not so small that dividing by it overflows."""
    return is_bounded(number) and (number == 0 or abs(number) >= MIN_MAGNITUDE)


def format_number(number: float, digits: int = 2, *, fixed: bool = False) -> str:
    """A compact display as Chinese official documents write numbers: no thousands
    separators ("3971万吨"), no exponent, no trailing zeros of the fraction unless ``fixed``
    (a table column shows every figure with the same ``digits``)."""
    if not math.isfinite(number):
        return ""
    if abs(number) > MAX_MAGNITUDE:  # an absurd figure, shown short rather than 300 digits
        return f"{number:.3g}"
    text = f"{number:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):  # no "-0"
        text = text[1:]
    if "." in text and not fixed:  # trailing zeros of the fraction only: 4000 stays 4000
        text = text.rstrip("0").rstrip(".")
    return text


def english_quantity(amount: float | str, unit: str, *, scale: float = 1.0) -> str:
    """An amount in English running text, as English writes it: "68,000 t", "2.537 million t",
    "43 million t" — never "4300 10k t" or "2537000 t".  ``scale`` converts the amount into
    ``unit`` first (10000 for a figure in 万吨 written in t); a text is read as a number, and
    one that is none is returned as it is."""
    if isinstance(amount, str):
        number = parse_number(amount).number
        if number is None:
            return amount
        amount = number
    value = amount * scale
    if not math.isfinite(value):
        return ""
    if abs(value) >= 1_000_000:  # rounded as the Chinese text rounds 万 (115.95万 → 116.0万)
        wan = float(format_number(value / 10000, 1))
        return f"{format_number(wan / 100, 3)} million {unit}"
    if abs(value) >= 999.95:  # "1,000 t", not "1000 t"
        return f"{value:,.0f} {unit}"
    return f"{format_number(value, 1)} {unit}"


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def chinese_date(day: object) -> str:
    """A day as Chinese official documents write it (GB/T 9704): “2024年4月12日”, not
    2024-04-12.  A ``date`` or a text beginning with one (an ISO time stamp); any other
    text as it is."""
    found = _ISO_DAY.match(str(day))
    if found is None:
        return str(day)
    year, month, dd = (int(part) for part in found.groups())
    return f"{year}年{month}月{dd}日"
