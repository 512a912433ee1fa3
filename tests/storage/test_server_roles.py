"""Roles enforced by the server: each role connects as itself and is refused, in words, what
it may not do (PostgreSQL roles and row-level security; see storage/server_roles.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from forms.attribution import Stamp
from forms.plan import Comment, IndicatorRow, Measure, Plan, new_id
from storage.journal import EditJournal, RecoveredEdit, Recovery
from storage.repository import PlanRepository
from storage.roles import Role, RoleRefusedError
from storage.snapshots import Snapshots
from storage.users import Users
from tests.postgres import PASSWORD, USER
from workflows.plans import add_demo_plans
from workflows.review import record_actual
from workflows.store import open_store
from workflows.team import add_user, set_up_roles, team_users

ENERGY = "市能源局"


@dataclass
class Team:
    """A database with roles set up, a demo plan, and one user of each role."""

    admin_url: str
    plan: Plan
    names: dict[str, str]

    def url(self, who: str) -> str:
        return self.admin_url.replace(f"{USER}:{PASSWORD}@", f"{self.names[who]}:pw-{who}@")

    def open(self, who: str) -> tuple[object, PlanRepository]:
        return open_store(self.url(who))


@pytest.fixture
def team(postgres_url: str) -> Iterator[Team]:
    """Login roles are the server's, shared by every test's schema: each test's are its own."""
    suffix = uuid.uuid4().hex[:8]
    names = {who: f"{who}_{suffix}" for who in ("owner", "editor", "energy", "reviewer")}
    database, repo = open_store(postgres_url)
    with database:
        set_up_roles(repo)
        set_up_roles(repo)  # again: idempotent
        plan = next(p for p, _ in add_demo_plans(repo) if p.meta.pilot_type.value == "city")
        add_user(repo, names["owner"], Role.OWNER, password="pw-owner")
        add_user(repo, names["editor"], Role.EDITOR, password="pw-editor")
        add_user(repo, names["energy"], Role.DEPARTMENT, ENERGY, password="pw-energy")
        add_user(repo, names["reviewer"], Role.REVIEWER, password="pw-reviewer")
    yield Team(postgres_url, plan, names)


def _measure(plan: Plan, mine: bool) -> Measure:
    return next(m for m in plan.measures if (ENERGY in m.department) == mine and m.department)


def _indicator(plan: Plan, mine: bool) -> IndicatorRow:
    return next(i for i in plan.indicators if (ENERGY in i.department) == mine and i.department)


def _refused(action: object, lang_fragment: str) -> RoleRefusedError:
    with pytest.raises(RoleRefusedError) as caught:
        action()  # type: ignore[operator]
    assert lang_fragment in caught.value.message("zh"), caught.value.message("zh")
    return caught.value


def test_the_users_are_listed_with_their_roles_and_departments(team: Team) -> None:
    database, repo = open_store(team.admin_url)
    with database:
        Users(database).set_name("李审阅", team.names["reviewer"])
        # one put in a second group by hand: listed by the higher
        database.db.execute(f"GRANT peakplan_reviewer TO {team.names['editor']}")
        listed = {u.name: (u.role, u.department, u.display_name) for u in team_users(repo)}
    assert listed == {
        team.names["owner"]: (Role.OWNER, "", ""),
        team.names["editor"]: (Role.EDITOR, "", ""),
        team.names["energy"]: (Role.DEPARTMENT, ENERGY, ""),
        team.names["reviewer"]: (Role.REVIEWER, "", "李审阅"),
    }


def test_the_owner_may_do_everything(team: Team) -> None:
    plan = team.plan
    database, repo = team.open("owner")
    with database:
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "负责人写的")
        repo.rename(plan.id, "改名后的方案")
        add_user(repo, f"new_{uuid.uuid4().hex[:8]}", Role.REVIEWER, password="x")
        repo.trash(plan.id)
        repo.purge(plan.id)
        assert all(p.id != plan.id for p in repo.list_plans(trash=True))


def test_an_editor_changes_content_but_deletes_no_plan_and_adds_no_user(team: Team) -> None:
    plan = team.plan
    database, repo = team.open("editor")
    with database:
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "编辑写的")
        repo.rename(plan.id, "编辑改的名")
        added = Measure(group_id=plan.task_groups[0].id, title="新举措")
        repo.save_item(plan.id, "measures", added)
        repo.delete_item(plan.id, "measures", added.id)
        refusal = _refused(lambda: repo.trash(plan.id), "您的角色（编辑）不能删除方案")
        assert "Your role (editor) may not delete plans" in refusal.message("en")
        _refused(lambda: add_user(repo, "someone_else", Role.EDITOR, password="x"), "管理用户")
        assert repo.load_plan(plan.id).chapters[0].text == "编辑写的"
    admin, admin_repo = open_store(team.admin_url)
    with admin:
        admin_repo.trash(plan.id)
        park = admin_repo.list_plans()[0]  # takes the trashed plan's name meanwhile
        admin_repo.rename(park.id, "编辑改的名")
    database, repo = team.open("editor")
    with database:
        _refused(lambda: repo.purge(plan.id), "不能删除方案")
        assert repo.restore(plan.id) == "编辑改的名 (2)"  # an editor restores, renamed


