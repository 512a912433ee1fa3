"""Every command of the start window has its underlined letter, and none shares one: "Move
to trash" had none (Alt+M now), nor had "Create demo plans" in the File menu (C)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import press
from tests.ui.test_start_window import names, when_dialog_opens

ALT = Qt.KeyboardModifier.AltModifier


def _letters(texts: list[str]) -> list[str]:
    """The underlined letter of each text ("" for none)."""
    return [(m.group(1).lower() if (m := re.search(r"&([^&])", t)) else "") for t in texts]


def _clashes(letters: list[str]) -> list[str]:
    return sorted(letter for letter, n in Counter(letters).items() if n > 1 or not letter)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_start_window_command_has_its_own_underlined_letter(start_app, lang) -> None:
    window = start_app(lang=lang)
    menu = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert _clashes(_letters(menu)) == [], menu
    # Alt+letter in the window: the menu bar's titles and the buttons above the list
    window_wide = [a.text() for a in window.menuBar().actions()] + [
        b.text() for b in window.buttons.values()
    ]
    assert _clashes(_letters(window_wide)) == [], window_wide


def test_alt_m_moves_the_selected_plan_to_the_trash(qtbot, start_app) -> None:
    window = start_app(lang="en")
    window.actions_["demo"].trigger()
    window.view.setFocus()
    window.view.selectRow(0)
    first = names(window)[0]
    assert window.buttons["delete"].text() == "&Move to trash"
    asked: list[str] = []

    def agree(box) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog_opens(agree)
    press(Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: first not in names(window))
    assert asked and asked[0].startswith("Move the plan")
