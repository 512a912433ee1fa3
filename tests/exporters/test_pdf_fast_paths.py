"""The PDF's fast paths write exactly what reportlab's own code writes: the same document
made both ways, with reportlab's invariant output (no date, fixed ids), is the same bytes."""

from __future__ import annotations

import copy
import io

import pytest
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen import canvas as pdfgen_canvas
from reportlab.pdfgen import pathobject, textobject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, flowables, paragraph
from reportlab.platypus import tables as rl_tables

from exporters import (
    pdf,
    pdf_numbers,
    pdf_paragraph,
    pdf_save,
    pdf_table,
    pdf_text,
    reportlab_fixes,
)
from exporters.document import build_document
from exporters.fonts import FontRole, resolve_fonts
from exporters.pdf import render_pdf
from exporters.pdf_text import draw_string
from forms.plan import Plan
from tests.exporters.conftest import demo_city_plan, make_nasty_plan, template_of


def pdf_bytes(plan: Plan, lang: str) -> bytes:
    return render_pdf(build_document(plan, template_of(plan), lang), resolve_fonts())


@pytest.fixture(scope="module")
def fast_pdfs() -> dict[str, tuple[Plan, bytes]]:
    """The plans the fast paths are compared on, each with its PDF made by every fast path
    (reportlab's invariant output): made once for the module (the demo city in Chinese and in
    English, the hostile plan), where each comparison made it again.  Each test renders its
    own PDF the other way, from the same plan (its dates included)."""
    made: dict[str, tuple[Plan, bytes]] = {}
    plans = {"city": demo_city_plan, "city-en": demo_city_plan, "hostile": make_nasty_plan}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rl_config, "invariant", 1)
        for which, make in plans.items():
            plan = make()
            made[which] = (plan, pdf_bytes(plan, "en" if which == "city-en" else "zh"))
    return made


