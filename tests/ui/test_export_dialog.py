"""Exporting from the plan editor: Ctrl+E, choose a folder by typing, export, open the folder."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, type_text
from ui.export_dialog import ExportDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def open_demo_city_editor(qtbot, start_app, lang: str | None = None):
    """The demo city's editor, opened from the start window by keyboard (``lang``: the app's,
    else ``start_app``'s own choice)."""
    window = start_app() if lang is None else start_app(lang=lang)
    window.actions_["demo"].trigger()
    row = next(
        r for r in range(window.model.rowCount()) if "云岚市" in window.model.item(r, 0).text()
    )
    window.view.setFocus()
    window.view.selectRow(row)
    press(Qt.Key.Key_Return)  # open: the plan is read in the background, then shown
    qtbot.waitUntil(lambda: bool(window.editors))
    editor = window.editors[next(iter(window.editors))]
    qtbot.waitUntil(editor.isActiveWindow)
    return window, editor


def open_export_dialog(qtbot) -> ExportDialog:
    press(Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def type_folder(dialog: ExportDialog, folder: Path) -> None:
    dialog.folder.setFocus()
    dialog.folder.selectAll()
    type_text(str(folder))


def test_export_all_four_files_from_the_editor(qtbot, start_app, tmp_path: Path) -> None:
    tmp_path = out_folder(tmp_path)
    _window, editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    assert dialog.windowTitle().startswith("导出")
    assert all(box.isChecked() for box in dialog.format_boxes.values())
    type_folder(dialog, tmp_path)
    press(Qt.Key.Key_Return)  # the default button: Export
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    assert "已导出 4 个文件" in dialog.status.text()
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "云岚市（示例）碳达峰试点实施方案"
    assert names == sorted(f"{stem}{suffix}" for suffix in (".docx", ".pdf", ".xlsx", ".zip"))
    assert zipfile.is_zipfile(tmp_path / f"{stem}.zip")
    assert dialog.progress.value() == dialog.progress.maximum()
    QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert "已导出" in editor.statusBar().currentMessage()


def test_cancel_stops_the_export_and_writes_no_file(qtbot, start_app, tmp_path: Path) -> None:
    tmp_path = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    assert not dialog.cancel_button.isVisible()
    type_folder(dialog, tmp_path)
    press(Qt.Key.Key_Return)  # Export
    assert dialog.cancel_button.isVisible() and not dialog.export_button.isEnabled()
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=60_000)
    assert "已取消" in dialog.status.text() and "没有写入" in dialog.status.text()
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []  # no process rendering on, left behind
    assert not dialog.cancel_button.isVisible()
    press(Qt.Key.Key_Return)  # a second export, not cancelled, writes the files
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    assert len(list(tmp_path.iterdir())) == 4


def test_only_the_chosen_formats_in_english(qtbot, start_app, tmp_path: Path) -> None:
    tmp_path = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("xlsx", "docx", "package"):
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    dialog.language.setFocus()
    press(Qt.Key.Key_Down)  # English
    assert dialog.language.currentData() == "en"
    assert dialog.file_name.text().endswith("carbon peaking pilot plan")
    type_folder(dialog, tmp_path)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    assert [p.suffix for p in tmp_path.iterdir()] == [".pdf"]


def test_nothing_chosen_disables_export(qtbot, start_app) -> None:
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for box in dialog.format_boxes.values():
        box.setChecked(False)
    assert not dialog.export_button.isEnabled()


def test_a_missing_or_read_only_folder_is_explained_and_nothing_is_written(
    qtbot, start_app, tmp_path: Path, read_only_folder: Path
) -> None:
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    type_folder(dialog, tmp_path / "no-such-folder")
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "不存在" in dialog.status.text()

    before = set(read_only_folder.iterdir())
    type_folder(dialog, read_only_folder)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "无法写入" in dialog.status.text(), timeout=60_000)
    assert set(read_only_folder.iterdir()) == before
    assert not dialog.open_folder_button.isEnabled() and dialog.export_button.isEnabled()


