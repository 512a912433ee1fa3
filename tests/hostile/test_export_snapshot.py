"""A package exported while the database cannot take its snapshot (another program holds
it): the files are written and said to be, and so is the missing snapshot."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

import main
from tests.hostile.importing import DEMO_CITY, copy_database, run_cli

WORDS = {
    "zh": ("已导出：", "文件已导出，但报送包中的方案未能在数据库中保存为快照"),
    "en": ("Exported: ", "The files were exported, but the plan in the package could not be kept"),
}


@pytest.mark.parametrize("lang", WORDS)
def test_a_package_whose_snapshot_cannot_be_kept_is_said_to_be_written(
    lang: str, demo_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command said only “the database is in use” and printed no file, though the package
    and the workbook were written: the user took the export for failed."""
    db = copy_database(demo_database, tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)  # another program, e.g. a DB browser
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE plans SET name = name")
    try:
        package, workbook = tmp_path / "报送包.zip", tmp_path / "指标.xlsx"
        argv = ["export", DEMO_CITY, "--package", str(package), "--xlsx", str(workbook)]
        code, out, err = run_cli(capsys, "--db", str(db), "--lang", lang, *argv)
    finally:
        holder.rollback()
        holder.close()
    assert code == main.EXIT_FAILURE, out + err
    done, not_kept = WORDS[lang]
    assert f"{done}{package}" in out and f"{done}{workbook}" in out, out
    assert not_kept in err, err
    with zipfile.ZipFile(package) as archive:
        assert archive.testzip() is None and "manifest.json" in archive.namelist()
    code, out, err = run_cli(capsys, "--db", str(db), "snapshots", DEMO_CITY)
    assert code == main.EXIT_OK and "package" not in out, out + err
