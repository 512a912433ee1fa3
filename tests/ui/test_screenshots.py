"""Screenshots of every step, for people to look at, and checks that nothing is clipped.

The images go under each test's tmp_path (the ``shots`` fixture), never into the project.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from forms.template import load_template
from tests.ui.layout_check import clipped_text
from ui.app import pick_ui_font
from ui.start_window import ID_ROLE
from workflows.plans import add_demo_plans

SIZES = {"1024x768": (1024, 768), "1920x1080": (1920, 1080)}


def clipped(window: QWidget) -> list[str]:
    """Visible texts cut short: labels and buttons narrower than their text, column titles,
    list items and combo boxes cut without their whole text as tooltip."""
    return clipped_text(window)


def test_interface_font_has_chinese_glyphs(qapp) -> None:
    font = pick_ui_font()
    assert font is not None, "no CJK interface font installed (make setup installs one)"
    metrics = QFontMetrics(QApplication.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in "碳达峰试点实施方案")


@pytest.mark.parametrize("size", list(SIZES))
def test_screenshots_of_every_step(qtbot, start_app, shots, size: str) -> None:
    width, height = SIZES[size]
    folder = shots / size
    folder.mkdir()
    window = start_app(size=(width, height))
    add_demo_plans(window.context.repo)
    window.reload()
    assert window.size().width() == width and window.size().height() == height
    window.grab().save(str(folder / "00-start.png"))
    assert not clipped(window)

    for row in range(window.model.rowCount()):
        plan_id = window.model.item(row, 0).data(ID_ROLE)
        editor = window.open_plan(plan_id)
        editor.resize(width, height)
        qtbot.waitExposed(editor)
        kind = editor.session.plan.meta.pilot_type.value
        for step, page in enumerate(editor.pages):
            editor.steps.setCurrentRow(step)
            qtbot.waitUntil(page.isVisible)
            name = f"{kind}-{step:02d}-{type(page).__name__}.png"
            editor.grab().save(str(folder / name))
            assert editor.stack.currentWidget() is page
            assert not clipped(editor), (name, clipped(editor))
        editor.close()
    assert (folder / "00-start.png").stat().st_size > 10_000
    assert load_template("annex2-2023", "city")  # the pages came from the real template
