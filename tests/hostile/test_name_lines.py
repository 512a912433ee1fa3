"""Names on one line: a plan's name (and a snapshot's, a display name) typed or pasted with
line breaks, tabs or U+2028 is kept with one space for each run of them; one with a control
character (escape, bell) or an invisible formatting one (a bidi override) is refused in both
languages when typed, and left out when it comes from a file or another database, where
nobody can retype it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from tests.hostile.importing import DEMO_CITY, refused_in_both_languages, run_cli
from workflows.plans import duplicate_plan, name_problem
from workflows.store import open_store

SPREAD = "云岚市\n碳达峰\t实施方案\u2028（送审稿）  "
ONE_LINE = "云岚市 碳达峰 实施方案 （送审稿）"
HOSTILE = {
    "escape": ("云岚市\x1b[31m方案", "U+001B"),
    "bell": ("云岚市\x07方案", "U+0007"),
    "bidi override": ("云岚市\u202e案方", "U+202E"),
    "zero-width space": ("云岚市\u200b方案", "U+200B"),
}


def names(capsys: pytest.CaptureFixture[str], db: Path) -> list[str]:
    code, out, err = run_cli(capsys, "--db", str(db), "list", "--json")
    assert code == 0, err
    return sorted(plan["name"] for plan in json.loads(out))


def test_a_name_typed_across_lines_is_renamed_on_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "--db", str(db), "rename", DEMO_CITY, SPREAD)
    assert code == 0, err
    assert out == f"已重命名：{ONE_LINE}\n"
    assert ONE_LINE in names(capsys, db)
    code, _out, err = run_cli(capsys, "--db", str(db), "validate", ONE_LINE)
    assert code in (0, 1), err  # the plan is found by the name as it is listed


@pytest.mark.parametrize(("name", "code"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_name_typed_with_a_control_character_is_refused(
    name: str, code: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zh, en = refused_in_both_languages(capsys, db, "rename", DEMO_CITY, name)
    assert "名称中不能有控制字符或不可见的格式字符" in zh and f"是 {code}）" in zh, zh
    assert "A name cannot hold control characters" in en and f"is {code})" in en, en
    assert "\x1b" not in zh + en and "\u202e" not in zh + en  # said, not run by the terminal


@pytest.fixture
def exported(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "city.json"
    assert run_cli(capsys, "--db", str(db), "export-json", DEMO_CITY, str(path))[0] == 0
    return path


def test_an_imported_name_given_with_name_is_put_on_one_line(
    db: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(
        capsys, "--db", str(db), "import-json", str(exported), "--name", SPREAD
    )
    assert code == 0, err
    assert ONE_LINE in names(capsys, db)
    zh, en = refused_in_both_languages(
        capsys, db, "import-json", str(exported), "--name", HOSTILE["escape"][0]
    )
    assert "U+001B" in zh and "U+001B" in en


def test_a_name_read_from_a_file_is_put_on_one_line_without_its_control_characters(
    db: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["plan"]["meta"]["name"] = "外来\r\n方案\x1b[2J\u202e名称\u2029"
    exported.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db), "import-json", str(exported))
    assert code == 0, err
    assert "外来 方案[2J名称" in names(capsys, db), out


def bad_name_in(db: Path, name: str) -> str:
    """A plan whose stored name has line breaks, as one kept before names were checked."""
    database, repo = open_store(db)
    with database:
        plan_id = repo.find(DEMO_CITY).id
        repo.rename(plan_id, name)
    return plan_id


def test_a_package_copy_and_duplicate_of_a_plan_named_across_lines_are_on_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_id = bad_name_in(db, "旧\n方案\t名称")
    package = tmp_path / "plan.zip"
    code, _out, err = run_cli(capsys, "--db", str(db), "export", plan_id, "--package", str(package))
    assert code == 0, err
    other = tmp_path / "other.sqlite"
    code, _out, err = run_cli(capsys, "--db", str(other), "import-package", str(package))
    assert code == 0, err
    assert names(capsys, other) == ["旧 方案 名称"]
    code, _out, err = run_cli(
        capsys, "--db", str(other), "import-package", str(package), "--name", "新\n包"
    )
    assert code == 0, err
    assert names(capsys, other) == ["新 包", "旧 方案 名称"]
    copied = tmp_path / "copied.sqlite"
    code, _out, err = run_cli(capsys, "--db", str(db), "copy", plan_id, "--to", str(copied))
    assert code == 0, err
    assert names(capsys, copied) == ["旧 方案 名称"]
    database, repo = open_store(db)
    with database:
        assert duplicate_plan(repo, plan_id).meta.name == "旧 方案 名称"
        assert duplicate_plan(repo, plan_id, "副本\n一").meta.name == "副本 一"
        problem = name_problem(repo, "副本\x07")
        assert problem is not None and "U+0007" in problem.message("zh")


def test_snapshot_and_display_names_are_on_one_line_too(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "--db", str(db), "snapshot", DEMO_CITY, "--name", "初\n稿")
    assert code == 0 and "已保存快照：初 稿" in out, err
    zh, en = refused_in_both_languages(capsys, db, "user", "set-name", "张\x1b三")
    assert "U+001B" in zh and "U+001B" in en
    code, out, err = run_cli(capsys, "--db", str(db), "user", "set-name", "张\t三")
    assert code == main.EXIT_OK and "张 三" in out, err
