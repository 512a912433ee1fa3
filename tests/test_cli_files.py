"""Files and output like any other program's: the user's umask, the export time, a closed pipe."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO_CITY = "云岚市（示例）"
OLD_EDIT = "2024-01-02T03:04:05+00:00"


def peakplan(db: Path, *argv: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """``peakplan ARGV`` as its own process, started under ``umask``."""
    return subprocess.run(
        [sys.executable, "main.py", "--db", str(db), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(umask),
    )


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "plans.sqlite"
    created = peakplan(db, "demo")
    assert created.returncode == 0, created.stderr
    return db


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A database holding the demo plans (a copy: a test may change it)."""
    db = tmp_path / "plans.sqlite"
    shutil.copyfile(demo_template, db)
    return db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="umask is a POSIX notion")
def test_exports_are_created_with_the_users_umask(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files = {kind: out / f"city.{kind}" for kind in ("pdf", "xlsx")}
    options = [arg for kind, path in files.items() for arg in (f"--{kind}", str(path))]
    exported = peakplan(demo_db, "export", DEMO_CITY, *options)
    assert exported.returncode == 0, exported.stderr
    assert {path.name: oct(mode(path)) for path in files.values()} == {
        path.name: "0o644" for path in files.values()
    }
    plan_json = out / "city.json"
    assert peakplan(demo_db, "export-json", DEMO_CITY, str(plan_json), umask=0o027).returncode == 0
    assert mode(plan_json) == 0o640
    plan_json.chmod(0o600)  # a file the user made private stays private when written again
    assert peakplan(demo_db, "export-json", DEMO_CITY, str(plan_json)).returncode == 0
    assert mode(plan_json) == 0o600
    assert len(list(out.iterdir())) == len(files) + 1  # no temporary file left behind


def info_times(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}


def test_the_workbooks_update_time_is_the_export_time(demo_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(demo_db) as db:  # the plan was last edited long ago
        db.execute("UPDATE plans SET updated_at = ?", [OLD_EDIT])
    before = datetime.now().astimezone()
    exported = peakplan(demo_db, "export", DEMO_CITY, "--xlsx", str(tmp_path / "c.xlsx"))
    assert exported.returncode == 0, exported.stderr
    times = info_times(tmp_path / "c.xlsx")
    assert times["更新时间"] == times["导出时间"]
    assert datetime.fromisoformat(times["更新时间"]) >= before.replace(microsecond=0)


COMMANDS = [("validate", DEMO_CITY, "--all"), ("list", "--json"), ("--help",)]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_a_reader_that_leaves_early_gets_no_traceback(demo_db: Path, argv: tuple[str]) -> None:
    """The reader of the output is gone before the command prints (``| head -0``)."""
    process = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(demo_db), *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode()
    code = process.wait()
    assert errors == ""
    assert code in (0, 141)  # 141: stopped by the closed pipe, as a shell reports for cat


def test_validate_piped_into_head(demo_db: Path) -> None:
    shell = subprocess.run(
        f'"{sys.executable}" main.py --db "{demo_db}" validate "{DEMO_CITY}" --all | head -1',
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert shell.stdout == f"方案：{DEMO_CITY}\n"
    assert shell.stderr == ""
