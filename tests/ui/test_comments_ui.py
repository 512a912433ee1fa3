"""Review comments in the app: written on the current chapter, answered, resolved, undone,
counted in the step list, and added to the PDF on request."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from exporters.package import ExportRequest, export_plan
from tests.ui.conftest import press, type_text
from tests.ui.test_export_dialog import open_demo_city_editor
from ui.comments_dialog import CommentsDialog


def test_write_reply_resolve_and_export_comments(qtbot, start_app, tmp_path: Path) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    step = next(
        n
        for n, p in enumerate(editor.pages)
        if getattr(p, "chapter", None) is editor.session.plan.chapters[-1]
    )
    editor.steps.setCurrentRow(step)
    press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentsDialog))
    dialog: CommentsDialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    assert dialog.chapter_id() == editor.session.plan.chapters[-1].id
    dialog.author.setFocus()
    type_text("省发展改革委")
    dialog.text.setFocus()
    type_text("请补充资金保障的具体数额。")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "待处理"
    dialog.table.selectRow(0)
    dialog.reply("已在第九章补充市级专项资金3亿元。")
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    comment = editor.session.plan.comments[0]
    assert comment.status == "resolved" and comment.reply.startswith("已在第九章")
    assert comment.reply_author == "省发展改革委"
    editor.session.undo_stack.undo()  # the resolution
    assert editor.session.plan.comments[0].status == "open"
    assert dialog.table.item(0, 3).text() == "待处理"
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    texts = [editor.steps.item(n).text() for n in range(editor.steps.count())]
    assert any("〔意见1〕" in t for t in texts)

    editor.session.flush()
    pdf = tmp_path / "plan.pdf"
    export_plan(editor.session.plan, editor.session.template, ExportRequest(pdf=pdf, comments=True))
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "附：审核意见及处理情况" in text and "请补充资金保障的具体数额。" in text
    assert "已在第九章补充市级专项资金3亿元。" in text
    plain = tmp_path / "plain.pdf"
    export_plan(editor.session.plan, editor.session.template, ExportRequest(pdf=plain))
    assert (
        "审核意见"
        not in subprocess.run(
            ["pdftotext", str(plain), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def test_a_comment_on_a_project(qtbot, start_app) -> None:
    _window, editor = open_demo_city_editor(qtbot, start_app)
    dialog = editor.show_comments()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentsDialog))
    project = editor.session.plan.projects[2]
    dialog.chapter.setCurrentIndex(dialog.chapter.findData(f"projects:{project.id}"))
    dialog.add("投资估算请附依据。", "省发展改革委")
    comment = editor.session.plan.comments[0]
    assert (comment.collection, comment.item_id) == ("projects", project.id)
    assert dialog.table.rowCount() == 1
