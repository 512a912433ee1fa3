"""How published plans qualify a target: "22%左右", "65%以上", "40%以内", or no number at all
("确保完成省下达目标任务").  The qualifier enum, its words in both languages, reading what a
user typed ("22左右", "约22", "≥15", "１８％") into number + qualifier, and printing the
official form back.  Nothing here raises: what cannot be read is a :class:`TargetReading`
with a ``problem``, and the text stays as typed in the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from forms.labels import Labelled
from forms.values import normalise

ABOUT_TOLERANCE = 0.05  # "about" (左右 / 约) is met within 5 % of the value


class Qualifier(Labelled):
    EXACT = "exact", "确数", "exact"
    ABOUT = "about", "左右", "about"  # also 约
    AT_LEAST = "at_least", "以上", "at least"  # also 不低于 / 不少于
    AT_MOST = "at_most", "以内", "at most"  # also 以下 / 不高于
    PROVINCE = "province", "确保完成省下达目标任务", "set by the province"  # no number


PROVINCE_TEXT = ("确保完成省下达目标任务", "meet the target set by the province")
ACCEPTED_FORMS = (
    "可填写数字（如 14.5、0.5500、18%），可带限定词：“22左右”“约22”“15以上”“≥15”“不低于15”"
    "“不少于15”“40以内”“40以下”“≤40”“不高于40”，或填写“确保完成省下达目标任务”。",
    "Accepted: a number (14.5, 0.5500, 18%), optionally qualified — “22左右”, “about 22”, "
    "“15以上”, “≥15”, “at least 15”, “40以内”, “≤40”, “at most 40” — or "
    "“确保完成省下达目标任务” (set by the province).",
)

# Words before and after the number (after NFKC normalisation and with spaces removed).
_PREFIXES: tuple[tuple[str, Qualifier], ...] = (
    ("approximately", Qualifier.ABOUT),
    ("approx.", Qualifier.ABOUT),
    ("around", Qualifier.ABOUT),
    ("about", Qualifier.ABOUT),
    ("大约", Qualifier.ABOUT),
    ("约", Qualifier.ABOUT),
    ("~", Qualifier.ABOUT),
    ("≈", Qualifier.ABOUT),
    ("atleast", Qualifier.AT_LEAST),
    ("不低于", Qualifier.AT_LEAST),
    ("不少于", Qualifier.AT_LEAST),
    ("至少", Qualifier.AT_LEAST),
    (">=", Qualifier.AT_LEAST),
    ("≥", Qualifier.AT_LEAST),
    ("≧", Qualifier.AT_LEAST),
    ("atmost", Qualifier.AT_MOST),
    ("不高于", Qualifier.AT_MOST),
    ("不超过", Qualifier.AT_MOST),
    ("不多于", Qualifier.AT_MOST),
    ("<=", Qualifier.AT_MOST),
    ("≤", Qualifier.AT_MOST),
    ("≦", Qualifier.AT_MOST),
)
_SUFFIXES: tuple[tuple[str, Qualifier], ...] = (
    ("左右", Qualifier.ABOUT),
    ("及以上", Qualifier.AT_LEAST),
    ("以上", Qualifier.AT_LEAST),
    ("ormore", Qualifier.AT_LEAST),
    ("以内", Qualifier.AT_MOST),
    ("及以下", Qualifier.AT_MOST),
    ("以下", Qualifier.AT_MOST),
    ("orless", Qualifier.AT_MOST),
)
_PROVINCE_MARKS = ("省下达", "省级下达", "省里下达", "setbytheprovince", "province'starget")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_ANY_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class TargetReading:
    """What a target cell says: a number (as typed, and as a float) and a qualifier."""

    qualifier: Qualifier = Qualifier.EXACT
    number_text: str = ""  # the number with the precision typed: "0.5500", "22"
    number: float | None = None
    blank: bool = False
    problem: str | None = None  # "not_number" | "unknown_qualifier" | "percent_unit"
    word: str = ""  # the word not understood (unknown_qualifier)

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.blank

    @property
    def by_province(self) -> bool:
        return self.qualifier is Qualifier.PROVINCE


def percent_unit(unit: str) -> bool:
    """Whether an indicator's unit is a percentage ("%", "%（较2020年）")."""
    return normalise(unit).startswith("%")


def _strip_word(
    text: str, words: tuple[tuple[str, Qualifier], ...], front: bool
) -> tuple[str, Qualifier | None]:
    lowered = text.lower()
    for word, qualifier in words:
        if front and lowered.startswith(word):
            return text[len(word) :], qualifier
        if not front and lowered.endswith(word):
            return text[: -len(word)], qualifier
    return text, None


