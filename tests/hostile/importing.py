"""Shared by the hostile-import tests: a database with the demo plans, the command line as a
user runs it, and the database's whole content to prove a refusal changed nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import main

DEMO_CITY = "云岚市（示例）"


def make_demo_database(folder: Path) -> Path:
    """A database holding the demo city and park (made once per module, then copied)."""
    path = folder / "demo.sqlite"
    assert main.main(["--db", str(path), "demo"]) == 0
    return path


def copy_database(source: Path, folder: Path) -> Path:
    target = folder / "plans.sqlite"
    shutil.copyfile(source, target)
    return target


def database_state(path: Path) -> tuple[str, dict[str, list[tuple[object, ...]]]]:
    """``PRAGMA integrity_check``'s answer and every row of every table, read with sqlite3
    itself (not the app's storage layer)."""
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()
    return integrity, rows


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused_in_both_languages(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, exit_code: int = main.EXIT_FAILURE
) -> tuple[str, str]:
    """Run the command in zh and in en; each must refuse (``exit_code``, no traceback) and
    leave the database exactly as it was.  Returns what each printed."""
    before = database_state(db)
    assert before[0] == "ok"
    messages = []
    for lang in ("zh", "en"):
        code, out, err = run_cli(capsys, "--db", str(db), "--lang", lang, *argv)
        assert code == exit_code, out + err
        assert "Traceback" not in err and (out + err).strip()
        messages.append(out + err)
        after = database_state(db)
        assert after[0] == "ok"
        assert after == before, "a refused import changed the database"
    return messages[0], messages[1]
