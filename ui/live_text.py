"""Putting another client's text into a field without moving the cursor of the person in it.

Only the part that differs is replaced, so the cursor and the selection stay on the same
words: after text inserted before them they move along with it, after text changed behind
them they do not move at all.  Qt counts positions in UTF-16 code units, as done here.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import accumulate

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

Edit = tuple[int, int, str]  # replace old[start:end] (UTF-16 units) by the text


def _offsets(text: str) -> list[int]:
    """Each character's position in UTF-16 units (Qt's), and the end."""
    return [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]


def text_edits(old: str, new: str) -> list[Edit]:
    """The small edits that make ``old`` into ``new``, last first (so each one's positions
    hold when it is made): words both share are left alone."""
    shortest = min(len(old), len(new))
    head = next((n for n, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), shortest)
    tail = 0  # the common start and end are not compared again, character by character
    while tail < shortest - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    at = _offsets(old)
    matcher = SequenceMatcher(
        None, old[head : len(old) - tail], new[head : len(new) - tail], autojunk=False
    )
    edits = [
        (at[head + i1], at[head + i2], new[head + j1 : head + j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return edits[::-1]


def moved(position: int, edits: list[Edit]) -> int:
    """Where a position of the old text is in the new one (inside a replaced part: after
    what replaced it)."""
    shift = 0
    for start, end, text in edits[::-1]:
        if position < start or (position == start and start != end):
            break
        size = len(text.encode("utf-16-le")) // 2
        if position < end:
            return start + shift + size
        shift += size - (end - start)
    return position + shift


def replace_plain_text(editor: QPlainTextEdit, new: str) -> None:
    """Make ``editor`` hold ``new`` by replacing only what differs (cursor and selection
    follow their words; the view does not scroll)."""
    old = editor.toPlainText()
    if old == new:
        return
    cursor = QTextCursor(editor.document())
    cursor.beginEditBlock()
    for start, end, text in text_edits(old, new):
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
    cursor.endEditBlock()


def replace_line_text(edit: QLineEdit, new: str) -> None:
    """As :func:`replace_plain_text`, for a one-line field."""
    old = edit.text()
    if old == new:
        return
    edits = text_edits(old, new)
    cursor = edit.cursorPosition()
    anchor = cursor
    if edit.hasSelectedText():
        first = edit.selectionStart()
        last = first + edit.selectionLength()
        anchor = last if cursor == first else first
    edit.setText(new)
    if anchor != cursor:
        edit.setSelection(moved(anchor, edits), moved(cursor, edits) - moved(anchor, edits))
    else:
        edit.setCursorPosition(moved(cursor, edits))
