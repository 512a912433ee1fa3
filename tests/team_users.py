"""Two people changing one plan, on either home: two OS logins on the SQLite file (``LOGNAME``,
which ``getpass`` reads first), two login roles on the test server (made here, with rights on
the test's own schema only)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import psycopg
import pytest

from storage.database import Database
from storage.repository import PlanRepository
from tests.postgres import PASSWORD, USER
from workflows.store import open_database_at

ROLE_PASSWORD = "member-secret"


def _schema_of(url: str) -> str:
    return unquote(url.rsplit("search_path", 1)[1]).lstrip("=")


def add_role(admin_url: str, role: str) -> str:
    """A login role with the rights a team member needs on the URL's schema; its URL."""
    schema = _schema_of(admin_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{ROLE_PASSWORD}'")
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        conn.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'
        )
        conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    return admin_url.replace(f"{USER}:{PASSWORD}@", f"{role}:{ROLE_PASSWORD}@")


class TeamHome:
    """One plan database that people open in turn, each as themselves."""

    def __init__(self, kind: str, location: str | Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kind, self.location, self.monkeypatch = kind, location, monkeypatch
        self.suffix = uuid.uuid4().hex[:8]
        self.urls: dict[str, str] = {}
        if kind == "postgresql":  # the schema exists before rights on its tables are given
            open_database_at(location).close()

    def user(self, person: str) -> str:
        """The name the database knows ``person`` by (roles are the whole server's)."""
        return f"{person}_{self.suffix}" if self.kind == "postgresql" else person

    def open(self, person: str) -> Database:
        if self.kind == "sqlite":
            self.monkeypatch.setenv("LOGNAME", person)
            return open_database_at(self.location)
        if person not in self.urls:
            self.urls[person] = add_role(str(self.location), self.user(person))
        return open_database_at(self.urls[person])

    @contextlib.contextmanager
    def as_user(self, person: str) -> Iterator[PlanRepository]:
        database = self.open(person)
        try:
            yield PlanRepository(database)
        finally:
            database.close()

    def location_of(self, person: str) -> str:
        """What ``--db`` takes to open the database as ``person``."""
        if self.kind == "sqlite":
            self.monkeypatch.setenv("LOGNAME", person)
            return str(self.location)
        self.open(person).close()
        return self.urls[person]
