"""The document as a PDF laid out after GB/T 9704 (Chinese official documents), with reportlab.

A4; top margin 37 mm, binding (left) margin 28 mm, text block 156 × 225 mm; body 仿宋 16 pt on
22 lines a page; title 小标宋 22 pt; headings 一、 黑体, （一） 楷体, 1. and （1） 仿宋; page
numbers "— n —" in 宋体 14 pt, 7 mm below the text block, at the right on odd pages and the
left on even pages, indented one character.  Fonts are embedded as TrueType subsets
(see ``fonts.py``).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import re
from collections.abc import Callable, Sequence
from copy import deepcopy

from bidi import get_display
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph

from exporters import blocks as b
from exporters import reportlab_fixes
from exporters.fonts import FontRole, FontSet, LoadedFont
from exporters.linebreak import fit_cell, text_width
from exporters.parallel import usable_processors
from exporters.pdf_chart_labels import LabelColumn, label_column
from exporters.pdf_compress import compressing_pages
from exporters.pdf_long import LaidOutParagraph
from exporters.pdf_table import SAFETY, CellStyles, TableFonts, TableLayout
from exporters.pdf_text import draw_string, draw_strings
from exporters.reportlab_fixes import unit_width
from exporters.text import xml_safe
from forms.errors import LocalizedError

reportlab_fixes.apply()

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT = 37 * mm, 28 * mm
BLOCK_WIDTH, BLOCK_HEIGHT = 156 * mm, 225 * mm
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
NUMBER_SIZE = 14.0  # 4号
LEADING = BLOCK_HEIGHT / 22  # 22 lines a page
CONTENTS_SIZE = 14.0
CONTENTS_ENTRY_LIMIT = 90  # characters: three lines of the contents at most
TABLE_SIZE = 10.5  # 5号
TABLE_SIZE_WIDE = 9.0  # for tables of seven columns or more
RED = colors.Color(0.8, 0.1, 0.1)
CHART_LABEL_SIZE = 9.0  # a bar chart's category labels
CHART_LABEL_LEADING = 11.0  # between the lines of a label too long for one

Progress = Callable[[float], None]


class _Styles:
    def __init__(self, fonts: FontSet, lang: str) -> None:
        wrap = "CJK" if lang == "zh" else None
        body, heading, kai = fonts[FontRole.BODY], fonts[FontRole.HEADING], fonts[FontRole.KAI]

        def style(name: str, font: LoadedFont, size: float, **kw: object) -> ParagraphStyle:
            kw.setdefault("leading", LEADING)
            return _Style(name, fontName=font.name, fontSize=size, wordWrap=wrap, **kw)

        text = {"alignment": TA_JUSTIFY, "allowWidows": 0}  # no last line alone atop a page
        self.body = style("body", body, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, **text)
        self.plain = style("plain", body, BODY_SIZE, **text)
        self.note = style(
            "note",
            body,
            14,
            leading=LEADING * 0.85,
            # an English note ("Lead department: 市…局; Time frame: 2024—2030年") has long
            # unbreakable words: justified, its first line showed gaps of several spaces
            alignment=TA_JUSTIFY if lang == "zh" else TA_LEFT,
            firstLineIndent=2 * BODY_SIZE,
            textColor=colors.Color(0.25, 0.25, 0.25),
        )
        self.headings = {
            1: style("h1", heading, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, keepWithNext=1),
            2: style("h2", kai, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, keepWithNext=1),
            3: style("h3", body, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, keepWithNext=1),
            4: style("h4", body, BODY_SIZE, firstLineIndent=2 * BODY_SIZE, keepWithNext=1),
        }
        self.title = style(
            "title",
            fonts[FontRole.TITLE],
            TITLE_SIZE,
            leading=TITLE_SIZE * 1.5,
            alignment=TA_CENTER,
        )
        self.cover_line = style("cover", body, BODY_SIZE, alignment=TA_CENTER)
        self.caption = style(
            "caption", heading, 12, leading=20, alignment=TA_CENTER, spaceBefore=6, keepWithNext=1
        )
        self.toc_title = style(
            "toc", heading, BODY_SIZE, alignment=TA_CENTER, spaceAfter=LEADING / 2
        )
        self.toc_levels = [
            style("toc1", heading, 14, leading=LEADING * 0.85, leftIndent=0, firstLineIndent=0),
            style("toc2", body, 14, leading=LEADING * 0.85, leftIndent=2 * 14, firstLineIndent=0),
        ]
        self.cells = {
            size: (
                style(f"cell{size}", body, size, leading=size * 1.35, alignment=TA_LEFT),
                style(f"num{size}", body, size, leading=size * 1.35, alignment=TA_RIGHT),
                style(f"head{size}", heading, size, leading=size * 1.35, alignment=TA_CENTER),
            )
            for size in (TABLE_SIZE, TABLE_SIZE_WIDE)
        }


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_RTL = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:[\s\d.,:;!?()-]+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)*"
)


def visual_order(text: str) -> str:
    """Text with right-to-left runs (Arabic, Hebrew) in the order they are drawn in, by the
    Unicode bidirectional algorithm (python-bidi), line by line.

    reportlab draws left to right; numbers and Latin inside an Arabic phrase keep their own
    direction, and text extraction (which applies the same algorithm) gives back the
    original order.  Letters are not shaped into their joined forms.
    """
    if not _RTL.search(text):
        return text
    return "\n".join(get_display(line, base_dir="L") for line in text.split("\n"))


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` written as markup: what xml.sax.saxutils's ``escape`` does, whose
    module loads ``urllib.request`` (http.client, email, ssl: ~20 ms of the PDF's start)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _shortened(text: str, limit: int) -> str:
    """``text`` cut with an ellipsis after ``limit`` characters (a contents entry or bookmark
    of a heading of any length stays a few lines long)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Markup:
    """Plain text → reportlab paragraph markup: escaped, with fallback fonts where needed.

    In English documents Latin letters take the Latin serif when there is one; CJK fonts' own
    Latin glyphs are typewriter-like.
    """

    def __init__(self, fonts: FontSet, lang: str) -> None:
        self.fonts = fonts
        self.latin = fonts.latin if lang == "en" else None
        self._fonts_of: dict[str, _FontsOf] = {}

    def fonts_of(self, font: LoadedFont) -> _FontsOf:
        """Character → :meth:`font_for` it, with ``font`` as the text's own."""
        found = self._fonts_of.get(font.name)
        if found is None:
            found = self._fonts_of[font.name] = _FontsOf(self, font)
        return found

    def font_for(self, char: str, font: LoadedFont) -> LoadedFont:
        if char == "\n":
            return font
        if self.latin is not None and ord(char) < 0x2E80 and self.latin.covers(char):
            return self.latin
        if font.covers(char):
            return font
        return next((f for f in self.fonts.fallbacks if f.covers(char)), font)

    def _font_free(self, text: str, font: LoadedFont) -> bool:
        """Whether ``font`` alone draws ``text`` (the common case, checked at C speed)."""
        return self.latin is None and font.covers_all(text.replace("\n", ""))

    def single_font(self, text: str, font: LoadedFont) -> LoadedFont | None:
        """The one font that draws all of ``text`` in the order given, else None."""
        if self._font_free(text, font):
            return font
        if _RTL.search(text):
            return None
        fonts = set(map(self.fonts_of(font).__getitem__, text))
        return fonts.pop() if len(fonts) == 1 else font if not fonts else None

    def __call__(self, text: str, font: LoadedFont, bold: bool = False) -> str:
        text = visual_order(xml_safe(text))
        if self._font_free(text, font):
            markup = escape(text)
        else:
            parts: list[str] = []
            for run_font, chars in itertools.groupby(text, key=self.fonts_of(font).__getitem__):
                run = escape("".join(chars))
                parts.append(
                    run if run_font is font else f'<font name="{run_font.name}">{run}</font>'
                )
            markup = "".join(parts)
        markup = markup.replace("\n", "<br/>")
        return f"<b>{markup}</b>" if bold else markup


