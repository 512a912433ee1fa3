"""The plan database: opening it, finding a plan in it, and the types the app holds on to
(the repository, its errors, the journal of typing an open plan keeps).

The command line and the app reach storage only through this package.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.errors import LocalizedError
from storage.database import Database, open_database
from storage.errors import (
    DatabaseIOError,
    EmptyDatabaseFileError,
    NoDatabaseError,
    PlanNotFoundError,
    ReadOnlyDatabaseError,
    StorageError,
    storage_error,
)
from storage.paths import is_server_location, resolve_database_path, resolve_location
from storage.sqlite import commits_made
from storage.summaries import PlanSummary, list_summaries

if TYPE_CHECKING:
    from forms.plan import Plan
    from forms.template import Template
    from storage.journal import EditJournal, RecoveredEdit, Recovery
    from storage.repository import PlanRepository

# The repository and the journal bring the plan model (pydantic): loaded when first asked
# for, so a command that only lists plans never loads it.
_LOADED_WHEN_USED = {
    "PlanRepository": "storage.repository",
    "EditJournal": "storage.journal",
    "RecoveredEdit": "storage.journal",
    "Recovery": "storage.journal",
}


__all__ = [
    "Database",
    "DatabaseIOError",
    "EditJournal",
    "EmptyDatabaseFileError",
    "NoDatabaseError",
    "PlanRepository",
    "PlanSummary",
    "ReadOnlyDatabaseError",
    "RecoveredEdit",
    "Recovery",
    "StorageError",
    "database_path",
    "find_plan",
    "open_store",
    "saves_made",
    "storage_error",
    "template_for",
]


def __getattr__(name: str) -> Any:
    if name in _LOADED_WHEN_USED:
        return getattr(importlib.import_module(_LOADED_WHEN_USED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def saves_made() -> int:
    """How many changes this process has committed to a database (a file or a server) so
    far; every database is opened here, so none while this module is not loaded."""
    return commits_made()


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db``, else ``$PEAKPLAN_DB``, else the user data folder's database."""
    return resolve_database_path(explicit)


def open_database_at(
    location: str | os.PathLike[str] | None,
    *,
    write: bool = True,
    accept_empty: bool = False,
    create: bool = True,
) -> Database:
    """The plan database a file path or a ``postgresql://`` URL names (see open_store)."""
    where = resolve_location(location)
    if is_server_location(where):
        from storage.server import open_server_database  # psycopg only for team mode

        return open_server_database(str(where))
    return open_database(where, write=write, accept_empty=accept_empty, create=create)


def open_store(
    location: str | os.PathLike[str] | None,
    *,
    write: bool = True,
    accept_empty: bool = False,
    create: bool = True,
) -> tuple[Database, PlanRepository]:
    """Open (creating if needed) the plan database: a file, or a team's PostgreSQL server when
    ``location`` (or ``$PEAKPLAN_DB``) is a ``postgresql://`` URL; ``write=False`` for
    read-only commands (a server is always written by every client).  ``create=False``: a
    missing file is a :class:`NoDatabaseError` (a mistyped path), and nothing is created —
    for the commands that only work on plans already kept."""
    from storage.repository import PlanRepository

    database = open_database_at(location, write=write, accept_empty=accept_empty, create=create)
    return database, PlanRepository(database)


def plan_list(
    location: str | os.PathLike[str] | None, *, trash: bool = False, accept_empty: bool = False
) -> list[PlanSummary]:
    """The plans of the database at ``location`` (those in the trash with ``trash``), read
    without opening it for writing and without loading the plan model; no database is
    created where none is (:class:`NoDatabaseError`)."""
    opened = open_database_at(location, write=False, accept_empty=accept_empty, create=False)
    with opened as database:
        return list_summaries(database, trash=trash)


@contextmanager
def worker_repository(repo: PlanRepository) -> Iterator[PlanRepository]:
    """``repo``'s database through a connection of the calling worker thread's own (a
    connection serves only the thread that opened it), closed when the block ends."""
    from storage.repository import PlanRepository

    database = repo.database.for_worker()
    try:
        yield PlanRepository(database)
    finally:
        database.close()


@contextmanager
def transaction(repo: PlanRepository) -> Iterator[None]:
    """One transaction around several writes; an error as it commits (a full disk) is said
    in words, as the repository's own writes say it."""
    try:
        with repo.db.atomic():
            yield
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.DatabaseError as exc:
        raise storage_error(repo.database.path, exc) from exc


def find_summary(repo: PlanRepository, ref: str, *, include_trash: bool = False) -> PlanSummary:
    """A plan as listed, by its id, an id prefix of 8+ characters as lists show it, or its
    exact name: every command names a plan the same way."""
    try:
        return repo.find(ref, include_trash=include_trash)
    except PlanNotFoundError:
        if len(ref) >= 8:
            listed = repo.list_plans() + (repo.list_plans(trash=True) if include_trash else [])
            matches = [p for p in listed if p.id.startswith(ref)]
            if len(matches) == 1:
                return matches[0]
        raise


def find_plan(repo: PlanRepository, ref: str) -> Plan:
    """:func:`find_summary`'s plan, with the typing its journal still holds, as the app would
    open it."""
    return repo.load_current(find_summary(repo, ref).id)


def template_for(plan: Plan) -> Template:
    """The guideline template the plan was drafted against."""
    from forms.template import load_template

    return load_template(plan.meta.template_id, plan.meta.pilot_type.value)


def template_or_none(plan: Plan) -> Template | None:
    try:
        return template_for(plan)
    except LocalizedError:
        return None
