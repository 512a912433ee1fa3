"""A workbook exported from the editor: written like any program's file, dated when exported."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_export_dialog import (
    open_demo_city_editor,
    open_export_dialog,
    out_folder,
    type_folder,
)


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_workbook_from_the_editor_is_dated_and_readable_by_others(
    qtbot, start_app, tmp_path: Path, usual_umask
) -> None:
    folder = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("pdf", "docx", "package"):  # the workbook only
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    type_folder(dialog, folder)
    before = datetime.now().astimezone().replace(microsecond=0)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    [workbook] = list(folder.iterdir())
    assert workbook.suffix == ".xlsx"
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o644
    sheet = openpyxl.load_workbook(workbook).worksheets[0]
    times = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert times["更新时间"] == times["导出时间"]
    assert datetime.fromisoformat(times["更新时间"]) >= before
