"""Saving and loading plans: lossless, one-item saves, one-field updates, names, trash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from forms.plan import Chapter, Plan, PlanMeta, Project, Value
from storage.database import open_database
from storage.errors import DuplicatePlanNameError, ItemNotFoundError, PlanNotFoundError
from storage.repository import InvalidFieldError, PlanRepository
from tests.strategies import plans


def _plan(name: str = "测试方案") -> Plan:
    return Plan(
        meta=PlanMeta(name=name, pilot_type="city", province="江苏省"),
        chapters=[
            Chapter(title_zh="基本情况", text="第一段。\n\n第二段。"),
            Chapter(title_zh="目标"),
        ],
        projects=[Project(name="光伏项目", investment=Value(text="1,200"))],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans)
def test_any_plan_survives_save_and_load_unchanged(plan: Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "x.sqlite")
        try:
            repo = PlanRepository(database)
            repo.save_plan(plan)
            loaded = repo.load_plan(plan.id)
        finally:
            database.close()
    assert loaded == plan


def test_plan_survives_closing_and_reopening_the_database(db_path: Path) -> None:
    plan = _plan()
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    with open_database(db_path) as database:
        assert PlanRepository(database).load_plan(plan.id) == plan


def test_the_editors_save_of_one_item_changes_only_that_item(repo: PlanRepository) -> None:
    """What the editor does after a pause in typing: the field set in memory, the item saved."""
    plan = _plan()
    repo.save_plan(plan)
    chapter, project = plan.chapters[1], plan.projects[0]
    chapter.text = "到2025年，……"
    repo.save_item(plan.id, "chapters", chapter)
    project.investment.text = "abc"
    repo.save_item(plan.id, "projects", project)
    loaded = repo.load_plan(plan.id)
    assert loaded.chapters[1].text == "到2025年，……"
    assert loaded.projects[0].investment.text == "abc"  # kept as typed; the check reports it
    assert loaded.chapters[0] == plan.chapters[0]
    assert [c.id for c in loaded.chapters] == [c.id for c in plan.chapters]  # in place


def test_saving_an_item_refuses_an_unknown_collection_or_plan(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    changed = plan.chapters[0].model_copy(update={"text": "不应保存"})
    with pytest.raises(ItemNotFoundError):
        repo.save_item(plan.id, "no_such_collection", changed)
    with pytest.raises(PlanNotFoundError):
        repo.save_item("no-such-plan", "chapters", changed)
    assert repo.load_plan(plan.id) == plan  # nothing saved


def test_a_one_field_update_changes_only_that_field(repo: PlanRepository) -> None:
    """``update_field``: the one-field change being built for team clients (the editor saves
    whole items, tested above)."""
    plan = _plan()
    repo.save_plan(plan)
    chapter = plan.chapters[1]
    repo.update_field(plan.id, "chapters", chapter.id, "text", "到2025年，……")
    repo.update_field(plan.id, "projects", plan.projects[0].id, "investment.text", "abc")
    loaded = repo.load_plan(plan.id)
    assert loaded.chapters[1].text == "到2025年，……"
    assert loaded.projects[0].investment.text == "abc"  # kept as typed; the check reports it
    assert loaded.chapters[0] == plan.chapters[0]


def test_a_one_field_update_refuses_unknown_fields_and_items(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    with pytest.raises(InvalidFieldError):
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "no_such_field", "x")
    with pytest.raises(InvalidFieldError):
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "required", "not a bool")
    with pytest.raises(ItemNotFoundError):
        repo.update_field(plan.id, "chapters", "missing", "text", "x")
    assert repo.load_plan(plan.id) == plan


def test_items_can_be_added_removed_and_reordered(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    extra = Chapter(title_zh="新增章节")
    repo.save_item(plan.id, "chapters", extra, position=0)
    assert [c.title_zh for c in repo.load_plan(plan.id).chapters] == [
        "新增章节",
        "基本情况",
        "目标",
    ]
    repo.reorder(plan.id, "chapters", [plan.chapters[1].id, extra.id, plan.chapters[0].id])
    assert [c.title_zh for c in repo.load_plan(plan.id).chapters] == [
        "目标",
        "新增章节",
        "基本情况",
    ]
    repo.delete_item(plan.id, "chapters", extra.id)
    assert [c.title_zh for c in repo.load_plan(plan.id).chapters] == ["目标", "基本情况"]


def test_names_are_unique_among_live_plans(repo: PlanRepository) -> None:
    repo.save_plan(_plan("云岚市"))
    with pytest.raises(DuplicatePlanNameError) as error:
        repo.save_plan(_plan("云岚市"))
    assert "云岚市" in error.value.message("zh")
    assert repo.unique_name("云岚市") == "云岚市 (2)"


def test_find_by_id_or_exact_name(repo: PlanRepository) -> None:
    plan = _plan("云岚市")
    repo.save_plan(plan)
    assert repo.find(plan.id).name == "云岚市"
    assert repo.find("云岚市").id == plan.id
    with pytest.raises(PlanNotFoundError):
        repo.find("云岚")


def test_deleted_plans_go_to_the_trash_and_come_back(repo: PlanRepository) -> None:
    plan = _plan("云岚市")
    repo.save_plan(plan)
    repo.trash(plan.id)
    assert repo.list_plans() == []
    assert [p.name for p in repo.list_plans(trash=True)] == ["云岚市"]
    repo.save_plan(_plan("云岚市"))  # the name is free again while the old one is in the trash
    assert repo.restore(plan.id) == "云岚市 (2)"
    assert sorted(p.name for p in repo.list_plans()) == ["云岚市", "云岚市 (2)"]
    assert repo.load_plan(plan.id).chapters == plan.chapters


def test_purge_deletes_plan_and_items(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    with pytest.raises(PlanNotFoundError):
        repo.purge(plan.id)  # only from the trash
    repo.trash(plan.id)
    repo.purge(plan.id)
    count = repo.db.execute("SELECT COUNT(*) FROM items WHERE plan_id = ?", [plan.id]).fetchone()
    assert count[0] == 0


def test_duplicate_and_rename(repo: PlanRepository) -> None:
    plan = _plan("云岚市")
    repo.save_plan(plan)
    copy = repo.duplicate(plan.id)
    assert copy.id != plan.id and copy.meta.name == "云岚市 (2)"
    assert repo.load_plan(copy.id).chapters == plan.chapters
    repo.rename(copy.id, "云岚市（修改稿）")
    assert repo.find(copy.id).name == "云岚市（修改稿）"
    with pytest.raises(DuplicatePlanNameError):
        repo.rename(copy.id, "云岚市")
