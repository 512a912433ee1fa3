"""Each item and each plan's own fields carry a version that every change of them raises (the
ground of team mode's conflict checks), on the file and on the server alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forms.plan import Chapter, Plan, PlanMeta, Project
from storage.database import open_database
from storage.errors import ItemChangedError
from storage.journal import META
from storage.repository import PlanRepository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="版本方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况"), Chapter(title_zh="目标")],
        projects=[Project(name="光伏项目")],
    )


def test_a_new_plan_starts_every_version_at_one(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    versions = repo.versions(plan.id)
    assert set(versions.values()) == {1}
    assert (META, "") in versions and ("projects", plan.projects[0].id) in versions


def test_a_change_raises_the_version_of_what_it_changed_only(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    first, second = plan.chapters
    repo.update_field(plan.id, "chapters", first.id, "text", "第一段。")
    repo.update_field(plan.id, "chapters", first.id, "text", "第一段。")  # the same: no change
    versions = repo.versions(plan.id)
    assert versions[("chapters", first.id)] == 2
    assert versions[("chapters", second.id)] == 1
    assert versions[(META, "")] == 1

    second.text = "目标段落。"
    repo.save_item(plan.id, "chapters", second)
    repo.save_item(plan.id, "projects", plan.projects[0])  # unchanged
    repo.save_item(plan.id, "projects", Project(name="风电项目"))  # new
    repo.reorder(plan.id, "chapters", [second.id, first.id])  # moving changes no item
    plan.meta.province = "浙江省"
    repo.save_meta(plan.id, plan.meta)
    versions = repo.versions(plan.id)
    assert versions[("chapters", first.id)] == 2
    assert versions[("chapters", second.id)] == 2
    assert versions[("projects", plan.projects[0].id)] == 1
    assert sorted(versions.values()).count(1) == 2  # the two projects
    assert versions[(META, "")] == 2


def test_saving_the_whole_plan_raises_only_what_differs(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    plan.chapters[1].text = "改过的目标。"
    plan.projects.append(Project(name="储能项目"))
    repo.save_plan(plan)
    repo.save_plan(plan)  # nothing new
    versions = repo.versions(plan.id)
    assert versions[("chapters", plan.chapters[1].id)] == 2
    assert versions[("chapters", plan.chapters[0].id)] == 1
    assert versions[("projects", plan.projects[1].id)] == 1
    assert versions[(META, "")] == 1
    plan.meta.name = "改名的方案"
    repo.save_plan(plan)
    assert repo.versions(plan.id)[(META, "")] == 2


def test_a_database_of_the_previous_schema_starts_its_items_at_one(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite"
    shutil.copyfile(FIXTURES / "schema_v5.sqlite", path)
    with open_database(path) as database:
        repo = PlanRepository(database)
        [live] = repo.list_plans()
        assert set(repo.versions(live.id).values()) == {1}


def test_a_change_based_on_a_stale_version_is_refused(repo: PlanRepository) -> None:
    plan = _plan()
    repo.save_plan(plan)
    chapter = plan.chapters[0].id
    repo.update_field(plan.id, "chapters", chapter, "text", "先到的", based_on=1)
    with pytest.raises(ItemChangedError):
        repo.update_field(plan.id, "chapters", chapter, "text", "后到的", based_on=1)
    assert repo.load_plan(plan.id).chapters[0].text == "先到的"
