"""Run as a separate process on a screen of a given size: open every window and dialog and print
where each one lies (JSON), optionally saving screenshots. Used by test_screen_fit.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import create_start_window, make_application
from ui.start_window import ID_ROLE
from workflows.plans import add_demo_plans

EDITOR_DIALOGS = (
    "export_files",
    "show_versions",
    "show_comments",
    "show_monitoring",
    "show_higher_targets",
    "edit_outline",
)


def describe(name: str, widget: QWidget) -> dict[str, object]:
    QApplication.processEvents()
    frame: QRect = widget.frameGeometry()
    available = widget.screen().availableGeometry()
    hint = widget.minimumSizeHint()
    return {
        "name": name,
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "available": [available.x(), available.y(), available.width(), available.height()],
        "minimum": [hint.width(), hint.height()],
        "inside": available.contains(frame),
    }


def shoot(widget: QWidget, shots: Path | None, name: str) -> None:
    if shots is not None:
        QApplication.processEvents()
        widget.grab().save(str(shots / f"{name}.png"))


def main(db: str, lang: str, shots_dir: str = "") -> None:
    make_application(["peakplan-probe"])
    shots = Path(shots_dir) if shots_dir else None
    found = []
    window = create_start_window(Path(db), lang)
    add_demo_plans(window.context.repo)
    window.reload()
    window.show()
    found.append(describe("start", window))
    shoot(window, shots, f"start-{lang}")
    window.new_plan()
    wizard = window.wizard
    found.append(describe("wizard", wizard))
    shoot(wizard, shots, f"wizard-{lang}")
    wizard.reject()
    editor = window.open_plan(window.model.item(0, 0).data(ID_ROLE))
    found.append(describe("editor", editor))
    shoot(editor, shots, f"editor-{lang}")
    for opener in EDITOR_DIALOGS:
        dialog = getattr(editor, opener)()
        found.append(describe(opener, dialog))
        dialog.reject()
    editor.close()
    QSettings().sync()
    window.close()
    print(json.dumps(found))


if __name__ == "__main__":
    main(*sys.argv[1:])