def test_a_department_changes_its_own_rows_only(team: Team) -> None:
    plan = team.plan
    mine, theirs = _measure(plan, True), _measure(plan, False)
    database, repo = team.open("energy")
    with database:
        repo.update_field(plan.id, "measures", mine.id, "content", "本部门改的")
        refusal = _refused(
            lambda: repo.update_field(plan.id, "measures", theirs.id, "content", "越权"),
            "您的角色（部门）不能修改任务举措",
        )
        assert ENERGY in refusal.message("zh")
        _refused(
            lambda: repo.update_field(plan.id, "measures", mine.id, "department", "市商务局"),
            "不能修改任务举措",
        )
        _refused(
            lambda: repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "x"),
            "不能修改章节内容",
        )
        _refused(lambda: repo.rename(plan.id, "部门改名"), "不能修改方案信息")
        _refused(lambda: repo.delete_item(plan.id, "measures", mine.id), "不能删除任务举措")
        added = Measure(group_id=plan.task_groups[0].id)  # no department yet: then its own
        repo.save_item(plan.id, "measures", added)
        repo.update_field(plan.id, "measures", added.id, "department", ENERGY)
        repo.save_item(plan.id, "comments", _comment(plan))
        record_actual(repo, plan, 2024, _indicator(plan, True).id, "20")
        _refused(
            lambda: record_actual(repo, plan, 2024, _indicator(plan, False).id, "20"),
            "不能修改监测数据",
        )
    database, repo = open_store(team.admin_url)
    with database:
        stored = repo.load_plan(plan.id)
    assert next(m for m in stored.measures if m.id == mine.id).content == "本部门改的"
    assert next(m for m in stored.measures if m.id == theirs.id).content == theirs.content
    assert stored.chapters[0].text == plan.chapters[0].text


def test_a_reviewer_writes_comments_only(team: Team) -> None:
    plan = team.plan
    chapter = plan.chapters[0]
    database, repo = team.open("reviewer")
    with database:
        comment = _comment(plan)
        repo.save_item(plan.id, "comments", comment)
        repo.update_field(plan.id, "comments", comment.id, "text", "改过的意见")
        refusal = _refused(
            lambda: repo.update_field(plan.id, "chapters", chapter.id, "text", "审阅人改的"),
            "您的角色（审阅人）不能修改章节内容",
        )
        assert "审核意见" in refusal.message("zh")
        assert "Your role (reviewer) may not change chapter texts" in refusal.message("en")
        _refused(
            lambda: EditJournal(database).record(plan.id, "chapters", chapter.id, "text", "x"),
            "不能修改章节内容",
        )
        _refused(lambda: repo.save_item(plan.id, "chapters", chapter), "不能修改章节内容")
        _refused(lambda: repo.save_plan(plan), "整体保存")
        _refused(lambda: repo.delete_item(plan.id, "comments", comment.id), "不能删除审核意见")
        _refused(lambda: repo.trash(plan.id), "（审阅人）不能删除方案")
        Snapshots(repo).take(repo.load_plan(plan.id), "审阅稿")  # as an exported package does
        users = Users(database)
        assert users.set_name("李审阅") == "李审阅"  # their own display name, yes
        _refused(lambda: users.set_name("冒名", team.names["editor"]), "其他用户的显示名称")
        assert repo.load_plan(plan.id).chapters[0].text == chapter.text


def _comment(plan: Plan) -> Comment:
    return Comment(id=new_id(), collection="chapters", item_id=plan.chapters[0].id, text="请补充")


def test_a_user_who_may_not_upgrade_the_tables_is_told_whom_to_ask(team: Team) -> None:
    with psycopg.connect(team.admin_url, autocommit=True) as conn:  # as if PeakPlan was updated
        conn.execute("UPDATE peakplan_schema SET version = version - 1")
    for who in ("editor", "reviewer"):
        with pytest.raises(RoleRefusedError) as caught:
            team.open(who)
        assert "不能建立或升级数据库结构" in caught.value.message("zh")
        assert "peakplan team setup" in caught.value.message("en")


def test_opening_a_plan_leaves_others_typing_the_role_may_not_save(team: Team) -> None:
    plan, chapter = team.plan, team.plan.chapters[0]
    database, _ = team.open("editor")
    with database:
        EditJournal(database).record(plan.id, "chapters", chapter.id, "text", "编辑正在打的字")
    database, repo = team.open("reviewer")
    with database:
        comment = _comment(plan)
        repo.save_item(plan.id, "comments", comment)
        EditJournal(database).record(plan.id, "comments", comment.id, "text", "审阅人补的字")
        opened, recovery = repo.open_plan(plan.id)
        repo.save_recovered(opened, recovery)  # the chapter is not the reviewer's: no refusal
        assert {e.new for e in recovery.edits} == {"编辑正在打的字", "审阅人补的字"}
        assert [e.value for e in EditJournal(database).entries(plan.id)] == ['"编辑正在打的字"']
        stored = repo.load_plan(plan.id)
        assert next(c for c in stored.comments if c.id == comment.id).text == "审阅人补的字"
        assert stored.chapters[0].text == chapter.text


def test_a_users_own_typing_their_role_may_not_save_is_refused_on_opening(team: Team) -> None:
    """Typing held while the server was away comes back on opening: the user's own, said."""
    plan, chapter = team.plan, team.plan.chapters[0]
    database, repo = team.open("reviewer")
    with database:
        opened, _ = repo.open_plan(plan.id)
        user = database.user
        edit = RecoveredEdit(
            "chapters",
            chapter.id,
            "text",
            chapter.text,
            "离线时打的字",
            Stamp(user, "2026-12-02T03:00:00Z"),
        )
        opened.chapters[0].text = "离线时打的字"
        _refused(lambda: repo.save_recovered(opened, Recovery(edits=[edit])), "不能修改章节内容")
