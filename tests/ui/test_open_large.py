"""A large plan's editor opens without building every step, and each step shows its rows whole
when visited (rows are fitted as they come into sight, not all at once)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from bench.large_plan import large_plan
from storage.database import open_database
from storage.repository import PlanRepository
from tests.ui.conftest import press
from ui.pages import MetaPage, ProjectsPage, TablePage


def _rows_in_sight(view: QTableView) -> range:
    first = max(0, view.rowAt(0))
    last = view.rowAt(view.viewport().height() - 1)
    return range(first, (view.model().rowCount() - 1 if last < 0 else last) + 1)


def _clipped_rows(view: QTableView) -> list[int]:
    """Rows in sight lower than their text needs (up to the table's three-line limit)."""
    most = view.verticalHeader().maximumSectionSize()
    return [
        row
        for row in _rows_in_sight(view)
        if view.rowHeight(row) < min(view.sizeHintForRow(row), most)
    ]


def _open_large_plan(qtbot, start_app, db_path: Path):
    plan = large_plan(indicators=40, projects=200, chapters=4, chars=300)
    database = open_database(db_path)
    PlanRepository(database).save_plan(plan)
    database.close()
    window = start_app()
    model = window.model
    row = next(r for r in range(model.rowCount()) if "大型" in model.item(r, 0).text())
    window.view.setFocus()
    window.view.selectRow(row)
    press(Qt.Key.Key_Return)  # open: the plan is read in the background, then shown
    qtbot.waitUntil(lambda: plan.id in window.editors)
    editor = window.editors[plan.id]
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def test_a_large_plan_opens_with_only_its_first_step_built(qtbot, start_app, db_path) -> None:
    editor = _open_large_plan(qtbot, start_app, db_path)
    first, *others = editor.pages
    assert isinstance(first, MetaPage) and first.built
    assert not any(page.built for page in others if page is not editor.check_page)
    assert "大型测试方案" in editor.windowTitle()  # titles of unbuilt steps read from the plan
    assert all(editor.steps.item(n).text() for n in range(editor.steps.count()))


def test_every_step_shows_its_rows_whole_when_visited(qtbot, start_app, db_path) -> None:
    editor = _open_large_plan(qtbot, start_app, db_path)
    for step in range(1, len(editor.pages)):
        qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
        page = editor.pages[step]
        qtbot.waitUntil(lambda page=page: editor.stack.currentWidget() is page)
        assert page.built and page.isVisible()
        if isinstance(page, TablePage):
            QTest.qWait(10)
            assert page.model.rowCount() > 0
            assert _clipped_rows(page.view) == [], page.title()

    projects = next(p for p in editor.pages if isinstance(p, ProjectsPage))
    editor.steps.setCurrentRow(editor.pages.index(projects))
    qtbot.waitUntil(projects.view.isVisible)
    assert len(projects._fitted_rows) < projects.model.rowCount()  # not all 200 at once
    projects.view.setFocus()
    projects.view.setCurrentIndex(projects.model.index(0, 0))
    press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # to the last project
    qtbot.waitUntil(lambda: projects.view.currentIndex().row() == projects.model.rowCount() - 1)
    QTest.qWait(10)
    assert projects.model.rowCount() - 1 in _rows_in_sight(projects.view)
    assert _clipped_rows(projects.view) == []
