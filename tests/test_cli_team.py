"""Team mode from the command line: ``--db postgresql://…`` works on the team's server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import main
from storage.journal import EditJournal
from storage.repository import PlanRepository
from storage.snapshots import Snapshots
from workflows.store import open_store

DEMO_CITY = "云岚市（示例）"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_and_list_on_the_server(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", postgres_url, "demo")
    assert code == 0, out + err
    code, out, err = run(capsys, "--db", postgres_url, "list")
    assert code == 0, out + err
    assert DEMO_CITY in out
    code, out, err = run(capsys, "--db", postgres_url, "validate", DEMO_CITY)
    assert "完整度" in out, out + err


def test_a_plan_goes_to_the_server_and_back_field_for_field(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local, back = tmp_path / "local.sqlite", tmp_path / "back.sqlite"
    assert run(capsys, "--db", str(local), "demo")[0] == 0
    database, repo = open_store(local)
    with database:
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
        chapter = plan.chapters[0]
        Snapshots(repo).take(plan, "报省里")
        repo.update_field(plan.id, "chapters", chapter.id, "text", "保存后的文字")
        before = _everything(repo, plan.id)
        EditJournal(database).record(plan.id, "chapters", chapter.id, "text", "还在日志里的字")

    code, out, err = run(capsys, "--db", str(local), "copy", DEMO_CITY, "--to", postgres_url)
    assert code == 0, out + err
    assert "已复制" in out and "pilot-team-secret" not in out
    code, out, err = run(capsys, "--db", postgres_url, "copy", DEMO_CITY, "--to", str(back))
    assert code == 0, out + err

    expected = before["plan"].model_copy(deep=True)
    expected.chapters[0].text = "还在日志里的字"  # typing not yet saved travels too
    for location in (postgres_url, back):
        database, repo = open_store(location)
        with database:
            after = _everything(repo, plan.id)
        assert after == {**before, "plan": expected}


def test_copying_onto_the_same_plan_needs_replace(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.sqlite"
    run(capsys, "--db", str(local), "demo")
    assert run(capsys, "--db", str(local), "copy", DEMO_CITY, "--to", postgres_url)[0] == 0
    code, out, err = run(capsys, "--db", str(local), "copy", DEMO_CITY, "--to", postgres_url)
    assert code != 0 and "--replace" in out + err
    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "--db",
        str(local),
        "copy",
        DEMO_CITY,
        "--to",
        postgres_url,
        "--replace",
    )
    assert code == 0 and "Copied" in out, out + err


def _everything(repo: PlanRepository, plan_id: str) -> dict[str, object]:
    snapshots = Snapshots(repo).rows(plan_id)
    summary = repo.find(plan_id)
    return {"plan": repo.load_plan(plan_id), "summary": summary, "snapshots": snapshots}


def test_the_app_started_on_a_server_lists_its_plans_and_makes_no_file(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``PEAKPLAN_DB=postgresql://… peakplan``: the real app, started as a user does, shows its
    window first, then the server's plans; no file is made of the URL."""
    import json
    import os

    from tests.ui.test_startup import CHILD, ROOT

    assert run(capsys, "--db", postgres_url, "demo")[0] == 0
    folder = tmp_path / "cwd"
    folder.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, postgres_url],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["visible"] is True and seen["shown"] == [] and seen["rows"] == 2
    assert list(folder.iterdir()) == []  # no file named like the URL


def test_ctrl_c_on_the_server_says_whether_the_change_was_saved(
    postgres_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C during a rename on the team's server: before its transaction ends the server
    has nothing of it, and the line says so; once it committed, the line says it was saved."""
    import workflows.plans

    assert run(capsys, "--db", postgres_url, "demo")[0] == 0
    real = workflows.plans.rename_plan

    def interrupted(repo: PlanRepository, ref: str, name: str, *, save: bool) -> None:
        with repo.db.atomic():
            real(repo, ref, name)
            if not save:
                raise KeyboardInterrupt  # inside the transaction: rolled back
        raise KeyboardInterrupt  # once it committed

    for save, name, said in (
        (False, "未保存市", "已取消，数据库未作任何更改。\n"),
        (True, "已保存市", "已取消，但取消前已有更改保存到数据库。\n"),
    ):
        monkeypatch.setattr(
            workflows.plans,
            "rename_plan",
            lambda repo, ref, new, save=save: interrupted(repo, ref, new, save=save),
        )
        code, out, err = run(capsys, "--db", postgres_url, "rename", DEMO_CITY, name)
        assert (code, out, err) == (130, "", said)
    monkeypatch.undo()
    code, out, _ = run(capsys, "--db", postgres_url, "list")
    assert "已保存市" in out and "未保存市" not in out and DEMO_CITY not in out
