"""The plan editor's modules load without the workbook, Word and PDF libraries (the Export
dialog brings reportlab when first opened): a large plan's editor opens ~0.5 s sooner.  A
structural check (which modules load), not a timing."""

from __future__ import annotations

from tests.ui.test_startup import run_python

CHILD = """
import sys
import ui.editor
print(sorted(name for name in ("openpyxl", "docx", "reportlab") if name in sys.modules))
"""


def test_opening_the_editor_loads_no_workbook_word_or_pdf_library() -> None:
    done = run_python("-c", CHILD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
