"""A team's server that goes away and comes back: the connection is made again without the
app reopening anything, and what the server could not take is held on this computer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from forms.plan import Chapter, Plan, PlanMeta
from storage.errors import PasswordNeededError, ServerLostError, ServerUnreachableError
from storage.local_journal import HeldEdits, held_edits_path
from tests.postgres import USER
from workflows.held import held_edits_for, open_plan_holding, server_away
from workflows.store import open_store

AWAY = (ServerLostError, ServerUnreachableError)


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="团队方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="已保存的文字")],
    )


def _eventually(action: Callable[[], object], seconds: float = 20) -> object:
    """``action()`` once the server takes it (it is refused while the connection is remade)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except AWAY:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _terminate_others(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'PeakPlan' AND pid <> pg_backend_pid()"
        )


def test_a_connection_the_server_dropped_is_made_again(postgres_url: str) -> None:
    plan = _plan()
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(plan)
        _terminate_others(postgres_url)
        with pytest.raises(ServerLostError) as caught:
            repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "第一次")
        assert "pilot-team-secret" not in caught.value.message("en")
        assert server_away(database) is not None
        _eventually(
            lambda: repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "重连后")
        )
        assert server_away(database) is None
    database, repo = open_store(postgres_url)
    with database:
        assert repo.load_plan(plan.id).chapters[0].text == "重连后"


def test_a_server_stopped_and_started_again_is_used_again(
    postgres_server: object, postgres_url: str
) -> None:
    plan = _plan()
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(plan)
        postgres_server.stop()  # type: ignore[attr-defined]
        try:
            for _ in range(3):  # refused at once each time while it is away
                with pytest.raises(AWAY):
                    repo.save_meta(plan.id, plan.meta)
            assert isinstance(server_away(database), AWAY)
        finally:
            postgres_server.start()  # type: ignore[attr-defined]
        plan.meta.name = "服务器回来后"
        _eventually(lambda: repo.save_meta(plan.id, plan.meta))
        assert repo.load_plan(plan.id).meta.name == "服务器回来后"


def test_a_server_wanting_a_password_none_was_given_for_says_so(postgres_server: object) -> None:
    url = f"postgresql://{USER}@127.0.0.1:{postgres_server.port}/postgres"  # type: ignore[attr-defined]
    with pytest.raises(PasswordNeededError) as caught:
        open_store(url)
    assert "needs a password" in caught.value.message("en")
    assert "需要密码" in caught.value.message("zh")


def test_held_edits_are_put_back_on_the_next_open_and_settled_once_saved(
    postgres_url: str,
) -> None:
    plan = _plan()
    chapter = plan.chapters[0].id
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(plan)
        held = held_edits_for(database)
        assert isinstance(held, HeldEdits) and held.path.is_relative_to(held_edits_path("x").parent)
        held.record(plan.id, "chapters", chapter, "text", "服务器不在时输入的")
        held.close()
    database, repo = open_store(postgres_url)  # the app started again: the held typing is back
    with database:
        held = held_edits_for(database)
        assert held is not None and held.count(plan.id) == 1
        reopened, recovery = open_plan_holding(repo, plan.id, held)
        assert reopened.chapters[0].text == "服务器不在时输入的"
        assert [(e.old, e.new) for e in recovery.edits] == [("已保存的文字", "服务器不在时输入的")]
        repo.save_recovered(reopened, recovery)
        held.settle(plan.id, "*", "", keep=set())
        assert held.count(plan.id) == 0
        held.close()


def test_a_database_file_holds_nothing_aside(tmp_path: Path) -> None:
    database, _repo = open_store(tmp_path / "plans.sqlite")
    with database:
        assert held_edits_for(database) is None and server_away(database) is None
