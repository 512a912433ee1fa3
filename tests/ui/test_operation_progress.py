"""Imports and snapshots run in a worker with a progress bar and Cancel: a cancelled one
changes nothing in the database, and a broken file still says what is wrong."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import ui.background
import ui.editor_commands
from exporters.package import ExportRequest, export_plan
from storage.repository import PlanRepository
from storage.snapshots import Snapshots
from tests.ui.conftest import press
from tests.ui.test_collect_ui import edit_workbook
from tests.ui.test_export_dialog import CTRL, open_demo_city_editor
from ui.background import ProgressDialog
from ui.collect_dialogs import ImportPreviewDialog
from ui.versions_dialog import VersionsDialog
from workflows.exports import export_json


@pytest.fixture(autouse=True)
def _progress_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress dialog shows at once (it waits a moment before it does in use)."""
    monkeypatch.setattr(ui.background, "SHOW_AFTER_MS", 0)


class Gate:
    """Holds the worker inside a step until the user has clicked Cancel."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.progress_seen: list[int] = []

    def hold(self, original: Callable) -> Callable:
        def held(*args, **kwargs):
            result = original(*args, **kwargs)
            assert self.open.wait(10), "the test never clicked Cancel"
            return result

        return held

    def cancel_when_shown(self, qtbot) -> None:
        """As the user does: waits for the progress dialog to show progress, clicks Cancel."""

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, ProgressDialog) and dialog.bar.value() > 0:
                self.progress_seen.append(dialog.bar.value())
                qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
                self.open.set()
            else:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)


def plan_names(window) -> list[str]:
    return sorted(summary.name for summary in window.context.repo.list_plans())


def snapshot_rows(window, plan_id: str) -> list[str]:
    return [info.id for info in Snapshots(window.context.repo).list(plan_id)]


def test_cancelling_a_json_import_adds_no_plan(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    source = tmp_path / "city.json"
    export_json(editor.session.plan, source)
    editor.close()
    before = plan_names(window)
    gate = Gate()
    # the worker stops inside the write: the plan is stored, then rolled back out
    monkeypatch.setattr(PlanRepository, "save_plan", gate.hold(PlanRepository.save_plan))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), ""))
    gate.cancel_when_shown(qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(Qt.Key.Key_I, CTRL)  # Import plan data…
    assert gate.progress_seen and gate.progress_seen[0] > 0
    assert plan_names(window) == before
    assert window.model.rowCount() == len(before)
    assert window.statusBar().currentMessage() == "已取消，没有做任何更改。"
    assert QApplication.activeModalWidget() is None

    monkeypatch.undo()  # not cancelled, the same import adds the plan
    window.import_json(str(source))
    assert len(plan_names(window)) == len(before) + 1


def test_cancelling_a_package_import_adds_no_plan(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    package = tmp_path / "city.zip"
    export_plan(editor.session.plan, editor.session.template, ExportRequest(package=package))
    editor.close()
    before = plan_names(window)
    gate = Gate()
    monkeypatch.setattr(PlanRepository, "save_plan", gate.hold(PlanRepository.save_plan))
    gate.cancel_when_shown(qtbot)
    window.import_package(str(package))
    assert gate.progress_seen and plan_names(window) == before


def test_a_broken_package_says_so_from_the_worker(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start_app()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip file")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window.import_package(str(broken))
    assert len(shown) == 1 and "报送包" in shown[0]  # its own message, as before
    assert any("\u4e00" <= c <= "\u9fff" for c in shown[0])  # in the user's language
    assert window.model.rowCount() == 0 and QApplication.activeModalWidget() is None


def returned_workbook(editor, tmp_path: Path) -> Path:
    path = tmp_path / "dept.xlsx"
    editor.send_collection_workbook(None, str(path))
    edit_workbook(path, {("重点项目", "责任单位"): "云岚新能源集团"})
    return path


def test_cancelling_a_workbook_import_changes_nothing(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    plan_id = editor.session.plan.id
    owner = editor.session.plan.projects[0].owner
    dialog = editor.import_collection_workbook(str(returned_workbook(editor, tmp_path)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    assert dialog.import_button.isEnabled()
    gate = Gate()
    # the snapshot and the changed plan are both written, then rolled back together
    monkeypatch.setattr(PlanRepository, "save_plan", gate.hold(PlanRepository.save_plan))
    gate.cancel_when_shown(qtbot)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert gate.progress_seen
    assert window.context.repo.load_plan(plan_id).projects[0].owner == owner
    assert editor.session.plan.projects[0].owner == owner
    assert snapshot_rows(window, plan_id) == []
    assert editor.statusBar().currentMessage() == "已取消，没有做任何更改。"


def test_a_broken_workbook_says_so_from_the_worker(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    broken = tmp_path / "returned.xlsx"
    broken.write_bytes(b"this is no workbook")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert editor.import_collection_workbook(str(broken)) is None
    assert len(shown) == 1 and "不是 .xlsx 工作簿" in shown[0]
    assert snapshot_rows(window, editor.session.plan.id) == []


def test_a_snapshot_shows_progress_and_cancelling_keeps_none(
    qtbot, start_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    plan_id = editor.session.plan.id
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    gate = Gate()
    monkeypatch.setattr(Snapshots, "take", gate.hold(Snapshots.take))
    gate.cancel_when_shown(qtbot)
    dialog.take("初稿")
    assert gate.progress_seen and snapshot_rows(window, plan_id) == []
    assert dialog.list.count() == 0
    assert QApplication.activeModalWidget() is dialog

    monkeypatch.undo()
    dialog.take("初稿")
    assert dialog.list.count() == 1 and len(snapshot_rows(window, plan_id)) == 1


def test_a_workbook_import_redraws_only_what_it_changed(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables it left alone keep their rows; a hidden table fits its rows when shown; the
    live view does not take the import's own items as others' while it runs."""
    import time

    from tests.ui.test_indicators_and_check import step_of
    from ui.pages.lists import ProjectsPage
    from workflows.live import POLL_MS

    _window, editor = open_demo_city_editor(qtbot, start_app)
    page = editor.pages[step_of(editor, ProjectsPage)]
    page.build()  # built, still hidden (a step is built when first shown or used)
    chapters = list(editor.session.plan.chapters)
    dialog = editor.import_collection_workbook(str(returned_workbook(editor, tmp_path)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    apply = ui.editor_commands.apply_collection_import

    def slow_apply(*args, **kwargs):  # written, then long enough for the live view to look
        result = apply(*args, **kwargs)
        time.sleep(2 * POLL_MS / 1000)
        return result

    monkeypatch.setattr(ui.editor_commands, "apply_collection_import", slow_apply)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    session = editor.session
    assert session.plan.projects[0].owner == "云岚新能源集团"
    assert all(a is b for a, b in zip(session.plan.chapters, chapters, strict=True))
    qtbot.wait(2 * 50)  # the look that follows the import
    assert editor.live_view.marks == {}  # nothing marked as changed by others
    assert page._rows_unfitted  # reset while hidden: fitted when shown
    editor.steps.setCurrentRow(step_of(editor, ProjectsPage))
    qtbot.waitUntil(lambda: not page._rows_unfitted)
    assert page.model.data(page.model.index(0, page.model.column_of("owner"))) == "云岚新能源集团"


def test_cancelling_a_comments_import_merges_none(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forms.plan import Comment

    _window, editor = open_demo_city_editor(qtbot, start_app)
    reviewed = editor.session.plan.model_copy(deep=True)
    reviewed.comments = [
        Comment(collection="chapters", item_id=reviewed.chapters[0].id, text="数据请更新")
    ]
    package = tmp_path / "review.zip"
    export_plan(reviewed, editor.session.template, ExportRequest(package=package))
    gate = Gate()
    reading = ui.editor_commands.read_package_plan
    monkeypatch.setattr(ui.editor_commands, "read_package_plan", gate.hold(reading))
    gate.cancel_when_shown(qtbot)
    assert editor.import_comments(str(package)) is None
    assert gate.progress_seen and editor.session.plan.comments == []
    assert editor.session.repo.load_plan(editor.session.plan.id).comments == []
    monkeypatch.undo()
    assert editor.import_comments(str(package)) == (1, 0)
    assert len(editor.session.plan.comments) == 1


def test_cancelling_a_json_export_writes_no_file(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    editor.close()
    target = tmp_path / "city.json"
    gate = Gate()
    monkeypatch.setattr(PlanRepository, "load_current", gate.hold(PlanRepository.load_current))
    gate.cancel_when_shown(qtbot)
    window.export_json(str(target))
    assert gate.progress_seen and not list(tmp_path.glob("city.json*"))  # not even a part
    monkeypatch.undo()
    window.export_json(str(target))
    assert target.exists()


def test_after_a_workbook_import_the_window_reads_and_compares_nothing_again(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker gives the plan it read back with its versions and what changed; the live
    view's look after the import takes none of the import's own items again (a large plan's
    500 were each read, compared and taken, holding the window ~150 ms)."""
    import workflows.live

    window, editor = open_demo_city_editor(qtbot, start_app)
    plan_id = editor.session.plan.id
    dialog = editor.import_collection_workbook(str(returned_workbook(editor, tmp_path)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    read: list[tuple[str, str]] = []
    read_items = workflows.live.read_items

    def reading(repo, plan, keys):
        read.extend(keys)
        return read_items(repo, plan, keys)

    on_ui: list[str] = []
    versions = PlanRepository.versions

    def versions_read(self, plan):
        if threading.current_thread() is threading.main_thread():
            on_ui.append(plan)
        return versions(self, plan)

    monkeypatch.setattr(workflows.live, "read_items", reading)
    monkeypatch.setattr(PlanRepository, "versions", versions_read)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    editor.live_view.look()  # as its timer does after the import
    assert read == [] and on_ui == []
    monkeypatch.undo()
    assert editor.session.plan.projects[0].owner == "云岚新能源集团"
    assert editor.session.versions == window.context.repo.versions(plan_id)
    assert editor.live_view.marks == {}


def test_a_workbook_preview_lists_rows_made_in_the_worker(
    qtbot, start_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large workbook's preview lists 2,000 rows: they are made off the window's thread."""
    _window, editor = open_demo_city_editor(qtbot, start_app)
    made_on: list[threading.Thread] = []
    preview_rows = ui.editor_commands.preview_rows

    def rows(preview, texts):
        made_on.append(threading.current_thread())
        return preview_rows(preview, texts)

    monkeypatch.setattr(ui.editor_commands, "preview_rows", rows)
    dialog = editor.import_collection_workbook(str(returned_workbook(editor, tmp_path)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    assert len(made_on) == 1 and made_on[0] is not threading.main_thread()
    model = dialog.table.model()
    shown = {model.data(model.index(r, 3)) for r in range(model.rowCount())}
    assert "云岚新能源集团" in shown and dialog.import_button.isEnabled()
    dialog.reject()
