"""What a user may choose about the document's fonts — the roles, a font file, the error a
choice can give — apart from :mod:`exporters.fonts`, which loads fonts with reportlab: the
command line reads its ``--font`` options with these before the PDF's libraries are loaded
(in a child process, see :mod:`exporters.pdf_child`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from forms.errors import LocalizedError


class FontRole(StrEnum):
    BODY = "body"  # 仿宋
    HEADING = "heading"  # 黑体: first-level headings, table headers
    KAI = "kai"  # 楷体: second-level headings
    TITLE = "title"  # 小标宋: the title
    NUMBERS = "numbers"  # 宋体: page numbers


ROLE_NAMES: dict[FontRole, tuple[str, str]] = {
    FontRole.BODY: ("正文（仿宋）", "body text (FangSong)"),
    FontRole.HEADING: ("一级标题（黑体）", "first-level headings (Hei)"),
    FontRole.KAI: ("二级标题（楷体）", "second-level headings (Kai)"),
    FontRole.TITLE: ("标题（小标宋）", "title (XiaoBiaoSong)"),
    FontRole.NUMBERS: ("页码（宋体）", "page numbers (Song)"),
}


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face inside a .ttc collection

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


class FontError(LocalizedError):
    """No usable CJK TrueType font, or a chosen font file that cannot be used."""
