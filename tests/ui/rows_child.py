"""Test-only driver: a real app process that adds and removes project rows while the team's
server is away, then waits to be killed.

    python tests/ui/rows_child.py URL PLAN_ID REMOVE_ID

Starts PeakPlan on the server ``URL``, opens the plan's editor at its projects, prints
``ready`` and waits for a line on stdin (the test stops the server meanwhile).  Then, with the
mouse and keys as a user: Add project, types a name into the new row and presses Enter, clicks
the row of project REMOVE_ID and Remove project; prints ``done HELD`` (the row changes held on
this computer's disk) and runs the event loop until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.typing_child import type_text
from ui.app import create_start_window, make_application
from ui.pages.lists import ProjectsPage

NEW_NAME = "服务器不在时新增的项目"


def main(url: str, plan_id: str, remove_id: str) -> None:
    app = make_application(["peakplan-rows-child"])
    window = create_start_window(url, "zh")
    window.show()
    editor = window.open_plan(plan_id)
    assert editor is not None
    page = next(p for p in editor.pages if isinstance(p, ProjectsPage))
    editor.steps.setCurrentRow(editor.pages.index(page))
    app.processEvents()
    print("ready", flush=True)
    sys.stdin.readline()  # the server is stopped now
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    app.processEvents()
    type_text(app.focusWidget(), NEW_NAME)
    QTest.keyClick(app.focusWidget(), Qt.Key.Key_Return)
    app.processEvents()
    index = page.model.index(page.model.row_of(remove_id), 0)
    QTest.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(index).center()
    )
    QTest.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    app.processEvents()
    held = editor.session.held
    print(f"done {len(held.rows(plan_id)) if held else 0}", flush=True)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])
