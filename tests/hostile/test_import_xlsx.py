"""Hostile returned collection workbooks through ``import-xlsx``: a formula the file holds
without its value, a damaged version mark, absurd numbers, a damaged sheet.  Each is reported
by cell (or refused) in Chinese and in English, and the database is left exactly as it was."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import main
from exporters.collect import META_SHEET
from storage.database import open_database
from storage.repository import PlanRepository
from tests.hostile.importing import (
    DEMO_CITY,
    refused_in_both_languages,
    run_cli,
)

INDICATORS, PROJECTS = "指标", "重点项目"


@pytest.fixture
def sent(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo city's collection workbook, as the command line writes it."""
    path = tmp_path / "sent.xlsx"
    code, _out, err = run_cli(capsys, "--db", str(db), "collect", DEMO_CITY, "--out", str(path))
    assert code == 0, err
    return path


def cell_of(ws: Worksheet, label: str, row: int = 2) -> str:
    column = next(cell.column_letter for cell in ws[1] if cell.value == label)
    return f"{column}{row}"


def setting(sheet: str, label: str, value: object) -> Callable[[Workbook], str]:
    """An edit putting ``value`` in the first data row's ``label`` column; returns the cell."""

    def edit(wb: Workbook) -> str:
        ref = cell_of(wb[sheet], label)
        wb[sheet][ref] = value
        return f"{sheet}!{ref}"

    return edit


def returned(sent: Path, folder: Path, edit: Callable[[Workbook], str]) -> tuple[Path, str]:
    wb = load_workbook(sent)
    where = edit(wb)
    path = folder / "returned.xlsx"
    wb.save(path)
    return path, where


def row_id_formula(wb: Workbook) -> str:
    """A project row whose hidden id is a formula without value: whose row it is cannot be
    known (read as blank, it became a duplicate new project)."""
    wb[PROJECTS]["A2"] = '=CONCATENATE("", "")'
    return f"{PROJECTS}!A2"


FORMULA_CASES = {
    "project row id": row_id_formula,
    "indicator target": setting(INDICATORS, "2025年目标", "=10+5.8"),
    "indicator note": setting(INDICATORS, "备注", '=CONCATENATE("a","b")'),
    "project investment": setting(PROJECTS, "总投资（万元）", "=SUM(1000,234)"),
    "project name": setting(PROJECTS, "项目名称", '=UPPER("x")'),
}


