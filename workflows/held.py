"""Working on a team's server that may go away: its address opened, and the edits it could not
take held on this computer (storage/local_journal.py) until it takes them."""

from __future__ import annotations

from forms.errors import LocalizedError
from forms.plan import Plan
from storage.database import Database
from storage.errors import (
    PasswordNeededError,
    ServerLostError,
    ServerUnreachableError,
    StorageError,
    WrongPasswordError,
)
from storage.journal import Recovery, apply_journal
from storage.local_journal import HeldEdits, held_edits_path
from storage.repository import PlanRepository
from workflows.location import ServerAddress
from workflows.store import open_store


def open_server(address: ServerAddress, password: str) -> tuple[Database, PlanRepository]:
    """The plans on a team's server; a clear error when it is down, unreachable, refuses the
    password (or wants one), or holds a newer schema."""
    return open_store(address.url(password))


def held_edits_for(database: Database) -> HeldEdits | None:
    """The local file of edits held for a server (None for a database file: it needs none)."""
    key = getattr(database.db, "key", None)
    if not getattr(database.db, "is_server", False) or key is None:
        return None
    return HeldEdits(held_edits_path(key), getattr(database, "user", ""))


def server_away(database: Database) -> StorageError | None:
    """Why the server cannot take changes now, or None (a file, or a server that is there)."""
    away = getattr(database.db, "server_away", None)
    return away() if away is not None else None


def open_plan_holding(
    repo: PlanRepository, plan_id: str, held: HeldEdits | None
) -> tuple[Plan, Recovery]:
    """The plan with the typing its journals hold put back: the server's, then the edits held
    on this computer (newer: made while the server was away)."""
    plan, recovery = repo.open_plan(plan_id)
    if held is None:
        return plan, recovery
    local = apply_journal(
        plan, held.entries(plan_id), lambda name: repo.name_taken(name, except_id=plan_id)
    )
    recovery.edits.extend(local.edits)
    recovery.skipped.extend(local.skipped)
    if local.skipped:
        held.drop(plan_id, local.skipped)
    return plan, recovery


def is_server(database: Database) -> bool:
    return bool(getattr(database.db, "is_server", False))


def is_server_away(error: LocalizedError | None) -> bool:
    """Whether a save failed because the server is away (the edits wait for it)."""
    return isinstance(error, ServerLostError | ServerUnreachableError)


def password_problem(error: LocalizedError) -> str | None:
    """``"wrong"`` for a refused password, ``"needed"`` when the server wants one, else None."""
    if isinstance(error, WrongPasswordError):
        return "wrong"
    if isinstance(error, PasswordNeededError):
        return "needed"
    return None
