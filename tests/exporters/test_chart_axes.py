"""Charts read honestly: the value axis of every exported chart starts at zero."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from exporters.document import build_document
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