class _FontsOf(dict[str, LoadedFont]):
    """Each character's font (:meth:`_Markup.font_for`) once known, looked up at C speed:
    English text takes a font per letter."""

    def __init__(self, markup: _Markup, font: LoadedFont) -> None:
        super().__init__()
        self.markup, self.font = markup, font

    def __missing__(self, char: str) -> LoadedFont:
        found = self[char] = self.markup.font_for(char, self.font)
        return found


def _deep_copy(self: object, memo: dict[int, object]) -> object:
    """``copy.deepcopy`` of an object whose attributes are mostly numbers and names, which
    need no copying one by one."""
    clone = type(self).__new__(type(self))
    memo[id(self)] = clone
    clone.__dict__.update(
        (name, value if type(value) in _ATOMIC else deepcopy(value, memo))
        for name, value in self.__dict__.items()
    )
    return clone


_ATOMIC = frozenset((int, float, str, bool, type(None)))


class _Frame(Frame):
    """reportlab's frame, copied faster: reportlab copies the frame each time it measures a
    group kept together (a heading and its first paragraph)."""

    __deepcopy__ = _deep_copy


class _Style(ParagraphStyle):
    """A paragraph style, copied faster: reportlab copies a paragraph's style each time it
    splits an indented paragraph at the foot of a page."""

    __deepcopy__ = _deep_copy


