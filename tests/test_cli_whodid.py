"""Who did what, from the command line, on the file and on a server: two people change one
plan; ``diff``, ``revisions`` (and its Excel table), ``snapshots`` and a copy name them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

import main
from tests.team_users import TeamHome
from workflows.store import find_plan, open_database_at

DEMO_CITY = "云岚市（示例）"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=["sqlite", "postgresql"])
def home(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TeamHome]:
    if request.param == "sqlite":
        yield TeamHome("sqlite", tmp_path / "team.sqlite", monkeypatch)
    else:
        yield TeamHome("postgresql", request.getfixturevalue("postgres_url"), monkeypatch)


def _as(home: TeamHome, person: str, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, "--db", home.location_of(person), *argv)
    assert code == 0, err
    return out


def _coal_target_changed_by_bob(home: TeamHome) -> None:
    with home.as_user("bob") as repo:
        plan = find_plan(repo, DEMO_CITY)
        row = next(r for r in plan.indicators if r.template_ref == "coal_share")
        repo.update_field(plan.id, "indicators", row.id, "target_2030.basic.text", "40.0")


def test_diff_revisions_and_snapshots_name_who_changed_what(
    home: TeamHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _as(home, "alice", capsys, "user", "set-name", "张三")
    assert f"用户：{home.user('alice')}" in out and "张三" in out
    _as(home, "alice", capsys, "demo")
    _as(home, "alice", capsys, "snapshot", DEMO_CITY, "--name", "初稿")
    _coal_target_changed_by_bob(home)
    bob = home.user("bob")

    out = _as(home, "carol", capsys, "diff", DEMO_CITY)
    [line] = [line for line in out.splitlines() if "2030年目标" in line]
    assert f"（修改人：{bob}，20" in line
    out = _as(home, "carol", capsys, "--lang", "en", "revisions", DEMO_CITY)
    assert f"2030 target: changed (by {bob}, 20" in out
    out = _as(home, "carol", capsys, "snapshots", DEMO_CITY)
    assert "张三  初稿" in out  # taken by alice, shown by her display name

    _as(home, "bob", capsys, "user", "set-name", "李四")
    xlsx = tmp_path / "r.xlsx"
    _as(home, "carol", capsys, "revisions", DEMO_CITY, "--xlsx", str(xlsx))
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes()))["修改说明"]
    assert [c.value for c in sheet[2]][3:5] == ["修改人", "修改时间"]
    [row] = sheet.iter_rows(min_row=3, values_only=True)
    assert row[3] == "李四" and str(row[4]).startswith("20")

    copy = tmp_path / "copy.sqlite"
    _as(home, "carol", capsys, "copy", DEMO_CITY, "--to", str(copy))
    code, out, err = run(capsys, "--db", str(copy), "diff", DEMO_CITY)
    assert code == 0, err
    assert "（修改人：李四，20" in out  # the copy keeps who changed it, and the name
    code, out, err = run(capsys, "--db", str(copy), "snapshots", DEMO_CITY)
    assert "张三  初稿" in out


def test_user_without_a_display_name_says_how_to_give_one(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "wang")
    open_database_at(db_path).close()  # a database without display names
    code, out, _ = run(capsys, "--db", str(db_path), "--lang", "en", "user")
    assert code == 0 and "User: wang (no display name; set one: peakplan user set-name" in out
    run(capsys, "--db", str(db_path), "user", "set-name", "王五")
    code, out, _ = run(capsys, "--db", str(db_path), "user", "show")
    assert "显示名称：王五" in out
    code, out, _ = run(capsys, "--db", str(db_path), "user", "set-name", "")
    assert "未设显示名称" in out
    code, _, err = run(capsys, "--db", str(db_path), "user", "set-name", "名" * 41)
    assert code != 0 and "最多 40 个字符" in err
