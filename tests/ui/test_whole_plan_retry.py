"""The whole plan saved again later (row changes opening could not save while a team's server was
away) never writes over what another client saved meanwhile: theirs stays stored, mine is kept
and asked about, the rest of mine is saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from forms.factory import new_plan
from forms.plan import Project
from storage.errors import ItemChangedError
from ui.context import AppContext
from ui.editor import PlanEditor
from ui.session import PlanSession
from ui.texts import Texts
from workflows.store import Database, PlanRepository, open_database_at


@pytest.fixture(params=["postgresql", "sqlite"])
def two_clients(
    request: pytest.FixtureRequest, db_path: Path
) -> Iterator[tuple[Database, Database]]:
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        mine, theirs = open_database_at(url), open_database_at(url)
    else:  # a second client of one file
        mine, theirs = open_database_at(db_path), open_database_at(db_path, write=False)
    try:
        yield mine, theirs
    finally:
        theirs.close()
        mine.close()


def test_a_pending_whole_plan_save_keeps_what_another_client_saved_meanwhile(
    qtbot, two_clients: tuple[Database, Database]
) -> None:
    mine_db, theirs_db = two_clients
    repo, theirs = PlanRepository(mine_db), PlanRepository(theirs_db)
    plan = new_plan("整体保存方案", "city", province="江苏省")
    plan.projects = [Project(name="光伏项目", owner="发改委"), Project(name="风电项目")]
    repo.save_plan(plan)
    session = PlanSession.open(repo, plan.id)
    found: list[tuple[str, str]] = []
    session.conflict_found.connect(lambda *key: found.append(key))
    solar, wind = session.plan.projects
    solar.owner = "能源局"  # mine, held for the whole-plan save
    session.plan.projects.append(Project(name="储能项目"))
    session._pending[("*", "")] = None  # the save opening could not make
    stored = theirs.load_plan(plan.id)
    stored.projects[1].owner = "住建局"  # theirs, saved between
    theirs.save_item(plan.id, "projects", stored.projects[1])

    session.flush()

    now = theirs.load_plan(plan.id)
    assert [p.owner for p in now.projects if p.id == wind.id] == ["住建局"]  # not overwritten
    assert [p.owner for p in now.projects if p.id == solar.id] == ["能源局"]  # mine saved
    assert "储能项目" in [p.name for p in now.projects]
    assert found == [("projects", wind.id)]  # asked, never decided silently
    conflict = session.conflict(("projects", wind.id))
    assert conflict is not None and conflict.theirs.owner == "住建局"
    assert session.has_unsaved()
    session.take_theirs(("projects", wind.id))
    assert not session.has_unsaved()
    assert [p.owner for p in session.plan.projects if p.id == wind.id] == ["住建局"]


def test_the_editor_asks_about_it_and_taking_theirs_leaves_nothing_unsaved(
    qtbot, two_clients: tuple[Database, Database]
) -> None:
    mine_db, theirs_db = two_clients
    repo, theirs = PlanRepository(mine_db), PlanRepository(theirs_db)
    plan = new_plan("整体保存方案", "city", province="江苏省")
    plan.projects = [Project(name="风电项目")]
    repo.save_plan(plan)
    session = PlanSession.open(repo, plan.id)
    editor = PlanEditor(AppContext(mine_db, repo, Texts("zh")), session)
    session.setParent(editor)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    session.plan.projects[0].owner = "能源局"
    session.plan.projects.append(Project(name="储能项目"))
    session._pending[("*", "")] = None  # the save opening could not make
    session._retry.start()
    stored = theirs.load_plan(plan.id)
    stored.projects[0].owner = "住建局"
    theirs.save_item(plan.id, "projects", stored.projects[0])

    qtbot.waitUntil(lambda: editor.conflicts.dialog is not None, timeout=20_000)  # the retry

    assert editor.conflicts.button.isVisible()
    button = editor.conflicts.dialog.findChild(QPushButton, "takeTheirs")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.has_unsaved())
    now = theirs.load_plan(plan.id)
    assert [(p.name, p.owner) for p in now.projects] == [("风电项目", "住建局"), ("储能项目", "")]
    session.conflicts.clear()


def test_a_plan_changed_on_every_try_stays_pending_and_is_retried(
    qtbot, two_clients: tuple[Database, Database], monkeypatch
) -> None:
    repo = PlanRepository(two_clients[0])
    plan = new_plan("整体保存方案", "city", province="江苏省")
    repo.save_plan(plan)
    session = PlanSession.open(repo, plan.id)
    session.plan.projects.append(Project(name="储能项目"))
    session._pending[("*", "")] = None

    def moved_on(*_args, **_kwargs) -> None:
        raise ItemChangedError("chapters", plan.chapters[0].id)

    monkeypatch.setattr(repo, "save_plan", moved_on)
    assert not session.flush()
    assert ("*", "") in session._pending and not session.conflicts  # kept, not dropped
    assert "again" in session.last_error.message_en
    session._retry.stop()
