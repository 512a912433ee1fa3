"""Names of any length and content: every format exports them, and `peakplan list` shows
terminal escape sequences escaped instead of running them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

import main
from exporters.package import ExportRequest, export_plan
from forms.demo import demo_plans
from forms.plan import Plan
from forms.template import load_template
from storage.database import open_database
from storage.repository import PlanRepository

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
LONG_NAME = ("云岚市碳达峰试点“零碳园区”先行示范区实施方案（2024—2030年）" * 10)[:300]
EVIL = "恶意\x1b[2J\x1b]0;pwned\x07名称\u202etxt.exe\x9b31m"


def demo_city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def squeezed_pdf_text(path: Path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"—\d+—|草稿", "", "".join(raw.split()))


def test_a_300_character_name_exports_in_every_format(tmp_path: Path) -> None:
    plan = demo_city()
    plan.meta.name = LONG_NAME
    template = load_template(plan.meta.template_id, "city")
    request = ExportRequest(
        pdf=tmp_path / "p.pdf",
        xlsx=tmp_path / "p.xlsx",
        docx=tmp_path / "p.docx",
        package=tmp_path / "p.zip",
    )
    written = export_plan(plan, template, request)
    assert len(written) == 4
    word = docx.Document(str(tmp_path / "p.docx"))
    title = word.core_properties.title
    titled = LONG_NAME.replace("（", "〔").replace("）", "〕")  # within the title's （）
    assert len(title) <= 255 and title.endswith("…") and titled[:100] in title
    assert any(titled in p.text for p in word.paragraphs)  # the full name in the text
    assert titled in squeezed_pdf_text(tmp_path / "p.pdf")
    openpyxl.load_workbook(tmp_path / "p.xlsx")
    with zipfile.ZipFile(tmp_path / "p.zip") as package:
        assert json.loads(package.read("plan.json"))["plan"]["meta"]["name"] == LONG_NAME


def test_headings_and_names_longer_than_a_page_export_to_pdf(tmp_path: Path) -> None:
    plan = demo_city()
    huge = ("很长的章节标题" * 3000)[:20_000]
    plan.chapters[1].title_zh = huge
    plan.projects[0].name = huge
    plan.meta.name = huge[:5000]
    template = load_template(plan.meta.template_id, "city")
    export_plan(plan, template, ExportRequest(pdf=tmp_path / "p.pdf", docx=tmp_path / "p.docx"))
    text = squeezed_pdf_text(tmp_path / "p.pdf")
    assert huge[:4000] in text and "…" in text  # whole in the body, shortened in the contents


def test_list_shows_escape_sequences_escaped(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = demo_city()
    plan.meta.name, plan.meta.province = EVIL, "省\x1b[31m"
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    assert main.main(["--db", str(db_path), "list"]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), repr(out)
    assert "恶意\\x1b[2J\\x1b]0;pwned\\x07名称\\u202etxt.exe\\x9b31m" in out
    assert "省\\x1b[31m" in out
    assert main.main(["--db", str(db_path), "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), repr(out)
    assert json.loads(out)[0]["name"] == EVIL  # the same name, escaped as JSON does


def test_messages_naming_a_plan_show_escape_sequences_escaped(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """import-json prints the plan's name, never running what it carried: the name is
    taken in without its control characters (forms.names.imported_name)."""
    from forms.serialize import plan_to_json

    plan = demo_city()
    plan.meta.name = EVIL
    source = tmp_path / "evil.json"
    source.write_text(plan_to_json(plan), encoding="utf-8")
    assert main.main(["--db", str(db_path), "import-json", str(source)]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out.replace("\n", "")), repr(out)
    assert "已导入：恶意[2J]0;pwned名称txt.exe31m（" in out
