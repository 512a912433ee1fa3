"""A save of an item checks its version in the write itself: on a server it is one statement,
and the writers of one plan never wait for each other in a circle."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from forms.plan import Chapter, Plan, PlanMeta, Project, now_iso
from storage.errors import ItemChangedError
from storage.journal import EditJournal
from storage.repository import PlanRepository
from tests.storage.test_server_clients import _wait_until_a_client_waits_for_a_lock
from workflows.store import open_store

# Typing whose JSON needs escapes, a number-like text, and no text at all.
HARD_TEXTS = ('引号"、反斜杠\\、换行\n、制表\t、控制\x01、表情😀', "2028", "")


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="快速保存", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="原文"), Chapter(title_zh="目标")],
        projects=[Project(name="光伏项目")],
    )


@pytest.fixture
def two(postgres_url: str) -> Iterator[tuple[PlanRepository, PlanRepository, Plan]]:
    first, repo_a = open_store(postgres_url)
    second, repo_b = open_store(postgres_url)
    plan = _plan()
    repo_a.save_plan(plan)
    try:
        yield repo_a, repo_b, plan
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_a_save_folds_the_typing_it_saves_whatever_its_characters(
    repo: PlanRepository, text: str
) -> None:
    plan = _plan()
    repo.save_plan(plan)
    journal = EditJournal(repo.database)
    chapter, project = plan.chapters[0], plan.projects[0]
    journal.record(plan.id, "chapters", chapter.id, "text", text)
    journal.record(plan.id, "projects", project.id, "investment.text", text)
    journal.record(plan.id, "projects", project.id, "content", text + "，还在输入")
    chapter.text = text
    repo.save_item(plan.id, "chapters", chapter, based_on=1)
    repo.update_field(plan.id, "projects", project.id, "investment.text", text, based_on=1)
    assert [(e.item_id, e.path) for e in journal.entries(plan.id)] == [(project.id, "content")]


def test_a_refused_save_changes_nothing(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    chapter = plan.chapters[0]
    repo.update_field(plan.id, "chapters", chapter.id, "title_zh", "别人改的标题")
    before = repo.find(plan.id).updated_at, repo.versions(plan.id), repo.attribution(plan.id)
    journal = EditJournal(repo.database)
    journal.record(plan.id, "chapters", chapter.id, "text", "我的正文")
    chapter.text = "我的正文"
    with pytest.raises(ItemChangedError) as refused:
        repo.save_item(plan.id, "chapters", chapter, based_on=1)
    assert (refused.value.version, refused.value.theirs.title_zh) == (2, "别人改的标题")
    assert (
        repo.find(plan.id).updated_at,
        repo.versions(plan.id),
        repo.attribution(plan.id),
    ) == before
    assert len(journal.entries(plan.id)) == 1  # the typing stays for the user to resolve
    assert repo.load_plan(plan.id).chapters[0].text == "原文"


def test_a_save_moves_the_plans_last_changed_time(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    with repo.db.atomic():
        repo.db.execute("UPDATE plans SET updated_at = '2020-01-01T00:00:00'")
    plan.chapters[1].text = "新的目标"
    repo.save_item(plan.id, "chapters", plan.chapters[1], based_on=1)
    assert repo.find(plan.id).updated_at > "2020-01-01T00:00:00"


class _Counting:
    """Counts a server connection's statements and transactions."""

    def __init__(self, repo: PlanRepository, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.transactions = 0
        execute, atomic = repo.db.execute, repo.db.atomic

        def counted_execute(sql: str, params: Any = None) -> Any:
            self.statements.append(sql)
            return execute(sql, params)

        def counted_atomic() -> AbstractContextManager[Any]:
            self.transactions += 1
            return atomic()

        monkeypatch.setattr(repo.db, "execute", counted_execute)
        monkeypatch.setattr(repo.db, "atomic", counted_atomic)


def test_a_save_of_a_stored_item_or_the_plans_fields_on_a_server_is_one_statement(
    two: tuple[PlanRepository, PlanRepository, Plan], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, plan = two
    counting = _Counting(repo, monkeypatch)
    chapter = plan.chapters[0]
    chapter.text = "一次往返"
    assert repo.save_item(plan.id, "chapters", chapter, based_on=1) == 2
    assert (len(counting.statements), counting.transactions) == (1, 0)
    repo.update_field(plan.id, "chapters", chapter.id, "text", "两次往返", based_on=2)
    assert (len(counting.statements), counting.transactions) == (3, 0)  # its read, its write
    assert repo.load_plan(plan.id).chapters[0].text == "两次往返"
    plan.meta.province = "浙江省"
    counting.statements.clear()
    assert repo.save_meta(plan.id, plan.meta, based_on=1) == 2
    assert (len(counting.statements), counting.transactions) == (2, 0)  # the name's check, it
    assert repo.load_plan(plan.id).meta.province == "浙江省"


def test_a_keystroke_into_the_journal_on_a_server_is_one_statement(
    two: tuple[PlanRepository, PlanRepository, Plan], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, other, plan = two
    counting = _Counting(repo, monkeypatch)
    chapter = plan.chapters[0].id
    EditJournal(repo.database).record(plan.id, "chapters", chapter, "text", "正在输入")
    assert (len(counting.statements), counting.transactions) == (1, 0)
    with repo.db.atomic():  # inside a transaction, it goes with that one
        EditJournal(repo.database).record(plan.id, "chapters", chapter, "title_zh", "标题")
    assert [e.value for e in EditJournal(other.database).entries(plan.id)] == [
        '"正在输入"',
        '"标题"',
    ]


def test_an_item_save_and_a_whole_plan_save_never_wait_for_each_other_in_a_circle(
    two: tuple[PlanRepository, PlanRepository, Plan], postgres_url: str
) -> None:
    """A's save holds an item and is about to touch the plan's row when B saves the whole
    plan: B waits for A's item without holding the plan's row, so A's save completes."""
    repo_a, repo_b, plan = two
    chapter = plan.chapters[0]
    failures: list[BaseException] = []

    def whole_plan() -> None:
        try:
            repo_b.save_plan(plan)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    with repo_a.db.atomic():  # A's one statement, stopped between the item and the plan's row
        repo_a.db.execute(
            "SELECT 1 FROM items WHERE plan_id = ? AND id = ? FOR UPDATE", [plan.id, chapter.id]
        ).fetchall()
        worker = threading.Thread(target=whole_plan)
        worker.start()
        _wait_until_a_client_waits_for_a_lock(postgres_url)
        repo_a.db.execute("UPDATE plans SET updated_at = ? WHERE id = ?", [now_iso(), plan.id])
    worker.join()
    assert not failures