def test_the_plan_is_not_deep_copied_on_the_ui_thread(
    qtbot, start_app, tmp_path: Path, monkeypatch
) -> None:
    """A deep copy of a large plan froze the window for ~200 ms as the export started: the
    worker now rebuilds its own copy, and edits made meanwhile stay out of the export."""
    import threading

    from forms.plan import Plan

    original = Plan.model_copy

    def guarded(self, *args, **kwargs):
        assert threading.current_thread() is not threading.main_thread(), "copied on UI thread"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Plan, "model_copy", guarded)
    tmp_path = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("xlsx", "docx", "package"):
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    type_folder(dialog, tmp_path)
    title = dialog.plan.chapters[0].title_zh
    press(Qt.Key.Key_Return)  # Export
    dialog.plan.chapters[0].title_zh = "导出开始后改的标题"
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    dialog.plan.chapters[0].title_zh = title
    [pdf] = tmp_path.iterdir()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert title in text.decode() and "导出开始后改的标题" not in text.decode()


def test_the_package_snapshot_is_serialized_off_the_ui_thread(
    qtbot, start_app, tmp_path: Path, monkeypatch
) -> None:
    """The snapshot a package implies is kept, its JSON made in the worker (the window waited
    ~70 ms for a large plan's JSON as the export finished)."""
    import threading

    import storage.snapshots
    from forms.serialize import plan_from_json
    from storage.snapshots import Snapshots

    original = storage.snapshots.plan_to_json

    def guarded(*args, **kwargs):
        assert threading.current_thread() is not threading.main_thread(), "JSON on UI thread"
        return original(*args, **kwargs)

    monkeypatch.setattr(storage.snapshots, "plan_to_json", guarded)
    tmp_path = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("pdf", "xlsx", "docx"):
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    type_folder(dialog, tmp_path)
    press(Qt.Key.Key_Return)  # Export
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    assert [p.suffix for p in tmp_path.iterdir()] == [".zip"]
    snapshots = Snapshots(dialog.repo)
    [kept] = [s for s in snapshots.list(dialog.plan.id) if s.name.endswith(".zip")]
    [row] = [r for r in snapshots.rows(dialog.plan.id) if r["id"] == kept.id]
    assert plan_from_json(row["body"]) == dialog.plan


def test_the_worker_reads_and_writes_the_plan_a_part_at_a_time(
    qtbot, start_app, tmp_path: Path, monkeypatch
) -> None:
    """One pydantic call over a large plan's whole copy or JSON held the worker's interpreter,
    and so the window, ~70 ms: the worker's copy and the package's JSON go item by item."""
    from pydantic import BaseModel

    from forms.plan import Plan

    whole: list[str] = []

    def validate(cls, data, *args, **kwargs):
        if "projects" in (data if isinstance(data, dict) else ""):
            whole.append("model_validate")
        return BaseModel.model_validate.__func__(cls, data, *args, **kwargs)

    def validate_json(cls, data, *args, **kwargs):
        if '"projects":[' in (data if isinstance(data, str) else data.decode()):
            whole.append("model_validate_json")
        return BaseModel.model_validate_json.__func__(cls, data, *args, **kwargs)

    def dump(self, *args, **kwargs):
        if "projects" not in kwargs.get("exclude", ()):
            whole.append("model_dump")
        return BaseModel.model_dump(self, *args, **kwargs)

    tmp_path = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("pdf", "xlsx", "docx"):  # the package alone: its JSON, its snapshot
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    type_folder(dialog, tmp_path)
    monkeypatch.setattr(Plan, "model_validate", classmethod(validate))
    monkeypatch.setattr(Plan, "model_validate_json", classmethod(validate_json))
    monkeypatch.setattr(Plan, "model_dump", dump)
    press(Qt.Key.Key_Return)  # Export
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    monkeypatch.undo()
    assert whole == []
    [package] = tmp_path.iterdir()
    with zipfile.ZipFile(package) as archive:
        document = json.loads(archive.read("plan.json"))
    assert Plan.model_validate(document["plan"]) == dialog.plan
