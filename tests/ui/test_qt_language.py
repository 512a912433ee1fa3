"""Qt's own buttons speak the interface language, and the chosen language survives a restart."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWizard

import main


def next_button_text(qtbot, window) -> str:
    window.new_plan()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    text = wizard.button(QWizard.WizardButton.NextButton).text()
    wizard.reject()
    qtbot.waitUntil(lambda: window.wizard is None)
    return text


def test_wizard_and_dialog_buttons_follow_the_interface_language(qtbot, start_app) -> None:
    window = start_app(lang="zh")
    assert "下一步" in next_button_text(qtbot, window)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]
    window.lang_actions["en"].trigger()
    assert "Next" in next_button_text(qtbot, window)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    assert box.buttons()[0].text() == "OK"


@pytest.mark.parametrize(("argv", "expected"), [([], None), (["--lang", "en"], "en")])
def test_lang_on_the_command_line_overrides_only_when_given(monkeypatch, argv, expected) -> None:
    started: list[str | None] = []
    monkeypatch.setattr("ui.app.run", lambda _db, lang: started.append(lang) or 0)
    assert main.main(argv) == 0
    assert started == [expected]  # None: the language last chosen in the app


def test_the_language_chosen_in_the_app_is_kept_across_restarts(qtbot, start_app) -> None:
    window = start_app(lang=None)
    window.lang_actions["en"].trigger()
    window.close()
    window.context.database.close()
    again = start_app(lang=None)  # what a start without --lang does
    assert again.texts.lang == "en"
    assert "Next" in next_button_text(qtbot, again)
