"""Opening a plan from the start window: the plan is read in the background while the window
keeps turning and says so, then its editor shows the plan; asking twice opens one editor, and
closing the window meanwhile opens none."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press
from ui.editor import PlanEditor
from ui.pages import MetaPage, ProjectsPage
from ui.start_window import StartWindow

DEMO_CITY = "云岚市（示例）"


def _select_demo_city(window: StartWindow) -> str:
    window.actions_["demo"].trigger()  # File ▸ Create demo plans
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.item(r, 0).text() == DEMO_CITY)
    window.view.setFocus()
    window.view.selectRow(row)
    return window.selected_id()


def _editors_shown() -> list[PlanEditor]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PlanEditor) and w.isVisible()
    ]


def _readers_done() -> bool:
    return not any(t.name == "peakplan-open-plan" for t in threading.enumerate())


def test_open_shows_the_editor_with_the_plans_data_after_saying_it_opens(qtbot, start_app) -> None:
    window = start_app()
    plan_id = _select_demo_city(window)
    qtbot.mouseClick(window.buttons["open"], Qt.MouseButton.LeftButton)

    # The click returns at once: the plan is being read, and the window says so.
    assert window.opening() == [plan_id] and not window.editors
    assert DEMO_CITY in window.statusBar().currentMessage()
    assert "正在打开" in window.statusBar().currentMessage()
    assert window.cursor().shape() == Qt.CursorShape.BusyCursor

    qtbot.waitUntil(lambda: plan_id in window.editors)
    editor = window.editors[plan_id]
    qtbot.waitUntil(editor.isActiveWindow)
    assert DEMO_CITY in editor.windowTitle()
    meta = editor.current_page()
    assert isinstance(meta, MetaPage) and meta.name.text() == DEMO_CITY
    stored = window.context.repo.load_plan(plan_id)
    projects = next(p for p in editor.pages if isinstance(p, ProjectsPage))
    editor.steps.setCurrentRow(editor.pages.index(projects))
    qtbot.waitUntil(projects.view.isVisible)
    assert projects.model.rowCount() == len(stored.projects) > 0
    editor.steps.setCurrentRow(len(editor.pages) - 1)  # the check, built when first shown
    assert editor.check_page.built and editor.check_page.tree.topLevelItemCount() > 0

    assert window.opening() == [] and window.statusBar().currentMessage() == ""
    assert window.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_asking_to_open_a_plan_twice_quickly_opens_one_editor(qtbot, start_app) -> None:
    window = start_app()
    plan_id = _select_demo_city(window)
    qtbot.mouseClick(window.buttons["open"], Qt.MouseButton.LeftButton)
    window.view.setFocus()
    press(Qt.Key.Key_Return)  # Enter on the list before the first has arrived
    qtbot.mouseClick(window.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.opening() == [plan_id]

    qtbot.waitUntil(lambda: plan_id in window.editors)
    editor = window.editors[plan_id]
    qtbot.waitUntil(editor.isVisible)
    qtbot.waitUntil(_readers_done)
    qtbot.wait(50)  # anything a second reader would have sent has arrived
    assert _editors_shown() == [editor]

    window.activateWindow()
    qtbot.mouseClick(window.buttons["open"], Qt.MouseButton.LeftButton)  # once it is open
    assert window.opening() == [] and _editors_shown() == [editor]
    assert window.open_plan(plan_id) is editor


def test_closing_the_start_window_while_a_plan_is_read_opens_no_editor(qtbot, start_app) -> None:
    window = start_app()
    _select_demo_city(window)
    qtbot.mouseClick(window.buttons["open"], Qt.MouseButton.LeftButton)
    assert window.opening()
    window.close()
    qtbot.waitUntil(_readers_done)
    qtbot.wait(50)
    assert not window.editors and _editors_shown() == []
    assert window.opening() == []
