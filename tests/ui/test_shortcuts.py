"""Keys that mean what they show: Alt+N opens chapter N, one key one meaning, F1 lists them."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import press
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_outline import close_dialog, open_outline
from tests.ui.test_start_window import back_to
from ui.export_dialog import ExportDialog
from ui.shortcuts import SHORTCUTS, ShortcutsDialog, shortcut

ALT, CTRL, SHIFT = (
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
)
DIGITS = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]


def registered(window: QWidget) -> dict[str, set[str]]:
    """{table name: keys} of every action with a shortcut the window holds."""
    found: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        owner = action.parent()
        if not isinstance(owner, QWidget) or owner.window() is not window:
            continue  # a dialog's own (the outline dialog lives inside the editor)
        keys = {s.toString() for s in action.shortcuts() if not s.isEmpty()}
        if keys:
            assert action.data(), f"{action.text()} {keys} is not in the shortcut table"
            found[action.data()] |= keys
    return found


def table_keys(name: str) -> set[str]:
    return {s.toString() for s in shortcut(name).sequences()}


def wait_for_modal(qtbot, kind: type) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def close_modal(qtbot, window: QWidget) -> None:
    QTest.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    back_to(qtbot, window)


def test_alt_n_opens_the_chapter_the_step_list_numbers_n(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    chapters = editor.session.plan.chapters
    assert len(chapters) >= 9
    for number, key in enumerate(DIGITS, start=1):
        press(key, ALT)
        row = editor.steps.currentRow()
        assert editor.steps.item(row).text().startswith(f"{number}. ")
        assert editor.current_page().chapter is chapters[number - 1]
    press(Qt.Key.Key_2, ALT)  # the base data; the trajectory step after it has no number
    press(Qt.Key.Key_3, ALT)
    assert editor.current_page().chapter is chapters[2]
    assert editor.steps.currentRow() == 4  # plan information, 1, 2, trajectory, then 3


def test_one_key_means_one_thing_in_every_window(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    outline = open_outline(qtbot)
    windows = {"start": window, "editor": editor, "outline": outline}
    meaning: dict[str, set[str]] = defaultdict(set)
    for where, widget in windows.items():
        found = registered(widget)
        expected = {e.name for e in SHORTCUTS if where in e.bound_in}
        assert set(found) == expected, where
        for name, keys in found.items():
            assert keys == table_keys(name), (where, name)
            for key in keys:
                meaning[key].add(name)
    assert {key: names for key, names in meaning.items() if len(names) > 1} == {}
    close_dialog(qtbot, outline, editor)

    press(Qt.Key.Key_E, CTRL)  # the editor: export documents and package
    assert wait_for_modal(qtbot, ExportDialog).plan is editor.session.plan
    close_modal(qtbot, editor)
    editor.close()
    back_to(qtbot, window)
    window.view.setFocus()
    press(Qt.Key.Key_E, CTRL)  # the start window: the same
    assert isinstance(wait_for_modal(qtbot, ExportDialog), ExportDialog)
    close_modal(qtbot, window)


def test_every_key_of_the_table_has_one_meaning() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in SHORTCUTS:
        for sequence in entry.sequences():
            owners[sequence.toString()].add(entry.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


def test_f1_lists_every_shortcut_in_the_interface_language(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    press(Qt.Key.Key_F1)
    dialog: ShortcutsDialog = wait_for_modal(qtbot, ShortcutsDialog)
    rows = dialog.rows()
    assert len(rows) == len(SHORTCUTS) and dialog.windowTitle() == "键盘快捷键"
    assert ("Ctrl+E, Ctrl+Shift+E", "导出文档和报送包", "方案列表、方案编辑") in rows
    assert ("Alt+1 … Alt+9", "转到步骤列表中编号为 1 … 9 的章节", "方案编辑") in rows
    assert ("Shift+F1", "编制说明", "方案编辑") in rows
    editor.lang_actions["en"].trigger()  # View ▸ Language ▸ English, with the list open
    english = dialog.rows()
    assert ("Ctrl+Z", "Undo", "Plan editor, Outline") in english
    assert dialog.windowTitle() == "Keyboard shortcuts"
    close_modal(qtbot, editor)

    press(Qt.Key.Key_F1, SHIFT)  # the chapter's guidance
    assert editor.guidance.hasFocus() and QApplication.activeModalWidget() is None
    help_keys = [a.shortcut().toString() for a in editor.help_menu.actions()]
    assert help_keys[:2] == ["F1", "Shift+F1"]

    editor.close()
    back_to(qtbot, window)
    assert window.help_menu.actions()[0].shortcut() == QKeySequence("F1")
    press(Qt.Key.Key_F1)
    assert wait_for_modal(qtbot, ShortcutsDialog).rows() == english  # the same list
    close_modal(qtbot, window)


def test_alt_n_follows_the_outline_when_chapters_move(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    first = editor.session.plan.chapters[0]
    outline = open_outline(qtbot)
    outline.chapters.list.setCurrentRow(0)
    QTest.mouseClick(outline.chapters.buttons["down"], Qt.MouseButton.LeftButton)
    close_dialog(qtbot, outline, editor)
    chapters = editor.session.plan.chapters
    assert chapters[1].id == first.id
    press(Qt.Key.Key_2, ALT)  # the chapter that moved is chapter 2 now, after the trajectory
    assert editor.current_page().chapter.id == first.id
    assert editor.steps.currentRow() == 3
    assert editor.steps.currentItem().text().startswith("2. ")
    press(Qt.Key.Key_1, ALT)
    assert editor.current_page().chapter.id == chapters[0].id
