"""A plan shown read-only as its document (headings, paragraphs, tables), e.g. a snapshot."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from exporters import blocks as b
from ui.texts import Texts


def document_html(document: b.Document) -> str:
    parts = [f"<h1 style='text-align:center'>{escape(document.cover.title)}</h1>"]
    for block in document.blocks:
        if isinstance(block, b.Heading):
            level = min(block.level + 1, 4)
            parts.append(f"<h{level}>{escape(block.full_text)}</h{level}>")
        elif isinstance(block, b.Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, b.Table):
            head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            caption = f"<p><b>{escape(block.caption)}</b></p>" if block.caption else ""
            parts.append(
                f"{caption}<table border='1' cellspacing='0' cellpadding='3'>"
                f"<tr>{head}</tr>{rows}</table>"
            )
    return "".join(parts)


class DocumentView(QDialog):
    """Read-only: nothing here can change the plan."""

    def __init__(
        self, document: b.Document, title: str, texts: Texts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setWindowTitle(title)
        self.view = QTextBrowser(self)
        self.view.setObjectName("documentText")
        self.view.setHtml(document_html(document))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(texts("export.close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(820, 640)
