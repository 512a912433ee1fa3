"""A new user's path: create a city plan with the wizard, fill every step, restart, find it all."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QWizard

from tests.ui.conftest import press, quit_app, type_text
from ui.editor import PlanEditor
from ui.pages import (
    BaseDataPage,
    IndicatorsPage,
    MetaPage,
    PoliciesPage,
    ProjectsPage,
    SchedulePage,
    TablePage,
    TasksPage,
    TextPage,
)
from ui.start_window import StartWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def create_plan_with_wizard(qtbot, window: StartWindow, name: str) -> PlanEditor:
    """Ctrl+N, keep "city", type the pilot's name and province, Finish."""
    press(Qt.Key.Key_N, CTRL)
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.mouseClick(wizard.type_page.city, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    details = wizard.details_page
    assert not details.isComplete()  # no name yet: Finish is not offered
    qtbot.mouseClick(details.pilot.lineEdit(), Qt.MouseButton.LeftButton)
    type_text(name)
    press(Qt.Key.Key_Tab)  # on to the province
    assert details.province.hasFocus()
    type_text("江苏省")
    assert details.isComplete()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.editors))
    editor = next(iter(window.editors.values()))
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def type_into_cell(qtbot, view: QAbstractItemView, index: QModelIndex, text: str) -> None:
    """Select a cell, type (any key starts editing), press Enter to commit."""
    view.setFocus()
    view.setCurrentIndex(index)
    type_text(text)
    assert view.state() == QAbstractItemView.State.EditingState
    press(Qt.Key.Key_Return)


def type_into_new_row(qtbot, page: TablePage, text: str) -> None:
    """Click Add: the new row's first text cell opens for typing; type and press Enter."""
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.view.state() == QAbstractItemView.State.EditingState
    type_text(text)
    press(Qt.Key.Key_Return)


def indicator_index(page: IndicatorsPage, ref: str, field: str) -> QModelIndex:
    row = next(n for n in range(page.model.rowCount()) if page.model.item_at(n).template_ref == ref)
    return page.model.index(row, page.model.column_of(field))


def test_create_fill_every_step_restart_and_find_everything(qtbot, start_app) -> None:
    window = start_app()
    editor = create_plan_with_wizard(qtbot, window, "云岚测试市")
    assert editor.session.plan.meta.province == "江苏省"
    steps = editor.steps
    assert steps.count() == len(editor.session.plan.chapters) + 3  # info, trajectory, check

    texts_typed: dict[str, str] = {}
    for row, page in enumerate(editor.pages):
        if row % 2:  # alternate between the keyboard and the mouse to move on
            press(Qt.Key.Key_PageDown, CTRL)
        else:
            steps.setCurrentRow(row) if row == 0 else qtbot.mouseClick(
                editor.next_button, Qt.MouseButton.LeftButton
            )
        assert steps.currentRow() == row
        assert editor.stack.currentWidget() is page
        if isinstance(page, MetaPage):
            page.base_year.setFocus()
            page.base_year.selectAll()
            type_text("2021")
            press(Qt.Key.Key_Tab)
        elif isinstance(page, TextPage):
            text = f"第{row}章：本市以能源结构调整为主线。"
            qtbot.mouseClick(page.text_section.editor.viewport(), Qt.MouseButton.LeftButton)
            type_text(text)
            texts_typed[page.chapter.id] = text
        elif isinstance(page, BaseDataPage):
            qtbot.mouseClick(page.fields["gdp"], Qt.MouseButton.LeftButton)
            type_text("4520.5")
            press(Qt.Key.Key_Tab)
        elif isinstance(page, IndicatorsPage):
            index = indicator_index(page, "non_fossil_share", "target_2025.basic")
            type_into_cell(qtbot, page.view, index, "25")
        elif isinstance(page, TasksPage):
            page.groups.setCurrentRow(1)
            type_into_new_row(qtbot, page, "实施重点用能单位节能改造")
        elif isinstance(page, ProjectsPage):
            type_into_new_row(qtbot, page, "屋顶分布式光伏项目")
        elif isinstance(page, PoliciesPage):
            type_into_new_row(qtbot, page, "设立碳达峰专项资金")
        elif isinstance(page, SchedulePage):
            type_into_new_row(qtbot, page, "2025年")
    assert steps.currentRow() == steps.count() - 1  # the Check step
    plan_id = editor.session.plan.id
    qtbot.waitUntil(lambda: editor.save_label.text().startswith("已保存"))

    press(Qt.Key.Key_W, CTRL)  # closing never asks anything
    assert not window.editors
    quit_app(window)

    again = start_app()
    assert again.model.rowCount() == 1
    assert again.model.item(0, 0).text() == "云岚测试市"
    again.view.setFocus()
    press(Qt.Key.Key_Return)  # Enter opens the selected plan (read in the background)
    qtbot.waitUntil(lambda: plan_id in again.editors)
    reopened = again.editors[plan_id]
    qtbot.waitUntil(reopened.isActiveWindow)
    plan = reopened.session.plan
    assert plan.meta.base_year == 2021
    for chapter_id, text in texts_typed.items():
        assert plan.chapter(chapter_id).text == text
    assert plan.base_value("gdp").text == "4520.5"
    row = next(i for i in plan.indicators if i.template_ref == "non_fossil_share")
    assert row.target_2025.basic.text == "25"
    group = plan.task_groups[1]
    assert [m.title for m in plan.measures_of(group.id)] == ["实施重点用能单位节能改造"]
    assert [p.name for p in plan.projects] == ["屋顶分布式光伏项目"]
    assert [p.title for p in plan.policies] == ["设立碳达峰专项资金"]
    assert [m.period for m in plan.milestones] == ["2025年"]
    # and the widgets show it too
    meta_page = reopened.pages[0]
    assert isinstance(meta_page, MetaPage) and meta_page.base_year.value() == 2021
    text_page = next(p for p in reopened.pages if isinstance(p, TextPage))
    assert text_page.text_section.editor.toPlainText() == texts_typed[text_page.chapter.id]
