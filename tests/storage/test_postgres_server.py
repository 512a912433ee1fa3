"""The tests' own PostgreSQL server answers, isolates each test and checks passwords."""

from __future__ import annotations

import psycopg
import pytest


def test_each_test_gets_an_empty_database_of_its_own(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TABLE mine (x INTEGER)")
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        assert schema.startswith("t_")
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
        ).fetchall()
    assert tables == [("mine",)]


def test_a_wrong_password_is_refused(postgres_server: object) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(postgres_server.url(password="wrong"))  # type: ignore[attr-defined]
