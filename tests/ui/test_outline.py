"""The plan's own outline, edited the way a pilot's team does it (Plan → Edit outline…).

Seven default task areas give way to six actions under the pilot's own names; a chapter is
renamed, one is added in place; every change is saved at once, undoable with Ctrl+Z in the
editor, followed by the wizard's steps, the check and every export read back with independent
tools (pdftotext, python-docx, openpyxl).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QListWidget,
    QMessageBox,
    QWidget,
)

from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.template import ChapterKind
from tests.ui.conftest import press, type_text, wait_for
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_screenshots import clipped
from tests.ui.test_start_window import when_dialog_opens
from ui.editor import PlanEditor
from ui.outline_editor import OutlineDialog, OutlineList
from ui.pages import TasksPage

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
# The pilot's six actions and the Annex 2 elements each covers; none: the pilot's own.
ACTIONS = [
    ("能源绿色转型行动", ["task_energy_transition"]),
    ("工业降碳行动", ["task_industry_peaking", "task_efficiency"]),
    ("城乡建设提质行动", ["task_urban_rural"]),
    ("交通低碳行动", ["task_transport"]),
    ("科技创新引领行动", []),
    ("全民绿色行动", ["task_public_action"]),
]
# "交通低碳行动" moved up one place.
ORDER = ["能源绿色转型行动", "工业降碳行动", "交通低碳行动", "城乡建设提质行动"]
ORDER += ["科技创新引领行动", "全民绿色行动"]
NUMBERED = [f"（{n}）{title}" for n, title in zip("一二三四五六", ORDER, strict=True)]


# -- driving the dialog -------------------------------------------------------------------------


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos or QPoint()
    )
    QTest.qWait(1)


def open_outline(qtbot) -> OutlineDialog:
    press(Qt.Key.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OutlineDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    reactivate(qtbot, dialog)
    return dialog


def mnemonic(key: Qt.Key) -> None:
    """Alt+letter: a button's mnemonic, which clicks it the way Qt animates a click (down
    now, clicked ~100 ms later): wait until the pressed button is released, i.e. clicked.
    A disabled button's mnemonic presses nothing: nothing to wait for."""
    window = QApplication.activeWindow()
    press(key, ALT)
    down = [b for b in window.findChildren(QAbstractButton) if b.isDown()]
    wait_for(lambda: not any(_still_down(b) for b in down))


def _still_down(button: QAbstractButton) -> bool:
    try:
        return button.isDown()
    except RuntimeError:  # the click closed what held it
        return False


