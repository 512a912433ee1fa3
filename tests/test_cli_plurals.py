"""The command line's English counts say one thing in the singular: "1 difference",
"1 error, 0 warnings, 2 notes", "1 change, 0 new projects, 0 errors"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.test_cli import DEMO_CITY, _set, run


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, _ = run(capsys, "--db", str(db_path), "--lang", "en", "demo")
    assert code == 0 and "(0 errors)" in out, out
    return db_path


def _last_line(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    _code, out, err = run(capsys, "--db", str(db), "--lang", "en", *argv)
    assert out, err
    return out.strip().splitlines()[-1]


def test_diff_counts_one_difference_and_two(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(demo_db), "snapshot", DEMO_CITY, "--name", "draft")
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2030.basic.text", "29.0")
    assert _last_line(capsys, demo_db, "diff", DEMO_CITY) == "1 difference."
    _set(demo_db, DEMO_CITY, "coal_share", "department", "Statistics bureau")
    assert _last_line(capsys, demo_db, "diff", DEMO_CITY) == "2 differences."


def test_validate_counts_one_error_and_two(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _last_line(capsys, demo_db, "validate", DEMO_CITY) == "0 errors, 0 warnings, 2 notes."
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2030.basic.text", "130")
    one = _last_line(capsys, demo_db, "validate", DEMO_CITY)
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2025.basic.text", "abc")
    two = _last_line(capsys, demo_db, "validate", DEMO_CITY)
    assert (one, two) == ("1 error, 0 warnings, 2 notes.", "2 errors, 0 warnings, 2 notes.")


def test_a_workbook_preview_counts_one_change_and_two(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "dept.xlsx"
    argv = ("collect", DEMO_CITY, "--department", "市发展改革委", "--out", str(path))
    code, _, err = run(capsys, "--db", str(demo_db), *argv)
    assert code == 0, err
    workbook = load_workbook(path)
    sheet = workbook["指标"]
    note = next(c.column_letter for c in sheet[1] if c.value == "备注")
    summaries = []
    for row in (2, 3):
        sheet[f"{note}{row}"] = f"checked {row}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        path.write_bytes(buffer.getvalue())
        summaries.append(
            _last_line(capsys, demo_db, "import-xlsx", DEMO_CITY, str(path), "--dry-run")
        )
    assert summaries == [
        "1 change, 0 new projects, 0 errors.",
        "2 changes, 0 new projects, 0 errors.",
    ]
