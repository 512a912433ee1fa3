"""The demo city's and the demo park's submission files, exported once and read back as a
provincial reviewer would open them: the PDF as text (pdftotext), the Word file (python-docx)
and the workbook (openpyxl)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest

from exporters.package import ExportRequest, export_plan
from forms.demo import demo_plans
from forms.plan import Plan
from forms.template import load_template


@dataclass
class Exported:
    plan: Plan
    pdf_pages: list[str]  # pdftotext -layout, one string a page
    word: docx.document.Document
    workbook: openpyxl.Workbook

    @property
    def pdf_text(self) -> str:
        return "\n".join(self.pdf_pages)

    @property
    def pdf_flat(self) -> str:
        """The PDF's words without line breaks, page numbers or the draft mark between them."""
        lines = []
        for line in self.pdf_text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("—") or stripped in {"草稿", "DRAFT"}:
                continue
            lines.append(stripped)
        return "".join(lines)

    def word_paragraphs(self) -> list[docx.text.paragraph.Paragraph]:
        return list(self.word.paragraphs)

    def word_text(self) -> str:
        parts = [p.text for p in self.word.paragraphs]
        for table in self.word.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _export(plan: Plan, folder: Path, lang: str = "zh") -> Exported:
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    pdf, word, book = folder / "plan.pdf", folder / "plan.docx", folder / "plan.xlsx"
    export_plan(plan, template, ExportRequest(pdf=pdf, docx=word, xlsx=book, lang=lang))
    return Exported(plan, _pdf_pages(pdf), docx.Document(str(word)), openpyxl.load_workbook(book))


@pytest.fixture(scope="session", params=["city", "park"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    plan = next(p for p in demo_plans() if p.meta.pilot_type.value == request.param)
    return _export(plan, tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="session")
def exported_en(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    plan = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
    return _export(plan, tmp_path_factory.mktemp("city-en"), "en")
