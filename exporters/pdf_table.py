"""Tables of the PDF: cells broken into lines here, rows cut at the foot of a page.

reportlab cannot lay out a row taller than the page (LayoutError), its own in-row splitting
fails in several cases, and it rebuilds the whole remaining table at every page break.  So
every cell is broken into lines first (:mod:`exporters.linebreak`), and :class:`_Rows`
makes one reportlab table per page of the rows that fit there, cutting a tall row between
two lines and carrying the rest to the next page under the repeated header.  Any cell of
any length lays out, in time linear in its length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.tables import CellStyle

from exporters import blocks as b
from exporters.fonts import LoadedFont
from exporters.linebreak import fit_cell
from exporters.pdf_numbers import number
from exporters.pdf_text import lines_in, string_width, written_in
from exporters.text import xml_safe

CELL_PADDING = 3.0
TOP_PADDING, BOTTOM_PADDING = 2.0, 3.0
LEADING_RATIO = 1.35
HEADER_GREY = colors.Color(0.9, 0.9, 0.9)
MAX_REPEATED_HEADER = 120.0  # points: a taller header is not repeated on every page
SAFETY = 2.0
# Rows taller than this may be cut at the foot of a page; shorter ones move to the next page
# whole, as in a printed register (a quarter of the text block).
CUT_ROWS_TALLER_THAN = 160.0  # points kept free at the foot of a page against rounding


@dataclass(frozen=True)
class CellStyles:
    """The paragraph styles of text, number and header cells (used when fonts mix)."""

    text: ParagraphStyle
    number: ParagraphStyle
    head: ParagraphStyle


@dataclass(frozen=True)
class TableFonts:
    body: LoadedFont
    head: LoadedFont
    font_for: Callable[[str, LoadedFont], LoadedFont]  # per character, with fallbacks
    single_font: Callable[[str, LoadedFont], LoadedFont | None]
    markup: Callable[[str, LoadedFont], str]


@dataclass(frozen=True)
class _Cell:
    lines: tuple[str, ...]
    size: float
    font: LoadedFont  # the row's font
    plain: LoadedFont | None  # the one font drawing all of it, else None (mixed runs)
    style: ParagraphStyle

    @property
    def leading(self) -> float:
        return self.size * LEADING_RATIO


@dataclass(frozen=True)
class _Row:
    cells: tuple[_Cell, ...]
    top: float = TOP_PADDING  # 0 where the row continues from the previous page
    bottom: float = BOTTOM_PADDING  # 0 where it continues on the next page

    @cached_property
    def height(self) -> float:  # asked for again at every page a table reaches
        return max(len(cell.lines) * cell.leading for cell in self.cells) + self.top + self.bottom

    def cut(self, height: float) -> tuple[_Row, _Row] | None:
        """The part of the row that fits ``height`` and the rest, or None if nothing fits."""
        room = height - self.top
        counts = [int(room // cell.leading) for cell in self.cells]
        if min(counts) < 1 or all(
            n >= len(c.lines) for n, c in zip(counts, self.cells, strict=True)
        ):
            return None
        first = tuple(
            replace(c, lines=c.lines[:n]) for c, n in zip(self.cells, counts, strict=True)
        )
        rest = tuple(replace(c, lines=c.lines[n:]) for c, n in zip(self.cells, counts, strict=True))
        return replace(self, cells=first, bottom=0.0), replace(self, cells=rest, top=0.0)


# Where a line of text starts, as a share of its width left of the alignment point.
_SHIFT = {"LEFT": 0.0, "CENTER": 0.5, "CENTRE": 0.5, "RIGHT": 1.0}


class _Table(Table):
    """reportlab's table, its text cells' lines written straight into the page: the very
    operators ``Canvas.drawString`` (and its right and centred forms) write, without
    building a text object for each line (a 300-page plan has 18,000 of them)."""

    def draw(self) -> None:
        self._written = written_in(self.canv._doc)  # looked up once, not for every cell
        super().draw()

    def _drawCell(self, cellval, cellstyle, pos, size) -> None:
        canvas = self.canv
        plan = cellstyle.__dict__.get("_peakplan_plan")  # (reportlab copies no _ names)
        if plan is None:
            plan = cellstyle._peakplan_plan = _plan(cellstyle)
        if plan is False or type(cellval) is not str or not canvas.bottomup:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if self._curcellstyle is not cellstyle:  # as reportlab switches colour and font
            current = self._curcellstyle
            if current is None or cellstyle.color != current.color:
                canvas.setFillColor(cellstyle.color)
            if current is None or _font_of(cellstyle) != _font_of(current):
                canvas.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        shift, font, leading, size_, key = plan
        if font is None:  # a built-in font: reportlab's own path
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        x = (
            colpos + cellstyle.leftPadding
            if shift == 0.0
            else colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
            if shift == 0.5
            else colpos + colwidth - cellstyle.rightPadding
        )
        lines = cellval.split("\n")
        y = (
            rowpos
            + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + len(lines) * leading)
            / 2.0
            - size_
        )
        written = self._written.get(key)
        if written is None:
            written = lines_in(canvas._doc, font, size_, leading)
        shown, code, name = written.shown, canvas._code, font.fontName
        for line in lines:  # as draw_strings writes each, lookups made once
            start = x - shift * string_width(line, name, size_) if shift else x
            operators = shown.get(line)
            if operators is None:
                operators = written.operators(line)
            code.append(f"BT 1 0 0 1 {number(start)} {number(y)} Tm {operators} T* ET")
            y -= leading


def _plan(style) -> tuple[float, object, float, float, tuple] | bool:
    """How a cell of ``style`` is drawn: False where reportlab draws it (anything but lines
    of plain text), else its lines' shift, TrueType font (None for a built-in one), leading,
    size, and the key of the lines already written in that font."""
    if not _plain_cell(style):
        return False
    font = getFont(style.fontname)  # the canvas's font once the cell's is set
    key = (font.fontName, style.fontsize, style.leading)
    return (
        _SHIFT[style.alignment],
        font if font._dynamicFont else None,
        style.leading,
        style.fontsize,
        key,
    )


def _font_of(style) -> tuple[object, object, object]:
    return style.leading, style.fontname, style.fontsize


def _plain_cell(style) -> bool:
    """A cell reportlab would draw with one drawString per line and nothing else."""
    return (
        style.valign == "MIDDLE"
        and style.alignment in _SHIFT
        and not (style.href or style.destination or style.direction or style.shaping)
    )


class TableLayout:
    """One :class:`~exporters.blocks.Table` as reportlab tables of the given width."""

    def __init__(
        self, table: b.Table, width: float, size: float, fonts: TableFonts, styles: CellStyles
    ) -> None:
        self.table, self.size, self.fonts, self.styles = table, size, fonts, styles
        scale = width / sum(table.widths)
        self.widths = [w * scale for w in table.widths]
        self._paragraph_styles: dict[tuple[str, float], ParagraphStyle] = {}
        self._cell_styles: dict[tuple[object, ...], CellStyle] = {}
        self._cells: dict[tuple[str, str, str, int], _Cell] = {}

    def _cell(self, text: str, font: LoadedFont, style: ParagraphStyle, column: int) -> _Cell:
        """A cell's lines; a text repeated in a column (a unit, a department, a year) is
        broken into lines once."""
        key = (text, font.name, style.name, column)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = self._new_cell(text, font, style, column)
        return cell

    def _new_cell(self, text: str, font: LoadedFont, style: ParagraphStyle, column: int) -> _Cell:
        text = xml_safe(text)
        room = self.widths[column] - 2 * CELL_PADDING - 1.0  # 1 pt spare for rounding
        plain = self.fonts.single_font(text, font)
        if plain is not None:
            fitted = fit_cell(text, room, plain.name, self.size)
        else:
            fitted = fit_cell(
                text, room, lambda char: self.fonts.font_for(char, font).name, self.size
            )
        return _Cell(tuple(fitted.lines), fitted.size, font, plain, style)

    def build(self, **options: object) -> Flowable:
        table, fonts, styles = self.table, self.fonts, self.styles
        header = _Row(
            tuple(self._cell(t, fonts.head, styles.head, c) for c, t in enumerate(table.header))
        )
        first_total = len(table.rows) - table.total_rows
        rows = []
        for r, row in enumerate(table.rows, 1):
            font = fonts.head if r > first_total else fonts.body  # totals in 黑体
            cells = tuple(
                self._cell(text, font, styles.number if table.is_numeric(c) else styles.text, c)
                for c, text in enumerate(row)
            )
            rows.append(_Row(cells))
        if header.height > MAX_REPEATED_HEADER:  # drawn once, as the first row
            return _Rows(self, None, [header, *rows], options)
        return _Rows(self, header, rows, options)

    # -- one reportlab table ------------------------------------------------------------------

    def reportlab_table(
        self, header: _Row | None, rows: list[_Row], options: dict[str, object]
    ) -> Table:
        """A reportlab table of ``header`` (repeated if reportlab splits it) and ``rows``.

        Each cell's style (font, size, alignment, padding) is made here, one shared object per
        combination, rather than by reportlab applying a style command to every cell.
        """
        everything = ([header] if header else []) + rows
        header_rows = 1 if header else 0
        data, styles, heights = [], [], []
        for index, row in enumerate(everything):
            pieces, row_styles, height = self._drawn(row, index < header_rows)
            data.append(list(pieces))
            styles.append(list(row_styles))
            heights.append(height)
        return _Table(
            data,
            colWidths=self.widths,
            rowHeights=heights,
            repeatRows=header_rows,
            style=self._base_style(header_rows),
            cellStyles=styles,
            normalizedData=1,  # text or paragraphs already, as reportlab would make them
            **options,
        )

    def _drawn(self, row: _Row, head: bool) -> tuple[tuple, tuple, float | None]:
        """A row's cells as reportlab draws them, their styles and the row's height; made
        once, though the row is put in a table each time it is tried on a page."""
        drawn = row.__dict__.setdefault("_drawn", {})  # (the row is otherwise frozen)
        if head not in drawn:
            styles = tuple(self._cell_style(cell, c, head, row) for c, cell in enumerate(row.cells))
            height = _plain_height(row, styles)
            if height is None:  # a paragraph: a new one for each table it is put in
                return tuple(self._piece(cell) for cell in row.cells), styles, None
            drawn[head] = tuple(self._piece(cell) for cell in row.cells), styles, height
        return drawn[head]

    def _piece(self, cell: _Cell) -> object:
        """A cell as reportlab draws it: a plain string (fast) or a paragraph (mixed fonts)."""
        if cell.plain is not None:
            return "\n".join(cell.lines)
        markup = "<br/>".join(self.fonts.markup(line, cell.font) for line in cell.lines)
        return Paragraph(markup, self._sized(cell.style, cell.size))

    def _cell_style(self, cell: _Cell, column: int, head: bool, row: _Row) -> CellStyle:
        """The style reportlab draws a cell with: the table's font and size unless the cell's
        own plain text has others (a paragraph carries its own), headers centred, numbers
        right-aligned; the row's padding."""
        if cell.plain is None:
            font, size = self.fonts.body.name, self.size
        else:
            font, size = cell.plain.name, cell.size
        alignment = "CENTER" if head else "RIGHT" if self.table.is_numeric(column) else "LEFT"
        key = (font, size, alignment, row.top, row.bottom)
        style = self._cell_styles.get(key)
        if style is None:
            style = self._cell_styles[key] = CellStyle(repr(key))
            style.fontname, style.fontsize, style.leading = font, size, size * LEADING_RATIO
            style.alignment, style.valign = alignment, "MIDDLE"
            style.leftPadding = style.rightPadding = CELL_PADDING
            style.topPadding, style.bottomPadding = row.top, row.bottom
        return style

    def _sized(self, style: ParagraphStyle, size: float) -> ParagraphStyle:
        key = (style.name, size)
        if key not in self._paragraph_styles:
            self._paragraph_styles[key] = type(style)(  # (a style of the same class)
                f"{style.name}-{size:.2f}",
                parent=style,
                fontSize=size,
                leading=size * LEADING_RATIO,
            )
        return self._paragraph_styles[key]

    def _base_style(self, header_rows: int) -> list[tuple]:
        style: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        if header_rows:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY))
        return style


