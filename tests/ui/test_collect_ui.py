"""Departments' workbooks from the plan editor, and packages from the start window."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from exporters.package import ExportRequest, export_plan
from storage.snapshots import Snapshots
from tests.ui.conftest import press
from tests.ui.test_export_dialog import open_demo_city_editor
from ui.collect_dialogs import ImportPreviewDialog


def edit_workbook(path: Path, edits: dict[tuple[str, str], object]) -> None:
    """Set cells by (sheet, header label) on the first data row."""
    wb = load_workbook(path)
    for (sheet, label), value in edits.items():
        ws = wb[sheet]
        column = next(c.column_letter for c in ws[1] if c.value == label)
        ws[f"{column}2"] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_send_fill_preview_and_import_a_department_workbook(
    qtbot, start_app, tmp_path: Path
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    path = tmp_path / "dept.xlsx"
    assert editor.send_collection_workbook(None, str(path)) == path
    edit_workbook(
        path, {("指标", "2030年力争目标"): 31.5, ("重点项目", "责任单位"): "云岚新能源集团"}
    )

    dialog = editor.import_collection_workbook(str(path))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.table.model().rowCount() == 2 and dialog.import_button.isEnabled()
    assert "将修改 2 处" in dialog.summary.text()
    press(Qt.Key.Key_Return)  # Import has the focus
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    plan = editor.session.plan
    assert plan.indicators[0].target_2030.stretch.text == "31.5"
    assert plan.projects[0].owner == "云岚新能源集团"
    stored = window.context.repo.load_plan(plan.id)
    assert stored.projects[0].owner == "云岚新能源集团"
    assert len(Snapshots(window.context.repo).list(plan.id)) == 1
    assert "已导入 2 处修改" in editor.statusBar().currentMessage()


def test_a_workbook_with_errors_cannot_be_imported(qtbot, start_app, tmp_path: Path) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    path = tmp_path / "dept.xlsx"
    editor.send_collection_workbook(None, str(path))
    edit_workbook(path, {("指标", "2025年目标"): "很多", ("指标", "备注"): "正常修改"})
    dialog = editor.import_collection_workbook(str(path))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    assert not dialog.import_button.isEnabled()
    assert "1 处错误" in dialog.summary.text()
    cells = dialog.table.model()
    assert cells.index(0, 0).data().startswith("指标!")
    assert "不是数字" in cells.index(0, 1).data()
    assert cells.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # tinted
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    plan_id = editor.session.plan.id
    assert Snapshots(window.context.repo).list(plan_id) == []


def test_import_a_package_from_the_start_window(qtbot, start_app, tmp_path: Path) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    package = tmp_path / "city.zip"
    export_plan(editor.session.plan, editor.session.template, ExportRequest(package=package))
    editor.close()
    before = window.model.rowCount()
    window.import_package(str(package))
    assert window.model.rowCount() == before + 1
    assert "校验通过" in window.statusBar().currentMessage()
