"""Another client's text put into a field: only what differs is replaced, so the cursor and
the selection of the person in it stay on the same words."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from ui.live_text import moved, replace_line_text, replace_plain_text, text_edits


def test_only_the_parts_that_differ_are_replaced() -> None:
    edits = text_edits("碳排放总量控制", "【新】碳排放强度控制")
    assert sorted(edits) == [(0, 0, "【新】"), (3, 5, "强度")]
    assert moved(1, edits) == 4  # inside words both keep: moved along
    assert moved(4, edits) == 8  # inside a replaced word: after what replaced it
    assert text_edits("😀甲", "😀乙") == [(2, 3, "乙")]  # Qt's UTF-16 positions


def test_a_line_keeps_its_selection_on_the_same_words(qtbot) -> None:
    edit = QLineEdit("能源消费总量")
    qtbot.addWidget(edit)
    edit.setSelection(2, 2)  # "消费"
    replace_line_text(edit, "本市能源消费总量（万吨标准煤）")
    assert edit.selectedText() == "消费"
    edit.setCursorPosition(3)
    replace_line_text(edit, "本市能源消费总量")
    assert edit.cursorPosition() == 3


def test_a_text_keeps_its_cursor_when_text_is_inserted_before_it(qtbot) -> None:
    editor = QPlainTextEdit("第一段。\n第二段。")
    qtbot.addWidget(editor)
    cursor = editor.textCursor()
    cursor.setPosition(7)
    editor.setTextCursor(cursor)
    replace_plain_text(editor, "前言。\n第一段。\n第二段，补充。")
    assert editor.toPlainText() == "前言。\n第一段。\n第二段，补充。"
    assert editor.textCursor().position() == 11  # still after "第二段"
