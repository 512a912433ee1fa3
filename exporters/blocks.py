"""The document model every export format renders: an ordered list of plain blocks.

Blocks hold plain text exactly as the user typed it.  Each renderer escapes for its own
format (reportlab's paragraph markup, Word runs, workbook cells), so nothing a user types is
ever interpreted as markup.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    numeric: tuple[bool, ...] = ()  # right-aligned columns
    caption: str = ""
    total_rows: int = 0  # the last rows are totals, set in bold

    def __post_init__(self) -> None:
        columns = len(self.header)
        if len(self.widths) != columns or (self.numeric and len(self.numeric) != columns):
            raise ValueError("a table's widths and numeric flags must match its header")
        if any(len(row) != columns for row in self.rows):
            raise ValueError("every table row must have as many cells as the header")

    def is_numeric(self, column: int) -> bool:
        return bool(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str


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
            (str(year), *(f"{s.values[n]:,.1f}" for s in self.series))
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
