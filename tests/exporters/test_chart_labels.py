"""The PDF's project investment chart names every field in full, on up to three lines."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import docx
import openpyxl
import pypdf
import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from exporters import blocks as b
from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import FontRole, resolve_fonts
from exporters.linebreak import text_width
from exporters.pdf import BLOCK_WIDTH, LEFT, _Renderer, render_pdf
from exporters.pdf_chart_labels import COLUMN, MAX_LINES, WIDEST_COLUMN, label_column
from exporters.xlsx import render_xlsx
from forms.plan import Plan
from tests.exporters.conftest import template_of

HOSTILE_FIELD = "Very long field name " * 14 + "and its end"  # 305 characters


def bar_chart(document: b.Document) -> b.BarChart:
    return next(block for block in document.blocks if isinstance(block, b.BarChart))


def chart_page_text(pdf: bytes, title: str) -> str:
    """The text of the page showing the chart, its white space made single spaces."""
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        text = " ".join(page.extract_text().split())
        if title in text:
            return text
    raise AssertionError(f"no page shows {title}")


def chart_drawing(document: b.Document) -> Drawing:
    renderer = _Renderer(document, resolve_fonts())
    flowable = renderer.chart(bar_chart(document))
    return next(f for f in flowable._content if isinstance(f, Drawing))  # type: ignore[attr-defined]


def test_the_english_chart_names_every_field_in_full(demo_city: Plan) -> None:
    """The labels were cut to a 50 mm column ("Energy saving and carbon …", "Environmental
    infrastruct…"); they now wrap onto two lines."""
    document = build_document(demo_city, template_of(demo_city), "en")
    chart = bar_chart(document)
    assert "Energy saving and carbon reduction retrofits" in chart.labels
    text = chart_page_text(render_pdf(document, resolve_fonts()), chart.title)
    for label in chart.labels:
        assert label in text, label
    assert "…" not in text


def test_the_chinese_chart_keeps_its_one_line_labels(demo_city: Plan) -> None:
    document = build_document(demo_city, template_of(demo_city), "zh")
    chart = bar_chart(document)
    text = chart_page_text(render_pdf(document, resolve_fonts()), chart.title)
    for label in chart.labels:
        assert label in text, label
    assert "…" not in text
    drawing = chart_drawing(document)  # as before: 16 points a bar, the 50 mm column
    assert drawing.height == len(chart.labels) * 16 + 52 + 24
    assert drawing.contents[0].x == 50 * mm


def hostile_document(plan: Plan) -> b.Document:
    plan.projects[0].field = HOSTILE_FIELD  # a field no template names: shown as typed
    plan.projects[1].field = "城镇老旧小区与既有公共建筑节能降碳综合改造（含可再生能源建筑应用）"
    return build_document(plan, template_of(plan), "en")


def test_a_hostile_field_name_is_shortened_and_stays_in_the_text_block(
    demo_city: Plan,
) -> None:
    document = hostile_document(demo_city)
    chart = bar_chart(document)
    assert HOSTILE_FIELD in chart.labels
    text = chart_page_text(render_pdf(document, resolve_fonts()), chart.title)
    assert HOSTILE_FIELD not in text
    assert text.count("…") == 1  # only the hostile label: the others are whole
    unspaced = text.replace(" ", "")  # a Chinese label's lines join without a space
    for label in chart.labels:
        if label != HOSTILE_FIELD:
            assert label.replace(" ", "") in unspaced, label
    left, _, right, _ = chart_drawing(document).getBounds()
    assert left >= 0 and right <= BLOCK_WIDTH  # labels, bars and their values


Word = tuple[str, float, float, float, float]  # text, xMin, yMin, xMax, yMax


def chart_words(pdf: Path, title: str) -> tuple[list[Word], float]:
    """(text, xMin, yMin, xMax, yMax) of the words on the page holding the bar chart, and
    the bottom of its title."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    wanted = title.split()
    for page in ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page"):
        words = [
            (w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page
        ]
        texts = [word[0] for word in words]
        for n in range(len(words) - len(wanted) + 1):
            if texts[n : n + len(wanted)] == wanted:
                return words, words[n + len(wanted) - 1][4]
    raise AssertionError(f"no page shows {title}")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("case", ["en", "zh", "hostile"])
def test_label_lines_never_touch_and_stay_in_the_block(
    demo_city: Plan, tmp_path: Path, case: str
) -> None:
    """The lines of the labels, left of the plot, one under another with space between."""
    if case == "hostile":
        document = hostile_document(demo_city)
    else:
        document = build_document(demo_city, template_of(demo_city), case)
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(render_pdf(document, resolve_fonts()))
    words, top = chart_words(pdf, bar_chart(document).title)
    axis = min(y0 for text, _, y0, _, _ in words if text == "0" and y0 > top)  # the axis start
    plot_x = LEFT + chart_drawing(document).contents[0].x
    labels = [w for w in words if top < w[2] < axis and w[3] <= plot_x]
    assert labels
    assert all(x0 >= LEFT - 0.5 and x1 <= LEFT + BLOCK_WIDTH + 0.5 for _, x0, _, x1, _ in words)
    lines = sorted({(y0, y1) for _, _, y0, _, y1 in labels})
    for (_, above_bottom), (below_top, _) in itertools.pairwise(lines):
        assert below_top - above_bottom >= 1.5, lines  # never touching


def font_of_body(document: b.Document) -> Callable[[str], str]:
    renderer = _Renderer(document, resolve_fonts())
    body = renderer.fonts[FontRole.BODY]
    return lambda char: renderer.markup.font_for(char, body).name


def test_the_label_column_wraps_widens_and_shortens_only_past_three_lines(
    demo_city: Plan,
) -> None:
    document = build_document(demo_city, template_of(demo_city), "en")
    font_of = font_of_body(document)
    labels = bar_chart(document).labels
    column = label_column(labels, font_of, 9)
    assert column.width == COLUMN  # two lines each fit the usual column
    assert column.most_lines == 2
    for label, lines in zip(labels, column.lines, strict=True):
        assert " ".join(lines) == label  # broken at spaces, nothing lost
        assert all(text_width(line, font_of, 9) <= column.room for line in lines)
    # "Energy saving and carbon …" is balanced, not "… carbon" over a lone word
    assert len(column.lines[1]) == 2 and "carbon" in column.lines[1][1]

    # A little too wide for 50 mm: the column grows rather than wrap.
    slightly = ("Energy infrastructure and more",)
    assert label_column(slightly, font_of, 9).lines == (slightly,)
    assert COLUMN < label_column(slightly, font_of, 9).width <= 60 * mm

    # Three lines at 50 mm but two in a wider column: the column grows.
    longer = ("Comprehensive green and low-carbon transformation of old industrial parks",)
    column = label_column(longer, font_of, 9)
    assert COLUMN < column.width <= WIDEST_COLUMN and len(column.lines[0]) == 2

    # Chinese labels break by the Chinese rules: no line starts with a closing bracket.
    chinese = ("城镇老旧小区与既有公共建筑节能降碳综合改造（含可再生能源建筑应用）",)
    lines = label_column(chinese, font_of, 9).lines[0]
    assert "".join(lines) == chinese[0] and 1 < len(lines) <= MAX_LINES
    assert not any(line[0] in "）)，、。" for line in lines)

    # Past three lines of the widest column: two lines and the rest, shortened when drawn.
    column = label_column((HOSTILE_FIELD, "Energy"), font_of, 9, widest=200 * mm)
    assert column.width == WIDEST_COLUMN  # however much the plot could spare
    first, second, rest = column.lines[0]
    assert text_width(rest, font_of, 9) > column.room
    assert f"{first} {second} {rest}" == HOSTILE_FIELD

    # Value labels that need the room: the column stays at 50 mm, the labels wrap more.
    assert label_column(labels, font_of, 9, widest=40 * mm).width == COLUMN


def test_word_and_the_workbook_name_every_field_in_full(demo_city: Plan) -> None:
    """Word gets the chart as a table, the workbook the fields in the project sheet: both
    carry the English labels whole, in columns wide enough to show them."""
    document = build_document(demo_city, template_of(demo_city), "en")
    labels = bar_chart(document).labels
    word = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in word.tables if t.rows[0].cells[-1].text == "Value (CNY 100m)")
    assert [row.cells[0].text for row in table.rows[1:]] == list(labels)
    workbook = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(demo_city, template_of(demo_city), [], "en"))
    )
    sheet = workbook["Key projects"]
    column = next(cell.column_letter for cell in sheet[1] if cell.value == "Field")
    fields = {cell.value for cell in sheet[column][1:] if cell.value}
    assert set(labels) <= fields
    assert sheet.column_dimensions[column].width >= max(map(len, labels))