def reportlab_draws_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Table cells drawn by reportlab's table, lines of text (the contents' dot leaders and
    page numbers, the page marks) by the canvas's own drawString and drawRightString."""

    def via_canvas(
        canvas: Canvas, xs: list[float], y: float, text: str, right: bool = False
    ) -> None:
        for x in xs:
            (canvas.drawRightString if right else canvas.drawString)(x, y, text)

    def one_via_canvas(canvas: Canvas, x: float, y: float, text: str, right: bool = False) -> None:
        via_canvas(canvas, [x], y, text, right)

    monkeypatch.setattr(pdf_table, "_Table", Table)
    monkeypatch.setattr(pdf, "draw_strings", via_canvas)
    monkeypatch.setattr(pdf, "draw_string", one_via_canvas)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_written_straight_is_what_reportlab_writes(
    fast_pdfs: dict[str, tuple[Plan, bytes]], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, fast = fast_pdfs["city-en" if lang == "en" else "city"]
    monkeypatch.setattr(rl_config, "invariant", 1)
    reportlab_draws_everything(monkeypatch)
    assert pdf_bytes(plan, lang) == fast


def test_tables_of_hostile_text_are_written_as_reportlab_writes_them(
    fast_pdfs: dict[str, tuple[Plan, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, fast = fast_pdfs["hostile"]
    monkeypatch.setattr(rl_config, "invariant", 1)
    reportlab_draws_everything(monkeypatch)
    assert pdf_bytes(plan, "zh") == fast


def _many_ideographs() -> str:
    """Text whose characters fill several of the font's 256-glyph subsets."""
    body = resolve_fonts()[FontRole.BODY]
    return "".join(chr(c) for c in range(0x4E00, 0x5200) if body.covers(chr(c)))


@pytest.mark.parametrize(
    "text", ["", ".", "A b  c", "单位（万吨）\\ (x) ）", "碳达峰" * 60, "many ideographs"]
)
@pytest.mark.parametrize("where", ["left", "centre", "right"])
def test_a_line_written_straight_is_what_the_canvas_writes(text: str, where: str) -> None:
    text = _many_ideographs() if text == "many ideographs" else text
    font = resolve_fonts()[FontRole.BODY].name
    reportlab_way, straight = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    for canvas in (reportlab_way, straight):
        canvas.setFont(font, 10.5, 14.2)
    draw = {
        "left": reportlab_way.drawString,
        "centre": reportlab_way.drawCentredString,
        "right": reportlab_way.drawRightString,
    }[where]
    shift = {"left": 0.0, "centre": 0.5, "right": 1.0}[where]
    for y in (700.0, 686.5):  # twice: the second line reuses the subsets the first made
        draw(72.25, y, text)
        if where == "right":
            draw_string(straight, 72.25, y, text, right=True)
        else:  # (as a centred table cell)
            draw_string(straight, 72.25 - shift * straight.stringWidth(text), y, text)
    assert straight._code == reportlab_way._code


def test_a_cell_repeated_in_a_tables_column_is_broken_into_lines_once(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[object, ...]] = []
    real = pdf_table.TableLayout._new_cell

    def counted(
        layout: pdf_table.TableLayout, text: str, font: object, style: object, column: int
    ) -> object:
        made.append((layout, text, font, style, column))  # kept alive: no id reused
        return real(layout, text, font, style, column)

    monkeypatch.setattr(pdf_table.TableLayout, "_new_cell", counted)
    pdf_bytes(demo_city, "zh")
    assert made and len(made) == len(set(made))
    texts = [text for _, text, *_ in made]
    assert len(set(texts)) < len(texts)  # the same text in other tables or columns is laid out


def _styled_by_commands(
    layout: pdf_table.TableLayout, header: object, rows: list, options: dict
) -> Table:
    """The table with every cell's style set by reportlab's own style commands."""
    everything = ([header] if header else []) + rows
    header_rows = 1 if header else 0
    size, body = layout.size, layout.fonts.body
    style: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), body.name),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size * pdf_table.LEADING_RATIO),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pdf_table.CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), pdf_table.CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), pdf_table.TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pdf_table.BOTTOM_PADDING),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, 0), pdf_table.HEADER_GREY))
        style.append(("ALIGN", (0, 0), (-1, 0), "CENTER"))
    style += [
        ("ALIGN", (c, header_rows), (c, -1), "RIGHT")
        for c in range(len(layout.widths))
        if layout.table.is_numeric(c)
    ]
    data = []
    for index, row in enumerate(everything):
        for column, cell in enumerate(row.cells):
            at = (column, index), (column, index)
            if cell.plain is not None and cell.plain is not body:
                style.append(("FONTNAME", *at, cell.plain.name))
            if cell.plain is not None and cell.size != size:
                style += [("FONTSIZE", *at, cell.size), ("LEADING", *at, cell.leading)]
        data.append([layout._piece(cell) for cell in row.cells])
        style.append(("TOPPADDING", (0, index), (-1, index), row.top))
        style.append(("BOTTOMPADDING", (0, index), (-1, index), row.bottom))
    return pdf_table._Table(
        data, colWidths=layout.widths, repeatRows=header_rows, style=style, **options
    )


