"""Long paragraphs of the PDF, broken into lines once.

reportlab splits a paragraph at a page break by breaking the whole rest of it into lines
again, so a paragraph of n characters costs n² / (characters a page): 28 s for 349,000
characters.  A long paragraph is broken into lines once, at the width of the text block, and
page breaks then cut between those lines (:class:`LaidOutParagraph`): each page costs its own
lines only, and the lines drawn are exactly those of the one paragraph.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

LONG_PARAGRAPH = 3000  # characters of markup: shorter paragraphs are left to reportlab


class LaidOutParagraph(Paragraph):
    """Lines ``start:stop`` of ``source``, a paragraph already broken into lines at the
    width of the text block (the only width body paragraphs are drawn at)."""

    def __init__(self, source: Paragraph, start: int, stop: int, width: float) -> None:
        Flowable.__init__(self)  # the text is parsed and broken already
        lines = source.blPara.lines
        self.source, self.start, self.stop, self.laid_out_width = source, start, stop, width
        self.style = source.style if start == 0 else _continued(source.style)
        self.bulletText = source.bulletText if start == 0 else None
        self.frags = source.frags
        self.caseSensitive, self.encoding = source.caseSensitive, source.encoding
        self.text, self.debug = "", 0
        self.blPara = source.blPara.clone(lines=lines[start:stop])
        self._wrapWidths = source._wrapWidths
        # The last line of a part is a line inside the paragraph: justified like the others.
        self._JustifyLast = stop < len(lines) and not getattr(lines[stop - 1], "lineBreak", 0)

    @classmethod
    def of(cls, markup: str, style: ParagraphStyle, width: float) -> Paragraph:
        """``markup`` as a paragraph; a long one broken into lines now, at ``width``."""
        paragraph = Paragraph(markup, style)
        if len(markup) < LONG_PARAGRAPH:  # (our styles use a fixed leading)
            return paragraph
        paragraph.wrap(width, 1e9)
        return cls(paragraph, 0, len(paragraph.blPara.lines), width)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = (self.stop - self.start) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        fits = int(available_height // self.style.leading)
        count = self.stop - self.start
        if count <= fits:
            return [self]
        if fits < 2:  # no orphan line at the foot of a page
            return []
        if count - fits == 1:  # nor a widow at the top of the next one
            fits -= 1
        middle = self.start + fits
        return [
            LaidOutParagraph(self.source, self.start, middle, self.laid_out_width),
            LaidOutParagraph(self.source, middle, self.stop, self.laid_out_width),
        ]


def _continued(style: ParagraphStyle) -> ParagraphStyle:
    return type(style)(f"{style.name}-continued", parent=style, firstLineIndent=0)
