"""Recording the province's targets in the app, and the check comparing them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.checks import check_plan
from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from ui.higher_targets_dialog import HigherTargetsDialog


def test_a_province_target_typed_in_the_dialog_is_saved_and_checked(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    dialog = editor.show_higher_targets()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HigherTargetsDialog))
    qtbot.waitExposed(dialog)
    assert "13.5%" in dialog.national.text() and "十四个五年规划" in dialog.national.text()
    model = dialog.model
    row = next(
        n
        for n in range(model.rowCount())
        if model.item_at(n).indicator == "carbon_intensity_reduction"
        and model.item_at(n).year == 2025
    )
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(model.index(row, 2))
    press(Qt.Key.Key_F2)
    type_text("20")
    press(Qt.Key.Key_Tab)  # to the source column
    press(Qt.Key.Key_F2)
    type_text("《江苏省国民经济和社会发展第十四个五年规划纲要》")
    press(Qt.Key.Key_Return)
    plan = editor.session.plan
    entry = next(h for h in plan.higher_targets if h.id == "carbon_intensity_reduction-2025")
    assert entry.value.text == "20" and "江苏省" in entry.value.provenance.source
    editor.session.flush()
    stored = window.context.repo.load_plan(plan.id)
    assert any(h.value.text == "20" for h in stored.higher_targets)
    messages = [f.message("zh") for f in check_plan(plan, editor.session.template)]
    assert any("不及本省目标−20%" in m for m in messages)