@pytest.mark.parametrize("edit", FORMULA_CASES.values(), ids=FORMULA_CASES.keys())
def test_a_formula_without_its_value_is_reported_not_read_as_blank(
    edit: Callable[[Workbook], str],
    sent: Path,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, where = returned(sent, tmp_path, edit)
    zh, en = refused_in_both_languages(
        capsys, db, "import-xlsx", DEMO_CITY, str(path), exit_code=main.EXIT_FINDINGS
    )
    assert where in zh and "公式" in zh and "未导入任何数据" in zh, zh
    assert where in en and "formula" in en and "Nothing was imported" in en, en


NUMBER_CASES = {
    "1e308 as a number": setting(PROJECTS, "总投资（万元）", 1e308),
    "1e308 typed as text": setting(PROJECTS, "年节能量（吨标准煤）", "1e308"),
    "-1e16 indicator": setting(INDICATORS, "基准值", -1e16),
    "1e-320": setting(PROJECTS, "年减排量（吨二氧化碳）", 1e-320),
}


@pytest.mark.parametrize("edit", NUMBER_CASES.values(), ids=NUMBER_CASES.keys())
def test_an_absurd_number_is_reported_by_cell(
    edit: Callable[[Workbook], str],
    sent: Path,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, where = returned(sent, tmp_path, edit)
    zh, en = refused_in_both_languages(
        capsys, db, "import-xlsx", DEMO_CITY, str(path), exit_code=main.EXIT_FINDINGS
    )
    assert where in zh and "可用范围" in zh, zh
    assert where in en and "usable range" in en, en


def version_mark(value: object) -> Callable[[Workbook], str]:
    def edit(wb: Workbook) -> str:
        meta = wb[META_SHEET]
        row = next(r for r in meta.iter_rows() if r[0].value == "version")
        row[1].value = value
        return ""

    return edit


@pytest.mark.parametrize("value", ["abc", "1e400", "-1", "1.5"])
def test_a_damaged_version_mark_is_a_clear_refusal(
    value: str, sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = returned(sent, tmp_path, version_mark(value))
    zh, en = refused_in_both_languages(capsys, db, "import-xlsx", DEMO_CITY, str(path))
    assert "版本标识" in zh and value in zh, zh
    assert "version mark" in en and value in en, en


def test_a_version_mark_saved_as_a_number_is_still_read(
    sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = returned(sent, tmp_path, version_mark(1.0))  # as a spreadsheet may re-save it
    code, out, err = run_cli(capsys, "--db", str(db), "import-xlsx", DEMO_CITY, str(path))
    assert code == 0, out + err


def test_a_damaged_sheet_is_a_clear_refusal(
    sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = io.BytesIO()
    with zipfile.ZipFile(sent) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            target.writestr(info, data)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damaged.getvalue())
    zh, en = refused_in_both_languages(capsys, db, "import-xlsx", DEMO_CITY, str(path))
    assert "无法读取" in zh, zh
    assert "cannot be read" in en, en


def test_a_very_small_figure_is_kept_not_rounded_to_zero(
    sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = returned(sent, tmp_path, setting(PROJECTS, "年节能量（吨标准煤）", 1.2e-11))
    code, out, err = run_cli(capsys, "--db", str(db), "import-xlsx", DEMO_CITY, str(path))
    assert code == 0, out + err
    with open_database(db) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
    wb = load_workbook(sent)
    project_id = wb[PROJECTS]["A2"].value
    project = next(p for p in plan.projects if p.id == project_id)
    assert float(project.energy_saving.text) == pytest.approx(1.2e-11)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_previewed_change_shows_control_characters_instead_of_sending_them_to_the_terminal(
    lang: str, sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell's bidi override or 8-bit CSI (both allowed in a workbook's XML) reached the
    terminal raw in the preview's change lines, turning the rest of the line around."""
    text = "\u202eevil\u202c 统计 \x9b31m"
    path, where = returned(sent, tmp_path, setting(PROJECTS, "项目名称", text))
    code, out, err = run_cli(
        capsys, "--db", str(db), "--lang", lang, "import-xlsx", DEMO_CITY, str(path), "--dry-run"
    )
    assert code == main.EXIT_OK, out + err
    line = next(line for line in out.splitlines() if line.startswith(where))
    assert "\\u202eevil\\u202c 统计 \\x9b31m" in line, line
    assert "\u202e" not in out and "\x9b" not in out
    assert ("项目名称：“" if lang == "zh" else "Project: “") in line, line


def test_rows_past_the_limit_are_refused_not_dropped(
    sent: Path,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows past the limit were left out without a word: the import said it was done and
    the last new projects were missing."""
    from exporters import collect_import

    monkeypatch.setattr(collect_import, "MAX_ROWS", 60)

    def many_new_projects(wb: Workbook) -> str:
        sheet = wb[PROJECTS]
        first = sheet.max_row + 1
        for row in range(first, first + 70):
            sheet.cell(row, 3, f"新项目{row}")
        return ""

    path, _ = returned(sent, tmp_path, many_new_projects)
    zh, en = refused_in_both_languages(capsys, db, "import-xlsx", DEMO_CITY, str(path))
    assert f"“{PROJECTS}”" in zh and "上限（60 行）" in zh and "未导入任何数据" in zh, zh
    assert f"“{PROJECTS}”" in en and "(60)" in en and "nothing was imported" in en, en


def test_a_project_typed_in_the_sheets_last_row_is_read(
    sent: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row 1048576 (Ctrl+Down, then typing) was past the rows read, so the project was
    silently left out; reading up to it built every empty cell on the way (~20 s, 300 MB)."""

    def last_row_project(wb: Workbook) -> str:
        wb[PROJECTS]["C1048576"] = "末行新项目"
        return f"{PROJECTS}!C1048576"

    path, where = returned(sent, tmp_path, last_row_project)
    code, out, err = run_cli(capsys, "--db", str(db), "import-xlsx", DEMO_CITY, str(path))
    assert code == main.EXIT_OK, out + err
    assert f"{where}  新增项目：末行新项目" in out, out
    with open_database(db) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
    assert "末行新项目" in [project.name for project in plan.projects]


def test_a_workbook_unpacking_to_far_too_much_is_refused_before_it_is_read(
    sent: Path,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A zip bomb: a 434 KB workbook whose sheet unpacks to 400 MB took 15 s and 1.3 GB to
    read (a 50 MB one could hold 50 GB).  Here the limit is lowered to keep the test small."""
    from exporters import collect_import

    monkeypatch.setattr(collect_import, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    swollen = io.BytesIO()
    with zipfile.ZipFile(sent) as source, zipfile.ZipFile(swollen, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 5 * 1024 * 1024)
            target.writestr(info, data, zipfile.ZIP_DEFLATED)
    path = tmp_path / "swollen.xlsx"
    path.write_bytes(swollen.getvalue())
    zh, en = refused_in_both_languages(capsys, db, "import-xlsx", DEMO_CITY, str(path))
    assert "解压后过大" in zh and "未导入" in zh, zh
    assert "unpacks to far too much" in en and "not imported" in en, en


def test_a_zip_that_is_no_workbook_is_refused_in_chinese_words(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Chinese refusal carried zipfile's English words (“There is no item named
    '[Content_Types].xml' in the archive”)."""
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    zh, en = refused_in_both_languages(capsys, db, "import-xlsx", DEMO_CITY, str(path))
    assert "无法读取该 Excel 文件" in zh and "There is no item" not in zh, zh
    assert "cannot be read" in en, en
