"""Table cells that fit on one line are not broken into tokens (large plans export faster),
every cell is broken exactly as before, and breaks are found by the rules of line breaking."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import getFont

from exporters import cjk_split, linebreak, reportlab_fixes

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


def _breaks_char_by_char(text: str) -> list[str]:
    """The rules of line breaking applied to each pair of neighbours in turn (the way the
    breaks were found before they were found by regular expressions)."""
    inside = set()
    for match in linebreak._PAREN.finditer(text):
        inside.update(range(match.start() + 1, match.end()))
    starts = [0]
    cannot_start, cannot_end = reportlab_fixes.CANNOT_START, linebreak._CANNOT_END
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if before.isspace():
            glued = char.isspace()
        elif char.isspace() or i in inside or char in cannot_start or before in cannot_end:
            glued = True
        else:
            word_before, word_char = (
                bool(linebreak._WORD.match(before)),
                bool(linebreak._WORD.match(char)),
            )
            glued = (word_before and (word_char or char.isalnum())) or (
                word_char and before.isalnum()
            )
        if not glued:
            starts.append(i)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


_SAMPLE = (
    "中文碳达峰 \t\u3000aZ09０Ａ.,%‰℃°₂²+-−–/:×·~～#&_'@$€=<>≤±"
    "（）()[]【】《》「」“”‘’，。、；：？！…—"
    "é\u00a0\u200b\U00020000😀αβ١٢"
)


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(
                _SAMPLE + reportlab_fixes.CANNOT_START + "".join(linebreak._CANNOT_END)
            ),
            st.characters(blacklist_categories=("Cs",)),
        ),
        max_size=40,
    )
)
def test_breaks_fall_where_the_rules_put_them(text: str) -> None:
    assert linebreak.tokens(text) == _breaks_char_by_char(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("较2020年下降14.5%", ["较2020年", "下", "降14.5%"]),
        ("单位（万吨）合计", ["单", "位", "（万吨）", "合", "计"]),
        ("CO₂ emissions, (t CO2)", ["CO₂ ", "emissions, ", "(t ", "CO2)"]),
        ("实现。”下一", ["实", "现。”", "下", "一"]),
    ],
)
def test_numbers_words_and_closing_marks_stay_with_their_neighbours(
    text: str, expected: list[str]
) -> None:
    assert linebreak.tokens(text) == expected


_PARAGRAPH_CHARS = "碳达峰中文，。、）」abc XYZ 12.5%-\u3000"
_MAX_WIDTHS = st.one_of(  # one width for every line, or the first lines' own
    st.floats(-5, 500, allow_nan=False),
    st.lists(st.floats(0, 500, allow_nan=False), min_size=1, max_size=3),
)


def _paragraph(widths: list[float]) -> st.SearchStrategy[list[tuple[str, float]]]:
    """A paragraph's characters, each with one of ``widths``."""
    return st.lists(
        st.tuples(st.sampled_from(_PARAGRAPH_CHARS), st.sampled_from(widths)), max_size=200
    )


@settings(max_examples=1500, deadline=None)
@given(_paragraph([16.0, 8.0, 4.5, 7.123, 0.0]), _MAX_WIDTHS)
def test_a_paragraph_in_one_font_breaks_into_reportlabs_lines(
    chars: list[tuple[str, float]], max_widths: float | list[float]
) -> None:
    word, widths = "".join(c for c, _ in chars), [w for _, w in chars]
    reportlab_fixes.apply()  # the Chinese marks that may not start a line, as in an export
    assert cjk_split.reportlab_split(word, widths, max_widths) == cjk_split._dumb_split(
        word, widths, max_widths
    )


def _breaks_a_rule(lines: list[list[object]]) -> bool:
    cannot_start, cannot_end = textsplit.ALL_CANNOT_START, textsplit.ALL_CANNOT_END
    texts = [str(text) for _, text in lines]
    return any(
        (after[:1] and after[0] in cannot_start) or (before[-1:] and before[-1] in cannot_end)
        for before, after in pairwise(texts)
    )


def _breaks_any_rule(lines: list[list[object]]) -> bool:
    """A break between two lines is one the splitter moves: the marks' rules, or a figure
    parted from its word."""
    texts = [str(text) for _, text in lines]
    return _breaks_a_rule(lines) or any(
        before and after and cjk_split.bad_break(before + after, len(before))
        for before, after in pairwise(texts)
    )


@settings(max_examples=1500, deadline=None)
# (no mark of no width here: reportlab drops one that ends a paragraph)
@given(_paragraph([16.0, 8.0, 4.5, 7.123]), _MAX_WIDTHS)
def test_a_paragraph_keeps_reportlabs_lines_where_they_keep_the_marks_rules(
    chars: list[tuple[str, float]], max_widths: float | list[float]
) -> None:
    word, widths = "".join(c for c, _ in chars), [w for _, w in chars]
    reportlab_fixes.apply()
    reportlabs = cjk_split._dumb_split(word, widths, max_widths)
    if not _breaks_any_rule(reportlabs):
        assert cjk_split.dumb_split(word, widths, max_widths) == reportlabs


_MARKED_TEXT = st.text(alphabet="碳达峰中文试点，。、）」”“（《", min_size=1, max_size=300).filter(
    lambda text: "，，，" not in text and not re.search(r"[，。、）」”“（《]{3}", text)
)


@settings(max_examples=1500, deadline=None)
@given(_MARKED_TEXT, st.integers(8, 40))
def test_no_line_begins_with_a_closing_mark_or_ends_with_an_opening_one(
    word: str, characters: int
) -> None:
    """“绿岛”，” broken after the quote began the next line with the comma (reportlab hangs
    one closing mark, never two), and a line could end with “按“”."""
    reportlab_fixes.apply()
    widths = [16.0] * len(word)
    lines = cjk_split.dumb_split(word, widths, 16.0 * characters)
    assert "".join(str(text) for _, text in lines) == word
    assert not _breaks_a_rule(lines), lines
    for space, text in lines:  # each line's space left over is its own
        assert space == pytest.approx(16.0 * characters - 16.0 * len(str(text)))


def test_two_closing_marks_go_down_with_the_character_before_them() -> None:
    reportlab_fixes.apply()
    word = "建设集中喷涂和活性炭集中再生“绿岛”，2025年完成"
    full = word.index("”") + 1  # the line is full at the closing quote
    lines = cjk_split.dumb_split(word, [16.0] * len(word), 16.0 * (full - 1))
    assert [text for _, text in lines][:2] == ["建设集中喷涂和活性炭集中再生“绿", "岛”，2025年完成"]


def test_reportlab_breaks_paragraphs_with_the_fast_splitter() -> None:
    reportlab_fixes.apply()
    assert textsplit.dumbSplit is cjk_split.dumb_split


def test_a_figure_stays_with_the_word_it_counts() -> None:
    """The lead-department notes ended “完成时限：2024—2030” with “年” alone on the next line."""
    reportlab_fixes.apply()
    word = "牵头单位：市科技局；完成时限：2024—2030年"
    widths = [8.0 if char.isascii() or char == "—" else 16.0 for char in word]
    full = sum(widths[: word.index("年")])  # the line is full just before 年
    lines = [text for _, text in cjk_split.dumb_split(word, widths, full)]
    assert lines == ["牵头单位：市科技局；完成时限：", "2024—2030年"]
