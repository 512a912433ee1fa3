"""The new-plan wizard offers a first-batch park whose name is not verified: the placeholder
shows once, and the user confirms the name or corrects it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from tests.ui.conftest import press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _details_of_a_park(qtbot, window):
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.type_page.city.setFocus()
    press(Qt.Key.Key_Down)  # the arrow moves the choice to "park"
    assert wizard.type_page.park.isChecked()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    return wizard, wizard.details_page


def _choose(qtbot, details, name: str) -> None:
    """Open the pilot list with the keyboard and go down to ``name``."""
    combo = details.pilot
    combo.setFocus()
    labels = [combo.itemText(i) for i in range(combo.count())]
    target = next(i for i, text in enumerate(labels) if text.startswith(name))
    steps = target - combo.currentIndex()
    for _ in range(abs(steps)):
        press(Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    assert combo.currentIndex() == target


def test_an_unverified_park_name_shows_the_placeholder_once(qtbot, start_app) -> None:
    window = start_app()
    _, details = _details_of_a_park(qtbot, window)
    labels = [details.pilot.itemText(i) for i in range(details.pilot.count())]
    flagged = [text for text in labels if "名称待核实" in text]
    assert len(flagged) >= 6
    assert all(text.count("名称待核实") <= 1 for text in labels)  # never doubled
    assert "西咸新区" in labels  # a confirmed name carries no placeholder


def test_keeping_an_unverified_name_needs_the_tick(qtbot, start_app) -> None:
    window = start_app()
    wizard, details = _details_of_a_park(qtbot, window)
    _choose(qtbot, details, "赤峰市园区")
    assert details.pilot_name() == "赤峰市园区"
    assert details.confirm.isVisible() and details.name_hint.isVisible()
    assert not details.name_confirmed()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.editors))
    plan = next(iter(window.editors.values())).session.plan
    assert plan.meta.name == "赤峰市园区" and plan.meta.batch == 1
    assert plan.meta.name_confirmed is False


def test_a_corrected_or_ticked_name_counts_as_confirmed(qtbot, start_app) -> None:
    window = start_app()
    _, details = _details_of_a_park(qtbot, window)
    _choose(qtbot, details, "库车市园区")
    details.confirm.setFocus()
    press(Qt.Key.Key_Space)
    assert details.confirm.isChecked() and details.name_confirmed()
    _choose(qtbot, details, "赤峰市园区")
    assert not details.confirm.isChecked()  # a new choice starts unticked
    details.pilot.lineEdit().selectAll()
    type_text("赤峰高新技术产业开发区")
    assert details.name_confirmed() and not details.confirm.isVisible()
    assert details.batch() == 1  # the corrected park stays in the first batch


def test_the_name_can_be_verified_later_on_plan_information(qtbot, start_app) -> None:
    from ui.pages import MetaPage

    window = start_app()
    wizard, details = _details_of_a_park(qtbot, window)
    _choose(qtbot, details, "赤峰市园区")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.editors))
    editor = next(iter(window.editors.values()))
    qtbot.waitUntil(editor.isActiveWindow)
    session = editor.session
    assert any(f.code == "pilot_name_unconfirmed" for f in session.findings())
    page = next(p for p in editor.findChildren(MetaPage))
    assert page.name_verified.isVisibleTo(page)
    box = page.name_verified
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert session.plan.meta.name_confirmed is True
    assert not any(f.code == "pilot_name_unconfirmed" for f in session.findings())
