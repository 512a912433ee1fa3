"""What goes wrong with a team's server is said plainly, in both languages, and loses nothing:
a server down or unreachable, a wrong password, the server going away during work, a schema
newer than the app."""

from __future__ import annotations

import socket

import psycopg
import pytest

import main
from forms.plan import Chapter, Plan, PlanMeta
from storage.errors import (
    NewerSchemaError,
    ServerLostError,
    ServerUnreachableError,
    WrongPasswordError,
)
from storage.server_migrations import SCHEMA_VERSION
from tests.postgres import PASSWORD, USER
from workflows.store import open_store


def _plan() -> Plan:
    return Plan(
        meta=PlanMeta(name="团队方案", pilot_type="city", province="江苏省"),
        chapters=[Chapter(title_zh="基本情况", text="已保存的文字")],
    )


_BOUND: list[socket.socket] = []


def _closed_port() -> int:
    """A port of 127.0.0.1 bound here and never listened on: connections to it are refused.
    It stays bound until the run ends: closed, nothing kept another program from taking it,
    nor the system from giving it to a connection to it as its own end (which then reached
    itself instead of being refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _BOUND.append(sock)
    return int(sock.getsockname()[1])


def test_a_server_that_is_down_is_said_so_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{_closed_port()}/postgres"
    with pytest.raises(ServerUnreachableError):
        open_store(url)
    assert main.main(["--db", url, "list"]) != 0
    out, err = capsys.readouterr()
    assert "无法连接团队数据库服务器" in out + err and PASSWORD not in out + err
    assert main.main(["--lang", "en", "--db", url, "list"]) != 0
    out, err = capsys.readouterr()
    assert "Cannot reach the team's database server" in out + err
    assert "(Connection refused)" in out + err


def test_an_unknown_host_is_unreachable() -> None:
    with pytest.raises(ServerUnreachableError) as caught:
        open_store("postgresql://someone:pw@no-such-host.invalid/plans")
    assert "no-such-host.invalid" in caught.value.message("en")


def test_a_wrong_password_is_said_so(
    postgres_server: object, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_server.url(password="not-the-password")  # type: ignore[attr-defined]
    with pytest.raises(WrongPasswordError):
        open_store(url)
    assert main.main(["--lang", "en", "--db", url, "list"]) != 0
    out, err = capsys.readouterr()
    assert "refused the user name or password" in out + err
    assert "not-the-password" not in out + err


def test_a_newer_schema_is_refused_and_nothing_is_written(postgres_url: str) -> None:
    database, repo = open_store(postgres_url)
    with database:
        repo.save_plan(_plan())
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE peakplan_schema SET version = %s", [SCHEMA_VERSION + 1])
        before = _contents(conn)
    with pytest.raises(NewerSchemaError) as caught:
        open_store(postgres_url)
    assert "newer PeakPlan" in caught.value.message("en")
    with psycopg.connect(postgres_url) as conn:
        assert _contents(conn) == before


def test_the_server_going_away_refuses_the_save_and_loses_nothing(
    postgres_server: object, postgres_url: str
) -> None:
    plan = _plan()
    database, repo = open_store(postgres_url)
    try:
        repo.save_plan(plan)
        postgres_server.stop()  # type: ignore[attr-defined]
        try:
            with pytest.raises(ServerLostError) as caught:
                repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "新的文字")
            assert "没有保存" in caught.value.message("zh")
            assert "was not saved" in caught.value.message("en")
        finally:
            postgres_server.start()  # type: ignore[attr-defined]
    finally:
        database.close()
    database, repo = open_store(postgres_url)  # the server is back: everything saved is there
    with database:
        assert repo.load_plan(plan.id).chapters[0].text == "已保存的文字"
        repo.update_field(plan.id, "chapters", plan.chapters[0].id, "text", "新的文字")
        assert repo.load_plan(plan.id).chapters[0].text == "新的文字"


def _contents(conn: psycopg.Connection) -> list[tuple[object, ...]]:
    tables = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY 1, 2"
    ).fetchall()
    rows = conn.execute("SELECT id, name, updated_at FROM plans ORDER BY id").fetchall()
    version = conn.execute("SELECT version FROM peakplan_schema").fetchall()
    return [*tables, *rows, *version]
