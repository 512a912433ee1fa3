"""Characters no font has are listed by the check with where they are; right-to-left text is
drawn in reading order."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import main
from exporters import blocks as b
from exporters.coverage import font_findings, uncovered_characters
from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.package import ExportRequest, export_plan
from exporters.pdf import render_pdf
from forms.demo import demo_plans
from forms.plan import Plan
from forms.template import load_template
from storage.database import open_database
from storage.repository import PlanRepository
from tests.exporters.pdf_glyphs import drawn_glyphs

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
HIEROGLYPH, TANGUT = "\U00013000", "\U00017000"  # in none of the fonts installed here


def demo_city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def odd_plan() -> Plan:
    plan = demo_city()
    plan.chapters[0].text = f"正文里有古文字{HIEROGLYPH}和CO₂。"
    plan.projects[0].name = f"西夏文{TANGUT}项目"
    return plan


def test_uncovered_characters_are_listed_with_their_places() -> None:
    plan = odd_plan()
    fonts = resolve_fonts()
    if any(f.covers(HIEROGLYPH) for f in (*fonts.fonts.values(), *fonts.fallbacks)):
        pytest.skip("a font on this computer has Egyptian hieroglyphs")
    document = build_document(plan, load_template(plan.meta.template_id, "city"), "zh")
    found = {u.char: u.places for u in uncovered_characters(document, fonts)}
    assert set(found) == {HIEROGLYPH, TANGUT}  # CO₂ is covered by a fallback font
    assert any("基本情况" in place for place in found[HIEROGLYPH])
    assert any("项目" in place for place in found[TANGUT])
    messages = [f.message("zh") for f in font_findings(document, fonts)]
    assert any("U+13000" in m and "方框" in m for m in messages)


def test_validate_and_the_package_report_list_them(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = odd_plan()
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    main.main(["--db", str(db_path), "--lang", "en", "validate", plan.id])
    out = capsys.readouterr().out
    assert "U+13000" in out and "U+17000" in out and "box" in out
    template = load_template(plan.meta.template_id, "city")
    export_plan(plan, template, ExportRequest(package=tmp_path / "p.zip"))
    with zipfile.ZipFile(tmp_path / "p.zip") as package:
        report = json.loads(package.read("check-report.json"))
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("pdf_font_missing_character") == 2


def _reading_order(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_right_to_left_text_is_drawn_in_reading_order(tmp_path: Path) -> None:
    arabic = "خطة الذروة 2030 للكربون"
    hebrew = "תוכנית 2030 לשיא"
    paragraphs = [b.Paragraph(f"阿拉伯文：{arabic}。"), b.Paragraph(f"希伯来文：{hebrew}。")]
    table = b.Table(header=("名称",), rows=((arabic,),), widths=(1,))
    document = b.Document(
        "zh", b.Cover("t", "", ""), "目录", [*paragraphs, table], front_matter=False
    )
    path = tmp_path / "rtl.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    marks = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
    # pdftotext spaces RTL runs its own way, and wraps them in bidi marks.
    text = "".join(_reading_order(path).translate(marks).split())
    assert "".join(arabic.split()) in text and "".join(hebrew.split()) in text, text
    # Drawn left to right in visual order: the last Arabic word first, the first one last,
    # and the number between them with its digits in order.
    drawn = "".join(glyph.char for glyph in drawn_glyphs(path))
    assert drawn.index("للكربون"[::-1]) < drawn.index("2030") < drawn.index("خطة"[::-1])
