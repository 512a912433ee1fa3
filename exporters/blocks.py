"""The document model every export format renders: an ordered list of plain blocks.

Blocks hold plain text exactly as the user typed it.  Each renderer escapes for its own
format (reportlab's paragraph markup, Word runs, workbook cells), so nothing a user types is
ever interpreted as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from exporters.labels import label, qualified


class Align(StrEnum):
    JUSTIFY = "justify"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Heading:
    """A heading of level 1–4; ``number`` is the generated label (一、 （一） 1. （1）)."""

    level: int
    number: str
    text: str
    in_contents: bool = True

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True  # first line indented by two characters, as in official documents
    align: Align = Align.JUSTIFY
    note: bool = False  # a smaller remark (department, time frame, "to be completed")


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.(\d+))?$")


def _decimals(cell: str) -> int | None:
    match = _PLAIN_NUMBER.match(cell)
    if match is None:
        return None
    return len(match.group(2) or "")


def same_decimals(rows: tuple[tuple[str, ...], ...], column: int) -> tuple[tuple[str, ...], ...]:
    """``rows`` with the plain numbers of ``column`` padded to the column's largest number of
    decimals ("52" beside "14.97" becomes "52.00"); other cells unchanged."""
    widest = max((d for row in rows if (d := _decimals(row[column])) is not None), default=0)
    if not widest:
        return rows
    padded = []
    for row in rows:
        cell, decimals = row[column], _decimals(row[column])
        if decimals is not None and decimals < widest:
            cell = (cell if decimals else cell + ".") + "0" * (widest - decimals)
            row = (*row[:column], cell, *row[column + 1 :])
        padded.append(row)
    return tuple(padded)


@dataclass(frozen=True)
class Table:
    """A table.  Its numeric columns show one precision each (official tables do): plain
    numbers are padded to the column's largest number of decimals, unless ``row_units``
    (a unit column: each row has its own unit and keeps its own precision)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    numeric: tuple[bool, ...] = ()  # right-aligned columns
    caption: str = ""
    total_rows: int = 0  # the last rows are totals, set in bold
    row_units: bool = False

    def __post_init__(self) -> None:
        columns = len(self.header)
        if len(self.widths) != columns or (self.numeric and len(self.numeric) != columns):
            raise ValueError("a table's widths and numeric flags must match its header")
        if any(len(row) != columns for row in self.rows):
            raise ValueError("every table row must have as many cells as the header")
        if not self.row_units:
            rows = self.rows
            for column, numeric in enumerate(self.numeric):
                if numeric:
                    rows = same_decimals(rows, column)
            object.__setattr__(self, "rows", rows)

    def is_numeric(self, column: int) -> bool:
        return bool(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label; its values shown with ``decimals``."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str
    decimals: int = 0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    dashed: bool = False


@dataclass(frozen=True)
class LineChart:
    """Yearly series on one value axis, with an optional marked point and a vertical line."""

    title: str
    years: tuple[int, ...]
    series: tuple[Series, ...]
    unit: str
    marker: tuple[int, float, str] | None = None  # year, value, label
    vertical: tuple[int, str] | None = None  # year, label

    def as_table(self, lang: str) -> Table:
        """The chart's numbers, for formats that cannot draw it."""
        header = (
            label("col_year", lang),
            *(qualified(s.name, self.unit, lang) for s in self.series),
        )
        rows = tuple(
            (str(year), *(f"{s.values[n]:.1f}" for s in self.series))
            for n, year in enumerate(self.years)
        )
        return Table(
            header,
            rows,
            (1.0,) + (2.0,) * len(self.series),
            (False,) + (True,) * len(self.series),
            caption=self.title,
        )


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | BarChart | LineChart | PageBreak


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    date: str
    mark: str = ""  # e.g. 草稿 / DRAFT; empty once the plan is submitted
    lines: tuple[str, ...] = ()  # province, pilot type, batch…


@dataclass(frozen=True)
class Document:
    lang: str
    cover: Cover
    contents_title: str
    blocks: list[Block] = field(default_factory=list)
    author: str = "PeakPlan"
    subject: str = ""
    front_matter: bool = True  # a cover and a table of contents (PDF)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
