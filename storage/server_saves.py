"""A save of one existing item on a team's server in one statement: one round trip.

On a server each statement is a round trip between the app and the server, and the writers of
one plan wait for each other only where they lock the same row.  So the save that the editor
makes all the time — an item already stored, changed — is a single statement (its own
transaction when no other is open) whose parts run on the server:

- the write itself, with the version check folded into it (``UPDATE … WHERE version = ?``):
  when another client changed the item first, this one waits for its commit, then finds the
  version moved on and writes nothing (PostgreSQL re-checks an updated row under READ
  COMMITTED) — exactly one of two racing saves wins, without any other lock;
- the fold of the typing the journal holds for the item that the saved item now reflects
  (storage/journal.py; the field's text in the saved JSON equals the typed JSON);
- the plan's last-changed time, last: its row is locked only from there to the commit;
- the announcement to the live view (``pg_notify``, delivered on commit only), and the
  attribution (``changed_by``, ``changed_at``) in the write.

Nothing is written, folded, touched or announced when the item is not there or moved on:
the caller then reads what is stored (a new item, a refusal, a plan that is gone).  Inside a
transaction of the caller's, the statement has a savepoint of its own, as every save has.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from forms.attribution import Stamp

if TYPE_CHECKING:
    from storage.server import ServerDb

# A stored item's new body; its version and last change move only if the body did.  Its
# parameters: the body three times, the user, the body, the time, the item's plan, collection
# and id, then the version it was based on if ``{version_check}`` is " AND version = ?".
UPDATE_ITEM = (
    "UPDATE items SET body = ?, "
    "version = version + CASE WHEN body = ? THEN 0 ELSE 1 END, "
    "changed_by = CASE WHEN body = ? THEN changed_by ELSE ? END, "
    "changed_at = CASE WHEN body = ? THEN changed_at ELSE ? END "
    "WHERE plan_id = ? AND collection = ? AND id = ?{version_check}"
)


def update_item(
    where: tuple[str, str, str], body: str, stamp: Stamp, based_on: int | None
) -> tuple[str, list[object]]:
    """:data:`UPDATE_ITEM` writing ``body`` over the item at ``where`` (plan, collection,
    id), checked against ``based_on`` if given: its SQL and parameters (both databases)."""
    params: list[object] = [body, body, body, stamp.user, body, stamp.at, *where]
    if based_on is None:
        return UPDATE_ITEM.format(version_check=""), params
    return UPDATE_ITEM.format(version_check=" AND version = ?"), [*params, based_on]


# After ``WITH saved AS (<a write> RETURNING version``: the typing folded, the plan's row
# touched ({touch}), the change announced — only if the write wrote.
_FOLLOW_UP = """
), folded AS (
    DELETE FROM edit_journal
    WHERE plan_id = ? AND collection = ? AND item_id = ? AND EXISTS (SELECT 1 FROM saved)
        AND value = CAST(CAST(? AS json) #> string_to_array(path, '.') AS TEXT)
){touch}
SELECT version, pg_notify(?, ? || CAST(version AS TEXT) || ?) FROM saved
"""
_TOUCH = """, touched AS (
    UPDATE plans SET updated_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM saved)
)"""


def save_at_once(
    db: ServerDb,
    write: tuple[str, list[object]],
    where: tuple[str, str, str],
    body: str,
    now: str | None,
) -> int | None:
    """Run ``write`` (an UPDATE and its parameters) of the item at ``where`` (plan,
    collection, id; the plan's own fields: "meta", ""), whose new JSON is ``body``; if it
    wrote, fold the typing it reflects, set the plan's last-changed time to ``now`` (None: the
    write did) and announce it.  The item's version, or None when nothing was written."""
    plan_id, collection, item_id = where
    sql, params = write
    statement = f"WITH saved AS ({sql} RETURNING version" + _FOLLOW_UP.format(
        touch="" if now is None else _TOUCH
    )
    params = [
        *params,
        plan_id,
        collection,
        item_id,
        body,
        *([] if now is None else [now, plan_id]),
        db.channel,
        f"{plan_id}\t{collection}\t{item_id}\t",
        f"\t{db.client_id}",
    ]
    # Inside a caller's transaction, a savepoint: a refusal then undoes this save only.
    with db.atomic() if db.in_transaction else contextlib.nullcontext():
        row = db.execute(statement, params).fetchone()
    return None if row is None else int(row[0])


def save_existing_item(
    db: ServerDb,
    where: tuple[str, str, str],
    body: str,
    stamp: Stamp,
    now: str,
    based_on: int | None,
) -> int | None:
    """Write ``body`` over the stored item at ``where`` (plan, collection, id) if it is stored
    and, given ``based_on``, still at that version; fold, touch the plan, announce.  The new
    version, or None when nothing was written.  The version and attribution move only if the
    body changed."""
    return save_at_once(db, update_item(where, body, stamp, based_on), where, body, now)
