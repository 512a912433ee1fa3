"""The start window: demo plans from the menu, duplicate, rename, trash and restore, import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from tests.ui.conftest import press
from ui.start_window import StartWindow, TrashDialog

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def when_dialog_opens(handle: Callable[[object], None]) -> list[object]:
    """Answer the next modal dialog the way a user would; returns the dialogs seen."""
    seen: list[object] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        handle(dialog)

    QTimer.singleShot(0, poll)
    return seen


def back_to(qtbot, window: StartWindow) -> None:
    """After a dialog closes the window manager re-activates its parent; offscreen, we do."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def names(window: StartWindow) -> list[str]:
    return [window.model.item(r, 0).text() for r in range(window.model.rowCount())]


def test_demo_duplicate_rename_trash_and_restore(qtbot, start_app) -> None:
    window = start_app()
    assert window.empty.isVisible() and window.model.rowCount() == 0
    window.actions_["demo"].trigger()  # File ▸ Create demo plans
    assert sorted(names(window)) == sorted(["云岚市（示例）", "云岚高新技术产业开发区（示例）"])
    assert all(window.model.item(r, 4).text() == "100%" for r in range(2))

    window.view.setFocus()
    window.view.selectRow(0)
    first = names(window)[0]
    press(Qt.Key.Key_D, CTRL)  # duplicate
    assert len(names(window)) == 3 and any(n != first and first in n for n in names(window))

    def rename(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("改名后的方案")
        dialog.accept()

    when_dialog_opens(rename)
    press(Qt.Key.Key_F2)
    assert "改名后的方案" in names(window)
    back_to(qtbot, window)

    window.view.selectRow(names(window).index("改名后的方案"))
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    press(Qt.Key.Key_Delete)
    assert "改名后的方案" not in names(window) and len(names(window)) == 2
    back_to(qtbot, window)

    def restore(dialog) -> None:
        assert isinstance(dialog, TrashDialog)
        assert dialog.model.rowCount() == 1
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.model.rowCount() == 0
        dialog.reject()

    when_dialog_opens(restore)
    press(Qt.Key.Key_T, CTRL | SHIFT)
    assert "改名后的方案" in names(window)


def test_a_broken_import_file_is_explained_and_changes_nothing(
    qtbot, start_app, tmp_path: Path
) -> None:
    window = start_app()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "peakplan.plan", "plan": {', encoding="utf-8")
    messages: list[str] = []

    def read_and_close(box) -> None:
        messages.append(box.text())
        box.accept()

    when_dialog_opens(read_and_close)
    window.import_json(str(broken))
    assert messages and "JSON" in messages[0] and window.model.rowCount() == 0
    assert any("\u4e00" <= c <= "\u9fff" for c in messages[0])  # in the user's language


def test_a_name_already_taken_keeps_finish_disabled(qtbot, start_app) -> None:
    from tests.ui.test_wizard_flow import create_plan_with_wizard

    window = start_app()
    editor = create_plan_with_wizard(qtbot, window, "云岚测试市")
    editor.close()
    qtbot.waitUntil(window.isActiveWindow)  # back to the start window
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.next()
    details = wizard.details_page
    details.pilot.setEditText("云岚测试市")
    assert not details.isComplete() and "已" in details.error.text()
    details.pilot.setEditText("张家口市")
    assert details.isComplete()
    wizard.reject()
