"""Charts read honestly: the value axis of every exported chart starts at zero."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.plan import Plan
from tests.exporters.conftest import template_of

CHART_TITLE = "二氧化碳排放趋势（万吨）"


def words_on_chart_page(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, right edge, top) of every word on the page holding the trajectory chart."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    pages = ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page")
    for page in pages:
        words = [(w.text or "", float(w.get("xMax")), float(w.get("yMin"))) for w in page]
        if any(text == CHART_TITLE for text, _, _ in words):
            return words
    raise AssertionError("no page shows the trajectory chart")


def value_axis_labels(words: list[tuple[str, float, float]]) -> list[str]:
    """The numbers right-aligned in one column left of the plot, top to bottom."""
    numbers = [
        (t, x, y) for t, x, y in words if re.fullmatch(r"\d+", t) and not 2000 <= int(t) <= 2060
    ]
    columns: dict[float, list[tuple[str, float]]] = {}
    for text, right, top in numbers:
        columns.setdefault(round(right, 1), []).append((text, top))
    axis = max(columns.values(), key=len)
    return [text for text, _ in sorted(axis, key=lambda item: item[1])]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_trajectory_chart_starts_at_zero(demo_city: Plan, tmp_path: Path) -> None:
    pdf = tmp_path / "city.pdf"
    pdf.write_bytes(
        render_pdf(build_document(demo_city, template_of(demo_city), "zh"), resolve_fonts())
    )
    labels = value_axis_labels(words_on_chart_page(pdf))
    assert len(labels) >= 3
    assert labels[-1] == "0", labels  # the lowest label
    assert [int(v) for v in labels] == sorted((int(v) for v in labels), reverse=True)


def test_the_workbook_trajectory_chart_starts_at_zero(demo_city: Plan, tmp_path: Path) -> None:
    template = template_of(demo_city)
    path = tmp_path / "city.xlsx"
    path.write_bytes(render_xlsx(demo_city, template, check_plan(demo_city, template)))
    with zipfile.ZipFile(path) as workbook:
        charts = [n for n in workbook.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        for name in charts:
            chart = ElementTree.fromstring(workbook.read(name))
            ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
            minimum = chart.find("c:chart/c:plotArea/c:valAx/c:scaling/c:min", ns)
            assert minimum is not None and float(minimum.get("val")) == 0, name


def words_on_page_with(pdf: Path, title: str) -> list[tuple[str, float, float]]:
    """(text, left edge, top) of every word on the page whose words include ``title``."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    for page in ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page"):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin"))) for w in page]
        if title in " ".join(text for text, _, _ in words):
            return words
    raise AssertionError(f"no page shows {title}")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    ("lang", "title", "unit"),
    [
        ("zh", "重点项目投资按领域分布（亿元）", "亿元"),
        ("en", "Investment in key projects by field (CNY 100m)", "CNY 100m"),
    ],
)
def test_the_project_investment_chart_counts_in_100_million_yuan(
    demo_city: Plan, tmp_path: Path, lang: str, title: str, unit: str
) -> None:
    """The demo city's ¥16.9bn of energy projects drew "1690000" and an axis up to "2000000"
    (万元): the chart now counts in 亿元 — 169.0 on an axis to 250 — and says so."""
    pdf = tmp_path / "city.pdf"
    document = build_document(demo_city, template_of(demo_city), lang)
    pdf.write_bytes(render_pdf(document, resolve_fonts()))
    title_end, unit_end = title.split()[-1], unit.split()[-1]  # "100m)", "100m" in English
    words = words_on_page_with(pdf, title)
    top = next(top for text, _, top in words if text == title_end)
    bottom = max(y for text, _, y in words if text == unit_end)  # the axis's title, under it
    numbers = [t for t, _, y in words if top < y < bottom and re.fullmatch(r"\d+(\.\d+)?", t)]
    assert "169.0" in numbers and "0" in numbers, numbers  # a bar's label, the axis's start
    assert all(len(n) <= 5 for n in numbers), numbers  # "250", "38.1", never "2000000"


def test_the_word_file_gives_the_investment_chart_in_100_million_yuan(demo_park: Plan) -> None:
    """Word gets the chart as a table, with the chart's unit and one precision per column."""
    document = build_document(demo_park, template_of(demo_park), "zh")
    word = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in word.tables if t.rows[0].cells[-1].text == "数值（亿元）")
    values = [row.cells[1].text for row in table.rows[1:]]
    assert values[0] == "44.86" and values[-1] == "0.80", values  # 448600 and 8000 万元
