"""The demo city on a 1024×768 laptop, in Chinese and in English: texts read whole, in the
interface's language (found by walking every step and dialog and looking at each)."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleOptionViewItem

from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_screenshots import clipped
from tests.ui.test_start_window import back_to, names, when_dialog_opens
from ui.collect_dialogs import ImportPreviewDialog
from ui.comments_dialog import CommentsDialog
from ui.pages import CheckPage
from ui.start_window import TrashDialog
from ui.trajectory_page import TrajectoryPage
from ui.versions_dialog import VersionsDialog

CJK = re.compile(r"[\u4e00-\u9fff]")
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_demo_city(qtbot, start_app, lang: str):
    _window, editor = open_demo_city_editor(qtbot, start_app, lang)
    editor.resize(1024, 768)
    return editor


def test_the_declared_peak_year_hint_reads_in_lines_under_its_fields(qtbot, start_app) -> None:
    open_demo_city(qtbot, start_app, "zh")
    press(Qt.Key.Key_2, ALT)  # the base data, then the trajectory after it
    press(Qt.Key.Key_PageDown, CTRL)
    editor = QApplication.activeWindow()
    page = editor.current_page()
    assert isinstance(page, TrajectoryPage)
    qtbot.waitExposed(page)
    hint, year = page.peak_hint, page.peak_year
    assert hint.text().startswith("实施方案中提出的二氧化碳排放达峰年份")
    # beside the two fields it had some 60 px: seven lines of four characters each
    assert hint.height() <= 2 * hint.fontMetrics().lineSpacing() + 4, hint.height()
    assert hint.geometry().top() >= year.geometry().bottom()


def findings_step(qtbot, editor) -> CheckPage:
    press(Qt.Key.Key_F7)
    page = editor.current_page()
    assert isinstance(page, CheckPage)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() > 0 and page.tree.viewport().width() > 0)
    return page


def test_english_notes_say_the_grid_factor_unit_in_english(qtbot, start_app) -> None:
    editor = open_demo_city(qtbot, start_app, "en")
    tree = findings_step(qtbot, editor).tree
    messages = [tree.topLevelItem(n).text(1) for n in range(tree.topLevelItemCount())]
    verify = next(m for m in messages if "checked against the notice" in m)
    assert "kgCO2/kWh" in verify  # it said “0.6451 千克二氧化碳/千瓦时” in the English note
    assert not [m for m in messages if CJK.search(m)]

    press(Qt.Key.Key_2, ALT)
    press(Qt.Key.Key_PageDown, CTRL)  # the trajectory shows the same notes under its factor
    page = editor.current_page()
    assert isinstance(page, TrajectoryPage)
    assert "kgCO2/kWh" in page.grid_document.text()
    assert not CJK.search(page.grid_document.text())


def test_a_long_finding_wraps_whole_instead_of_ending_in_an_ellipsis(qtbot, start_app) -> None:
    editor = open_demo_city(qtbot, start_app, "en")
    tree = findings_step(qtbot, editor).tree
    width, metrics = tree.columnWidth(1), tree.fontMetrics()
    longest = 0
    for n in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(n)
        text = item.text(1)
        needed = metrics.boundingRect(QRect(0, 0, width - 8, 2000), Qt.TextFlag.TextWordWrap, text)
        shown = tree.visualItemRect(item)
        assert shown.height() >= needed.height(), (text, shown.height(), needed.height())
        longest = max(longest, needed.height())
    assert longest >= 2 * metrics.lineSpacing()  # a finding longer than a line at 1024×768
    editor.resize(1366, 768)  # wider: the rows follow the column's new width
    qtbot.waitUntil(lambda: tree.columnWidth(1) > width)
    tall = max(tree.visualItemRect(tree.topLevelItem(n)).height() for n in range(2))
    assert tall < longest + 4


def test_a_snapshot_in_the_list_reads_whole_in_english(qtbot, start_app) -> None:
    editor = open_demo_city(qtbot, start_app, "en")
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    dialog.take("submitted to the province")
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    item = dialog.list.item(0)
    assert "taken by hand" in item.text()
    # "2026-12-03 04:46 · taken by hand · taken by root" ran under the list's right edge
    assert dialog.list.horizontalScrollBar().maximum() == 0
    shown = dialog.list.visualItemRect(item)
    assert shown.width() <= dialog.list.viewport().width()
    assert shown.height() >= 3 * dialog.list.fontMetrics().lineSpacing()  # wrapped
    assert item.toolTip() == item.text()
    assert clipped(dialog) == []


def test_a_source_wider_than_its_field_reads_from_its_beginning(qtbot, start_app) -> None:
    editor = open_demo_city(qtbot, start_app, "en")
    press(Qt.Key.Key_2, ALT)  # the base data: in English the source fields are narrow
    page = editor.current_page()
    qtbot.waitExposed(page)
    sources = [s for s in page.sources.values() if s.text().startswith("《云岚统计年鉴2021》")]
    assert sources
    for source in sources:
        assert source.fontMetrics().horizontalAdvance(source.text()) > source.width()
        assert source.cursorPosition() == 0  # it showed the end: “鉴2021》表2-1”
    for spec_id, source in page.sources.items():  # a source had 60 px beside a 125 px figure
        assert source.width() >= page.fields[spec_id].width(), spec_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_in_the_trash_reads_whole(qtbot, start_app, lang: str) -> None:
    window = start_app(lang=lang)
    window.actions_["demo"].trigger()
    window.view.setFocus()
    window.view.selectRow(next(r for r, n in enumerate(names(window)) if "高新" in n))
    when_dialog_opens(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    press(Qt.Key.Key_Delete)  # the park plan to the trash
    back_to(qtbot, window)
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        assert isinstance(dialog, TrashDialog)
        view = dialog.view
        seen["name"] = view.model().index(0, 0).data()
        # the columns were 100 px each: “云岚高新技术产…”, “2026-12-03 …”
        seen["short"] = [c for c in range(6) if view.columnWidth(c) < view.sizeHintForColumn(c)]
        dialog.reject()

    when_dialog_opens(look)
    press(Qt.Key.Key_T, CTRL | SHIFT)
    assert seen == {"name": "云岚高新技术产业开发区（示例）", "short": []}


def test_a_long_review_comment_wraps_in_the_list(qtbot, start_app) -> None:
    open_demo_city(qtbot, start_app, "zh")
    press(Qt.Key.Key_M, CTRL | SHIFT)  # review comments
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentsDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.chapter)
    press(Qt.Key.Key_Tab)
    type_text("省发改委 王处长")
    press(Qt.Key.Key_Tab)
    comment = "请补充2025年中期评估的具体安排，说明资金来源，并与重点工程项目的建设进度相衔接。"
    type_text(comment)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Space)  # Add comment
    table = dialog.table
    assert table.item(0, 2).text() == comment
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, table.columnWidth(2) - 8, 2000), Qt.TextFlag.TextWordWrap, comment
    )
    assert needed.height() >= 2 * table.fontMetrics().lineSpacing()  # longer than a line
    assert table.rowHeight(0) >= needed.height()  # it was one line: “…说明资…”


def test_a_workbook_preview_shows_which_field_of_a_long_indicator_changes(
    qtbot, start_app, tmp_path
) -> None:
    editor = open_demo_city(qtbot, start_app, "en")
    path = tmp_path / "dept.xlsx"
    editor.send_collection_workbook(None, str(path))
    book = load_workbook(path)
    sheet = book["指标"]  # the workbook is in the plan's language
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(row=4, column=columns["2025年目标"], value="21左右")
    sheet.cell(row=4, column=columns["备注"], value="按省里口径重新测算")
    book.save(path)
    dialog = editor.import_collection_workbook(str(path))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportPreviewDialog))
    qtbot.waitExposed(dialog)
    view = dialog.table
    shown = []
    for row in range(view.model().rowCount()):
        index = view.model().index(row, 1)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)  # as the view paints the cell
        view.itemDelegateForIndex(index).initStyleOption(option, index)
        width = view.columnWidth(1) - 8
        shown.append(view.fontMetrics().elidedText(option.text, option.textElideMode, width))
    assert any("…" in s for s in shown)  # longer than the column at 1024×768
    # both rows read “Share of non-fossil energy in total energy consumption…” and no more
    assert [s.rsplit("· ", 1)[-1] for s in sorted(shown)] == ["2025 target", "Note"]
