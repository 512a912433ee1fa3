"""Who did what: every change of an item or of a plan's own fields records its user and time,
on the file (the OS login) and on the server (the connection's role) alike; a snapshot, who
took it; typing put back after a crash is its typist's; display names stand for users."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.attribution import Stamp, named
from forms.errors import LocalizedError
from forms.plan import Chapter, Plan, PlanMeta, Project
from forms.serialize import plan_to_json
from storage import server_migrations
from storage.database import open_database
from storage.journal import META, EditJournal
from storage.repository import PlanRepository
from storage.server import connect
from storage.snapshots import Snapshots
from storage.users import Users
from tests.team_users import TeamHome
from workflows.people import last_change_of
from workflows.store import open_store
from workflows.team import copy_plan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="署名方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况"), Chapter(title_zh="目标")],
        projects=[Project(name="光伏项目")],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def home(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TeamHome]:
    if request.param == "sqlite":
        yield TeamHome("sqlite", tmp_path / "team.sqlite", monkeypatch)
    else:
        yield TeamHome("postgresql", request.getfixturevalue("postgres_url"), monkeypatch)


def _who(repo: PlanRepository, plan_id: str) -> dict[tuple[str, str], str]:
    return {key: stamp.user for key, stamp in repo.attribution(plan_id).items()}


def test_each_change_records_who_made_it_and_when(home: TeamHome) -> None:
    plan = _plan()
    first, second = plan.chapters
    project = plan.projects[0]
    with home.as_user("alice") as repo:
        assert repo.database.user == home.user("alice")
        repo.save_plan(plan)
    with home.as_user("bob") as repo:
        before = repo.attribution(plan.id)
        repo.update_field(plan.id, "chapters", first.id, "text", "鲍勃写的第一段。")
        repo.update_field(plan.id, "chapters", second.id, "title_zh", "目标")  # no change
        repo.save_item(plan.id, "projects", project)  # unchanged: still alice's
        repo.save_item(plan.id, "projects", Project(name="风电项目"))  # new: bob's
        repo.reorder(plan.id, "chapters", [second.id, first.id])  # moving is no change
        who = _who(repo, plan.id)
        stamps = repo.attribution(plan.id)
    alice, bob = home.user("alice"), home.user("bob")
    assert who.pop(("chapters", first.id)) == bob
    assert sorted(who.values()) == [alice, alice, alice, bob]  # meta, 2nd chapter, 2 projects
    assert who[(META, "")] == alice and who[("projects", project.id)] == alice
    assert stamps[("chapters", second.id)] == before[("chapters", second.id)]
    assert stamps[("chapters", first.id)].at >= before[("chapters", first.id)].at


def test_the_plans_own_fields_and_a_whole_plan_save_record_the_user(home: TeamHome) -> None:
    plan = _plan()
    with home.as_user("alice") as repo:
        repo.save_plan(plan)
    with home.as_user("bob") as repo:
        plan.meta.province = "浙江省"
        repo.save_meta(plan.id, plan.meta)
    with home.as_user("carol") as repo:
        plan.projects[0].owner = "市发展改革委"
        repo.save_plan(plan)  # changes one project: only it becomes carol's
        who = _who(repo, plan.id)
    assert who[(META, "")] == home.user("bob")
    assert who[("projects", plan.projects[0].id)] == home.user("carol")
    assert who[("chapters", plan.chapters[0].id)] == home.user("alice")


def test_a_snapshot_records_who_took_it(home: TeamHome) -> None:
    plan = _plan()
    with home.as_user("alice") as repo:
        repo.save_plan(plan)
        Snapshots(repo).take(plan, "初稿")
    with home.as_user("bob") as repo:
        Snapshots(repo).take(plan, "报送稿")
        infos = Snapshots(repo).list(plan.id)
    assert [(i.name, i.taken_by) for i in infos] == [
        ("报送稿", home.user("bob")),
        ("初稿", home.user("alice")),
    ]


def test_typing_put_back_after_a_crash_is_its_typists(home: TeamHome) -> None:
    plan = _plan()
    chapter = plan.chapters[0]
    with home.as_user("alice") as repo:
        repo.save_plan(plan)
        EditJournal(repo.database).record(plan.id, "chapters", chapter.id, "text", "爱丽丝打的字")
        typed_at = EditJournal(repo.database).entries(plan.id)[0].written_at
    with home.as_user("bob") as repo:  # alice's app died before saving; bob opens the plan
        assert repo.load_current(plan.id).chapters[0].text == "爱丽丝打的字"
        stamp = repo.attribution(plan.id)[("chapters", chapter.id)]
    assert stamp == Stamp(home.user("alice"), typed_at)


def test_display_names_stand_for_users(home: TeamHome) -> None:
    with home.as_user("alice") as repo:
        users = Users(repo.database)
        assert users.set_name("  张三 ") == "张三"
        assert users.set_name("张三丰") == "张三丰"  # changed
    with home.as_user("bob") as repo:
        users = Users(repo.database)
        users.set_name("李四")
        names = users.names()
        assert names == {home.user("alice"): "张三丰", home.user("bob"): "李四"}
        assert users.set_name("") == ""  # taken away
        assert users.names() == {home.user("alice"): "张三丰"}
        with pytest.raises(LocalizedError, match="40"):
            users.set_name("名" * 41)
    stamp = named(Stamp(home.user("alice"), "2026-12-02T10:43:05+00:00"), names)
    assert stamp is not None and stamp.text("zh") == f"张三丰，{stamp.when}"
    unnamed = named(Stamp("dave", "2026-12-02T10:43:05+00:00"), names)
    assert unnamed is not None and unnamed.text("en") == f"dave, {stamp.when}"


def test_a_copy_keeps_who_changed_what_and_their_names(
    home: TeamHome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan()
    with home.as_user("alice") as repo:
        Users(repo.database).set_name("张三")
        repo.save_plan(plan)
    with home.as_user("bob") as repo:
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "鲍勃的正文。")
        Snapshots(repo).take(plan, "鲍勃的快照")
        stamps = repo.attribution(plan.id)
    other = TeamHome("sqlite", tmp_path / "copy.sqlite", monkeypatch)
    with home.as_user("carol") as source, other.as_user("dave") as target:
        Users(target.database).set_name("王五", user=home.user("bob"))  # the target's own
        copy_plan(source, plan.id, target)
        assert target.attribution(plan.id) == stamps
        assert Snapshots(target).list(plan.id)[0].taken_by == home.user("bob")
        assert Users(target.database).names() == {
            home.user("alice"): "张三",
            home.user("bob"): "王五",
        }


def test_a_database_of_schema_6_knows_no_one_until_a_change(tmp_path: Path) -> None:
    path = tmp_path / "v6.sqlite"
    shutil.copyfile(FIXTURES / "schema_v6.sqlite", path)
    with open_database(path) as database:
        repo = PlanRepository(database)
        [live] = repo.list_plans()
        assert repo.attribution(live.id) == {}
        [snapshot] = Snapshots(repo).list(live.id)
        assert snapshot.taken_by is None
        plan = repo.load_plan(live.id)
        repo.update_field(live.id, "chapters", plan.chapters[0].id, "text", "新的正文。")
        assert set(repo.attribution(live.id)) == {("chapters", plan.chapters[0].id)}
        assert Users(database).names() == {}


def test_a_server_database_of_schema_6_is_brought_to_7(postgres_url: str) -> None:
    plan = _plan()
    chapter = plan.chapters[0]
    db = connect(postgres_url)
    with db.atomic():  # a database as schema 6 left it
        db.execute("CREATE TABLE peakplan_schema (version INTEGER NOT NULL)")
        for step in server_migrations.MIGRATIONS[:6]:
            step(db)
        db.execute("INSERT INTO peakplan_schema (version) VALUES (6)")
        db.execute(
            "INSERT INTO plans (id, name, pilot_type, meta, created_at, updated_at, version) "
            "VALUES (?, ?, 'city', ?, ?, ?, 4)",
            [plan.id, plan.meta.name, plan.meta.model_dump_json(), "2026-01-01", "2026-01-02"],
        )
        db.execute(
            "INSERT INTO items (plan_id, collection, id, position, body, version) "
            "VALUES (?, 'chapters', ?, 0, ?, 3)",
            [plan.id, chapter.id, chapter.model_dump_json()],
        )
        db.execute(
            "INSERT INTO snapshots (id, plan_id, name, kind, created_at, body) "
            "VALUES ('s1', ?, '旧快照', 'manual', '2026-01-01', ?)",
            [plan.id, plan_to_json(plan)],
        )
    db.close()
    with open_store(postgres_url)[0] as database:
        repo = PlanRepository(database)
        version = database.db.execute("SELECT version FROM peakplan_schema").fetchone()[0]
        assert version == server_migrations.SCHEMA_VERSION == 7
        assert repo.load_plan(plan.id).chapters == [chapter]
        assert repo.versions(plan.id) == {(META, ""): 4, ("chapters", chapter.id): 3}
        assert repo.attribution(plan.id) == {}
        assert Snapshots(repo).list(plan.id)[0].taken_by is None
        repo.update_field(plan.id, "chapters", chapter.id, "text", "升级后的正文。")
        [(key, stamp)] = repo.attribution(plan.id).items()
        assert key == ("chapters", chapter.id) and stamp.user == database.user


def test_a_change_is_shown_at_the_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert Stamp("zhang", "2026-12-02T10:43:05+00:00").when == "2026-12-02 18:43"
        assert Stamp("zhang", "not a time").when == "not a time"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_latest_change_of_an_editor_step(home: TeamHome) -> None:
    plan = Plan(
        meta=PlanMeta(name="步骤方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="重点项目", kind="projects"), Chapter(title_zh="背景")],
        projects=[Project(name="光伏项目"), Project(name="风电项目")],
    )
    projects_chapter, other = plan.chapters
    earlier = Stamp(home.user("alice"), "2026-01-05T09:00:00+00:00")  # not in bob's second
    with home.as_user("alice") as repo, repo.acting_as(earlier):
        repo.save_plan(plan)
    with home.as_user("bob") as repo:  # a row the projects chapter holds
        repo.update_field(plan.id, "projects", plan.projects[1].id, "owner", "市能源局")
        steps = {
            "projects": last_change_of(repo, plan, projects_chapter.id),
            "other": last_change_of(repo, plan, other.id),
            "meta": last_change_of(repo, plan, None),
            "gone": last_change_of(repo, plan, "no-such-chapter"),
        }
    assert steps["projects"] is not None and steps["projects"].user == home.user("bob")
    assert steps["other"] is not None and steps["other"].user == home.user("alice")
    assert steps["meta"] is not None and steps["meta"].user == home.user("alice")
    assert steps["gone"] is None


def test_a_copy_from_a_file_to_the_server_keeps_who_changed_what(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_url: str
) -> None:
    plan = _plan()
    local = TeamHome("sqlite", tmp_path / "local.sqlite", monkeypatch)
    with local.as_user("alice") as repo:
        Users(repo.database).set_name("张三")
        repo.save_plan(plan)
        Snapshots(repo).take(plan, "初稿")
    with local.as_user("bob") as repo:
        repo.update_field(plan.id, "projects", plan.projects[0].id, "owner", "市能源局")
        stamps = repo.attribution(plan.id)
    server = TeamHome("postgresql", postgres_url, monkeypatch)
    with local.as_user("bob") as source, server.as_user("carol") as target:
        copy_plan(source, plan.id, target)
        assert target.attribution(plan.id) == stamps
        assert Snapshots(target).list(plan.id)[0].taken_by == "alice"
        assert Users(target.database).names() == {"alice": "张三"}
        assert stamps[("projects", plan.projects[0].id)].user == "bob"
