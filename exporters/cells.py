"""The one way PeakPlan writes a workbook cell (plan, department collection, trajectory,
monitoring and revision workbooks).

Text is always a string cell: text a spreadsheet would take for a formula (=, +, -, @, a tab or
a carriage return first) is stored as a string with Excel's quote prefix, so that it stays text
even when someone edits the cell; characters a workbook cannot hold (control characters, lone
surrogates) become U+FFFD; text longer than a cell holds is cut with a note saying so.  Only
formulas this program writes itself go through :func:`put_formula`.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from exporters.text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # what a spreadsheet cell can hold
TRUNCATED = "…［超出单元格上限，全文见 PDF、Word 或 plan.json / truncated］"

CellValue = str | int | float | None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula."""
    return text.startswith(FORMULA_STARTS)


def workbook_text(text: str) -> str:
    """``text`` as a workbook can hold it (for cells, sheet and document properties)."""
    text = xml_safe(text)
    if len(text) > MAX_CELL_CHARS:  # say so: the full text is in the documents and JSON
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def put(
    ws: Worksheet, row: int, column: int, value: CellValue, number_format: str | None = None
) -> Cell:
    """Write ``value`` into a cell: text inert and storable, a number with ``number_format``."""
    cell = ws.cell(row, column)
    if isinstance(value, str):
        text = workbook_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=..." for a formula: never for user text
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    return cell


def put_row(ws: Worksheet, row: int, values: Iterable[CellValue]) -> list[Cell]:
    """Write ``values`` from column A of ``row``."""
    return [put(ws, row, column, value) for column, value in enumerate(values, 1)]


def append_row(ws: Worksheet, values: Iterable[CellValue]) -> list[Cell]:
    """Write ``values`` in the row below the last one used (row 1 on an empty sheet)."""
    empty = ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None
    return put_row(ws, 1 if empty else ws.max_row + 1, values)


def put_formula(ws: Worksheet, row: int, column: int, formula: str, number_format: str) -> Cell:
    """A formula written by this program (e.g. a column total), never user text."""
    cell = ws.cell(row, column, formula)
    cell.number_format = number_format
    return cell
