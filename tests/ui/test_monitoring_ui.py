"""Monitoring in the app: a year's actual values against the path, project progress."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.test_export_dialog import open_demo_city_editor
from ui.monitoring_dialog import MonitoringDialog


def test_actual_values_are_assessed_and_saved(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    dialog = editor.show_monitoring()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MonitoringDialog))
    dialog.year.setValue(2022)
    plan = editor.session.plan
    share = next(r for r in plan.indicators if r.template_ref == "non_fossil_share")
    row = next(
        n
        for n in range(dialog.indicators.rowCount())
        if dialog.indicators.item(n, 3).data(0x0100) == share.id
    )
    assert dialog.indicators.item(row, 2).text() == "17.48"
    dialog.indicators.item(row, 3).setText("17.0")  # as the cell editor commits it
    row = next(
        n
        for n in range(dialog.indicators.rowCount())
        if dialog.indicators.item(n, 3).data(0x0100) == share.id
    )
    assert dialog.indicators.item(row, 4).text() == "滞后于进度"
    dialog.projects.cellWidget(0, 2).setCurrentIndex(1)  # under way
    dialog.projects.item(0, 3).setText("300000")
    assert "1项滞后" in dialog.summary.text() and "在建1个" in dialog.summary.text()
    editor.session.flush()
    stored = window.context.repo.load_plan(plan.id)
    kinds = sorted((e.collection, e.year) for e in stored.monitoring)
    assert kinds == [("indicators", 2022), ("projects", 2022)]
    entry = next(e for e in stored.monitoring if e.collection == "projects")
    assert entry.project_status == "under_way" and entry.spent.text == "300000"
    editor.session.undo_stack.undo()  # the spending
    assert next(e for e in plan.monitoring if e.collection == "projects").spent.text == ""
