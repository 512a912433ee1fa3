"""The Word file as reviewers convert it: LibreOffice (soffice --headless --convert-to pdf),
read back with pdftotext."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from exporters import blocks as b
from exporters.document import build_document
from exporters.docx import render_docx
from forms.demo import demo_plans
from tests.exporters.conftest import template_of

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed",
)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[b.Document, Path, Path]:
    """The demo city as .docx and LibreOffice's PDF of it (one conversion, ~10 s)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    plan = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
    document = build_document(plan, template_of(plan), "zh")
    word = folder / "plan.docx"
    word.write_bytes(render_docx(document))
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(word)],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    return document, word, folder / "plan.pdf"


def _pages(path: Path) -> list[str]:
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return layout.split("\f")


def test_the_contents_shows_the_page_of_every_heading(converted) -> None:
    document, _, pdf = converted
    pages = _pages(pdf)
    numbered = {}  # "— n —" in the footer → the page's text
    front = []  # the cover and the contents: no page number
    for page in pages:
        found = re.search(r"—\s*(\d+)\s*—", page)
        if found:
            numbered[int(found.group(1))] = "".join(page.split())
        elif not numbered:
            front.append(page)
    contents = "\n".join(front)
    listed = [h for h in document.headings() if h.in_contents and h.level <= 2]
    for heading in listed:
        entry = re.search(re.escape(heading.full_text) + r"[.\s…]+(\d+)\s*$", contents, re.M)
        assert entry, f"no page number for {heading.full_text}"
        page = int(entry.group(1))
        assert heading.full_text in numbered[page], (heading.full_text, page)


def test_punctuation_at_line_ends_survives(converted) -> None:
    _, word, pdf = converted
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"—\d+—|草稿", "", "".join(raw.split()))
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    body = ["".join(t.split()) for t in paragraphs if len(t) > 40 and "\t" not in t]
    missing = [t[:30] for t in body if t not in text]
    assert not missing, missing


def test_numbers_are_not_broken_across_lines(converted) -> None:
    """LibreOffice broke "3868.4" into "3" and "868.4" when the document said its Latin text
    (the digits) was Chinese; every number of the body stays on one line."""
    _, word, pdf = converted
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    numbers = {
        number
        for p in docx.Document(str(word)).paragraphs
        if len(p.text) > 40
        for number in re.findall(r"\d+\.\d+", p.text)
    }
    assert len(numbers) > 10
    broken = [
        (before, after)
        for before, after in itertools.pairwise(lines)
        if re.search(r"\d\.?$", before)
        and re.match(r"\.?\d", after)
        and any(
            n in before[-8:] + after[:8] and n not in before and n not in after for n in numbers
        )
    ]
    assert not broken, broken[:3]
