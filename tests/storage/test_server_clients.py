"""Two clients of one server editing the same item: neither loses the other's change."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from forms.plan import Chapter, Plan, PlanMeta
from storage.errors import ItemChangedError
from storage.repository import PlanRepository
from workflows.store import open_store


@pytest.fixture
def clients(postgres_url: str) -> Iterator[tuple[PlanRepository, PlanRepository, Plan]]:
    first, repo_a = open_store(postgres_url)
    second, repo_b = open_store(postgres_url)
    plan = Plan(
        meta=PlanMeta(name="共同编辑", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="原文")],
    )
    repo_a.save_plan(plan)
    try:
        yield repo_a, repo_b, plan
    finally:
        first.close()
        second.close()


def test_a_change_made_on_an_old_version_is_refused(
    clients: tuple[PlanRepository, PlanRepository, Plan],
) -> None:
    repo_a, repo_b, plan = clients
    chapter = plan.chapters[0].id
    seen = repo_b.versions(plan.id)[("chapters", chapter)]
    repo_a.update_field(plan.id, "chapters", chapter, "text", "甲的文字", based_on=seen)
    with pytest.raises(ItemChangedError) as caught:
        repo_b.update_field(plan.id, "chapters", chapter, "text", "乙的文字", based_on=seen)
    assert "not saved" in caught.value.message("en")
    assert repo_b.load_plan(plan.id).chapters[0].text == "甲的文字"


def test_two_fields_of_one_item_changed_at_once_are_both_kept(
    clients: tuple[PlanRepository, PlanRepository, Plan], postgres_url: str
) -> None:
    repo_a, repo_b, plan = clients
    chapter = plan.chapters[0].id
    failures: list[BaseException] = []

    def second_client() -> None:
        try:
            repo_b.update_field(plan.id, "chapters", chapter, "title_zh", "乙改的标题")
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    with repo_a.db.atomic():  # A has written the text and not yet committed
        repo_a.update_field(plan.id, "chapters", chapter, "text", "甲改的正文")
        worker = threading.Thread(target=second_client)
        worker.start()
        _wait_until_a_client_waits_for_a_lock(postgres_url)
    worker.join()
    assert not failures
    loaded = repo_a.load_plan(plan.id).chapters[0]
    assert (loaded.title_zh, loaded.text) == ("乙改的标题", "甲改的正文")
    assert repo_a.versions(plan.id)[("chapters", chapter)] == 3


def _wait_until_a_client_waits_for_a_lock(url: str) -> None:
    """Until B's write is blocked behind A's (seen by the server, not by a clock)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(10_000):
            waiting = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND application_name = 'PeakPlan'"
            ).fetchone()[0]
            if waiting:
                return
            conn.execute("SELECT pg_sleep(0.01)")
    raise AssertionError("the second client never reached the item")
