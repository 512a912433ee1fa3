"""Ordinary long text (a project's 建设内容 of 870 characters) and extreme lengths export to
PDF, read back with poppler; a layout failure reaches the user as a localized message."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.platypus import Flowable, paragraph

from exporters import blocks as b
from exporters import pdf as pdf_module
from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.pdf import PdfLayoutError, render_pdf
from forms.demo import demo_plans
from forms.plan import Plan
from forms.template import load_template

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
CONTENT = "建设内容包括分布式光伏、储能电站、充电桩、智能微电网和能源管理平台，"


def demo_city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def export(plan: Plan, path: Path) -> Path:
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    path.write_bytes(render_pdf(build_document(plan, template, "zh"), resolve_fonts()))
    return path


def squeezed_text(path: Path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"—\d+—|草稿", "", "".join(raw.split()))


def pages(path: Path) -> list[str]:
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return layout.split("\f")


def test_a_project_content_of_870_characters_exports_whole(tmp_path: Path) -> None:
    plan = demo_city()
    content = (CONTENT * 30)[:870]
    plan.projects[0].content = content
    path = export(plan, tmp_path / "plan.pdf")
    text = squeezed_text(path)
    # Where the row is cut, the header repeated on the next page and the row's other cells
    # come between the parts of the content in drawing order: take them out.
    document = build_document(plan, load_template(plan.meta.template_id, "city"), "zh")
    projects = next(
        block
        for block in document.blocks
        if isinstance(block, b.Table) and content in block.rows[0]
    )
    others = ["".join("".join(cell).split()) for cell in (projects.header, *projects.rows[0])]
    for other in sorted(others, key=len, reverse=True):  # "1120000" before "1"
        if other != content:
            text = text.replace(other, "")
    assert content in text
    # The row runs over pages under the repeated header, and every other project follows.
    assert all(project.name in text for project in plan.projects[1:])
    holding = [page for page in pages(path) if "建设内容包括" in page]
    assert len(holding) >= 2 and all("建设内容" in page for page in holding)


def test_a_cell_of_50000_characters_and_a_tall_header_export(tmp_path: Path) -> None:
    content = (CONTENT * 2000)[:50_000]
    table = b.Table(
        header=("序号", "很长的表头" * 120, "内容"),
        rows=(("1", "名称", content), ("2", "下一行", "短")),
        widths=(1, 2, 4),
    )
    document = b.Document("zh", b.Cover("t", "", ""), "目录", [table], front_matter=False)
    path = tmp_path / "cell.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    text = squeezed_text(path)
    assert content in text and "下一行" in text


def test_a_long_paragraph_is_broken_into_lines_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """reportlab re-breaks the whole rest of a paragraph at every page break (28 s for 349,000
    characters); the characters it breaks into lines stay proportional to the text."""
    broken = 0
    original = paragraph.Paragraph.breakLinesCJK

    def counting(self, widths):
        nonlocal broken
        broken += sum(len(getattr(f, "text", "")) for f in self.frags)
        return original(self, widths)

    monkeypatch.setattr(paragraph.Paragraph, "breakLinesCJK", counting)
    text = ("碳达峰试点长段落测试，包括2020年基准和14.5%的目标以及CO₂排放。" * 1500)[:40_000]
    document = b.Document(
        "zh", b.Cover("t", "", ""), "目录", [b.Paragraph(text)], front_matter=False
    )
    data = render_pdf(document, resolve_fonts())
    assert data.startswith(b"%PDF")
    assert broken < 3 * len(text), broken


def test_a_single_long_paragraph_reads_back_in_order_on_full_pages(tmp_path: Path) -> None:
    text = "".join(f"第{n}句话说明碳达峰的工作安排。" for n in range(2000))
    document = b.Document(
        "zh", b.Cover("t", "", ""), "目录", [b.Paragraph(text)], front_matter=False
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(document, resolve_fonts()))
    assert squeezed_text(path) == text
    lines = [
        [line for line in page.splitlines() if line.strip() and "—" not in line]
        for page in pages(path)[:-2]
    ]
    assert len(lines) > 3 and all(len(page) == 22 for page in lines)  # 22 lines a page


class _Unsplittable(Flowable):
    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 10_000

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []


def test_a_layout_failure_is_a_localized_message(monkeypatch: pytest.MonkeyPatch) -> None:
    story = pdf_module._Renderer.story
    monkeypatch.setattr(pdf_module._Renderer, "story", lambda self: [*story(self), _Unsplittable()])
    plan = demo_city()
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    with pytest.raises(PdfLayoutError) as caught:
        render_pdf(build_document(plan, template, "zh"), resolve_fonts())
    for lang in ("zh", "en"):
        message = caught.value.message(lang)
        assert "Flowable" not in message and "0x" not in message
    assert "PDF 未能排版" in caught.value.message("zh")
    assert "could not be laid out" in caught.value.message("en")
