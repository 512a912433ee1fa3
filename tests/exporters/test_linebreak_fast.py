"""Table cells that fit on one line are not broken into tokens (large plans export faster),
and every cell is broken exactly as before."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import getFont

from exporters import linebreak, reportlab_fixes

FONT = "Helvetica"


def _font_of(_char: str) -> str:
    return FONT


def test_a_cell_that_fits_is_not_tokenized(monkeypatch: pytest.MonkeyPatch) -> None:
    getFont(FONT)

    def refuse(_text: str) -> list[str]:
        raise AssertionError("a fitting cell was tokenized")

    monkeypatch.setattr(linebreak, "tokens", refuse)
    fitted = linebreak.fit_cell("14.5% (tCO2)  ", 200.0, _font_of, 10.0)
    assert fitted.lines == ["14.5% (tCO2)"]
    assert fitted.size == 10.0


@pytest.mark.parametrize(
    "text",
    ["", "   ", "12 345.6", "energy intensity down 14.5% by 2025", "a\nb c", "x" * 80],
)
@pytest.mark.parametrize("room", [8.0, 40.0, 400.0])
def test_fitting_cells_break_as_the_token_path_does(text: str, room: float) -> None:
    getFont(FONT)
    fitted = linebreak.fit_cell(text, room, _font_of, 10.0)
    parts = [linebreak._measure(part, _font_of) for part in text.split("\n")]
    widest = max((t.trimmed for part in parts for t in part), default=0.0) * 10.0 / 1000
    size = max(linebreak.MIN_CELL_SIZE, 10.0 * room / widest * 0.999) if widest > room else 10.0
    scaled = room * 1000.0 / size
    expected = [line for part in parts for line in linebreak._pack(part, scaled, _font_of)]
    assert (fitted.lines, fitted.size) == (expected, size)


@pytest.mark.parametrize(
    "text",
    ["", "12 345.6", "energy intensity down 14.5% by 2025", "a\nb c", "x" * 80, "W" * 300],
)
@pytest.mark.parametrize("room", [8.0, 40.0, 400.0])
def test_a_cell_in_one_font_breaks_as_measured_character_by_character(
    text: str, room: float
) -> None:
    """A cell one font draws is measured from that font's table of widths (faster), with
    exactly the lines and size of the per-character measure."""
    getFont(FONT)
    by_name = linebreak.fit_cell(text, room, FONT, 10.0)
    by_character = linebreak.fit_cell(text, room, _font_of, 10.0)
    assert (by_name.lines, by_name.size) == (by_character.lines, by_character.size)
    assert linebreak.text_width(text, FONT, 9.0) == linebreak.text_width(text, _font_of, 9.0)


def test_paragraph_line_breaking_reads_the_font_table_of_widths() -> None:
    """reportlab's CJK paragraph breaking measures each character from the same table (one
    dict lookup a character), with the widths it had."""
    font = "Helvetica-Oblique"  # a font no other test measures
    getFont(font)
    word = "energy intensity down 14.5% 碳达峰"
    scale = 10.5 / 1000.0
    expected = [reportlab_fixes.unit_width(char, font) * scale for char in word]
    assert reportlab_fixes.char_widths(word, font, 10.5) == expected
    assert set(word) <= reportlab_fixes.widths_of(font).keys()
