"""The storage tests run against both homes of a plan database: the SQLite file and a
PostgreSQL server (the tests' own, see tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def repo(request: pytest.FixtureRequest, db_path: Path) -> Iterator[object]:
    """A repository on an empty database of each kind.  A test that also reads the SQLite
    file itself (it asks for ``db_path``) runs on the file only."""
    from storage.repository import PlanRepository
    from workflows.store import open_database_at

    if request.param == "sqlite":
        location: str | Path = db_path
    elif request.node.get_closest_marker("sqlite_only") or "db_path" in _own_arguments(request):
        pytest.skip("tests the SQLite file itself")
    else:
        location = request.getfixturevalue("postgres_url")
    database = open_database_at(location)
    try:
        yield PlanRepository(database)
    finally:
        database.close()


def _own_arguments(request: pytest.FixtureRequest) -> tuple[str, ...]:
    code = request.function.__code__
    return code.co_varnames[: code.co_argcount]
