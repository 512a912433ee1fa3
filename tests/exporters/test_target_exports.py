"""Qualified targets and reference years as printed, read back from the PDF, Word and Excel
files with pdftotext, python-docx and openpyxl."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.plan import Plan, Target, TargetValue
from forms.targets import entered
from tests.exporters.conftest import template_of


@pytest.fixture
def plan(demo_city: Plan) -> Plan:
    """The demo city with a 2030 target against 2005, one set by the province, a precise one."""
    rows = {r.template_ref: r for r in demo_city.indicators}
    energy = rows["energy_intensity_reduction"]
    energy.target_2030 = Target(basic=entered(TargetValue(), "约35", "%"), reference_year=2005)
    rows["carbon_intensity_reduction"].target_2025 = Target(
        basic=entered(TargetValue(), "确保完成省下达目标任务", "%"), reference_year=2020
    )
    rows["rd_intensity"].target_2025.basic = entered(TargetValue(), "3.0500", "%")
    rows["green_travel_share"].target_2030.basic = entered(TargetValue(), "≥75", "%")
    return demo_city


def _squeezed(text: str) -> str:
    return re.sub(r"—\d+—|草稿", "", "".join(text.split()))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_prints_the_official_forms(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(render_pdf(build_document(plan, template_of(plan), "zh"), resolve_fonts()))
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = _squeezed(raw)
    assert "到2025年，单位地区生产总值能源消耗较2020年下降14.5%，力争下降15.5%" in text
    assert "单位地区生产总值二氧化碳排放下降确保完成省下达目标任务" in text
    assert "非化石能源占能源消费总量比重达到20%左右" in text
    assert "研究与试验发展经费投入强度达到3.0500%" in text
    assert "到2030年，单位地区生产总值能源消耗较2005年下降35%左右" in text
    assert "城市绿色出行比例达到75%以上" in text
    assert "35左右（较2005年）" in text  # the indicator table
    assert "比2022年" not in text and "下降35%，" not in text


def test_word_prints_the_official_forms_in_english_too(plan: Plan) -> None:
    for lang, expected in (
        ("zh", ("较2005年下降35%左右", "二氧化碳排放下降确保完成省下达目标任务", "75%以上")),
        (
            "en",
            (
                "of about 35% against 2005",
                "meet the target set by the province",
                "reaching at least 75%",
            ),
        ),
    ):
        data = render_docx(build_document(plan, template_of(plan), lang))
        word = docx.Document(io.BytesIO(data))
        paragraphs = " ".join(p.text for p in word.paragraphs)
        for phrase in expected:
            assert phrase in paragraphs, (lang, phrase)
        cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
        assert ("35左右（较2005年）" if lang == "zh" else "about 35 (vs 2005)") in cells


def test_workbook_keeps_numbers_qualifiers_and_reference_years(plan: Plan) -> None:
    template = template_of(plan)
    data = render_xlsx(plan, template, check_plan(plan, template), "zh")
    ws = load_workbook(io.BytesIO(data))["指标"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("id")].value: r for r in ws.iter_rows(min_row=2)}
    by_ref = {r.template_ref: rows[r.id] for r in plan.indicators}
    t2025, t2030 = header.index("2025年目标"), header.index("2030年目标")
    ref2025, ref2030 = header.index("2025年目标比较年份"), header.index("2030年目标比较年份")
    energy = by_ref["energy_intensity_reduction"]
    assert energy[t2025].value == 14.5 and energy[ref2025].value == 2020
    assert energy[t2030].value == 35 and energy[t2030].number_format == '0"左右"'
    assert energy[ref2030].value == 2005
    share = by_ref["non_fossil_share"]
    assert share[t2025].value == 20 and share[t2025].number_format == '0"左右"'
    assert share[ref2025].value is None  # a level has no reference year
    assert by_ref["carbon_intensity_reduction"][t2025].value == "确保完成省下达目标任务"
    precise = by_ref["rd_intensity"][t2025]
    assert precise.value == pytest.approx(3.05) and precise.number_format == "0.0000"
    travel = by_ref["green_travel_share"][t2030]
    assert travel.value == 75 and travel.number_format == '0"以上"'