class _HeadingParagraph(RLParagraph):
    """A heading; one with a ``key`` defines its page number for the contents when laid out."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        heading: b.Heading | None = None,
        key: str = "",
        **parts: object,  # reportlab makes the parts of a split paragraph with these
    ) -> None:
        super().__init__(text, style, **parts)
        self.heading = heading
        self.key = key

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """A heading longer than a page: its first part defines the page number."""
        parts = super().split(available_width, available_height)
        if len(parts) == 2:
            parts[0].heading, parts[0].key = self.heading, self.key  # type: ignore[attr-defined]
            parts[1].heading = self.heading  # type: ignore[attr-defined]
        return parts


class _ContentsLine(Flowable):
    """A line of the contents: the heading, a dot leader, and its page number.

    The page number is a PDF form defined later, when the heading itself is laid out, so the
    contents need no second layout pass.
    """

    def __init__(self, markup: str, style: ParagraphStyle, key: str) -> None:
        super().__init__()
        self.paragraph = RLParagraph(markup, style)
        self.style = style
        self.key = key
        self.number_width = 3 * CONTENTS_SIZE

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        text_width = available_width - self.number_width - CONTENTS_SIZE
        _, self.height = self.paragraph.wrap(text_width, available_height)
        return available_width, self.height

    def _line_width(self, line: object) -> float:
        """The width of a laid-out line: reportlab keeps simple and mixed lines differently."""
        if line is None:
            return 0.0
        if isinstance(line, tuple):  # words of one font, drawn one space apart
            laid_out = self.paragraph.blPara
            text = " ".join(line[1])
            return pdfmetrics.stringWidth(text, laid_out.fontName, laid_out.fontSize)
        return sum(  # fragments of their own fonts (Chinese and Latin), spaces included
            pdfmetrics.stringWidth(word.text, word.fontName, word.fontSize)
            if hasattr(word, "text")
            else pdfmetrics.stringWidth(str(word), self.style.fontName, self.style.fontSize)
            for word in line.words
        )

    def draw(self) -> None:
        canvas = self.canv
        self.paragraph.drawOn(canvas, 0, 0)
        lines = self.paragraph.blPara.lines
        used = self.style.firstLineIndent if len(lines) == 1 else 0
        used += self.style.leftIndent + self._line_width(lines[-1] if lines else None)
        baseline = 0.2 * self.style.fontSize + (self.style.leading - self.style.fontSize) / 2
        canvas.saveState()
        canvas.setFont(self.style.fontName, CONTENTS_SIZE)
        step = CONTENTS_SIZE / 2  # a dot every half character
        x, dots = self.width - self.number_width, []
        while x - step > used + step / 2:
            dots.append(x)
            x -= step
        draw_strings(canvas, dots, baseline, ".", right=True)
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(self.key)
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


class _EndsTogether(Flowable):
    """A table or paragraph (``body``) and the notes under it (``tail``), which never start
    a page alone: the body's last rows or lines go with them.  Where it all fits, they are
    drawn as the frame would draw them one by one."""

    def __init__(self, body: Flowable, tail: list[Flowable]) -> None:
        super().__init__()
        self.body, self.tail = body, tail
        self._counted = getattr(body, "_counted", False)
        self._sizes: list[tuple[float, float]] = []  # of the body and of each note

    def getSpaceBefore(self) -> float:
        return self.body.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return (self.tail[-1] if self.tail else self.body).getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.body.wrapOn(self.canv, available_width, available_height)
        self._sizes = [(width, height)]
        after = self.body.getSpaceAfter()
        for flowable in self.tail:
            # does not fit: the frame will split it (within the frame's own fuzz: a body that
            # fills the page to 1e-13 is laid out, and drawn with its notes' sizes)
            if height > available_height + 1e-6:
                break
            width, own = flowable.wrapOn(self.canv, available_width, 0xFFFFFFF)
            self._sizes.append((width, own))
            height += max(flowable.getSpaceBefore(), after) + own
            after = flowable.getSpaceAfter()
        self.width, self.height = available_width, height
        return available_width, height

    def drawOn(self, canvas, x, y, _sW=0) -> None:
        (width, height), notes = self._sizes[0], self._sizes[1:]
        top = y + self.height - height
        self.body.drawOn(canvas, x, top, self.width - width)
        after = self.body.getSpaceAfter()
        for flowable, (width, height) in zip(self.tail, notes, strict=True):
            top -= max(flowable.getSpaceBefore(), after) + height
            flowable.drawOn(canvas, x, top, self.width - width)
            after = flowable.getSpaceAfter()

    def _at_top(self) -> bool:
        return bool(getattr(getattr(self, "_frame", None), "_atTop", False))


class _TableEnd(_EndsTogether):
    """A table's total rows never start a page alone (one row above the totals goes with
    them), nor the note under it (the table's last row goes with it)."""

    def __init__(self, rows: Flowable, tail: list[Flowable], total_rows: int) -> None:
        super().__init__(rows, tail)
        self.total_rows = total_rows

    def _kept(self) -> int:
        """How many last rows must begin a page together (0: any split will do)."""
        if self.total_rows:
            return self.total_rows + 1
        return 1 if self.tail else 0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        rows = self.body
        parts = rows.split(available_width, available_height)
        if not parts:
            return []
        kept = self._kept()
        pending = list(rows._pending())  # the rows not yet laid out
        left = (len(parts[1].rows) - parts[1].start) if len(parts) == 2 else 0
        if left < kept and len(pending) > kept:
            # Split again so the part ends just before the last rows that are kept together.
            header = rows.header.height if rows.header else 0.0
            before = sum(row.height for row in pending[:-kept])
            parts = rows.split(available_width, header + before + SAFETY + 0.5)
        elif left < kept and not self._at_top():  # all of it to the next page
            return []
        if len(parts) == 1:
            return [parts[0], *self.tail]
        return [parts[0], _TableEnd(parts[1], self.tail, self.total_rows)]


class _ParagraphEnd(_EndsTogether):
    """A paragraph and its notes ("牵头单位：…"): a note never starts a page alone."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        paragraph = self.body
        parts = paragraph.split(available_width, available_height)
        if len(parts) == 1:  # the paragraph fits, its notes do not: its last line goes along
            _, height = paragraph.wrap(available_width, available_height)
            leading = paragraph.style.leading
            lines = round(height / leading)
            parts = paragraph.split(available_width, (lines - 0.5) * leading) if lines > 1 else []
            if len(parts) != 2:
                parts = []
        if not parts:
            return [paragraph, *self.tail] if self._at_top() else []
        return [parts[0], _ParagraphEnd(parts[1], self.tail)]


class _KeepHeadingWithStart(KeepTogether):
    """Headings kept with the first lines of the paragraph under them, not with all of it;
    a table's caption (and heading) with its first rows.

    reportlab keeps a heading (keepWithNext) with the whole of what follows it: a heading over
    a ten-line paragraph left the demo park's page 1 with nine empty lines.  Where the headings
    and two lines of the paragraph fit (and at least two lines go on), they are laid out one by
    one and the paragraph splits at the foot of the page as any other; otherwise (a table, a
    short paragraph, too little room) all of it goes to the next page as before."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        *heads, last = self._content
        if not heads:
            return super().split(available_width, available_height)
        above = last.getSpaceBefore()  # the headings' (and a caption's) height and spaces
        for flowable in heads:
            _, height = flowable.wrap(available_width, available_height)
            above += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
        body = last.body if isinstance(last, _ParagraphEnd) else last
        if isinstance(body, RLParagraph) and not isinstance(body, _HeadingParagraph):
            leading = body.style.leading
            lines = round(body.wrap(available_width, 0xFFFFFFF)[1] / leading)
            # four lines or more: two stay under the heading and, widows being refused, at
            # least two go on (a three-line paragraph would not split and leave the heading)
            if lines >= 4 and above + 2 * leading + SAFETY <= available_height:
                return list(self._content)
        elif isinstance(last, _TableEnd) or hasattr(last, "_pending"):  # a table's rows
            # A table longer than a page splits anyway: it starts under its caption (and
            # heading) here rather than on the next page — the English city's project table
            # left its page 26 with the one word “below.”.  One that fits a page moves whole.
            if getattr(self, "_wrapInfo", None) != (available_width, available_height):
                self.wrap(available_width, available_height)
            room = available_height - above - SAFETY
            if self._H > BLOCK_HEIGHT and room > 0:
                parts = last.split(available_width, room)
                if len(parts) == 2:
                    return [*heads, *parts]
        return super().split(available_width, available_height)


class _BodyStart(Flowable):
    """Zero-size marker: the page it lands on is page 1 of the numbered body."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.body_start = self.canv.getPageNumber()  # type: ignore[attr-defined]


class _PlanDocTemplate(BaseDocTemplate):
    def __init__(
        self,
        output: io.BytesIO,
        document: b.Document,
        fonts: FontSet,
        progress: Progress | None,
        total: int,
    ) -> None:
        super().__init__(
            output,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=PAGE_WIDTH - LEFT - BLOCK_WIDTH,
            topMargin=TOP,
            bottomMargin=PAGE_HEIGHT - TOP - BLOCK_HEIGHT,
            title=document.cover.title,
            author=document.author,
            subject=document.subject,
            creator="PeakPlan",
            lang="zh-CN" if document.lang == "zh" else "en",
            initialFontName=fonts[FontRole.BODY].name,
            keepTogetherClass=_KeepHeadingWithStart,
        )
        self.document = document
        self.fonts = fonts
        self.body_start = 10**6
        self.last_heading = ""  # where the layout is, for a message if it fails
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        frame = _Frame(
            LEFT,
            PAGE_HEIGHT - TOP - BLOCK_HEIGHT,
            BLOCK_WIDTH,
            BLOCK_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="block",
        )
        templates = [
            PageTemplate("cover", [frame], onPage=self._decorate_cover),
            PageTemplate("front", [frame], onPage=self._decorate_mark),
            PageTemplate("body", [frame], onPage=self._decorate_mark, onPageEnd=self._number),
        ]
        if not document.front_matter:  # the first page is already a body page
            templates.insert(0, templates.pop())
        self.addPageTemplates(templates)

    # -- page decoration ------------------------------------------------------------------------

    def _decorate_cover(self, canvas, doc) -> None:
        mark = self.document.cover.mark
        if not mark:
            return
        font = self.fonts[FontRole.HEADING].name
        size = 18
        canvas.saveState()
        canvas.setStrokeColor(RED)
        canvas.setFillColor(RED)
        canvas.setFont(font, size)
        width = canvas.stringWidth(mark, font, size) + 16
        x = LEFT + BLOCK_WIDTH - width
        y = PAGE_HEIGHT - TOP + 10 * mm
        canvas.setLineWidth(1.2)
        canvas.rect(x, y - 6, width, size + 12)
        draw_string(canvas, x + 8, y + 1, mark)
        canvas.restoreState()

    def _decorate_mark(self, canvas, doc) -> None:
        mark = self.document.cover.mark
        if not mark:
            return
        canvas.saveState()
        canvas.setFillColor(RED)
        canvas.setFont(self.fonts[FontRole.HEADING].name, 10.5)
        draw_string(canvas, LEFT + BLOCK_WIDTH, PAGE_HEIGHT - TOP + 12 * mm, mark, right=True)
        canvas.restoreState()

    def page_label(self, page: int) -> int:
        return page - self.body_start + 1

    def _number(self, canvas, doc) -> None:
        number = self.page_label(canvas.getPageNumber())
        if number < 1:
            return
        text = f"— {number} —"
        font = self.fonts[FontRole.NUMBERS].name
        y = PAGE_HEIGHT - TOP - BLOCK_HEIGHT - 7 * mm - NUMBER_SIZE
        canvas.saveState()
        canvas.setFont(font, NUMBER_SIZE)
        if number % 2:
            draw_string(canvas, LEFT + BLOCK_WIDTH - NUMBER_SIZE, y, text, right=True)
        else:
            draw_string(canvas, LEFT + NUMBER_SIZE, y, text)
        canvas.restoreState()

    # -- contents -------------------------------------------------------------------------------

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _HeadingParagraph) and flowable.heading is not None:
            self.last_heading = flowable.heading.full_text
        if isinstance(flowable, _HeadingParagraph) and flowable.key:
            heading, canvas = flowable.heading, self.canv
            page = self.page_label(canvas.getPageNumber())
            canvas.bookmarkPage(flowable.key)
            title = _shortened(heading.full_text, CONTENTS_ENTRY_LIMIT)
            canvas.addOutlineEntry(title, flowable.key, heading.level - 1)
            # The contents, drawn pages earlier, show this form as the page number.
            canvas.beginForm(flowable.key, lowerx=-60, lowery=-4, upperx=0, uppery=NUMBER_SIZE)
            canvas.setFont(self.fonts[FontRole.BODY].name, CONTENTS_SIZE)
            draw_string(canvas, 0, 0, str(page), right=True)
            canvas.endForm()
        if self.progress is not None and getattr(flowable, "_counted", False):
            self.done += 1
            self.progress(min(self.done / self.total, 1.0))


def _line_plot(
    chart: b.LineChart,
    width: float,
    height: float,
    font: str,
    axis: tuple[float, float, float],
) -> LinePlot:
    """The plot area: years across, values up from zero, one styled line per series."""
    low, high, step = axis
    plot = LinePlot()
    plot.x, plot.y = 16 * mm, 14 * mm
    plot.width, plot.height = width - 22 * mm, height - 34 * mm
    plot.data = [list(zip(chart.years, s.values, strict=True)) for s in chart.series]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = chart.years[0], chart.years[-1]
    plot.xValueAxis.valueStep = 1 if len(chart.years) <= 16 else 5
    plot.xValueAxis.labelTextFormat = "%d"
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, high
    plot.yValueAxis.valueStep = step
    plot.yValueAxis.labelTextFormat = lambda v: f"{v:.0f}"
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 8
    palette = (colors.Color(0.45, 0.45, 0.45), colors.Color(0.1, 0.35, 0.7))
    for n, series in enumerate(chart.series):
        line = plot.lines[n]
        line.strokeColor = palette[min(n, 1)] if len(chart.series) > 1 else palette[1]
        line.strokeWidth = 1.6
        if series.dashed:
            line.strokeDashArray = (4, 3)
    return plot


class _Renderer:
    def __init__(self, document: b.Document, fonts: FontSet) -> None:
        self.document = document
        self.fonts = fonts
        self.styles = _Styles(fonts, document.lang)
        # Chinese text in an English document (what the user wrote) is broken into lines by
        # the Chinese rules: no line starting with "，", no number cut in two.
        self.chinese_styles = self.styles if document.lang == "zh" else _Styles(fonts, "zh")
        self.markup = _Markup(fonts, document.lang)
        self.chinese_markup = self.markup if document.lang == "zh" else _Markup(fonts, "zh")
        self.contents_entries = [
            (f"h{n}", heading)
            for n, heading in enumerate(document.headings())
            if heading.in_contents and heading.level <= 2
        ]
        self.keys = {id(heading): key for key, heading in self.contents_entries}

    def story(self) -> list[Flowable]:
        if not self.document.front_matter:  # a short document: no cover, no contents
            return [_BodyStart(), *self.body()]
        story = [*self.cover(), NextPageTemplate("front"), PageBreak()]
        story += self.contents()
        story += [NextPageTemplate("body"), PageBreak(), _BodyStart()]
        return story + self.body()

    def body(self) -> list[Flowable]:
        """The blocks; a table takes the notes right under it along (they end together)."""
        story: list[Flowable] = []
        blocks = self.document.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            index += 1
            kept = isinstance(block, b.Table) or (isinstance(block, b.Paragraph) and not block.note)
            if not kept:
                story.extend(self.block(block))
                continue
            tail: list[Flowable] = []
            while index < len(blocks) and isinstance(blocks[index], b.Paragraph):
                note = blocks[index]
                if not note.note:  # type: ignore[union-attr]
                    break
                tail.extend(self.block(note))
                index += 1
            if isinstance(block, b.Table):
                story.extend(self.table(block, tail))
            elif tail:
                story.append(_ParagraphEnd(self.block(block)[0], tail))
            else:
                story.extend(self.block(block))
        return story

    def cover(self) -> list[Flowable]:
        cover = self.document.cover
        title_font = self.fonts[FontRole.TITLE]
        body = self.fonts[FontRole.BODY]
        items: list[Flowable] = [Spacer(1, 60 * mm)]
        items.append(RLParagraph(self.title_markup(cover.title, title_font), self.styles.title))
        items.append(Spacer(1, 30 * mm))
        for line in cover.lines:
            items.append(RLParagraph(self.markup(line, body), self.styles.cover_line))
        items.append(Spacer(1, 40 * mm))
        items.append(RLParagraph(self.markup(cover.date, body), self.styles.cover_line))
        return items

    def title_markup(self, title: str, font: LoadedFont) -> str:
        """The cover title; a Chinese one too long for a line is broken where Chinese
        typesetting allows — not after an opening bracket ("…开发区〔" / "示例〕）实施方案")."""
        styles, markup = self.styles_for(title)
        if styles is not self.chinese_styles:
            return markup(title, font)
        fitted = fit_cell(
            title, BLOCK_WIDTH - 1, lambda char: markup.font_for(char, font).name, TITLE_SIZE
        )
        if len(fitted.lines) < 2 or fitted.size < TITLE_SIZE:
            return markup(title, font)
        return "<br/>".join(markup(line, font) for line in fitted.lines)

    def contents(self) -> list[Flowable]:
        title = RLParagraph(
            self.markup(self.document.contents_title, self.fonts[FontRole.HEADING]),
            self.styles.toc_title,
        )
        lines: list[Flowable] = [title]
        for key, heading in self.contents_entries:
            style = self.styles.toc_levels[heading.level - 1]
            font = self.fonts[FontRole.HEADING if heading.level == 1 else FontRole.BODY]
            entry = _shortened(heading.full_text, CONTENTS_ENTRY_LIMIT)
            lines.append(_ContentsLine(self.markup(entry, font), style, key))
        return lines

    def styles_for(self, text: str) -> tuple[_Styles, _Markup]:
        """The styles and fonts of the document's language, or the Chinese ones for a text
        mostly in Chinese (the Chinese line breaking; digits in the Chinese fonts)."""
        if self.chinese_styles is self.styles:
            return self.styles, self.markup
        if len(_HAN.findall(text)) > len(_LATIN.findall(text)):
            return self.chinese_styles, self.chinese_markup
        return self.styles, self.markup

    def block(self, block: b.Block) -> list[Flowable]:
        if isinstance(block, b.Heading):
            styles, markup = self.styles_for(block.text)
            style = styles.headings[block.level]
            font = self.fonts[
                FontRole.HEADING
                if block.level == 1
                else FontRole.KAI
                if block.level == 2
                else FontRole.BODY
            ]
            key = self.keys.get(id(block), "")
            flowable = _HeadingParagraph(markup(block.full_text, font), style, block, key)
            flowable._counted = True  # type: ignore[attr-defined]
            return [CondPageBreak(LEADING * 3), flowable] if block.level == 1 else [flowable]
        if isinstance(block, b.Paragraph):
            styles, markup = self.styles_for(block.text)
            style = styles.note if block.note else styles.body if block.indent else styles.plain
            flowable = LaidOutParagraph.of(
                markup(block.text, self.fonts[FontRole.BODY]), style, BLOCK_WIDTH
            )
            flowable._counted = True  # type: ignore[attr-defined]
            return [flowable]
        if isinstance(block, b.Table):
            return self.table(block)
        if isinstance(block, b.BarChart):
            return [self.chart(block)]
        if isinstance(block, b.LineChart):
            return [self.line_chart(block)]
        if isinstance(block, b.PageBreak):
            return [PageBreak()]
        raise TypeError(f"unknown block {block!r}")

    def table(self, table: b.Table, tail: Sequence[Flowable] = ()) -> list[Flowable]:
        size = TABLE_SIZE_WIDE if len(table.header) >= 7 else TABLE_SIZE
        text, number, head = self.styles.cells[size]
        body_font, head_font = self.fonts[FontRole.BODY], self.fonts[FontRole.HEADING]
        fonts = TableFonts(
            body_font,
            head_font,
            self.markup.font_for,
            self.markup.single_font,
            self.markup,
        )
        layout = TableLayout(table, BLOCK_WIDTH, size, fonts, CellStyles(text, number, head))
        rows = layout.build(spaceBefore=4, spaceAfter=LEADING / 2)
        rows._counted = True  # type: ignore[attr-defined]
        if tail or table.total_rows:
            rows = _TableEnd(rows, list(tail), table.total_rows)
        if table.caption:
            caption = RLParagraph(self.markup(table.caption, head_font), self.styles.caption)
            return [caption, rows]
        return [rows]

    def line_chart(self, chart: b.LineChart) -> Flowable:
        """Yearly lines as vector graphics: dashed baseline, solid policy, the peak marked."""
        body, head = self.fonts[FontRole.BODY], self.fonts[FontRole.HEADING]
        font = body.name
        width, height = BLOCK_WIDTH, 95 * mm
        drawing = Drawing(width, height, initialFontName=font)
        values = [v for s in chart.series for v in s.values]
        # The value axis starts at zero: a cut axis makes a small fall look like a collapse.
        low, high, step = _nice_range(min(0.0, *values), max(0.0, *values))
        plot = _line_plot(chart, width, height, font, (low, high, step))
        drawing.add(plot)
        self._chart_marks(drawing, plot, chart, (low, high), body)
        self._chart_legend(drawing, plot, chart, body)
        drawing.add(
            self.label(width / 2, height - 4, chart.title, head, 12, "middle", max_width=width)
        )
        drawing.add(
            self.label(
                plot.x - 2, plot.y + plot.height + 9, chart.unit, body, 8, "end", max_width=plot.x
            )
        )
        return KeepTogether([Spacer(1, 6), drawing, Spacer(1, LEADING / 2)])

    def _chart_marks(
        self,
        drawing: Drawing,
        plot: LinePlot,
        chart: b.LineChart,
        value_range: tuple[float, float],
        body: LoadedFont,
    ) -> None:
        """The declared peak year as a dotted line, the projected peak as a red dot."""
        low, high = value_range
        width = drawing.width

        def at(year: float, value: float) -> tuple[float, float]:
            x = plot.x + (year - chart.years[0]) / (chart.years[-1] - chart.years[0]) * plot.width
            return x, plot.y + (value - low) / (high - low) * plot.height

        if chart.vertical is not None:
            x, _ = at(chart.vertical[0], low)
            drawing.add(
                Line(
                    x,
                    plot.y,
                    x,
                    plot.y + plot.height,
                    strokeColor=RED,
                    strokeDashArray=(1, 2),
                    strokeWidth=0.8,
                )
            )
            drawing.add(
                self.label(x + 2, plot.y + plot.height - 10, chart.vertical[1], body, 8, color=RED)
            )
        if chart.marker is not None:
            x, y = at(chart.marker[0], chart.marker[1])
            drawing.add(Circle(x, y, 3, fillColor=RED, strokeColor=RED))
            anchor = "start" if x < plot.x + plot.width * 0.6 else "end"
            drawing.add(
                self.label(
                    x + (5 if anchor == "start" else -5),
                    y + 6,
                    chart.marker[2],
                    body,
                    8,
                    anchor,
                    max_width=width / 2,
                )
            )

    def _chart_legend(
        self, drawing: Drawing, plot: LinePlot, chart: b.LineChart, body: LoadedFont
    ) -> None:
        width, height = drawing.width, drawing.height
        legend_x = plot.x
        for n, series in enumerate(chart.series):
            color = plot.lines[n].strokeColor
            drawing.add(
                Line(
                    legend_x,
                    height - 14,
                    legend_x + 16,
                    height - 14,
                    strokeColor=color,
                    strokeWidth=1.6,
                    strokeDashArray=(4, 3) if series.dashed else None,
                )
            )
            room = (width - plot.x) / max(len(chart.series), 1) - 28
            label = self.label(legend_x + 20, height - 17, series.name, body, 9, max_width=room)
            drawing.add(label)
            legend_x += 28 + label.getBounds()[2] - label.getBounds()[0]

    def label(
        self,
        x: float,
        y: float,
        text: str,
        font: LoadedFont,
        size: float,
        anchor: str = "start",
        color: colors.Color = colors.black,
        max_width: float | None = None,
    ) -> Group:
        """A line of chart text, each character in a font that has it, shortened with an
        ellipsis to ``max_width``."""
        text = visual_order(xml_safe(text)).replace("\n", " ")

        def font_of(char: str) -> str:
            return self.markup.font_for(char, font).name

        if max_width is not None and text_width(text, font_of, size) > max_width:
            room = max_width - text_width("…", font_of, size)
            used, keep = 0.0, 0
            for keep, char in enumerate(text):  # noqa: B007 - keep is used after the loop
                used += unit_width(char, font_of(char)) * size / 1000
                if used > room:
                    break
            text = text[:keep] + "…"
        runs = [(name, "".join(chars)) for name, chars in itertools.groupby(text, key=font_of)]
        total = sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
        start = x - total if anchor == "end" else x - total / 2 if anchor == "middle" else x
        group = Group()
        for name, run in runs:
            group.add(String(start, y, run, fontName=name, fontSize=size, fillColor=color))
            start += pdfmetrics.stringWidth(run, name, size)
        return group

    def _bar_labels(
        self, drawing: Drawing, plot: HorizontalBarChart, column: LabelColumn, bar_height: float
    ) -> None:
        """Each bar's name left of it, its lines centred on the bar."""
        body = self.fonts[FontRole.BODY]
        for n, label_lines in enumerate(reversed(column.lines)):
            y = plot.y + (n + 0.5) * bar_height - CHART_LABEL_SIZE * 0.35  # one line's baseline
            y += (len(label_lines) - 1) / 2 * CHART_LABEL_LEADING  # the first of several
            for line in label_lines:
                drawing.add(
                    self.label(
                        plot.x - 5, y, line, body, CHART_LABEL_SIZE, "end", max_width=column.room
                    )
                )
                y -= CHART_LABEL_LEADING

    def chart(self, chart: b.BarChart) -> Flowable:
        """Horizontal bars, each named in full left of it (on up to three lines)."""
        font = self.fonts[FontRole.BODY].name
        body = self.fonts[FontRole.BODY]
        bars = len(chart.values)
        # From zero in round steps, with room for the value labels right of the longest bar.
        _, high, step = _nice_range(0.0, max(chart.values) * 1.2)
        step_decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
        step_decimals += step * 10**step_decimals % 1 > 1e-6  # 2.5, 0.25
        value_labels = [f"{v:.{chart.decimals}f}" for v in chart.values]
        column = label_column(
            tuple(xml_safe(label) for label in chart.labels),
            lambda char: self.markup.font_for(char, body).name,
            CHART_LABEL_SIZE,
            _widest_label_column(chart.values, value_labels, high, font),
        )
        lines = column.most_lines  # every bar gets the room of the label of most lines
        bar_height = 16 if lines == 1 else (lines - 1) * CHART_LABEL_LEADING + 16
        height = bars * bar_height + 52
        drawing = Drawing(BLOCK_WIDTH, height + 24, initialFontName=font)  # not Times-Roman
        plot = HorizontalBarChart()
        plot.x = column.width
        plot.y = 32
        plot.width = BLOCK_WIDTH - column.width - 10
        plot.height = bars * bar_height
        if bar_height != 16:  # the bars keep their thickness (10 of 15 units in 16 points)
            plot.groupSpacing = 15 * bar_height / 16 - plot.barWidth
        plot.data = [list(reversed(chart.values))]
        plot.categoryAxis.categoryNames = [""] * bars  # drawn below, each in the fonts it needs
        plot.categoryAxis.labels.fontName = font
        plot.valueAxis.labels.fontName = font
        plot.valueAxis.labels.fontSize = 8
        plot.valueAxis.valueMin, plot.valueAxis.valueMax = 0, high
        plot.valueAxis.valueStep = step
        plot.valueAxis.labelTextFormat = lambda v: f"{v:.{step_decimals}f}"
        plot.bars[0].fillColor = colors.Color(0.2, 0.45, 0.7)
        plot.barLabelFormat = lambda v: f"{v:.{chart.decimals}f}"
        plot.barLabels.fontName = font
        plot.barLabels.fontSize = 8
        plot.barLabels.boxAnchor = "w"
        plot.barLabels.dx = 3
        drawing.add(plot)
        self._bar_labels(drawing, plot, column, bar_height)
        if chart.unit:  # the value axis's title, under its labels at the right
            right = plot.x + plot.width
            drawing.add(self.label(right, 4, chart.unit, body, 8, "end", max_width=plot.width))
        title = self.label(
            BLOCK_WIDTH / 2,
            height + 8,
            chart.title,
            self.fonts[FontRole.HEADING],
            12,
            "middle",
            max_width=BLOCK_WIDTH,
        )
        drawing.add(title)
        return KeepTogether([Spacer(1, 6), drawing, Spacer(1, LEADING / 2)])


def _widest_label_column(
    values: Sequence[float], value_labels: Sequence[str], high: float, font: str
) -> float:
    """How wide the bar chart's label column may grow with each bar's value label (8 pt,
    3 points right of the bar) still inside the text block; the plot ends 10 points short
    of the block's right edge, and a bar of ``value`` reaches ``value / high`` of it."""
    room = BLOCK_WIDTH - 10.0
    for value, text in zip(values, value_labels, strict=True):
        overhang = pdfmetrics.stringWidth(text, font, 8) + 3 - 10  # past the plot's end
        room = min(room, BLOCK_WIDTH - 10 - max(overhang, 0.0) / (1 - min(value / high, 0.99)))
    return room


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    """Axis bounds and step that include ``low``..``high`` in 4-6 round steps."""
    span = max(high - low, abs(high) * 0.05, 1.0)
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


class PdfLayoutError(LocalizedError):
    """The PDF could not be laid out (a reportlab failure, said in the user's words)."""


def _layout_error(where: str) -> PdfLayoutError:
    place_zh = f"“{where[:60]}”一节" if where else "封面或目录"
    place_en = f"the section “{where[:60]}”" if where else "the cover or the contents"
    return PdfLayoutError(
        f"PDF 未能排版，没有写入文件：{place_zh}中有内容无法排入页面。其他格式（Word、Excel）"
        "不受影响；请检查该节中特别长的文字或表格，并把此情况告诉 PeakPlan 的维护者。",
        f"The PDF could not be laid out and was not written: something in {place_en} does "
        "not fit on a page. The other formats (Word, Excel) are not affected; check that "
        "section for unusually long text or tables, and tell PeakPlan's maintainers.",
    )


def render_pdf(document: b.Document, fonts: FontSet, progress: Progress | None = None) -> bytes:
    """The PDF bytes of ``document``, laid out in a single pass.

    Raises :class:`PdfLayoutError` (a localized message) if reportlab fails to lay it out.
    """
    reportlab_fixes.forget_lines()
    renderer = _Renderer(document, fonts)
    output = io.BytesIO()
    total = len(document.blocks)
    template = _PlanDocTemplate(output, document, fonts, progress, total)
    # With a second processor, each page is compressed there as the next is laid out.
    beside = compressing_pages() if usable_processors() > 1 else contextlib.nullcontext()
    try:  # (the garbage collector is left alone: the app renders in a worker thread)
        with beside:
            template.build(renderer.story())
    except LocalizedError:
        raise
    except Exception as exc:  # reportlab's own messages are for programmers
        raise _layout_error(template.last_heading) from exc
    finally:
        reportlab_fixes.forget_lines()  # the app keeps no document's widths or bytes
    return output.getvalue()
