"""A source typed in the wizard reaches the workbook and the PDF."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from ui.pages import BaseDataPage


def test_a_source_typed_in_the_wizard_is_in_the_workbook_and_the_pdf(
    qtbot, start_app, tmp_path: Path
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    step = next(n for n, page in enumerate(editor.pages) if isinstance(page, BaseDataPage))
    editor.steps.setCurrentRow(step)
    page: BaseDataPage = editor.current_page()
    field = page.sources["electricity_use"]
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    type_text("国网云岚供电公司2021年报第8页")
    press(Qt.Key.Key_Tab)
    plan = editor.session.plan
    assert plan.base_value("electricity_use").provenance.source == "国网云岚供电公司2021年报第8页"
    editor.session.flush()
    stored = window.context.repo.load_plan(plan.id)
    assert stored.base_value("electricity_use").provenance.source == "国网云岚供电公司2021年报第8页"

    template = editor.session.template
    workbook = load_workbook(io.BytesIO(render_xlsx(stored, template, [], "zh")))
    cells = [c.value for row in workbook["基础数据"].iter_rows() for c in row]
    assert "国网云岚供电公司2021年报第8页" in cells
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_pdf(build_document(stored, template, "zh"), resolve_fonts()))
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "国网云岚供电公司2021年报第8页" in text


def test_source_details_kind_quality_and_note(qtbot, start_app) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.provenance_dialog import ProvenanceDialog

    _window, editor = open_demo_city_editor(qtbot, start_app)
    step = next(n for n, page in enumerate(editor.pages) if isinstance(page, BaseDataPage))
    editor.steps.setCurrentRow(step)
    page: BaseDataPage = editor.current_page()
    qtbot.mouseClick(page.details["population"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ProvenanceDialog))
    dialog = QApplication.activeModalWidget()
    dialog.kind.setCurrentIndex(dialog.kind.findData("survey"))
    dialog.quality.setCurrentIndex(dialog.quality.findData("estimated"))
    dialog.note.setText("第七次人口普查推算")
    dialog.accept()
    provenance = editor.session.plan.base_value("population").provenance
    assert (provenance.kind.value, provenance.quality.value) == ("survey", "estimated")
    assert provenance.note == "第七次人口普查推算" and provenance.source  # the source is kept
    editor.session.undo_stack.undo()
    assert editor.session.plan.base_value("population").provenance.note == ""
