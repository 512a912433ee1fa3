"""A pseudo-translation makes every English string 40 % longer: every window still shows
every label, button, step name and column title in full at 1024×768, or elides it with the
whole text as tooltip.  Plain English and Chinese are checked the same way."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from forms.template import LocalText
from tests.ui.conftest import press
from tests.ui.layout_check import clipped_text
from ui import texts as ui_texts
from ui.start_window import ID_ROLE
from workflows.plans import add_demo_plans

CTRL = Qt.KeyboardModifier.ControlModifier
DIALOGS = (
    "export_files",
    "show_versions",
    "show_comments",
    "show_monitoring",
    "show_higher_targets",
    "edit_outline",
)


def longer(text: str) -> str:
    """``text`` 40 % longer, as a wordier language would make it (rich text is wrapped)."""
    if text.lstrip().startswith("<") or not text.strip():
        return text
    extra = math.ceil(len(text) * 0.4)
    return f"{text} {'x' * max(1, extra - 1)}"


@pytest.fixture
def pseudo_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interface's words and the template's (base-data labels, units, guidance...)."""
    every = {**ui_texts.enum_labels(), **ui_texts.STRINGS}
    stretched = {key: (zh, longer(en)) for key, (zh, en) in every.items()}
    monkeypatch.setattr(ui_texts, "STRINGS", stretched)
    monkeypatch.setattr(
        LocalText, "get", lambda self, lang: longer(self.en) if lang == "en" else self.zh
    )


def _stretch_titles(repo) -> None:
    """The chapter titles, which come from the plan, grow as much."""
    for summary in repo.list_plans():
        plan = repo.load_plan(summary.id)
        for chapter in plan.chapters:
            chapter.title_en = longer(chapter.title_en)
        repo.save_plan(plan, completeness=summary.completeness or 0.0)


def _too_big(name: str, widget) -> list[str]:
    """A window that grew past the small screen to make room is a layout problem too."""
    size = widget.size()
    return [] if size.width() <= 1024 and size.height() <= 768 else [f"{name}: {size} too big"]


def _check_every_screen(qtbot, window) -> list[str]:
    problems = [f"start: {p}" for p in clipped_text(window)] + _too_big("start", window)
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    qtbot.waitUntil(wizard.isActiveWindow)
    problems += [f"wizard type: {p}" for p in clipped_text(wizard)]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    problems += [f"wizard details: {p}" for p in clipped_text(wizard)]
    problems += _too_big("wizard: wizard", wizard)
    wizard.reject()
    qtbot.waitUntil(lambda: window.wizard is None)
    for row in range(window.model.rowCount()):
        editor = window.open_plan(window.model.item(row, 0).data(ID_ROLE))
        editor.resize(1024, 768)
        qtbot.waitExposed(editor)
        for step, page in enumerate(editor.pages):
            editor.steps.setCurrentRow(step)
            qtbot.waitUntil(lambda p=page, e=editor: e.stack.currentWidget() is p)
            problems += [f"{row}/{type(page).__name__}: {p}" for p in clipped_text(editor)]
            problems += _too_big(f"{row}/{type(page).__name__}: editor", editor)
        for name in DIALOGS:
            dialog = getattr(editor, name)()
            qtbot.waitUntil(lambda d=dialog: QApplication.activeModalWidget() is d)
            problems += [f"{row}/{name}: {p}" for p in clipped_text(dialog)]
            problems += _too_big(f"{row}/{name}: dialog", dialog)
            dialog.reject()
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        editor.close()
    return problems


def test_nothing_is_clipped_when_every_english_text_is_40_percent_longer(
    qtbot, start_app, pseudo_english
) -> None:
    assert ui_texts.STRINGS["action.next"][1].startswith("&Next ")  # the stretch is on
    window = start_app("en", size=(1024, 768))
    add_demo_plans(window.context.repo)
    _stretch_titles(window.context.repo)
    window.reload()
    problems = _check_every_screen(qtbot, window)
    assert problems == [], "\n".join(dict.fromkeys(p.split(": ", 1)[1] for p in problems))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_is_clipped_at_1024_by_768(qtbot, start_app, lang: str) -> None:
    window = start_app(lang, size=(1024, 768))
    add_demo_plans(window.context.repo)
    window.reload()
    problems = _check_every_screen(qtbot, window)
    assert problems == [], "\n".join(dict.fromkeys(p.split(": ", 1)[1] for p in problems))
