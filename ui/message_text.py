"""Message-box text shown as it was written.

A message box (and a label) shows its text as rich text whenever Qt guesses it might be
(``Qt.mightBeRichText``: a tag near the start).  Messages quote what came from elsewhere — a
plan's name, a file name inside a package, a cell of a returned workbook — so
``<a href=…>`` there became a live link and ``<!--`` hid the rest of the message.
"""

from __future__ import annotations

from PySide6.QtGui import Qt  # its Qt namespace holds the rich-text functions


def as_written(text: str) -> str:
    """``text`` to give a message box: unchanged when Qt takes it as plain text, else the
    rich text that shows exactly these characters (tags included, line breaks kept)."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)  # lines wrap