def _plain_height(row: _Row, styles: list[CellStyle]) -> float | None:
    """The height reportlab gives a row of plain text cells, computed as it does (None for a
    row with a paragraph: reportlab measures it)."""
    height = 0.0
    for cell, style in zip(row.cells, styles, strict=True):
        if cell.plain is None:
            return None
        cell_height = style.leading * max(len(cell.lines), 1)
        cell_height += style.bottomPadding + style.topPadding
        height = max(height, cell_height)
    return height


class _Rows(Flowable):
    """The rows of a table not yet laid out: ``rows[start:]``, the first of them replaced by
    ``carried`` when it was cut on the previous page.

    Where they all fit, they are one reportlab table.  Otherwise :meth:`split` makes a table
    of the rows that fit the rest of the page (the last one cut between lines when it is tall)
    and keeps the others as a view, so each page costs only its own rows.
    """

    def __init__(
        self,
        layout: TableLayout,
        header: _Row | None,
        rows: list[_Row],
        options: dict[str, object],
        start: int = 0,
        carried: _Row | None = None,
    ) -> None:
        super().__init__()
        self.layout, self.header, self.rows, self.options = layout, header, rows, options
        self.start, self.carried = start, carried
        self.spaceBefore = options.get("spaceBefore", 0)
        self.spaceAfter = options.get("spaceAfter", 0)
        self._table: Table | None = None  # made once all the rows fit
        self._fits = False  # as last wrapped

    def _pending(self) -> Iterator[_Row]:
        if self.carried is not None:
            yield self.carried
        for index in range(self.start + (self.carried is not None), len(self.rows)):
            yield self.rows[index]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        height = self.header.height if self.header else 0.0
        self._fits = False
        for row in self._pending():
            height += row.height
            if height > available_height:  # does not fit: the frame will split it
                return available_width, height
        self._fits = True
        if self._table is None:  # (a table kept with its caption is wrapped twice)
            self._table = self.layout.reportlab_table(
                self.header, list(self._pending()), self.options
            )
            self._table._counted = getattr(self, "_counted", False)  # type: ignore[attr-defined]
        return self._table.wrap(available_width, available_height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - (self.header.height if self.header else 0.0) - SAFETY
        taken: list[_Row] = []
        stop, carried = len(self.rows), None
        for offset, row in enumerate(self._pending()):
            if row.height <= room:
                taken.append(row)
                room -= row.height
                continue
            stop = self.start + offset
            carried = self.carried if offset == 0 else None
            # A tall row is cut between lines; a short one moves to the next page whole.
            leading = max(cell.leading for cell in row.cells)
            tall = row.height > CUT_ROWS_TALLER_THAN and room > 2 * leading
            pieces = row.cut(room) if tall else None
            if pieces is not None:
                taken.append(pieces[0])
                carried = pieces[1]
            break
        if not taken:
            return []
        part = self.layout.reportlab_table(self.header, taken, {**self.options, "spaceAfter": 0})
        if stop >= len(self.rows):
            return [part]
        options = {**self.options, "spaceBefore": 0}
        rest = _Rows(self.layout, self.header, self.rows, options, stop, carried)
        rest._counted = getattr(self, "_counted", False)  # type: ignore[attr-defined]
        return [part, rest]

    def drawOn(self, canvas, x, y, _sW=0) -> None:
        if self._table is None or not self._fits:
            raise RuntimeError("a table drawn where it does not fit")
        self._table.drawOn(canvas, x, y, _sW)
