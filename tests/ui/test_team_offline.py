"""The editor on a team's server, driven like a user: who changed the open step is said from
what a save already knows (no extra question to the server per save or keystroke)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.attribution import Stamp
from forms.factory import new_plan
from forms.plan import Project
from storage.local_journal import HeldEdits, held_edits_path
from storage.server import location_key
from tests.postgres import USER
from tests.ui.conftest import quit_app, type_text
from tests.ui.rows_child import NEW_NAME
from tests.ui.test_team_server import _chapter_field, _chapter_text
from ui.app import create_start_window
from workflows.store import open_store


def _count_attribution_reads(monkeypatch, database) -> list[str]:
    """The statements that read who changed what (the step's last change, display names)."""
    reads: list[str] = []
    db, execute = database.db, database.db.execute

    def counting(sql: str, params=None):
        if sql.lstrip().startswith("SELECT changed_by") or "FROM users" in sql:
            reads.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(db, "execute", counting)
    return reads


@pytest.fixture
def china_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock in China's time zone: a change made at 02:00 UTC shows as the
    same day's 10:00 here (west of UTC−2 it was the day before, and the test failed)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_saving_says_who_changed_the_step_without_asking_the_server_again(
    qtbot, server_app, postgres_url: str, monkeypatch, china_time: None
) -> None:
    plan = new_plan("谁改的市", "city")
    database, repo = open_store(postgres_url)
    with database, repo.acting_as(Stamp("lisi", "2026-01-05T02:00:00+00:00")):
        repo.save_plan(plan)  # by a colleague, earlier
    plan_id = plan.id
    server_app.reload()
    reads = _count_attribution_reads(monkeypatch, server_app.context.database)
    editor, field = _chapter_field(qtbot, server_app, plan_id)
    assert reads  # showing the step asked who changed it last
    assert editor.changed_label.text().startswith("最后修改：lisi，2026-01-05 10:00")
    reads.clear()
    before = field.toPlainText()
    type_text("每次保存不再多问")
    qtbot.waitUntil(lambda: _chapter_text(postgres_url, plan_id) == before + "每次保存不再多问")
    qtbot.waitUntil(lambda: editor.changed_label.text().startswith(f"最后修改：{USER}，20"))
    assert reads == []  # neither the keystrokes nor the save asked
    editor.texts.set_language("en")
    assert editor.changed_label.text().startswith(f"Last changed by {USER} at 20")
    assert reads == []
    editor.steps.setCurrentRow(0)  # another step: read once
    assert reads


CHILD = Path(__file__).with_name("rows_child.py")


def _projects(url: str, plan_id: str) -> list[str]:
    database, repo = open_store(url)
    with database:
        return [p.name for p in repo.load_plan(plan_id).projects]


def _line(child: subprocess.Popen[str], timeout_s: float = 60) -> str:
    """The child's next line ("" if it said nothing in time: the test fails, never hangs)."""
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], timeout_s)
    return child.stdout.readline() if ready else ""


def _run_child_and_kill(url: str, plan_id: str, remove_id: str, server, log: Path) -> int:
    """The real app adds a row and removes another while the server is stopped; SIGKILL."""
    with log.open("w") as err:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), url, plan_id, remove_id],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        try:
            assert child.stdout is not None and child.stdin is not None
            assert _line(child).strip() == "ready", log.read_text()
            server.stop()
            child.stdin.write("go\n")
            child.stdin.flush()
            done = _line(child).split()
            assert done[:1] == ["done"], log.read_text()
        finally:
            child.kill()  # SIGKILL: no chance to save or close anything
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return int(done[1])


def test_rows_added_and_removed_while_the_server_is_away_survive_a_kill(
    qtbot, postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    plan = new_plan("断线增删行市", "city")
    plan.projects = [Project(name="要删除的项目"), Project(name="保留的项目")]
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(plan)
    try:
        held = _run_child_and_kill(
            postgres_url, plan.id, plan.projects[0].id, postgres_server, tmp_path / "child.log"
        )
        assert held == 2  # the row added and the row removed, on this computer's disk
    finally:
        postgres_server.start()
    assert _projects(postgres_url, plan.id) == ["要删除的项目", "保留的项目"]  # not saved yet

    window = create_start_window(postgres_url, "zh")  # the next open
    qtbot.addWidget(window)
    window.show()
    editor = window.open_plan(plan.id)
    assert editor is not None
    assert _projects(postgres_url, plan.id) == ["保留的项目", NEW_NAME]
    assert [p.name for p in editor.session.plan.projects] == ["保留的项目", NEW_NAME]
    assert "已保存服务器不可用时新增、删除或移动的 2 处行" in editor.statusBar().currentMessage()
    assert not editor.session.has_unsaved()
    assert editor.session.held.count(plan.id) == 0
    quit_app(window)


def test_a_row_someone_changed_meanwhile_is_not_removed_and_the_user_is_told(
    qtbot, server_app, postgres_url: str
) -> None:
    """A removal held while the server was away is based on the row as it was read: when a
    colleague changed the row since, opening the plan keeps theirs and says so."""
    plan = new_plan("冲突行市", "city")
    plan.projects = [Project(name="甲项目"), Project(name="乙项目")]
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(plan)
        first, second = plan.projects
        read_at = repo.versions(plan.id)
        held = HeldEdits(held_edits_path(location_key(postgres_url)), USER)
        # as an app killed while the server was away left them: both rows removed, one added
        held.hold_delete(plan.id, "projects", first.id, read_at[("projects", first.id)])
        held.hold_delete(plan.id, "projects", second.id, read_at[("projects", second.id)])
        added = Project(name="新项目")
        held.hold_add(plan.id, "projects", added.id, added.model_dump_json(), 2)
        first.name = "甲项目（同事改过）"  # a colleague's change, after the row was read
        repo.save_item(plan.id, "projects", first)
    server_app.reload()
    editor = server_app.open_plan(plan.id)
    assert editor is not None
    assert _projects(postgres_url, plan.id) == ["甲项目（同事改过）", "新项目"]
    assert [p.name for p in editor.session.plan.projects] == ["甲项目（同事改过）", "新项目"]
    said = editor.statusBar().currentMessage()
    assert "另有 1 处行的修改没有保存，保留了服务器上的内容" in said and "别人修改过" in said
    assert held.count(plan.id) == 0
    held.close()
