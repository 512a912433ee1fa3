"""Every glyph the PDF draws exists in the font that draws it, wherever the text is: checked in
the fonts embedded in the file (pypdf + fontTools), not by asking a font beforehand."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from exporters import blocks as b
from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from forms.demo import demo_plans
from forms.plan import Plan
from forms.template import load_template
from tests.exporters.pdf_glyphs import boxes, drawn_glyphs

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
SYMBOLS = "CO₂ ≥ ≤ ‰ ℃ ㎡ ① ± × 万tCO₂e/m²"


def demo_city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def export(plan: Plan, path: Path, lang: str = "zh") -> Path:
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    path.write_bytes(render_pdf(build_document(plan, template, lang), resolve_fonts()))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_city_draws_no_box(tmp_path: Path, lang: str) -> None:
    """Also a CO₂ the user typed (the documents' own labels write CO2) in an English
    document, whose text font is a Latin one."""
    plan = demo_city()
    plan.chapters[0].text += "\n\nCO₂ emissions peak by 2028."
    path = export(plan, tmp_path / "city.pdf", lang)
    assert not boxes(path), boxes(path)[:5]
    assert any(glyph.char == "₂" for glyph in drawn_glyphs(path))  # CO₂ drawn, not dropped


def test_symbols_everywhere_are_drawn_from_fonts_that_have_them(tmp_path: Path) -> None:
    plan = demo_city()
    plan.meta.name = f"云岚市{SYMBOLS}"
    plan.chapters[0].text = f"正文中的符号：{SYMBOLS}。"
    plan.chapters[1].title_zh = f"章节{SYMBOLS}"
    plan.indicators[0].department = SYMBOLS
    plan.indicators[0].note = SYMBOLS
    plan.projects[0].name = f"项目{SYMBOLS}"
    plan.projects[0].content = SYMBOLS * 3
    path = export(plan, tmp_path / "symbols.pdf")
    assert not boxes(path), boxes(path)[:5]
    drawn = {glyph.char for glyph in drawn_glyphs(path)}
    assert set(SYMBOLS.replace(" ", "")) <= drawn


def test_chart_labels_fall_back_per_character(tmp_path: Path) -> None:
    chart = b.BarChart(f"图{SYMBOLS}", (f"领域{SYMBOLS}", "另一个领域"), (10.0, 5.0), "")
    line = b.LineChart(
        f"趋势{SYMBOLS}",
        (2020, 2021, 2022),
        (b.Series(f"情景{SYMBOLS}", (1.0, 2.0, 1.5)),),
        f"万吨CO₂{SYMBOLS}",
        (2021, 2.0, f"峰值CO₂{SYMBOLS}"),
        (2022, f"达峰≥{SYMBOLS}"),
    )
    document = b.Document("zh", b.Cover("t", "", ""), "目录", [chart, line], front_matter=False)
    path = tmp_path / "charts.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    assert not boxes(path), boxes(path)[:5]
    assert "₂" in {glyph.char for glyph in drawn_glyphs(path)}


def _cell_lines(path: Path) -> list[str]:
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in raw.splitlines()]


@pytest.mark.parametrize("width", [0.3, 0.4, 0.5, 0.9])
def test_cells_never_break_inside_a_number_or_a_bracketed_token(
    tmp_path: Path, width: float
) -> None:
    text = "单位地区生产总值能耗较2020年下降14.5%，碳排放强度（tCO₂/万元）下降18.0%以上"
    table = b.Table(header=("指标", "说明"), rows=(("1", text),), widths=(1, width))
    document = b.Document("zh", b.Cover("t", "", ""), "目录", [table], front_matter=False)
    path = tmp_path / "cells.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    lines = _cell_lines(path)
    assert text in "".join(lines)
    for token in ("较2020年", "14.5%", "（tCO₂/万元）", "18.0%"):
        assert any(token in line for line in lines), (token, lines)


def test_a_token_wider_than_its_cell_shrinks_the_font(tmp_path: Path) -> None:
    token = "(tCO₂e/10⁴CNY·yr)"
    table = b.Table(header=("代码", "单位"), rows=(("1", token),), widths=(6, 1))
    document = b.Document("zh", b.Cover("t", "", ""), "目录", [table], front_matter=False)
    path = tmp_path / "shrink.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    assert any(token in line for line in _cell_lines(path)), _cell_lines(path)
    assert not boxes(path)
