"""Reading a returned data-collection workbook into raw rows (``forms.collect``).

Accepts what Excel, WPS or LibreOffice make of the file when they save it: rows reordered,
blank rows, columns found by their header text.  Interpreting values and deciding what changed
is ``forms.collect.preview_import``'s job.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from exporters.collect import BASE_SHEET, META_SHEET, sheet_title
from forms.collect import (
    FIELDS,
    CellRef,
    CollectError,
    ReturnedCell,
    ReturnedRow,
    ReturnedWorkbook,
)

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
# Unpacked, the large benchmark plan's workbook holds 2.7 MB; a file unpacking to more is a
# zip bomb (a 434 KB file unpacking to 400 MB took 15 s and 1.3 GB to read).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000


def _unreadable(detail: str) -> CollectError:
    """``detail``: the reader's own words, in English; the Chinese message does without."""
    return CollectError(
        "无法读取该 Excel 文件：文件已损坏、不完整或不是工作簿。"
        "请确认它是 .xlsx 格式的数据收集表。",
        f"The Excel file cannot be read: {detail}. Make sure it is a collection workbook "
        "saved as .xlsx.",
    )


def _labels(collection: str) -> dict[str, str]:
    """Header text (either language) → field key."""
    labels = {"id": "id"}
    for spec in FIELDS[collection]:
        labels[spec.label_zh] = spec.key
        labels[spec.label_en] = spec.key
    return labels


def _sheet_for(workbook: Any, collection: str) -> Any | None:
    for lang in ("zh", "en"):
        title = sheet_title(collection, lang)
        if title in workbook.sheetnames:
            return workbook[title]
    return None


def _uncached_formula(formulas: Any, cell: Any) -> str | None:
    """The formula of a cell that holds one but no computed value (a file saved by a program
    that does not calculate): its value is unknown, not empty."""
    if cell.value is not None or formulas is None:
        return None
    source = formulas[cell.coordinate]
    if source.data_type != "f":
        return None
    return str(getattr(source.value, "text", source.value))


def _too_many_rows(sheet: Any, count: int) -> CollectError:
    return CollectError(
        f"工作表“{sheet.title}”有 {count} 行数据，超过了数据收集表的上限（{MAX_ROWS} 行），"
        "未导入任何数据。请删除多余的行后再导入。",
        f"The sheet “{sheet.title}” holds {count} rows, more than a collection workbook may "
        f"have ({MAX_ROWS}); nothing was imported. Delete the extra rows, then import it again.",
    )


def _filled_rows(sheet: Any) -> list[int]:
    """The numbers of the rows below the header that hold a value or a formula, in order.
    Only these are read: a stray cell at row 1048576 or column XFD makes ``max_row`` or
    ``max_column`` that large, and walking every coordinate up to them built millions of
    empty cells (20 s and 300 MB for one such cell); rows only formatted hold nothing.
    openpyxl keeps a sheet's cells in a dict by (row, column)."""
    return sorted(
        {row for (row, _column), cell in sheet._cells.items() if row > 1 and cell.value is not None}
    )


def _rows(sheet: Any, collection: str, formulas: Any = None) -> list[ReturnedRow]:
    labels = _labels(collection)
    columns: dict[str, int] = {}
    for (row, column), cell in sorted(sheet._cells.items()):
        if row != 1 or cell.value is None:
            continue
        key = labels.get(str(cell.value).strip())
        if key is not None and key not in columns:
            columns[key] = column - 1
    if "id" not in columns:
        columns["id"] = 0
    numbers = _filled_rows(sheet if formulas is None else formulas)  # formulas: values too
    if len(numbers) > MAX_ROWS:
        raise _too_many_rows(sheet, len(numbers))
    width = max(columns.values()) + 1
    rows = []
    for number in numbers:
        cells = [sheet.cell(row=number, column=n + 1) for n in range(width)]
        raw_id = cells[columns["id"]].value
        item_id = str(raw_id).strip() if raw_id not in (None, "") else None
        returned = {}
        id_cell = cells[columns["id"]]
        formula = _uncached_formula(formulas, id_cell)
        if formula is not None:
            ref = CellRef(sheet.title, number, id_cell.column_letter)
            returned["id"] = ReturnedCell(ref, None, "General", formula)
        for key, n in columns.items():
            if key == "id":
                continue
            cell = cells[n]
            returned[key] = ReturnedCell(
                CellRef(sheet.title, number, cell.column_letter),
                cell.value,
                cell.number_format or "General",
                _uncached_formula(formulas, cell),
            )
        rows.append(ReturnedRow(sheet.title, number, item_id, returned))
    return rows


def _load(data: bytes, *, data_only: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _unreadable(str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # a damaged or crafted file makes the XML parser raise anything
        raise _unreadable(type(exc).__name__) from exc


def read_collection_workbook(data: bytes) -> ReturnedWorkbook:
    """The workbook's fingerprint, the values it was sent with, and its rows."""
    if len(data) > MAX_WORKBOOK_BYTES:
        raise CollectError(
            "文件过大，不是数据收集表。", "The file is too large to be a collection workbook."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CollectError(
            "该文件不是 .xlsx 工作簿（可能是 .xls 或其他格式）。请用 Excel、WPS 或 LibreOffice "
            "另存为 .xlsx 后再导入。",
            "The file is not an .xlsx workbook (perhaps .xls or another format). Save it as "
            ".xlsx in Excel, WPS or LibreOffice, then import it.",
        )
    _check_unpacked_size(data)
    workbook = _load(data, data_only=True)
    formulas = _load(data, data_only=False)  # to tell a formula without a value from a blank
    try:
        return _read(workbook, formulas)
    finally:
        _release(workbook, formulas)


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than any collection workbook holds.
    The sizes the archive declares bound what can be read from it: Python's zip reader
    stops at a member's declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable(str(exc) or type(exc).__name__) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise CollectError(
            f"该文件解压后过大（{unpacked // (1024 * 1024)} MiB），不是数据收集表，未导入。",
            f"The file unpacks to far too much ({unpacked // (1024 * 1024)} MiB) to be a "
            "collection workbook; it was not imported.",
        )


def _release(*books: Any) -> None:
    """Each sheet's cells dropped: freed at once, not left as reference cycles (a cell and its
    sheet) for a full garbage collection, which the window's thread ran later: ~150 ms for a
    large plan's workbook."""
    for book in books:
        for sheet in book.worksheets:
            sheet._cells.clear()


def _read(workbook: Any, formulas: Any) -> ReturnedWorkbook:
    if META_SHEET not in workbook.sheetnames or BASE_SHEET not in workbook.sheetnames:
        raise CollectError(
            "该文件不是 PeakPlan 数据收集表（缺少方案标识）。",
            "The file is not a PeakPlan data-collection workbook (no plan fingerprint).",
        )
    meta = {
        str(row[0]): "" if row[1] is None else str(row[1])
        for row in workbook[META_SHEET].iter_rows(values_only=True)
        if row and row[0] is not None and len(row) > 1
    }
    baseline = {}
    for row in workbook[BASE_SHEET].iter_rows(values_only=True):
        if row and len(row) >= 4 and row[0] is not None:
            value = row[3]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            baseline[(str(row[0]), str(row[1]), str(row[2]))] = "" if value is None else str(value)
    returned = ReturnedWorkbook(meta=meta, baseline=baseline)
    for collection in FIELDS:
        sheet = _sheet_for(workbook, collection)
        returned.rows[collection] = (
            _rows(sheet, collection, formulas[sheet.title]) if sheet is not None else []
        )
    return returned