def reactivate(qtbot, window: QWidget) -> None:
    """Offscreen, closing a message box does not hand the focus back: do what the WM does."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def close_dialog(qtbot, dialog: OutlineDialog, editor: PlanEditor) -> None:
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    reactivate(qtbot, editor)


def show_tab(dialog: OutlineDialog, page: OutlineList) -> None:
    bar = dialog.tabs.tabBar()
    click(bar, bar.tabRect(dialog.tabs.indexOf(page)).center())
    assert dialog.tabs.currentWidget() is page


def click_row(view: QListWidget, row: int) -> None:
    view.scrollToItem(view.item(row))
    click(view.viewport(), view.visualItemRect(view.item(row)).center())
    assert view.currentRow() == row


def check_elements(page: OutlineList, element_ids: list[str]) -> None:
    """Tick elements in the covers list: click the row, press Space."""
    for element_id in element_ids:
        row = next(
            r
            for r in range(page.covers.count())
            if page.covers.item(r).data(Qt.ItemDataRole.UserRole) == element_id
        )
        click_row(page.covers, row)
        press(Qt.Key.Key_Space)
        assert page.covers.item(row).checkState() == Qt.CheckState.Checked


def retype(edit: QWidget, text: str) -> None:
    click(edit)
    press(Qt.Key.Key_A, CTRL)
    type_text(text)
    press(Qt.Key.Key_Return)


def listed(view: QListWidget) -> list[str]:
    return [view.item(n).text() for n in range(view.count())]


def step_texts(editor: PlanEditor) -> list[str]:
    return [editor.steps.item(n).text() for n in range(editor.steps.count())]


# -- six own actions ----------------------------------------------------------------------------


def replace_task_areas_with_six_actions(qtbot, editor: PlanEditor, shots: Path) -> OutlineDialog:
    dialog = open_outline(qtbot)
    groups = dialog.groups
    show_tab(dialog, groups)
    plan = editor.session.plan
    assert groups.list.count() == len(plan.task_groups) == 7

    # Declining the question keeps the group and its measures.
    click_row(groups.list, 0)
    first, measures = plan.task_groups[0], len(plan.measures_of(plan.task_groups[0].id))
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.No).click())
    click(groups.buttons["remove"])
    reactivate(qtbot, dialog)
    assert plan.task_groups[0] is first and len(plan.measures_of(first.id)) == measures

    while groups.list.count():  # every default area holds measures: confirm each removal
        click_row(groups.list, 0)
        seen = when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
        click(groups.buttons["remove"])
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
        assert seen and isinstance(seen[0], QMessageBox)
        reactivate(qtbot, dialog)
    assert plan.task_groups == [] and plan.measures == []
    assert not groups.buttons["remove"].isEnabled()

    for n, (title, covers) in enumerate(ACTIONS):
        mnemonic(Qt.Key.Key_A)  # 新增(&A)
        assert QApplication.focusWidget() is groups.title_zh  # ready to type the name
        type_text(title)
        press(Qt.Key.Key_Return)
        if n == 0:
            retype(groups.title_en, "Green energy transition")
        check_elements(groups, covers)
        assert groups.list.currentItem().text() == title
    assert [g.title_zh for g in plan.task_groups] == [title for title, _ in ACTIONS]
    assert [set(g.covers) for g in plan.task_groups] == [set(covers) for _, covers in ACTIONS]
    assert plan.task_groups[0].title_en == "Green energy transition"

    click_row(groups.list, 3)  # 交通低碳行动
    click(groups.buttons["up"])
    assert groups.list.currentRow() == 2
    assert listed(groups.list) == ORDER
    # the outline now misses one Annex 2 element, said live in the dialog
    assert dialog.uncovered.text() == "提纲尚未覆盖 1 项编制指南要素：重点任务：科技创新"
    click_row(groups.list, 4)  # the pilot's own: nothing ticked
    dialog.grab().save(str(shots / "outline-six-actions-zh.png"))
    assert not clipped(dialog)
    return dialog


def add_a_measure_to_each_group(qtbot, editor: PlanEditor) -> None:
    """Through the Tasks step: pick the group, Add measure, type its title."""
    page = next(p for p in editor.pages if isinstance(p, TasksPage))
    click_row(editor.steps, editor.pages.index(page))
    assert editor.stack.currentWidget() is page
    assert [page.groups.item(n).text() for n in range(page.groups.count())] == [
        f"{title}（0）" for title in ORDER
    ]
    for row, title in enumerate(ORDER):
        click_row(page.groups, row)
        click(page.add_button)
        type_text(f"{title}重点举措")
        press(Qt.Key.Key_Return)
    plan = editor.session.plan
    assert [[m.title for m in plan.measures_of(g.id)] for g in plan.task_groups] == [
        [f"{title}重点举措"] for title in ORDER
    ]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return "".join(out.stdout.split())


def test_six_own_actions_replace_the_task_areas_everywhere(
    qtbot, start_app, shots, tmp_path
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    dialog = replace_task_areas_with_six_actions(qtbot, editor, shots)
    close_dialog(qtbot, dialog, editor)
    plan = session.plan
    assert [g.title_zh for g in plan.task_groups] == ORDER
    add_a_measure_to_each_group(qtbot, editor)

    # saved as it happened
    assert session.flush()
    stored = window.context.repo.load_plan(plan.id)
    assert [g.title_zh for g in stored.task_groups] == ORDER
    assert [g.covers for g in stored.task_groups] == [g.covers for g in plan.task_groups]
    assert stored.task_groups[0].title_en == "Green energy transition"
    assert len(stored.measures) == 6

    # the check names the Annex 2 element no action covers any more, and no other
    template = session.template
    uncovered = [f for f in check_plan(plan, template) if f.code == "element_not_covered"]
    assert [f.message("zh") for f in uncovered] == [
        "方案提纲未覆盖编制指南要素“重点任务：科技创新”。"
    ]

    # every export follows the outline's order and numbering
    document = build_document(plan, template, "zh")
    headings = [h.full_text for h in document.headings() if h.level == 2]
    assert [h for h in headings if h in NUMBERED] == NUMBERED
    assert not any("推动能源绿色低碳转型" in h for h in headings)  # the old areas are gone

    text = pdf_text(render_pdf(document, resolve_fonts()), tmp_path)
    tasks = plan.chapter_of_kind(ChapterKind.TASKS)
    number = "一二三四五六七八九十"[plan.chapters.index(tasks)]
    heading = f"{number}、{tasks.title_zh}"
    body = text[text.index(heading, text.index(heading) + 1) :]  # after the contents
    found = [body.index(h) for h in NUMBERED]
    assert found == sorted(found)
    assert all(f"{title}重点举措" in body for title in ORDER)

    word = docx.Document(io.BytesIO(render_docx(document)))
    level2 = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert [h for h in level2 if h in NUMBERED] == NUMBERED

    book = load_workbook(io.BytesIO(render_xlsx(plan, template, [], "zh")))
    rows = list(book["重点任务"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1]) for row in rows if row[0]] == [
        (title, f"{title}重点举措") for title in ORDER
    ]

    # Ctrl+Z in the editor takes back the outline's changes, one by one
    click(editor.steps.viewport(), editor.steps.visualItemRect(editor.steps.item(0)).center())
    for _ in range(12):  # the six measures, each added and given its title
        press(Qt.Key.Key_Z, CTRL)
    assert plan.measures == []
    press(Qt.Key.Key_Z, CTRL)  # the move
    assert [g.title_zh for g in plan.task_groups] == [title for title, _ in ACTIONS]
    page = next(p for p in editor.pages if isinstance(p, TasksPage))
    assert [page.groups.item(n).text() for n in range(page.groups.count())] == [
        f"{title}（0）" for title, _ in ACTIONS
    ]
    press(Qt.Key.Key_Y, CTRL)
    assert [g.title_zh for g in plan.task_groups] == ORDER
    assert session.flush()
    assert [g.title_zh for g in window.context.repo.load_plan(plan.id).task_groups] == ORDER


def test_removing_a_group_is_undone_in_place_with_its_measures(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    plan = editor.session.plan
    before = [(g.id, [m.id for m in plan.measures_of(g.id)]) for g in plan.task_groups]
    dialog = open_outline(qtbot)
    show_tab(dialog, dialog.groups)
    click_row(dialog.groups.list, 2)
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    click(dialog.groups.buttons["remove"])
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    assert len(plan.task_groups) == 6 and before[2][0] not in {g.id for g in plan.task_groups}
    assert not plan.measures_of(before[2][0])
    # the Tasks step no longer offers it
    page = next(p for p in editor.pages if isinstance(p, TasksPage))
    assert page.groups.count() == 6
    close_dialog(qtbot, dialog, editor)
    click(editor.steps.viewport(), editor.steps.visualItemRect(editor.steps.item(0)).center())
    press(Qt.Key.Key_Z, CTRL)  # one step: the group and its measures come back where they were
    assert [(g.id, [m.id for m in plan.measures_of(g.id)]) for g in plan.task_groups] == before
    assert page.groups.count() == 7
    assert editor.session.flush()
    stored = window.context.repo.load_plan(plan.id)
    assert [g.id for g in stored.task_groups] == [g for g, _ in before]
    assert len(stored.measures) == len(plan.measures)


# -- chapters -----------------------------------------------------------------------------------


def test_chapters_renamed_added_in_place_refused_removal_and_undo(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    session, plan = editor.session, editor.session.plan
    click_row(editor.steps, 4)  # a step of its own, which stays current
    current = editor.current_page()
    steps_before = step_texts(editor)
    dialog = open_outline(qtbot)
    chapters = dialog.chapters
    assert dialog.tabs.currentWidget() is chapters
    assert listed(chapters.list) == [c.title_zh for c in plan.chapters]

    # a structured chapter cannot be removed, and the button says why
    click_row(chapters.list, 1)  # 基础数据
    assert plan.chapters[1].kind == ChapterKind.BASE_DATA
    assert not chapters.buttons["remove"].isEnabled()
    assert "不能删除" in chapters.buttons["remove"].toolTip()
    mnemonic(Qt.Key.Key_R)
    press(Qt.Key.Key_Delete)
    assert len(plan.chapters) == 9 and plan.chapters[1].kind == ChapterKind.BASE_DATA
    assert chapters.buttons["up"].isEnabled()  # but it can be moved

    # rename a text chapter
    click_row(chapters.list, 0)
    assert chapters.buttons["remove"].isEnabled() and not chapters.buttons["up"].isEnabled()
    retype(chapters.title_zh, "城市概况与工作基础")
    assert plan.chapters[0].title_zh == "城市概况与工作基础"
    assert chapters.list.item(0).text() == "城市概况与工作基础"
    qtbot.waitUntil(lambda: step_texts(editor)[1].startswith("1. 城市概况与工作基础"))

    # a chapter of the pilot's own after the 4th
    click_row(chapters.list, 3)
    mnemonic(Qt.Key.Key_A)
    type_text("专题：海上风电")
    press(Qt.Key.Key_Return)
    retype(chapters.title_en, "Special topic: offshore wind")
    added = plan.chapters[4]
    assert (added.title_zh, added.title_en) == ("专题：海上风电", "Special topic: offshore wind")
    assert (added.kind, added.required, added.covers) == (ChapterKind.TEXT, False, [])
    assert chapters.list.currentRow() == 4
    assert all(
        chapters.covers.item(n).checkState() == Qt.CheckState.Unchecked
        for n in range(chapters.covers.count())
    )  # nothing ticked: the pilot's own
    assert "试点自设" in chapters.own_hint.text()
    # the wizard shows it in place: info, ch. 1, base data, trajectory, ch. 3, targets, it
    qtbot.waitUntil(lambda: step_texts(editor)[6].startswith("5. 专题：海上风电"))
    assert len(step_texts(editor)) == len(steps_before) + 1
    assert step_texts(editor)[7].startswith("6. 重点任务")
    assert editor.current_page() is current  # the step that was open stays open

    close_dialog(qtbot, dialog, editor)
    stored = window.context.repo.load_plan(plan.id)
    assert [c.title_zh for c in stored.chapters] == [c.title_zh for c in plan.chapters]

    # Ctrl+Z in the editor undoes the last outline change, then the ones before
    click(editor.steps.viewport(), editor.steps.visualItemRect(editor.steps.item(0)).center())
    press(Qt.Key.Key_Z, CTRL)
    assert plan.chapters[4].title_en == ""  # as it was added
    press(Qt.Key.Key_Z, CTRL)
    press(Qt.Key.Key_Z, CTRL)  # the title typed, then the chapter itself
    assert "专题：海上风电" not in [c.title_zh for c in plan.chapters]
    assert len(plan.chapters) == 9
    qtbot.waitUntil(lambda: len(step_texts(editor)) == len(steps_before))
    press(Qt.Key.Key_Z, CTRL)  # the rename
    assert plan.chapters[0].title_zh == "基本情况与工作基础"
    qtbot.waitUntil(lambda: step_texts(editor) == steps_before)
    assert session.flush()
    assert [c.title_zh for c in window.context.repo.load_plan(plan.id).chapters] == [
        c.title_zh for c in plan.chapters
    ]


def test_moving_and_removing_text_chapters_steps_follow(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    plan = editor.session.plan
    titles = [c.title_zh for c in plan.chapters]
    dialog = open_outline(qtbot)
    chapters = dialog.chapters
    click_row(chapters.list, 8)  # 保障措施, a text chapter, last
    assert not chapters.buttons["down"].isEnabled()
    mnemonic(Qt.Key.Key_U)  # 上移(&U)
    assert [c.title_zh for c in plan.chapters][7:] == [titles[8], titles[7]]
    qtbot.waitUntil(lambda: "8. 保障措施" in step_texts(editor)[9])
    click(chapters.buttons["remove"])
    assert "保障措施" not in [c.title_zh for c in plan.chapters]
    press(Qt.Key.Key_Z, CTRL)  # undo works in the dialog too
    assert listed(chapters.list)[7] == "保障措施" and len(plan.chapters) == 9
    click_row(chapters.list, 7)
    press(Qt.Key.Key_Delete)  # Delete on the list removes, like the button
    assert "保障措施" not in [c.title_zh for c in plan.chapters]
    assert "保障措施" not in listed(chapters.list)
    qtbot.waitUntil(lambda: not any("保障措施" in t for t in step_texts(editor)))
    # the element it covered is now uncovered, live
    assert "保障措施" in dialog.uncovered.text()
    close_dialog(qtbot, dialog, editor)
    uncovered = [
        f.params["element"]
        for f in check_plan(plan, editor.session.template)
        if f.code == "element_not_covered"
    ]
    assert uncovered == ["保障措施"]
    click(editor.steps.viewport(), editor.steps.visualItemRect(editor.steps.item(0)).center())
    press(Qt.Key.Key_Z, CTRL)
    press(Qt.Key.Key_Z, CTRL)
    assert [c.title_zh for c in plan.chapters] == titles
    qtbot.waitUntil(lambda: "9. 保障措施" in step_texts(editor)[10])
    assert editor.session.flush()
    assert [c.title_zh for c in window.context.repo.load_plan(plan.id).chapters] == titles


# -- language and looks -------------------------------------------------------------------------


def test_language_switch_and_screenshots(qtbot, start_app, shots) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    editor.resize(1024, 768)
    dialog = open_outline(qtbot)
    folder = shots
    click_row(dialog.chapters.list, 1)
    dialog.grab().save(str(folder / "outline-chapters-zh.png"))
    assert not clipped(dialog)
    show_tab(dialog, dialog.groups)
    click_row(dialog.groups.list, 0)
    dialog.grab().save(str(folder / "outline-groups-zh.png"))
    assert not clipped(dialog)

    editor.texts.set_language("en")
    QApplication.sendPostedEvents()  # the layout follows the new texts
    assert dialog.windowTitle() == "The plan's outline"
    assert [dialog.tabs.tabText(n) for n in range(2)] == ["Chapters", "Task groups"]
    assert dialog.groups.buttons["add"].text() == "&Add"
    assert dialog.groups.covers.item(0).text() == "Base situation and work foundation"
    assert dialog.uncovered.text() == "The outline covers every Annex 2 element."
    assert dialog.close_button.text() == "Close"
    dialog.grab().save(str(folder / "outline-groups-en.png"))
    assert not clipped(dialog)
    editor.texts.set_language("zh")
    assert dialog.tabs.tabText(1) == "重点任务分组"
