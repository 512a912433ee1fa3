"""The app on a team's server, driven like a user: File ▸ Open team server…, the address typed
into the dialog's fields, the server's plans listed and opened, typing saved on the server;
a wrong password said so; the server going away while typing holds the edits (in memory and
in a local file) and saves them when it returns, with the state in the status bar."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from forms.factory import new_plan
from storage.local_journal import HeldEdits, held_edits_path
from tests.postgres import PASSWORD, USER
from tests.storage.test_server_faults import _closed_port
from tests.ui.conftest import type_text
from tests.ui.test_start_window import when_dialog_opens
from ui.pages import ChapterPage
from ui.server_dialog import ServerDialog
from ui.start_window import StartWindow
from ui.texts import Texts
from workflows.location import parse_server_url
from workflows.store import open_store


@pytest.fixture
def team_database(postgres_server: object) -> Iterator[str]:
    """A database of its own on the test server (the dialog names databases, not schemas)."""
    name = "team_" + uuid.uuid4().hex[:8]
    with psycopg.connect(postgres_server.url(), autocommit=True) as conn:  # type: ignore[attr-defined]
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(postgres_server.url(), autocommit=True) as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _save_plan(url: str, name: str) -> str:
    plan = new_plan(name, "city")
    database, repo = open_store(url)
    with database:
        repo.save_plan(plan)
    return plan.id


def _fill_in(qtbot, dialog: ServerDialog, **fields: str) -> None:
    """Type each field as a user does: click into it, select what is there, type."""
    dialog.activateWindow()  # offscreen, no window manager activates the new dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    for name, text in fields.items():
        edit = dialog.edits[name]
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(edit.hasFocus)
        edit.selectAll()
        type_text(text, edit)


def _connect(qtbot, dialog: ServerDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _chapter_field(qtbot, window: StartWindow, plan_id: str):
    editor = window.open_plan(plan_id)
    assert editor is not None
    qtbot.waitUntil(editor.isActiveWindow)
    row = next(n for n, p in enumerate(editor.pages) if isinstance(p, ChapterPage))
    editor.steps.setCurrentRow(row)
    field = editor.pages[row].text_section.editor
    qtbot.mouseClick(field.viewport(), Qt.MouseButton.LeftButton)
    field.moveCursor(QTextCursor.MoveOperation.End)
    return editor, field


def _chapter_text(url: str, plan_id: str) -> str:
    """Read back by a second client, as a colleague would see it."""
    database, repo = open_store(url)
    with database:
        return repo.load_plan(plan_id).chapters[0].text


def test_a_server_typed_into_the_dialog_lists_its_plans_and_takes_the_typing(
    qtbot, start_app, postgres_server: object, team_database: str
) -> None:
    url = postgres_server.url(team_database)  # type: ignore[attr-defined]
    plan_id = _save_plan(url, "团队服务器上的方案")
    window = start_app()
    assert window.model.rowCount() == 0 and "本机文件" in window.homes.label.text()
    window.homes.actions["open_server"].trigger()  # File ▸ Open team server…
    dialog = window.homes.dialog
    assert isinstance(dialog, ServerDialog) and dialog.isVisible()
    port = str(postgres_server.port)  # type: ignore[attr-defined]
    _fill_in(qtbot, dialog, host="127.0.0.1", port=port, database=team_database, user=USER)
    _fill_in(qtbot, dialog, password=PASSWORD)
    _connect(qtbot, dialog)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.item(0, 0).text() == "团队服务器上的方案"
    where = f"postgresql://{USER}@127.0.0.1:{port}/{team_database}"
    assert where in window.windowTitle() and "团队服务器" in window.windowTitle()
    assert "团队服务器" in window.homes.label.text()
    shown = window.windowTitle() + window.homes.label.text() + window.statusBar().currentMessage()
    assert PASSWORD not in shown
    remembered = QSettings("PeakPlan", "PeakPlan").value("team/server")
    assert remembered["database"] == team_database and PASSWORD not in str(remembered)

    editor, field = _chapter_field(qtbot, window, plan_id)
    assert where in editor.windowTitle() and PASSWORD not in editor.windowTitle()
    before = field.toPlainText()
    type_text("各部门在服务器上共同编写")
    qtbot.waitUntil(lambda: _chapter_text(url, plan_id) == before + "各部门在服务器上共同编写")

    window.homes.actions["use_local"].trigger()  # back to my local file: the editor closes
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert "本机文件" in window.homes.label.text() and "团队服务器" not in window.windowTitle()
    window.homes.actions["open_server"].trigger()  # the address is remembered, not the password
    again = window.homes.dialog
    assert again is not None and again.edits["database"].text() == team_database
    assert again.edits["port"].text() == port and again.edits["password"].text() == ""
    again.reject()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_password_is_said_in_the_dialog_which_stays_open(
    qtbot, start_app, postgres_server: object, lang: str
) -> None:
    window = start_app(lang)
    dialog = window.homes.ask_server()
    url = postgres_server.url(password="not-the-password")  # type: ignore[attr-defined]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(dialog.url, Qt.MouseButton.LeftButton)
    type_text(url, dialog.url)  # one URL pasted fills the fields
    assert dialog.edits["host"].text() == "127.0.0.1"
    assert dialog.edits["password"].text() == "not-the-password"
    _connect(qtbot, dialog)
    said = dialog.message.text()
    assert ("密码错误" if lang == "zh" else "Wrong password") in said
    assert "not-the-password" not in said and dialog.isVisible()
    assert window.context.database.path != "postgres"  # still on the local file
    _fill_in(qtbot, dialog, port="0")
    _connect(qtbot, dialog)
    assert ("“端口”" if lang == "zh" else "“Port”") in dialog.message.text()
    dialog.reject()


def test_a_server_that_is_down_is_said_in_the_dialog(qtbot, start_app) -> None:
    window = start_app("en")
    dialog = window.homes.ask_server()
    _fill_in(qtbot, dialog, host="127.0.0.1", port="1", database="plans", user="team")
    _connect(qtbot, dialog)
    assert "Cannot reach the team's database server" in dialog.message.text()
    dialog.reject()


def test_typing_while_the_server_is_away_is_held_and_saved_when_it_returns(
    qtbot, server_app: StartWindow, postgres_server: object, postgres_url: str
) -> None:
    plan_id = _save_plan(postgres_url, "断线测试市")
    server_app.reload()
    editor, field = _chapter_field(qtbot, server_app, plan_id)
    before = field.toPlainText()
    type_text("断线前")
    qtbot.waitUntil(lambda: _chapter_text(postgres_url, plan_id) == before + "断线前")
    held = HeldEdits(held_edits_path(server_app.context.database.db.key))
    postgres_server.stop()  # type: ignore[attr-defined]
    try:
        type_text("服务器不在时输入")
        qtbot.waitUntil(lambda: "服务器不可用" in editor.save_label.text())
        assert "处修改待保存，正在重试" in editor.save_label.text()
        assert field.toPlainText() == before + "断线前服务器不在时输入"
        # on this computer's disk, so an app crash now loses nothing either
        qtbot.waitUntil(lambda: held.count(plan_id) == 1)
        [entry] = held.entries(plan_id)
        assert json.loads(entry.value) == before + "断线前服务器不在时输入"
        type_text("，继续")
        assert editor.session.has_unsaved()
        said: list[str] = []
        when_dialog_opens(lambda box: (said.append(box.text()), box.reject()))
        editor.close()  # asks first, saying what is kept here; the user keeps editing
        assert "新增、删除或移动的行已保留在本机" in said[0] and editor.isVisible()
    finally:
        postgres_server.start()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "服务器已恢复" in editor.save_label.text(), timeout=20000)
    assert not editor.session.has_unsaved()
    assert _chapter_text(postgres_url, plan_id) == before + "断线前服务器不在时输入，继续"
    qtbot.waitUntil(lambda: held.count(plan_id) == 0)
    held.close()


def test_the_app_started_on_a_server_that_is_down_says_so_and_stays(qtbot) -> None:
    """``peakplan --db postgresql://…`` with the server down: said in the window, which stays
    open to connect again or go back to the local file."""
    window = StartWindow(None, texts=Texts("en"))
    qtbot.addWidget(window)
    url = f"postgresql://team:secret@127.0.0.1:{_closed_port()}/plans"
    window.homes.start_on_server(*parse_server_url(url))
    said = window.empty.text()
    assert "Cannot reach the team's database server" in said and "secret" not in said
    assert "Open team server" in said and window.homes.actions["use_local"].isEnabled()
    assert window.context is None


def test_edits_held_by_an_app_that_crashed_are_put_back_and_saved_on_the_next_open(
    qtbot, server_app: StartWindow, postgres_url: str
) -> None:
    plan_id = _save_plan(postgres_url, "崩溃测试市")
    server_app.reload()
    database, repo = open_store(postgres_url)
    with database:
        chapter_id = repo.load_plan(plan_id).chapters[0].id
    held = HeldEdits(held_edits_path(server_app.context.database.db.key))
    held.record(plan_id, "chapters", chapter_id, "text", "崩溃前服务器不在时输入的")  # as left
    editor, field = _chapter_field(qtbot, server_app, plan_id)
    assert field.toPlainText() == "崩溃前服务器不在时输入的"
    assert _chapter_text(postgres_url, plan_id) == "崩溃前服务器不在时输入的"
    assert held.count(plan_id) == 0 and not editor.session.has_unsaved()
    held.close()


def test_a_server_started_on_without_a_password_asks_for_it(
    qtbot, postgres_server: object, postgres_url: str
) -> None:
    """``peakplan --db postgresql://user@host/db`` (no password in it): the dialog asks."""
    plan_id = _save_plan(postgres_url, "要密码的方案")
    address, password = parse_server_url(postgres_url)
    assert password == PASSWORD
    window = StartWindow(None, texts=Texts("zh"))
    qtbot.addWidget(window)
    window.show()
    window.homes.start_on_server(address, "")
    dialog = window.homes.dialog
    assert dialog is not None and dialog.isVisible() and window.context is None
    assert "服务器需要密码" in dialog.message.text()
    assert dialog.edits["user"].text() == USER and dialog.edits["password"].text() == ""
    _fill_in(qtbot, dialog, password=PASSWORD)
    _connect(qtbot, dialog)
    qtbot.waitUntil(lambda: window.context is not None and window.model.rowCount() == 1)
    assert window.selected_id() == plan_id
    window.close()
    window.context.database.close()


def test_a_server_with_a_newer_schema_is_refused_in_the_users_language(
    qtbot, start_app, postgres_url: str
) -> None:
    from storage.server_migrations import SCHEMA_VERSION

    _save_plan(postgres_url, "新版本的方案")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE peakplan_schema SET version = %s", [SCHEMA_VERSION + 1])
    window = start_app("en")
    dialog = window.homes.ask_server()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(dialog.url, Qt.MouseButton.LeftButton)
    type_text(postgres_url, dialog.url)
    _connect(qtbot, dialog)
    assert "newer PeakPlan" in dialog.message.text() and dialog.isVisible()
    assert PASSWORD not in dialog.message.text()
    assert "本机文件" not in window.homes.label.text()  # English, and still the local file
    assert "local file" in window.homes.label.text()
    dialog.reject()