def _number_text(cleaned: str) -> str:
    text = cleaned.replace(",", "").lstrip("+")
    if text.startswith("."):
        text = "0" + text
    elif text.startswith("-."):
        text = "-0" + text[1:]
    return text


def read_target(
    text: str | None, unit: str = "", qualifier: Qualifier = Qualifier.EXACT
) -> TargetReading:
    """Read a target as typed or stored: ``qualifier`` is the stored one (a word in ``text``
    is understood too, so "22左右" stored as text still reads as 22, about).  Remembered per
    (text, unit, qualifier): the check reads every target of a plan after each edit."""
    return _read_target(text, unit, qualifier)


@lru_cache(maxsize=1 << 13, typed=True)  # typed: a plain "province" is no Qualifier
def _read_target(text: str | None, unit: str, qualifier: Qualifier) -> TargetReading:
    if qualifier is Qualifier.PROVINCE:
        return TargetReading(Qualifier.PROVINCE)
    if text is None or not text.strip():
        return TargetReading(qualifier, blank=True)
    cleaned = normalise(text).replace("\u3000", "")
    if any(mark in cleaned.lower() for mark in _PROVINCE_MARKS):
        return TargetReading(Qualifier.PROVINCE)
    cleaned, before = _strip_word(cleaned, _PREFIXES, front=True)
    cleaned, after = _strip_word(cleaned, _SUFFIXES, front=False)
    found = {q for q in (before, after) if q is not None}
    if len(found) > 1:
        return TargetReading(qualifier, problem="unknown_qualifier", word=normalise(text))
    if found:
        qualifier = found.pop()
    unit_clean = normalise(unit).split("(")[0]
    if unit_clean and unit_clean != "%" and cleaned.endswith(unit_clean):
        cleaned = cleaned[: -len(unit_clean)]
    if cleaned.endswith("%"):
        if not percent_unit(unit):
            return TargetReading(qualifier, problem="percent_unit")
        cleaned = cleaned[:-1]
    if _NUMBER.match(cleaned) or _GROUPED.match(cleaned):
        number_text = _number_text(cleaned)
        try:
            number = float(number_text)
        except ValueError:  # pragma: no cover - the patterns only let floats through
            number = None
        if number is not None and number == number and abs(number) != float("inf"):
            return TargetReading(qualifier, number_text, number)
    match = _ANY_NUMBER.search(cleaned)
    if match is None:
        return TargetReading(qualifier, problem="not_number")
    leftover = (cleaned[: match.start()] + cleaned[match.end() :]).strip("%")
    return TargetReading(qualifier, problem="unknown_qualifier", word=leftover or cleaned)


def official(number_text: str, qualifier: Qualifier, unit: str = "", lang: str = "zh") -> str:
    """The printed form: "22%左右", "65%以上", "about 22%", "确保完成省下达目标任务".

    ``unit`` is written after the number ("%" without a space); pass "" to leave it out."""
    if qualifier is Qualifier.PROVINCE:
        return PROVINCE_TEXT[1] if lang == "en" else PROVINCE_TEXT[0]
    if not number_text:
        return ""
    unit = unit.strip()
    spaced = lang == "en" and unit and unit != "%"
    amount = f"{number_text}{' ' if spaced else ''}{unit}"
    if lang == "en":
        word = {
            Qualifier.ABOUT: "about ",
            Qualifier.AT_LEAST: "at least ",
            Qualifier.AT_MOST: "at most ",
        }.get(qualifier, "")
        return word + amount
    word = {Qualifier.ABOUT: "左右", Qualifier.AT_LEAST: "以上", Qualifier.AT_MOST: "以内"}.get(
        qualifier, ""
    )
    return amount + word


def problem_text(reading: TargetReading, typed: str, lang: str) -> str:
    """Why a target could not be read, in one sentence, followed by the accepted forms."""
    typed = typed.strip()[:40]
    if reading.problem == "unknown_qualifier":
        zh = f"“{typed}”中的“{reading.word}”不是可识别的限定词。"
        en = f"“{typed}”: “{reading.word}” is not a known qualifier."
    elif reading.problem == "percent_unit":
        zh = f"“{typed}”带有 %，但该指标的单位不是 %。"
        en = f"“{typed}” has a % sign, but the indicator's unit is not %."
    else:
        zh = f"“{typed}”不是数字。"
        en = f"“{typed}” is not a number."
    return f"{en} {ACCEPTED_FORMS[1]}" if lang == "en" else zh + ACCEPTED_FORMS[0]
