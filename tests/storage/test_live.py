"""Seeing other clients' saves: a server announces each committed write; a listener on its own
connection hears it (and comes back when the connection drops); a file is polled."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import psycopg
import pytest

from forms.plan import Chapter, Plan, PlanMeta, Policy
from storage.journal import META
from storage.live import Change, ChangeListener, item_states, parse_payload, read_items
from storage.repository import PlanRepository
from workflows.store import open_store

WAIT_S = 5.0


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="实时查看", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="原文"), Chapter(title_zh="总体要求")],
        policies=[Policy(title="政策一")],
    )


class Heard:
    """What a listener said, in the order it said it."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[str, object]] = queue.Queue()

    def change(self, change: Change) -> None:
        self.events.put(("change", change))

    def status(self, connected: bool, reason: str) -> None:
        self.events.put(("status", (connected, reason)))

    def next(self, kind: str) -> object:
        while True:
            got_kind, value = self.events.get(timeout=WAIT_S)
            if got_kind == kind:
                return value


@pytest.fixture
def two_clients(postgres_url: str) -> Iterator[tuple[PlanRepository, PlanRepository, Plan]]:
    first, repo_a = open_store(postgres_url)
    second, repo_b = open_store(postgres_url)
    plan = _plan()
    repo_a.save_plan(plan)
    try:
        yield repo_a, repo_b, plan
    finally:
        first.close()
        second.close()


@pytest.fixture
def listening(
    two_clients: tuple[PlanRepository, PlanRepository, Plan],
) -> Iterator[tuple[ChangeListener, Heard]]:
    repo_a = two_clients[0]
    heard = Heard()
    listener = ChangeListener(
        repo_a.db.url, heard.change, heard.status, ignore_client=repo_a.db.client_id, retry_s=0.1
    )
    listener.start()
    try:
        assert heard.next("status") == (True, "")
        yield listener, heard
    finally:
        listener.stop()


def test_another_clients_save_is_heard_with_its_new_version(
    two_clients: tuple[PlanRepository, PlanRepository, Plan],
    listening: tuple[ChangeListener, Heard],
) -> None:
    repo_a, repo_b, plan = two_clients
    _listener, heard = listening
    chapter = plan.chapters[0]
    repo_a.update_field(plan.id, "chapters", chapter.id, "text", "我自己改的")  # not told to me
    repo_b.update_field(plan.id, "chapters", chapter.id, "text", "别人改的")
    change = heard.next("change")
    version = repo_a.versions(plan.id)[("chapters", chapter.id)]
    assert change == Change(plan.id, "chapters", chapter.id, version, repo_b.db.client_id)
    repo_b.delete_item(plan.id, "policies", plan.policies[0].id)
    assert heard.next("change") == Change(
        plan.id, "policies", plan.policies[0].id, None, repo_b.db.client_id
    )
    plan.meta.province = "浙江省"
    repo_b.save_meta(plan.id, plan.meta)
    change = heard.next("change")
    assert (change.collection, change.version) == (META, repo_a.versions(plan.id)[(META, "")])


def test_a_save_that_is_rolled_back_is_not_announced(
    two_clients: tuple[PlanRepository, PlanRepository, Plan],
    listening: tuple[ChangeListener, Heard],
) -> None:
    _repo_a, repo_b, plan = two_clients
    _listener, heard = listening
    with pytest.raises(RuntimeError), repo_b.db.atomic():
        repo_b.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "撤回")
        raise RuntimeError("the save failed after the write")
    repo_b.update_field(plan.id, "chapters", plan.chapters[1].id, "text", "保留")
    change = heard.next("change")
    assert change.item_id == plan.chapters[1].id  # the first one never came


def test_the_listener_comes_back_when_its_connection_is_dropped(
    two_clients: tuple[PlanRepository, PlanRepository, Plan],
    listening: tuple[ChangeListener, Heard],
    postgres_url: str,
) -> None:
    _repo_a, repo_b, plan = two_clients
    _listener, heard = listening
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            ["PeakPlan live"],
        )
    connected, reason = heard.next("status")  # type: ignore[misc]
    assert connected is False and reason
    assert heard.next("status") == (True, "")
    repo_b.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "重连之后")
    assert heard.next("change").item_id == plan.chapters[0].id  # type: ignore[attr-defined]


def test_a_listener_that_cannot_connect_says_why_and_stops_when_asked() -> None:
    heard = Heard()
    listener = ChangeListener(
        "postgresql://nobody:wrong@127.0.0.1:1/none", heard.change, heard.status, retry_s=0.05
    )
    listener.start()
    connected, reason = heard.next("status")  # type: ignore[misc]
    assert connected is False and "refused" in reason.lower()
    listener.stop()
    assert not listener._thread.is_alive()
    assert heard.events.empty()  # the loss was said once, not at every retry


def test_states_and_items_read_what_another_client_saved(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    before = item_states(repo, plan.id)
    chapter = plan.chapters[1]
    repo.update_field(plan.id, "chapters", chapter.id, "text", "新的文字")
    repo.reorder(plan.id, "chapters", [chapter.id, plan.chapters[0].id])
    after = item_states(repo, plan.id)
    assert after[("chapters", chapter.id)] == (before[("chapters", chapter.id)][0] + 1, 0)
    assert after[("chapters", plan.chapters[0].id)][1] == 1
    bodies = read_items(repo, plan.id, [("chapters", chapter.id), ("policies", "gone"), (META, "")])
    assert Chapter.model_validate_json(bodies[("chapters", chapter.id)]).text == "新的文字"
    assert bodies[("policies", "gone")] is None
    assert PlanMeta.model_validate_json(bodies[(META, "")]).name == "实时查看"
    assert item_states(repo, "no-such-plan") == {}


def test_a_payload_that_is_not_an_announcement_is_ignored() -> None:
    assert parse_payload("hello") is None
    assert parse_payload("p\tchapters\tc\t\tx") == Change("p", "chapters", "c", None, "x")


def test_a_files_item_states_are_read_in_one_row(tmp_path) -> None:
    """The window's thread polls a file's states; read a row at a time while a worker ran,
    it took the interpreter back after each row, waiting its turn (~250 ms, large plan)."""
    database, repo = open_store(tmp_path / "plans.sqlite")
    plan = _plan()
    plan.policies = [Policy(title=f"政策{n}") for n in range(300)]
    repo.save_plan(plan)
    direct = repo.db.execute(
        "SELECT collection, id, version, position FROM items WHERE plan_id = ?", [plan.id]
    ).fetchall()
    fetched: list[int] = []
    execute = repo.db.execute

    class Counted:
        def __init__(self, cursor) -> None:
            self.cursor = cursor

        def fetchone(self):
            fetched.append(1)
            return self.cursor.fetchone()

        def fetchall(self):
            rows = self.cursor.fetchall()
            fetched.append(len(rows))
            return rows

    repo.db.execute = lambda *args, **kwargs: Counted(execute(*args, **kwargs))
    try:
        states = item_states(repo, plan.id)
    finally:
        del repo.db.execute
        database.close()
    assert sum(fetched) == 2  # the plan's version, then every item's at once
    assert {key: state for key, state in states.items() if key[0] != META} == {
        (c, i): (v, p) for c, i, v, p in direct
    }
    assert len(states) == len(direct) + 1 == 300 + 2 + 1  # the plan, its items
