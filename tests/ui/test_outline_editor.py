"""The plan's own outline edited in the wizard: six actions replace the task areas, a chapter
is added and renamed, and everything is undoable and followed by the steps and the exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from exporters.document import build_document
from forms.checks import check_plan
from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_start_window import when_dialog_opens
from ui.outline_editor import OutlineDialog

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ACTIONS = [
    "能源绿色转型行动",
    "工业降碳行动",
    "城乡建设提质行动",
    "交通低碳行动",
    "海港物流降碳行动",
    "全民绿色行动",
]


def open_outline(qtbot) -> OutlineDialog:
    press(Qt.Key.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OutlineDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QTest.qWait(1)


def test_six_own_actions_replace_the_task_areas(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_outline(qtbot)
    groups = dialog.groups
    dialog.tabs.setCurrentWidget(groups)
    assert groups.list.count() == 7
    while groups.list.count():  # each group holds measures: confirm each removal
        groups.list.setCurrentRow(0)
        when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
        click(groups.buttons["remove"])
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    assert editor.session.plan.measures == []
    dialog.activateWindow()  # offscreen, closing the question does not hand the focus back
    qtbot.waitUntil(dialog.isActiveWindow)
    covers = {0: [0], 1: [1, 2], 2: [3], 3: [4], 5: [6]}  # action 5 is the pilot's own
    elements = editor.session.template.elements_for_pilot()
    task_elements = [e for e in elements if e.id.startswith("task_")]
    for n, name in enumerate(ACTIONS):
        click(groups.buttons["add"])
        assert QApplication.focusWidget() is groups.title_zh
        type_text(name)
        press(Qt.Key.Key_Return)
        for index in covers.get(n, []):
            wanted = task_elements[index].id
            row = next(
                r
                for r in range(groups.covers.count())
                if groups.covers.item(r).data(Qt.ItemDataRole.UserRole) == wanted
            )
            groups.covers.item(row).setCheckState(Qt.CheckState.Checked)
    groups.list.setCurrentRow(4)
    click(groups.buttons["up"])  # the pilot's own action moves before transport
    expected = [
        "能源绿色转型行动",
        "工业降碳行动",
        "城乡建设提质行动",
        "海港物流降碳行动",
        "交通低碳行动",
        "全民绿色行动",
    ]
    plan = editor.session.plan
    assert [g.title_zh for g in plan.task_groups] == expected
    assert "科技创新" in dialog.uncovered.text()
    editor.session.flush()
    stored = window.context.repo.load_plan(plan.id)
    assert [g.title_zh for g in stored.task_groups] == expected
    uncovered = [
        f.params["element"]
        for f in check_plan(plan, editor.session.template)
        if f.code == "element_not_covered"
    ]
    assert uncovered == ["重点任务：科技创新"]
    headings = [
        h.full_text
        for h in build_document(plan, editor.session.template, "zh").headings()
        if h.level == 2
    ]
    numbered = [f"（{c}）{name}" for c, name in zip("一二三四五六", expected, strict=True)]
    assert [h for h in headings if h in numbered] == numbered
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    editor.session.undo_stack.undo()  # the move
    assert [g.title_zh for g in plan.task_groups][3] == "交通低碳行动"


def test_add_rename_and_undo_a_chapter_and_steps_follow(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    before = editor.steps.count()
    dialog = open_outline(qtbot)
    chapters = dialog.chapters
    chapters.list.setCurrentRow(3)
    click(chapters.buttons["add"])
    type_text("专题：海上风电")
    press(Qt.Key.Key_Return)
    plan = editor.session.plan
    assert plan.chapters[4].title_zh == "专题：海上风电"
    assert editor.steps.count() == before + 1
    qtbot.waitUntil(  # the step list is retitled shortly after an edit
        lambda: any(
            "专题：海上风电" in editor.steps.item(n).text() for n in range(editor.steps.count())
        )
    )
    chapters.list.setCurrentRow(0)
    assert chapters.buttons["remove"].isEnabled()  # a text chapter
    chapters.list.setCurrentRow(1)  # base data: structured
    assert not chapters.buttons["remove"].isEnabled()
    chapters.list.setCurrentRow(0)
    chapters.title_zh.setFocus()
    chapters.title_zh.selectAll()
    type_text("基本情况")
    press(Qt.Key.Key_Return)
    assert plan.chapters[0].title_zh == "基本情况"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    stack = editor.session.undo_stack
    stack.undo()  # the rename
    assert plan.chapters[0].title_zh == "基本情况与工作基础"
    stack.undo()  # the title typed into the new chapter
    stack.undo()  # the new chapter
    assert all(c.title_zh != "新章节" for c in plan.chapters)
    assert editor.steps.count() == before
