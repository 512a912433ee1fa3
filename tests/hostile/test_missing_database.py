"""A mistyped ``--db`` path: every command that works on plans already kept says that no
database is there, in the user's language, exits non-zero, and creates nothing — neither the
database nor its ``-wal``/``-shm`` or lock files, nor the file it was asked to write.  Only
the commands that add plans (demo, import-json, import-package) start a new database."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from tests.hostile.importing import DEMO_CITY, run_cli

PLAN = DEMO_CITY

COMMANDS = {
    "list": ["list"],
    "list --json": ["list", "--json"],
    "list --trash": ["list", "--trash"],
    "validate": ["validate", PLAN],
    "export-json": ["export-json", PLAN, "{out}/plan.json"],
    "export --xlsx": ["export", PLAN, "--xlsx", "{out}/plan.xlsx"],
    "export --package": ["export", PLAN, "--package", "{out}/plan.zip"],
    "collect": ["collect", PLAN, "--out", "{out}/collect.xlsx"],
    "import-xlsx --dry-run": ["import-xlsx", PLAN, "{returned}", "--dry-run"],
    "import-xlsx": ["import-xlsx", PLAN, "{returned}"],
    "snapshots": ["snapshots", PLAN],
    "snapshot": ["snapshot", PLAN, "--name", "初稿"],
    "diff": ["diff", PLAN],
    "revisions": ["revisions", PLAN],
    "revisions --xlsx": ["revisions", PLAN, "--xlsx", "{out}/revisions.xlsx"],
    "monitor": ["monitor", PLAN, "--year", "2025"],
    "monitor --actual": ["monitor", PLAN, "--year", "2025", "--indicator", "x", "--actual", "1"],
    "rename": ["rename", PLAN, "新名称"],
    "delete": ["delete", PLAN],
    "restore": ["restore", PLAN],
    "comment": ["comment", PLAN, "--chapter", "x", "--text", "y"],
    "user": ["user"],
    "copy": ["copy", PLAN, "--to", "{out}/other.sqlite"],
    "team users": ["team", "users"],
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_mistyped_database_path_is_said_and_nothing_is_created(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "where", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    returned = tmp_path / "returned.xlsx"
    returned.write_bytes(b"PK")  # readable: the database is what is missing
    typo = folder / "plnas.sqlite"
    argv = [arg.format(out=out, returned=returned) for arg in command]
    messages = {}
    for lang in ("zh", "en"):
        code, stdout, err = run_cli(capsys, "--db", str(typo), "--lang", lang, *argv)
        assert code == main.EXIT_FAILURE, stdout + err
        assert "Traceback" not in err
        messages[lang] = err
    if command[0] == "team":
        assert "没有用户和角色" in messages["zh"], messages
    else:
        assert f"“{typo}”处没有数据库（该文件不存在），未创建任何文件" in messages["zh"]
        assert (
            f"There is no database at “{typo}” (no such file); no file was created"
            in (messages["en"])
        ), messages
        assert "No such" not in messages["zh"], messages
    assert list(folder.iterdir()) == []
    assert list(out.iterdir()) == []


def test_the_database_from_the_environment_is_not_created_by_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEAKPLAN_DB", str(tmp_path / "env.sqlite"))
    code, _out, err = run_cli(capsys, "--lang", "en", "list")
    assert code == main.EXIT_FAILURE and "There is no database at" in err, err
    assert list(tmp_path.iterdir()) == []


def test_the_commands_that_add_plans_still_start_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.sqlite"
    code, out, err = run_cli(capsys, "--db", str(new), "demo")
    assert code == 0, out + err
    exported = tmp_path / "plan.json"
    assert run_cli(capsys, "--db", str(new), "export-json", PLAN, str(exported))[0] == 0
    other = tmp_path / "other.sqlite"
    code, out, err = run_cli(capsys, "--db", str(other), "import-json", str(exported))
    assert code == 0 and other.exists(), out + err
    code, out, err = run_cli(capsys, "--db", str(new), "copy", PLAN, "--to", str(tmp_path / "c.db"))
    assert code == 0 and (tmp_path / "c.db").exists(), out + err
