"""Working on a team's server that may go away: its address opened, and the edits it could not
take held on this computer (storage/local_journal.py) until it takes them: the typing, and the
rows added, deleted or moved, which the next open puts back and saves, each checked against the
version it was based on."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from forms.attribution import Stamp
from forms.errors import LocalizedError
from forms.plan import COLLECTIONS, Plan
from storage.database import Database
from storage.errors import (
    ItemChangedError,
    ItemNotFoundError,
    PasswordNeededError,
    ServerLostError,
    ServerUnreachableError,
    StorageError,
    WrongPasswordError,
)
from storage.journal import Recovery, apply_journal
from storage.local_journal import ADD, DELETE, ORDER, HeldEdits, HeldRow, held_edits_path
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
    put_back_held(repo, plan, recovery, held)
    return plan, recovery


def put_back_held(
    repo: PlanRepository, plan: Plan, recovery: Recovery, held: HeldEdits | None
) -> None:
    """Put into ``plan`` (as :meth:`PlanRepository.open_plan` read it, with ``recovery``) the
    rows and the typing held on this computer (``held``; None: none), add them to ``recovery``."""
    if held is None:
        return
    plan_id = plan.id
    recovery.rows = put_back_rows(plan, held.rows(plan_id))  # before typing into new rows
    local = apply_journal(
        plan, held.entries(plan_id), lambda name: repo.name_taken(name, except_id=plan_id)
    )
    recovery.edits.extend(local.edits)
    recovery.skipped.extend(local.skipped)
    if local.skipped:
        held.drop(plan_id, local.skipped)


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


@dataclass(frozen=True)
class PutBack:
    """A held row change put back into the plan; for a removal, where the row was and what
    the plan held (to put the stored row back if the removal is refused)."""

    row: HeldRow
    index: int = -1


@dataclass(frozen=True)
class RowRefused:
    """A held row change the server did not take: the row changed meanwhile, or the role."""

    row: HeldRow
    error: LocalizedError


def put_back_rows(plan: Plan, rows: list[HeldRow]) -> list[PutBack]:
    """Make the held row changes in ``plan`` (in memory), in the order they were made."""
    done: list[PutBack] = []
    for row in rows:
        items = getattr(plan, row.collection, None) if row.collection in COLLECTIONS else None
        if items is None:
            continue
        index = next((n for n, i in enumerate(items) if i.id == row.item_id), -1)
        if row.change == ADD and index < 0 and row.body:
            item = COLLECTIONS[row.collection].model_validate_json(row.body)
            items.insert(min(row.position or 0, len(items)), item)
        elif row.change == DELETE and index >= 0:
            del items[index]
        elif row.change == ORDER and row.body:
            order = {item_id: n for n, item_id in enumerate(json.loads(row.body))}
            items.sort(key=lambda i: order.get(i.id, len(order)))
        done.append(PutBack(row, index))
    return done


def save_held_rows(
    repo: PlanRepository, plan: Plan, rows: list[PutBack], held: HeldEdits
) -> list[RowRefused]:
    """Save the row changes put back, each as its maker's change at the time it was made.  A
    removal of a row someone changed since it was read (or an addition meeting another's row)
    is refused, never written over theirs: the plan takes the stored row back and the refusal
    is returned, to be said.  The server going away again raises, the rest still held."""
    refused: list[RowRefused] = []
    for put_back in rows:
        row = put_back.row
        stamp = Stamp(row.written_by, row.written_at) if row.written_by else None
        try:
            with repo.acting_as(stamp):
                _save_row(repo, plan, row)
        except LocalizedError as exc:
            if is_server_away(exc):
                raise
            refused.append(RowRefused(row, exc))
            _take_stored(repo, plan, put_back)
        held.drop_row(row)
    for collection in dict.fromkeys(p.row.collection for p in rows if p.row.change == ADD):
        items = getattr(plan, collection)  # where the rows added stand among the others
        repo.reorder(plan.id, collection, [i.id for i in items])
    return refused


def _save_row(repo: PlanRepository, plan: Plan, row: HeldRow) -> None:
    items: list[Any] = getattr(plan, row.collection)
    if row.change == ORDER:
        repo.reorder(plan.id, row.collection, [i.id for i in items])
        return
    index = next((n for n, i in enumerate(items) if i.id == row.item_id), -1)
    if row.change == ADD and index >= 0:
        try:
            repo.save_item(plan.id, row.collection, items[index], index, based_on=0)
        except ItemChangedError:  # there already: the add reached it before the line broke?
            if repo.stored_item(plan.id, row.collection, row.item_id)[0] != items[index]:
                raise
    elif row.change == DELETE:
        with contextlib.suppress(ItemNotFoundError):  # gone already (no version known): done
            repo.delete_item(plan.id, row.collection, row.item_id, based_on=row.based_on)


def _take_stored(repo: PlanRepository, plan: Plan, put_back: PutBack) -> None:
    """The row as the server holds it, in place of the change refused."""
    row, items = put_back.row, getattr(plan, put_back.row.collection)
    theirs, _version = repo.stored_item(plan.id, row.collection, row.item_id)
    at = next((n for n, i in enumerate(items) if i.id == row.item_id), -1)
    if at >= 0:
        del items[at]
    if theirs is not None:
        items.insert(min(put_back.index if at < 0 else at, len(items)), theirs)
