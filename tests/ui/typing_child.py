"""Test-only driver: real app processes that type into a chapter and wait to be killed.

    python tests/ui/typing_child.py

Imports the app once, then reads one JSON command per line, ``[DB, PLAN_ID, TEXT]``.  For each
it forks an app process, which starts PeakPlan's start window on DB, opens the plan's editor,
puts the cursor at the end of the first chapter's text and types TEXT with real key events
(ASCII through QTest.keyClicks, other characters as key events carrying the text, as an input
method delivers them), prints ``typed PID`` after the last keystroke and runs the event loop
until it is killed.  When that process has ended, this one prints ``ended STATUS`` (as
``os.waitpid`` gives it).
Forking after the imports (and the template's parsing) spares each repetition that time only:
the Qt application, the database and every window are made in the forked process.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from forms.template import load_template
from ui.app import create_start_window, make_application
from ui.pages import ChapterPage


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into_the_app(db: str, plan_id: str, text: str) -> None:
    app = make_application(["peakplan-typing-child"])
    window = create_start_window(Path(db), "zh")
    window.show()
    editor = window.open_plan(plan_id)
    assert editor is not None
    page = next(p for p in editor.pages if isinstance(p, ChapterPage))
    editor.steps.setCurrentRow(editor.pages.index(page))
    field = page.text_section.editor
    field.setFocus()
    field.moveCursor(QTextCursor.MoveOperation.End)
    app.processEvents()
    type_text(field, text)
    print(f"typed {os.getpid()}", flush=True)
    app.exec()


def main() -> None:
    load_template("annex2-2023", "city")  # parsed once here, like the imports
    for line in sys.stdin:
        db, plan_id, text = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                type_into_the_app(db, plan_id, text)
            finally:
                os._exit(1)  # never return into the loop of the parent
        _, status = os.waitpid(pid, 0)
        print(f"ended {status}", flush=True)


if __name__ == "__main__":
    main()
