"""Every write says which version it was based on: a stale one is refused with what is stored
now, on the file and on the server alike, and of clients racing on one item exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from forms.plan import Chapter, Plan, PlanMeta, Project
from storage.errors import ItemChangedError
from storage.journal import META
from storage.repository import PlanRepository
from workflows.store import open_store

RACERS = 6
Two = tuple[PlanRepository, PlanRepository, Plan]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> str:
    """Where two clients meet: one file (two windows, or two programs) or one server."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("postgres_url"))


def _client(location: str, *, first: bool = False) -> tuple[object, PlanRepository]:
    # A second program on the file opens it without the writer's lock the app holds.
    return open_store(location, write=first or location.startswith("postgresql"))


@pytest.fixture
def two(location: str) -> Iterator[Two]:
    first, repo_a = _client(location, first=True)
    second, repo_b = _client(location)
    plan = Plan(
        meta=PlanMeta(name="冲突方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="原文")],
        projects=[Project(name="光伏项目")],
    )
    repo_a.save_plan(plan)
    try:
        yield repo_a, repo_b, plan
    finally:
        first.close()  # type: ignore[attr-defined]
        second.close()  # type: ignore[attr-defined]


def test_an_item_saved_on_a_stale_version_is_refused_with_theirs(two: Two) -> None:
    repo_a, repo_b, plan = two
    chapter = plan.chapters[0]
    theirs = chapter.model_copy(update={"text": "甲的文字"})
    assert repo_a.save_item(plan.id, "chapters", theirs, based_on=1) == 2
    mine = chapter.model_copy(update={"text": "乙的文字"})
    with pytest.raises(ItemChangedError) as caught:
        repo_b.save_item(plan.id, "chapters", mine, based_on=1)
    assert caught.value.theirs.text == "甲的文字" and caught.value.version == 2
    assert (caught.value.collection, caught.value.item_id) == ("chapters", chapter.id)
    assert repo_b.load_plan(plan.id).chapters[0].text == "甲的文字"
    # keeping mine is a save at their version
    assert repo_b.save_item(plan.id, "chapters", mine, based_on=2) == 3
    assert repo_a.load_plan(plan.id).chapters[0].text == "乙的文字"


def test_the_plan_information_saved_on_a_stale_version_is_refused(two: Two) -> None:
    repo_a, repo_b, plan = two
    theirs = plan.meta.model_copy(update={"province": "浙江省"})
    assert repo_a.save_meta(plan.id, theirs, based_on=1) == 2
    with pytest.raises(ItemChangedError) as caught:
        repo_b.save_meta(plan.id, plan.meta.model_copy(update={"province": "安徽省"}), based_on=1)
    assert caught.value.theirs.province == "浙江省" and caught.value.version == 2
    assert caught.value.collection == META
    assert repo_b.load_plan(plan.id).meta.province == "浙江省"


def test_deleting_an_item_changed_since_is_refused(two: Two) -> None:
    repo_a, repo_b, plan = two
    project = plan.projects[0]
    repo_a.save_item(plan.id, "projects", project.model_copy(update={"owner": "发改委"}))
    with pytest.raises(ItemChangedError) as caught:
        repo_b.delete_item(plan.id, "projects", project.id, based_on=1)
    assert caught.value.theirs.owner == "发改委"
    assert [p.owner for p in repo_a.load_plan(plan.id).projects] == ["发改委"]
    repo_b.delete_item(plan.id, "projects", project.id, based_on=2)
    assert repo_a.load_plan(plan.id).projects == []
    repo_a.delete_item(plan.id, "projects", project.id, based_on=2)  # gone already: done


def test_an_item_deleted_meanwhile_is_a_conflict_with_nothing_stored(two: Two) -> None:
    repo_a, repo_b, plan = two
    project = plan.projects[0]
    repo_a.delete_item(plan.id, "projects", project.id, based_on=1)
    with pytest.raises(ItemChangedError) as caught:
        repo_b.save_item(
            plan.id, "projects", project.model_copy(update={"owner": "住建局"}), based_on=1
        )
    assert caught.value.theirs is None and caught.value.version == 0
    # keeping mine puts it back as a new item
    assert repo_b.save_item(plan.id, "projects", project, based_on=0) == 1
    assert [p.id for p in repo_a.load_plan(plan.id).projects] == [project.id]


def test_a_new_item_cannot_replace_one_of_the_same_id(two: Two) -> None:
    repo_a, _, plan = two
    with pytest.raises(ItemChangedError):
        repo_a.save_item(plan.id, "projects", Project(id=plan.projects[0].id), based_on=0)
    assert repo_a.load_plan(plan.id).projects[0].name == "光伏项目"


def test_a_whole_plan_save_is_refused_when_anything_moved_on(two: Two) -> None:
    repo_a, repo_b, plan = two
    seen = repo_b.versions(plan.id)
    added = Project(name="风电项目")
    repo_a.save_item(plan.id, "projects", added)  # added by another: also a change
    mine = repo_b.load_plan(plan.id)
    mine.chapters[0].text = "乙改的"
    with pytest.raises(ItemChangedError) as caught:
        repo_b.save_plan(mine, based_on=seen)
    assert caught.value.item_id == added.id
    assert repo_a.load_plan(plan.id).chapters[0].text == "原文"
    repo_b.save_plan(mine, based_on=repo_b.versions(plan.id))
    assert repo_a.load_plan(plan.id).chapters[0].text == "乙改的"


def test_edits_of_different_items_are_both_kept(two: Two) -> None:
    repo_a, repo_b, plan = two
    repo_a.save_item(
        plan.id, "chapters", plan.chapters[0].model_copy(update={"text": "甲"}), based_on=1
    )
    repo_b.save_item(
        plan.id, "projects", plan.projects[0].model_copy(update={"owner": "乙"}), based_on=1
    )
    stored = repo_a.load_plan(plan.id)
    assert (stored.chapters[0].text, stored.projects[0].owner) == ("甲", "乙")


WRITES: dict[str, Callable[[PlanRepository, Plan, int], object]] = {
    "save_item": lambda repo, plan, n: repo.save_item(
        plan.id,
        "chapters",
        plan.chapters[0].model_copy(update={"text": f"第{n}位的文字"}),
        based_on=1,
    ),
    "save_meta": lambda repo, plan, n: repo.save_meta(
        plan.id, plan.meta.model_copy(update={"province": f"第{n}省"}), based_on=1
    ),
    "update_field": lambda repo, plan, n: repo.update_field(
        plan.id, "chapters", plan.chapters[0].id, "text", f"第{n}位的文字", based_on=1
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_of_clients_racing_on_one_item_exactly_one_wins(
    two: Two, location: str, write: str
) -> None:
    repo_a, _, plan = two
    start = threading.Barrier(RACERS)
    won: list[int] = []
    refused: list[int] = []
    failed: list[BaseException] = []

    def racer(n: int) -> None:
        database, repo = _client(location)  # each thread its own connection
        try:
            start.wait()
            WRITES[write](repo, plan, n)
            won.append(n)
        except ItemChangedError:
            refused.append(n)
        except BaseException as exc:  # reported below, in the test's thread
            failed.append(exc)
        finally:
            database.close()  # type: ignore[attr-defined]

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed
    assert len(won) == 1 and len(refused) == RACERS - 1
    stored = repo_a.load_plan(plan.id)
    key = (META, "") if write == "save_meta" else ("chapters", plan.chapters[0].id)
    assert repo_a.versions(plan.id)[key] == 2
    shown = stored.meta.province if write == "save_meta" else stored.chapters[0].text
    assert str(won[0]) in shown
