"""Numbers as people type them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.values import english_quantity, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        (" 12.5 ", 12.5),
        ("1,234.5", 1234.5),
        ("１２３", 123.0),
        ("１２３．５", 123.5),
        ("15%", 15.0),
        ("15 %", 15.0),
        ("−13.5", -13.5),
        ("－2", -2.0),
        ("+3", 3.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("240万千瓦", 240.0),
    ],
)
def test_numbers_people_type_are_read(text: str, expected: float) -> None:
    parsed = parse_number(text, unit="万千瓦")
    assert parsed.ok and parsed.number == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["abc", "12..5", "1,23", "1.2.3", "nan", "inf", "<b>1</b>", "=1+1", "１２３abc"]
)
def test_non_numbers_are_invalid_not_exceptions(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.invalid and not parsed.ok


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_blank(text: str | None) -> None:
    assert parse_number(text).blank


@settings(deadline=None)  # what is checked is the answer, not its speed (200 ms by default)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    parse_number(text, unit="%")


@settings(deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_formatted_numbers_read_back(number: float) -> None:
    assert parse_number(format_number(number, 4)).number == pytest.approx(number, abs=1e-4)


def test_format_number_keeps_the_zeros_of_whole_numbers() -> None:
    from forms.values import format_number

    assert format_number(3970.4, 0) == "3970"
    assert format_number(4000, 0) == "4000"
    assert format_number(12.50) == "12.5"


def test_format_number_writes_numbers_as_official_documents_do() -> None:
    from forms.values import format_number

    assert format_number(39712345.6, 1) == "39712345.6"  # no thousands separators
    assert format_number(5079, 1, fixed=True) == "5079.0"  # one precision per column
    assert format_number(-0.0001, 2) == "0"
    assert format_number(-0.0001, 1, fixed=True) == "0.0"


def test_a_figure_read_again_is_remembered_not_parsed_again() -> None:
    """The check reads every figure of a plan after each edit: the same text is read once."""
    assert parse_number("１２,３４５.６") is parse_number("１２,３４５.６")
    assert parse_number("240万千瓦", "万千瓦").number == 240.0
    assert parse_number("240万千瓦").invalid  # the unit is part of what is remembered
    assert parse_number(None).blank and parse_number("  ").blank


@pytest.mark.parametrize(
    ("amount", "unit", "scale", "expected"),
    [
        (2537000, "t", 1, "2.537 million t"),
        (1159500, "tce", 1, "1.16 million tce"),  # as the Chinese text rounds 115.95万 to 116
        (68000, "t", 1, "68,000 t"),
        (2600, "t", 1, "2,600 t"),
        (999.96, "t", 1, "1,000 t"),
        (12.5, "t", 1, "12.5 t"),
        (4285.0, "t", 10000, "42.85 million t"),  # 万吨 written in English
        ("4300", "t", 10000, "43 million t"),
        ("待定", "t", 10000, "待定"),
    ],
)
def test_english_quantities_read_as_english(
    amount: float | str, unit: str, scale: float, expected: str
) -> None:
    assert english_quantity(amount, unit, scale=scale) == expected