def test_cells_alike_share_one_style(demo_city: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    tables: list[Table] = []
    real = pdf_table.TableLayout.reportlab_table

    def kept(self: pdf_table.TableLayout, *args: object) -> Table:
        tables.append(real(self, *args))
        return tables[-1]

    monkeypatch.setattr(pdf_table.TableLayout, "reportlab_table", kept)
    pdf_bytes(demo_city, "zh")
    for table in tables:
        cells = [style for row in table._cellStyles for style in row]
        assert len({id(style) for style in cells}) <= 2 * len(table._colWidths)


def test_rows_of_plain_cells_are_not_measured_again_by_reportlab(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables: list[Table] = []
    real = pdf_table.TableLayout.reportlab_table

    def kept(self: pdf_table.TableLayout, *args: object) -> Table:
        tables.append(real(self, *args))
        return tables[-1]

    monkeypatch.setattr(pdf_table.TableLayout, "reportlab_table", kept)
    pdf_bytes(demo_city, "zh")
    plain = [t for t in tables if all(isinstance(v, str) for r in t._cellvalues for v in r)]
    assert plain and all(None not in table._argH for table in plain)


def test_the_rows_of_a_table_are_made_into_a_reportlab_table_once(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[list[object]] = []  # (kept: no two rows alive share an id)
    real = pdf_table.TableLayout.reportlab_table

    def counted(self: pdf_table.TableLayout, header: object, rows: list, options: dict) -> Table:
        made.append([header, *rows])
        return real(self, header, rows, options)

    monkeypatch.setattr(pdf_table.TableLayout, "reportlab_table", counted)
    pdf_bytes(demo_city, "zh")  # (its tables are kept with their captions: wrapped twice)
    assert made and len(made) == len({tuple(map(id, rows)) for rows in made})


def test_text_cut_into_subsets_at_c_speed_is_cut_as_reportlab_cuts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    font = getFont(resolve_fonts()[FontRole.BODY].name)
    canvas = Canvas(io.BytesIO())
    many = _many_ideographs()
    texts = ["", "碳达峰 CO2", "a\xa0b", many, "碳达峰 CO2" + many[::7], many[600:700]]
    texts += [many[600:610] + "\x00", "\x00" + many[600:610], many[600:610] + "\ufffe"]
    first = [reportlab_fixes._split_string(font, text, canvas._doc) for text in texts]
    slow: list[str] = []
    real = reportlab_fixes._split_string

    def counted(font: object, text: str, *args: object) -> object:
        slow.append(text)
        return real(font, text, *args)

    monkeypatch.setattr(reportlab_fixes, "_split_string", counted)
    assert [font.splitString(text, canvas._doc) for text in texts] == first
    # every other character had its code already (U+FFFE, not in the font, has none)
    assert slow == ["a\xa0b", many[600:610] + "\ufffe"]


def test_subsets_beyond_the_basic_plane_are_encoded_by_a_dictionary() -> None:
    subsets = reportlab_fixes._Subsets()
    table = subsets.encoding_map({0: 0, 32: 32, 0x20000: 257, 0x4E00: 258}, 1)
    assert table == {0: 0, 0x20000: 1, 0x4E00: 2}  # no entry for U+FFFE, "no character"
    assert type(reportlab_fixes._Subsets().encoding_map({0: 0, 0x4E00: 258}, 1)) is not dict


def test_a_long_text_is_covered_as_character_by_character() -> None:
    body = resolve_fonts()[FontRole.BODY]
    text = "碳达峰试点实施方案，2030年前。" * 30
    assert body.covers_all(text)
    assert not body.covers_all(text + "\U0001f600")
    assert body.covers_all(text[:40]) and not body.covers_all(text[:40] + "\U0001f600")


def test_a_paragraph_tried_on_several_pages_is_broken_into_lines_once(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken: list[tuple[str, tuple[float, ...]]] = []
    real = reportlab_fixes._word_split

    def counted(word: str, max_widths: list[float], *args: object) -> object:
        broken.append((word, tuple(max_widths)))
        return real(word, max_widths, *args)

    monkeypatch.setattr(reportlab_fixes, "_word_split", counted)
    monkeypatch.setattr(rl_config, "invariant", 1)
    fast = pdf_bytes(demo_city, "zh")
    assert broken and len(broken) == len(set(broken))
    monkeypatch.setattr(paragraph, "wordSplit", real)  # reportlab's own, every time
    assert pdf_bytes(demo_city, "zh") == fast


def test_the_text_map_writes_each_character_as_utf16() -> None:
    """Characters of one UTF-16 unit written straight, others as surrogate pairs."""
    for code in (0x20, 0x4E2D, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x20BB7, 0x1F600, 0x10FFFF):
        utf16 = chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
        assert reportlab_fixes._utf16_hex(code) == utf16


def test_a_frame_copies_as_deepcopy_copies_it(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pdf._Frame(10, 20, 300, 400, id="block")
    frame._frameBGs = [("bg", [1, 2])]
    copied: list[object] = []
    real = pdf.deepcopy

    def counted(value: object, memo: object = None) -> object:
        copied.append(value)
        return real(value, memo)

    monkeypatch.setattr(pdf, "deepcopy", counted)
    clone = copy.deepcopy(frame)
    assert vars(clone) == vars(frame) and type(clone) is pdf._Frame
    assert clone._frameBGs is not frame._frameBGs
    assert copied == [frame._frameBGs]  # numbers and names are not copied one by one


def reportlab_writes_the_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF's objects written by reportlab's own ``pdfdoc`` code."""
    monkeypatch.setattr(pdfdoc, "format", pdf_save._format)
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", pdf_save.pdfdoc_enc_other)
    monkeypatch.setattr(pdfdoc.PDFDictionary, "format", pdf_save._dictionary_format)


def reportlab_builds_the_table_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_table.TableLayout, "reportlab_table", _styled_by_commands)


def reportlab_draws_the_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph.Paragraph, "drawPara", pdf_paragraph._draw_para)


def reportlab_measures_the_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph, "stringWidth", pdf_text._string_width)


def reportlab_parses_the_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph.Paragraph, "_setup", pdf_paragraph._setup)


def reportlab_formats_every_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each number formatted by reportlab's ``fp_str`` every time it is written."""
    for module in (
        pdfgen_canvas,
        pathobject,
        textobject,
        pdfdoc,
        ttfonts,
        colors,
        flowables,
        rl_tables,
    ):
        monkeypatch.setattr(module, "fp_str", pdf_numbers._fp_str)
    for module in (pdf_save, pdf_table, pdf_text):
        monkeypatch.setattr(module, "number", pdf_numbers._fp_str)


def reportlab_wraps_the_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph.Paragraph, "wrap", pdf_paragraph._wrap)


# Each fast path, and how reportlab's own code is put back in its place.
REPORTLAB_OWN = {
    "table styles made at once": reportlab_builds_the_table_styles,
    "objects written by type": reportlab_writes_the_objects,
    "paragraph lines written straight": reportlab_draws_the_paragraphs,
    "word widths remembered": reportlab_measures_the_words,
    "plain paragraphs without the parser": reportlab_parses_the_paragraphs,
    "numbers formatted once": reportlab_formats_every_number,
    "paragraphs wrapped once a width": reportlab_wraps_the_paragraphs,
}


@pytest.mark.parametrize("which", ["city", "city-en", "hostile"])
@pytest.mark.parametrize("fast_path", list(REPORTLAB_OWN))
def test_each_fast_path_writes_what_reportlabs_own_code_writes(
    fast_pdfs: dict[str, tuple[Plan, bytes]],
    which: str,
    fast_path: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, fast = fast_pdfs[which]
    lang = "en" if which == "city-en" else "zh"
    monkeypatch.setattr(rl_config, "invariant", 1)
    REPORTLAB_OWN[fast_path](monkeypatch)
    assert pdf_bytes(plan, lang) == fast


def test_a_plain_paragraph_is_the_parsers_piece_of_text() -> None:
    style = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=9, textTransform="uppercase")
    for text in ("a  plain\n  paragraph ", "碳达峰 CO2", "x"):
        made = paragraph.Paragraph(text, style)
        parsed = paragraph.Paragraph.__new__(paragraph.Paragraph)
        parsed.caseSensitive = 1
        pdf_paragraph._setup(parsed, text, style, None, None, paragraph.cleanBlockQuotedText)
        assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags]
        assert (made.text, made.style, made.bulletText) == (parsed.text, parsed.style, None)
        assert made.frags[0].link is not parsed.frags[0].link


def test_a_misspelt_chart_attribute_fails_in_the_tests() -> None:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    with pytest.raises(AttributeError):
        HorizontalBarChart().barWidht = 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "values",
    [(), (1,), (1.0,), (True,), (-0.0,), (1e-8,), (0.1 + 0.2,), (123456.789, -3.5), ([1, 2.5],)],
)
def test_a_number_remembered_is_written_as_fp_str_writes_it(values: tuple) -> None:
    for _ in range(2):  # made, then remembered
        assert pdf_numbers.fp_str(*values) == pdf_numbers._fp_str(*values)
    with pytest.raises(ValueError):
        pdf_numbers.fp_str(None)


def test_a_paragraph_wrapped_again_at_its_width_keeps_its_lines() -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    made = paragraph.Paragraph("a few words " * 20, style)
    assert made.wrap(200, 1000) == made.wrap(200, 50)
    lines = made.blPara
    assert made.wrap(200, 1000)[1] == 12 * len(lines.lines) and made.blPara is lines
    assert made.wrap(0, 1000) == (0, 0x7FFFFFFF)  # too narrow: nothing to break
    assert made.wrap(100, 1000)[1] > made.wrap(200, 1000)[1]
    assert made.blPara is not lines  # broken again at another width
    wider = ParagraphStyle("wider", parent=style, leading=20)
    made.style = wider
    assert made.wrap(200, 1000)[1] == 20 * len(made.blPara.lines)
