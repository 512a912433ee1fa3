"""Plans in the database: whole-plan save and load, one-item autosave, the trash.

Each item of a plan's collections (chapters, indicators, projects...) is a row of ``items``
holding the item's JSON, so an edit rewrites one small row in its own transaction.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from forms.attribution import Stamp
from forms.edit import find_item
from forms.names import free_name
from forms.parts import plan_from_stored
from forms.plan import COLLECTIONS, Plan, PlanMeta, new_id, now_iso
from storage.database import Database
from storage.errors import (
    DuplicatePlanNameError,
    ItemChangedError,
    ItemNotFoundError,
    PlanNotFoundError,
    StorageError,
    translating_sqlite_errors,
)
from storage.journal import (
    META,
    EditJournal,
    Recovery,
    apply_journal,
    fold_item,
    fold_plan,
    forget_item,
)
from storage.roles import RoleRefusedError
from storage.server_saves import save_at_once, save_existing_item, update_item
from storage.summaries import PlanSummary, find_summary, list_summaries

log = logging.getLogger(__name__)


WRITE_ATTEMPTS = 5  # a field's write retried while other clients change the same item
StoredItems = dict[tuple[str, str], tuple[int, str, Stamp | None]]  # version, body, last change


class InvalidFieldError(StorageError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"字段“{path}”的值无效：{detail}", f"Invalid value for “{path}”: {detail}")


def _set_path(body: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node = body
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            raise InvalidFieldError(path, f"no field '{key}'")
        node = child
    if keys[-1] not in node:
        raise InvalidFieldError(path, f"no field '{keys[-1]}'")
    node[keys[-1]] = value


def _with_field(model: type[BaseModel], stored: str, path: str, value: Any) -> BaseModel:
    """The item stored as ``stored`` with one field set, validated."""
    body = json.loads(stored)
    _set_path(body, path, value)
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise InvalidFieldError(path, exc.errors()[0]["msg"]) from exc


def _stamp(by: str | None, at: str | None) -> Stamp | None:
    return None if at is None else Stamp(by or "", at)


class PlanRepository:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.db = database.db
        self._acting_as: Stamp | None = None

    # -- who changes: every write that raises a version records its user and time --------------

    def stamp(self) -> Stamp:
        """The stamp a change made now leaves: this database's user, the time."""
        return self._acting_as or Stamp(self.database.user, now_iso())

    @contextlib.contextmanager
    def acting_as(self, stamp: Stamp | None) -> Iterator[None]:
        """Writes inside record ``stamp`` (typing saved later is its typist's), if given."""
        before, self._acting_as = self._acting_as, stamp or self._acting_as
        try:
            yield
        finally:
            self._acting_as = before

    @translating_sqlite_errors
    def latest_change(
        self, plan_id: str, items: Iterable[tuple[str, str]], collections: Iterable[str] = ()
    ) -> Stamp | None:
        """The latest known change among ``items`` (by (collection, id); (META, "") the plan's
        own fields) and every item of ``collections``: one small query, for a status bar."""
        stamps: list[Stamp | None] = []
        for collection, item_id in items:
            if collection == META:
                row = self.db.execute(
                    "SELECT changed_by, changed_at FROM plans WHERE id = ?", [plan_id]
                ).fetchone()
            else:
                row = self.db.execute(
                    "SELECT changed_by, changed_at FROM items "
                    "WHERE plan_id = ? AND collection = ? AND id = ?",
                    [plan_id, collection, item_id],
                ).fetchone()
            stamps.append(_stamp(*row) if row else None)
        for collection in collections:
            row = self.db.execute(
                "SELECT changed_by, changed_at FROM items WHERE plan_id = ? AND collection = ? "
                "AND changed_at IS NOT NULL ORDER BY changed_at DESC LIMIT 1",
                [plan_id, collection],
            ).fetchone()
            stamps.append(_stamp(*row) if row else None)
        return max((s for s in stamps if s is not None), key=lambda s: s.at, default=None)

    @translating_sqlite_errors
    def attribution(self, plan_id: str) -> dict[tuple[str, str], Stamp]:
        """The last change of each item by (collection, id), and of the plan's own fields at
        (META, ""), where it is known (changes made before schema 7 are not)."""
        row = self.db.execute(
            "SELECT changed_by, changed_at FROM plans WHERE id = ?", [plan_id]
        ).fetchone()
        if row is None:
            raise PlanNotFoundError(plan_id)
        rows = self.db.execute(
            "SELECT collection, id, changed_by, changed_at FROM items "
            "WHERE plan_id = ? AND changed_at IS NOT NULL",
            [plan_id],
        ).fetchall()
        found = {(c, i): Stamp(by or "", at) for c, i, by, at in rows}
        if row[1] is not None:
            found[(META, "")] = Stamp(row[0] or "", row[1])
        return found

    # -- listing and finding ----------------------------------------------------------------

    @translating_sqlite_errors
    def list_plans(self, *, trash: bool = False) -> list[PlanSummary]:
        return list_summaries(self.database, trash=trash)

    @translating_sqlite_errors
    def find(self, ref: str, *, include_trash: bool = False) -> PlanSummary:
        """A plan by its id or its exact name."""
        return find_summary(self.database, ref, include_trash=include_trash)

    @translating_sqlite_errors
    def name_taken(self, name: str, *, except_id: str | None = None) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM plans WHERE name = ? AND deleted_at IS NULL AND id IS NOT ?",
            [name, except_id],
        ).fetchone()
        return row is not None

    def unique_name(self, name: str) -> str:
        """``name``, or ``name (2)``, ``name (3)``... whichever is free."""
        return free_name(name, self.name_taken)

    # -- whole plans --------------------------------------------------------------------------

    def _plan_row(
        self, plan: Plan, completeness: float | None, version: int, stamp: Stamp | None
    ) -> dict[str, Any]:
        return {
            "id": plan.id,
            "name": plan.meta.name,
            "pilot_type": plan.meta.pilot_type.value,
            "province": plan.meta.province,
            "status": plan.meta.status.value,
            "meta": plan.meta.model_dump_json(),
            "created_at": plan.meta.created_at,
            "updated_at": plan.meta.updated_at,
            "completeness": completeness,
            "deleted_at": None,
            "version": version,
            "changed_by": stamp.user if stamp else None,
            "changed_at": stamp.at if stamp else None,
        }

    def _item_rows(
        self, plan: Plan, stored: StoredItems, stamps: Mapping[tuple[str, str], Stamp] | None
    ) -> Iterable[dict[str, Any]]:
        """The rows of the plan's items, each keeping its stored version and last change if
        unchanged; ``stamps``, when given, are the last changes to record instead."""
        now = self.stamp()
        for collection in COLLECTIONS:
            for position, item in enumerate(getattr(plan, collection)):
                body = item.model_dump_json()
                version, old_body, last = stored.get((collection, item.id), (0, None, None))
                if body != old_body:
                    version, last = version + 1, now
                if stamps is not None:
                    last = stamps.get((collection, item.id))
                yield {
                    "plan_id": plan.id,
                    "collection": collection,
                    "id": item.id,
                    "position": position,
                    "body": body,
                    "version": version,
                    "changed_by": last.user if last else None,
                    "changed_at": last.at if last else None,
                }

    def _stored_versions(self, plan: Plan) -> tuple[int, Stamp | None, StoredItems]:
        """The plan's own fields' next version and last change, and each stored item's
        (version, body, last change)."""
        row = self.db.execute(
            "SELECT meta, version, changed_by, changed_at FROM plans WHERE id = ?", [plan.id]
        ).fetchone()
        meta_version, meta_stamp = 1, self.stamp()
        if row is not None:
            stored_meta = {**json.loads(row[0]), "updated_at": plan.meta.updated_at}
            if stored_meta == json.loads(plan.meta.model_dump_json()):
                meta_version, meta_stamp = row[1], _stamp(row[2], row[3])
            else:
                meta_version = row[1] + 1
        items = self.db.execute(
            "SELECT collection, id, version, body, changed_by, changed_at FROM items "
            "WHERE plan_id = ?",
            [plan.id],
        ).fetchall()
        return (
            meta_version,
            meta_stamp,
            {(c, i): (v, b, _stamp(by, at)) for c, i, v, b, by, at in items},
        )

    @translating_sqlite_errors
    def versions(self, plan_id: str) -> dict[tuple[str, str], int]:
        """Each item's version by (collection, id), and the plan's own fields' at (META, "").
        A change raises the version of what it changed; moving items changes none."""
        row = self.db.execute("SELECT version FROM plans WHERE id = ?", [plan_id]).fetchone()
        if row is None:
            raise PlanNotFoundError(plan_id)
        rows = self.db.execute(
            "SELECT collection, id, version FROM items WHERE plan_id = ?", [plan_id]
        ).fetchall()
        return {(META, ""): row[0], **{(c, i): v for c, i, v in rows}}

    @translating_sqlite_errors
    def save_plan(
        self,
        plan: Plan,
        *,
        completeness: float | None = None,
        keep_time: bool = False,
        based_on: dict[tuple[str, str], int] | None = None,
        stamps: Mapping[tuple[str, str], Stamp] | None = None,
    ) -> None:
        """Write the whole plan (creating it if new) in one transaction; ``keep_time`` keeps
        its last-changed time and ``stamps`` (see :meth:`attribution`) who changed each item
        when (a plan copied from another database, not changed).

        ``based_on`` (the :meth:`versions` the plan was read at) refuses the save
        (:class:`ItemChangedError`) when anything in it moved on since: changed, added or
        removed by someone else."""
        if self.name_taken(plan.meta.name, except_id=plan.id):
            raise DuplicatePlanNameError(plan.meta.name)
        if not keep_time:
            plan.meta.updated_at = now_iso()
        try:
            with self.db.atomic():
                self._lock_plan(plan.id)
                if based_on is not None:
                    self._refuse_if_moved_on(plan.id, based_on)
                meta_version, meta_stamp, stored = self._stored_versions(plan)
                if stamps is not None:
                    meta_stamp = stamps.get((META, ""))
                self.db.execute("DELETE FROM items WHERE plan_id = ?", [plan.id])
                row = self._plan_row(plan, completeness, meta_version, meta_stamp)
                self.db.table("plans").upsert(row, pk="id")
                items = self._item_rows(plan, stored, stamps)
                self.db.table("items").insert_all(items, batch_size=500)
                fold_plan(self.db, plan)
                self.database.announce(plan.id, "*", "")
        except sqlite3.IntegrityError as exc:
            raise DuplicatePlanNameError(plan.meta.name) from exc

    @translating_sqlite_errors
    def load_plan(self, plan_id: str) -> Plan:
        row = self.db.execute(
            "SELECT meta, updated_at FROM plans WHERE id = ?", [plan_id]
        ).fetchone()
        if row is None:
            raise PlanNotFoundError(plan_id)
        meta = json.loads(row[0])
        meta["updated_at"] = row[1]
        cursor = self.db.execute(
            "SELECT collection, body FROM items WHERE plan_id = ? ORDER BY collection, position",
            [plan_id],
        )
        # in short calls: a worker thread lets the window run
        return plan_from_stored({"id": plan_id, "meta": meta}, cursor)

    def open_plan(self, plan_id: str) -> tuple[Plan, Recovery]:
        """The plan with the typing its journal still holds put back, in memory: what was typed
        after its last save.  Entries that cannot be put back are dropped (with a note)."""
        plan = self.load_plan(plan_id)
        journal = EditJournal(self.database)
        entries = journal.entries(plan_id)
        if not entries:
            return plan, Recovery()
        recovery = apply_journal(
            plan, entries, lambda name: self.name_taken(name, except_id=plan_id)
        )
        if recovery.skipped and self.database.writable:
            with contextlib.suppress(StorageError):  # else dropped on a later open
                journal.drop(plan_id, recovery.skipped)
        return plan, recovery

    def load_current(self, plan_id: str) -> Plan:
        """The plan as the app opens it: typing its journal still holds put back and, when the
        database can be written, saved (folded) at once, so every reader sees the same plan.
        A fold that fails leaves the rows for the next open; the plan returned still holds
        them."""
        plan, recovery = self.open_plan(plan_id)
        if recovery.edits and self.database.writable:
            try:
                self.save_recovered(plan, recovery)
            except StorageError as exc:
                log.warning("journal of plan %s not folded: %s", plan_id, exc)
        return plan

    @translating_sqlite_errors
    def save_recovered(self, plan: Plan, recovery: Recovery) -> None:
        """Save the items :meth:`open_plan` put typing back into (folding it), in one
        transaction.  An item the user's role may not save (on a team's server) is left out:
        someone else's typing (a reviewer opening a plan an editor types into) stays in the
        journal for whoever may; the user's own is refused once the rest is saved."""
        typists = {(e.collection, e.item_id): e.stamp for e in recovery.edits}
        own_refusal: RoleRefusedError | None = None
        with self.db.atomic():
            for key, typist in typists.items():
                try:
                    self._save_recovered_item(plan, key, typist)
                except RoleRefusedError as exc:  # its own savepoint was rolled back
                    if typist is None or typist.user == self.database.user:
                        own_refusal = own_refusal or exc
        if own_refusal is not None:
            raise own_refusal

    def _save_recovered_item(self, plan: Plan, key: tuple[str, str], typist: Stamp | None) -> None:
        with self.acting_as(typist):
            if key[0] == META:
                self.save_meta(plan.id, plan.meta)
            elif (item := find_item(plan, *key)) is not None:
                self.save_item(plan.id, key[0], item)

    # -- autosave: one field, one item, one transaction ---------------------------------------
    # A write checks the version it was based on in the write itself (``UPDATE … WHERE version
    # = ?``; nothing written: refused), so exactly one of two racing writes of an item wins
    # without any other lock, and touches the plan's row (its last-changed time) last, so the
    # writers of one plan wait for each other only from there to the commit.  On a server an
    # existing item's save is one statement (storage/server_saves.py).  Writes of many items
    # (a whole plan, a new order) lock their items first, in one order, then the plan's row:
    # two writers never wait for each other in a circle.

    def _lock_plan(self, plan_id: str, collection: str | None = None) -> None:
        """Lock the plan's items (of ``collection``, else all), then its row.  A file's writer
        lock already holds them all."""
        if getattr(self.db, "is_server", False):
            where, args = "plan_id = ?", [plan_id]
            if collection is not None:
                where, args = where + " AND collection = ?", [*args, collection]
            self.db.execute(
                f"SELECT 1 FROM items WHERE {where} ORDER BY collection, id FOR UPDATE", args
            ).fetchall()
        if collection is None:
            self.db.execute("UPDATE plans SET version = version WHERE id = ?", [plan_id])

    def _refuse_if_moved_on(self, plan_id: str, based_on: dict[tuple[str, str], int]) -> None:
        now = self.versions(plan_id)
        for key in sorted(set(now) | set(based_on)):
            if now.get(key, 0) != based_on.get(key, 0):
                raise self._changed_error(plan_id, *key)

    def stored_item(self, plan_id: str, collection: str, item_id: str) -> tuple[Any, int]:
        """An item as stored now and its version; (None, 0) if there is none."""
        if collection == META:
            row = self.db.execute(
                "SELECT meta, version FROM plans WHERE id = ?", [plan_id]
            ).fetchone()
            return (None, 0) if row is None else (PlanMeta.model_validate_json(row[0]), row[1])
        row = self.db.execute(
            "SELECT body, version FROM items WHERE plan_id = ? AND collection = ? AND id = ?",
            [plan_id, collection, item_id],
        ).fetchone()
        if row is None or collection not in COLLECTIONS:
            return None, 0
        return COLLECTIONS[collection].model_validate_json(row[0]), int(row[1])

    def _changed_error(self, plan_id: str, collection: str, item_id: str) -> ItemChangedError:
        """The refusal of a change based on an old version, carrying the item as it is now."""
        theirs, version = self.stored_item(plan_id, collection, item_id)
        return ItemChangedError(collection, item_id, theirs, version)

    def _refusal(self, plan_id: str, collection: str, item_id: str) -> StorageError:
        """Why a write based on a version wrote nothing: the plan is gone, or the item moved
        on (or is gone) — then with the item as it is now."""
        error = self._changed_error(plan_id, collection, item_id)
        if (
            error.theirs is None
            and not self.db.execute("SELECT 1 FROM plans WHERE id = ?", [plan_id]).fetchall()
        ):
            return PlanNotFoundError(plan_id)
        return error

    def _touch(self, plan_id: str, now: str | None = None) -> None:
        cursor = self.db.execute(
            "UPDATE plans SET updated_at = ? WHERE id = ?", [now or now_iso(), plan_id]
        )
        if cursor.rowcount == 0:
            raise PlanNotFoundError(plan_id)

    @translating_sqlite_errors
    def save_meta(self, plan_id: str, meta: PlanMeta, *, based_on: int | None = None) -> int:
        """Save the plan's own fields; return their new version.  ``based_on``: the version
        they were read at — refused (:class:`ItemChangedError`) if someone changed them since."""
        if self.name_taken(meta.name, except_id=plan_id):
            raise DuplicatePlanNameError(meta.name)
        stamp = self.stamp()
        check, checked = ("", []) if based_on is None else (" AND version = ?", [based_on])
        write = (
            "UPDATE plans SET name = ?, pilot_type = ?, province = ?, status = ?, meta = ?, "
            "version = version + 1, changed_by = ?, changed_at = ?, updated_at = ? WHERE id = ?"
            + check,
            [
                meta.name,
                meta.pilot_type.value,
                meta.province,
                meta.status.value,
                meta.model_dump_json(),
                stamp.user,
                stamp.at,
                now_iso(),
                plan_id,
                *checked,
            ],
        )
        try:
            version = self._save_meta_row(plan_id, meta, write)
        except sqlite3.IntegrityError as exc:
            raise DuplicatePlanNameError(meta.name) from exc
        if version is None:
            raise self._refusal(plan_id, META, "")
        return version

    def _save_meta_row(
        self, plan_id: str, meta: PlanMeta, write: tuple[str, list[Any]]
    ) -> int | None:
        """Run ``write`` (the plan's row); if it wrote, fold and announce: the new version."""
        if getattr(self.db, "is_server", False):
            body = meta.model_dump_json()
            return save_at_once(self.db, write, (plan_id, META, ""), body, None)
        with self.db.atomic():
            rows = self.db.execute(write[0] + " RETURNING version", write[1]).fetchall()
            if not rows:
                return None
            fold_item(self.db, plan_id, META, "", meta)
            self.database.announce(plan_id, META, "")
        return int(rows[0][0])

    @translating_sqlite_errors
    def save_item(
        self,
        plan_id: str,
        collection: str,
        item: BaseModel,
        position: int | None = None,
        *,
        based_on: int | None = None,
    ) -> int:
        """Insert or replace one item; a new item goes last unless ``position`` is given.
        Return its new version.  ``based_on``: the version the change was made on (0: a new
        item) — refused (:class:`ItemChangedError`) if the item moved on since."""
        if collection not in COLLECTIONS:
            raise ItemNotFoundError(collection, getattr(item, "id", "?"))
        item_id = item.id  # type: ignore[attr-defined]
        body = item.model_dump_json()
        if position is None and based_on != 0:
            version = self._save_existing(plan_id, collection, item, body, based_on)
            if version is not None:
                return version
            if based_on is not None:  # it moved on, or is gone
                raise self._refusal(plan_id, collection, item_id)
        with self.db.atomic():  # a new item, or one put at a position
            self._lock_plan(plan_id, collection)
            self._touch(plan_id)
            existing = self.db.execute(
                "SELECT position, version FROM items "
                "WHERE plan_id = ? AND collection = ? AND id = ?",
                [plan_id, collection, item_id],
            ).fetchone()
            if based_on is not None and (existing[1] if existing else 0) != based_on:
                raise self._changed_error(plan_id, collection, item_id)
            if position is None:
                if existing:
                    position = existing[0]
                else:
                    last = self.db.execute(
                        "SELECT COALESCE(MAX(position), -1) FROM items "
                        "WHERE plan_id = ? AND collection = ?",
                        [plan_id, collection],
                    ).fetchone()[0]
                    position = last + 1
            elif not existing:
                self.db.execute(
                    "UPDATE items SET position = position + 1 WHERE plan_id = ? AND "
                    "collection = ? AND position >= ?",
                    [plan_id, collection, position],
                )
            self._upsert_item(plan_id, collection, item_id, position, body)
            fold_item(self.db, plan_id, collection, item_id, item)
            self.database.announce(plan_id, collection, item_id)
            return self._item_row(plan_id, collection, item_id)[1]

    def _save_existing(
        self, plan_id: str, collection: str, item: BaseModel, body: str, based_on: int | None
    ) -> int | None:
        """Write a stored item's new ``body`` if it is stored (at ``based_on``, if given): fold
        its typing, announce it, touch the plan last.  Its version then, or None: not written."""
        item_id = item.id  # type: ignore[attr-defined]
        stamp, now = self.stamp(), now_iso()
        if getattr(self.db, "is_server", False):
            where = (plan_id, collection, item_id)
            return save_existing_item(self.db, where, body, stamp, now, based_on)
        sql, params = update_item((plan_id, collection, item_id), body, stamp, based_on)
        with self.db.atomic():
            rows = self.db.execute(sql + " RETURNING version", params).fetchall()
            if not rows:
                return None
            fold_item(self.db, plan_id, collection, item_id, item)
            self.database.announce(plan_id, collection, item_id)
            self._touch(plan_id, now)
        return int(rows[0][0])

    def _upsert_item(
        self, plan_id: str, collection: str, item_id: str, position: int, body: str
    ) -> None:
        """Write one item's row; its version and last change move only if its body did."""
        stamp = self.stamp()
        self.db.execute(
            "INSERT INTO items (plan_id, collection, id, position, body, changed_by, "
            "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, collection, id) "
            "DO UPDATE SET position = excluded.position, body = excluded.body, "
            "version = CASE WHEN items.body = excluded.body THEN items.version "
            "ELSE items.version + 1 END, "
            "changed_by = CASE WHEN items.body = excluded.body THEN items.changed_by "
            "ELSE excluded.changed_by END, "
            "changed_at = CASE WHEN items.body = excluded.body THEN items.changed_at "
            "ELSE excluded.changed_at END",
            [plan_id, collection, item_id, position, body, stamp.user, stamp.at],
        )

    @translating_sqlite_errors
    def update_field(
        self,
        plan_id: str,
        collection: str,
        item_id: str,
        path: str,
        value: Any,
        *,
        based_on: int | None = None,
    ) -> BaseModel:
        """Set one field (``path`` like ``target_2025.basic.text``) of one item; return it.

        ``based_on`` is the item's version the change was made on: if someone else has changed
        the item since, the change is refused (:class:`ItemChangedError`).  Without it, a change
        another client made to the item between this read and this write is kept: the write
        is retried on the item as it now is (it never replaces a version it did not read)."""
        model = COLLECTIONS.get(collection)
        if model is None:
            raise ItemNotFoundError(collection, item_id)
        for _ in range(WRITE_ATTEMPTS):
            stored, version = self._item_row(plan_id, collection, item_id)
            if based_on is not None and version != based_on:
                theirs = model.model_validate_json(stored)
                raise ItemChangedError(collection, item_id, theirs, version)
            item = _with_field(model, stored, path, value)
            body = item.model_dump_json()
            if self._save_existing(plan_id, collection, item, body, version) is not None:
                return item
        raise ItemChangedError(collection, item_id)

    def _item_row(self, plan_id: str, collection: str, item_id: str) -> tuple[str, int]:
        row = self.db.execute(
            "SELECT body, version FROM items WHERE plan_id = ? AND collection = ? AND id = ?",
            [plan_id, collection, item_id],
        ).fetchone()
        if row is None:
            raise ItemNotFoundError(collection, item_id)
        return row[0], int(row[1])

    @translating_sqlite_errors
    def delete_item(
        self, plan_id: str, collection: str, item_id: str, *, based_on: int | None = None
    ) -> None:
        """Delete one item.  ``based_on``: the version it was read at — refused
        (:class:`ItemChangedError`) if someone changed it since; gone already is done."""
        with self.db.atomic():
            where = "plan_id = ? AND collection = ? AND id = ?"
            args: list[Any] = [plan_id, collection, item_id]
            if based_on is not None:
                where, args = where + " AND version = ?", [*args, based_on]
            cursor = self.db.execute(f"DELETE FROM items WHERE {where}", args)
            if cursor.rowcount == 0:
                self._touch(plan_id)  # the plan is gone: PlanNotFoundError
                theirs, _ = self.stored_item(plan_id, collection, item_id)
                if theirs is not None:
                    raise self._changed_error(plan_id, collection, item_id)
                if based_on is None:
                    raise ItemNotFoundError(collection, item_id)
            forget_item(self.db, plan_id, collection, item_id)
            self.database.announce(plan_id, collection, item_id)
            self._touch(plan_id)

    @translating_sqlite_errors
    def reorder(self, plan_id: str, collection: str, item_ids: list[str]) -> None:
        """Give the items of ``collection`` the order of ``item_ids``."""
        with self.db.atomic():
            self._lock_plan(plan_id, collection)
            for position, item_id in enumerate(item_ids):
                self.db.execute(
                    "UPDATE items SET position = ? WHERE plan_id = ? AND collection = ? AND id = ?",
                    [position, plan_id, collection, item_id],
                )
            self.database.announce(plan_id, collection, "")
            self._touch(plan_id)

    @translating_sqlite_errors
    def set_completeness(self, plan_id: str, value: float) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE plans SET completeness = ? WHERE id = ?", [value, plan_id])

    # -- plan-level operations ----------------------------------------------------------------

    def rename(self, plan_id: str, new_name: str) -> None:
        plan_meta = self.load_plan(plan_id).meta
        plan_meta.name = new_name
        self.save_meta(plan_id, plan_meta)

    def duplicate(self, plan_id: str, new_name: str | None = None) -> Plan:
        """A full copy under a new id (items keep their ids: they are scoped by plan), with
        the typing its journal still holds."""
        plan = self.load_current(plan_id)
        plan.id = new_id()
        plan.meta.name = self.unique_name(new_name or plan.meta.name)
        plan.meta.created_at = now_iso()
        summary = self.find(plan_id)
        self.save_plan(plan, completeness=summary.completeness)
        return plan

    @translating_sqlite_errors
    def trash(self, plan_id: str) -> None:
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE plans SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [now_iso(), plan_id],
            )
            if cursor.rowcount == 0:
                raise PlanNotFoundError(plan_id)

    @translating_sqlite_errors
    def restore(self, plan_id: str) -> str:
        """Bring a plan back from the trash (renamed if its name is taken); return its name."""
        summary = self.find(plan_id, include_trash=True)
        name = self.unique_name(summary.name)
        with self.db.atomic():
            if name != summary.name:
                meta = PlanMeta.model_validate_json(
                    self.db.execute("SELECT meta FROM plans WHERE id = ?", [plan_id]).fetchone()[0]
                )
                meta.name = name
                stamp = self.stamp()
                self.db.execute(  # one step: an editor's row may never stay in the trash
                    "UPDATE plans SET name = ?, meta = ?, version = version + 1, "
                    "changed_by = ?, changed_at = ?, deleted_at = NULL WHERE id = ?",
                    [name, meta.model_dump_json(), stamp.user, stamp.at, plan_id],
                )
            self.db.execute("UPDATE plans SET deleted_at = NULL WHERE id = ?", [plan_id])
        return name

    @translating_sqlite_errors
    def purge(self, plan_id: str) -> None:
        """Delete a plan that is in the trash, for good."""
        with self.db.atomic():
            cursor = self.db.execute(
                "DELETE FROM plans WHERE id = ? AND deleted_at IS NOT NULL", [plan_id]
            )
            if cursor.rowcount == 0:
                raise PlanNotFoundError(plan_id)
