"""Seeing other clients' saves: what changed in a plan, and who says so.

A server announces each committed write (``pg_notify`` in the write's own transaction, see
``ServerDb.announce``); :class:`ChangeListener` hears those announcements on its own
connection, in its own thread, and hands each to a callback.  It reconnects by itself when the
connection drops and says so through a status callback.  A file has no announcements: the app
polls :func:`item_states` (one small query) instead.

Either way the announcement only says *where* to look; :func:`item_states` and
:func:`read_items` read what is there now, so a missed announcement costs nothing but time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from storage.errors import translating_sqlite_errors
from storage.journal import META
from storage.repository import PlanRepository

log = logging.getLogger(__name__)

Key = tuple[str, str]  # (collection, item id); (META, "") for the plan's own fields
RETRY_S = 1.0  # between attempts to reconnect
LISTEN_POLL_S = 0.25  # how long the listener waits for news before checking it should stop
APPLICATION_NAME = "PeakPlan live"


@dataclass(frozen=True)
class Change:
    """One announcement: ``collection`` is ``"*"`` for a whole-plan save, ``item_id`` is ""
    for the plan's own fields or a reordering; ``version`` is None when the item is gone."""

    plan_id: str
    collection: str
    item_id: str
    version: int | None
    client: str


def parse_payload(payload: str) -> Change | None:
    """The change a server's announcement names (``plan\\tcollection\\titem\\tversion\\tclient``),
    or None for a payload that is not one."""
    parts = payload.split("\t")
    if len(parts) != 5:
        return None
    plan_id, collection, item_id, version, client = parts
    return Change(plan_id, collection, item_id, int(version) if version.isdigit() else None, client)


@translating_sqlite_errors
def item_states(repo: PlanRepository, plan_id: str) -> dict[Key, tuple[int, int]]:
    """Each item's (version, position), and the plan's own fields' at (META, ""): one cheap
    query, to poll.  Empty when the plan is gone."""
    row = repo.db.execute("SELECT version FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        return {}
    return {
        (META, ""): (int(row[0]), 0),
        **{(c, i): (int(v), int(p)) for c, i, v, p in _rows(repo, plan_id)},
    }


def _rows(repo: PlanRepository, plan_id: str) -> list[Any]:
    """Each item's collection, id, version and position.  A file gives them in one row (one
    JSON array): the window's thread polls this, and while a worker runs it took the
    interpreter back after each row read, waiting its turn each time (~250 ms for a large
    plan's 1,300 items, not 2)."""
    if getattr(repo.db, "is_server", False):
        return repo.db.execute(
            "SELECT collection, id, version, position FROM items WHERE plan_id = ?", [plan_id]
        ).fetchall()
    (packed,) = repo.db.execute(
        "SELECT json_group_array(json_array(collection, id, version, position)) FROM items "
        "WHERE plan_id = ?",
        [plan_id],
    ).fetchone()
    return json.loads(packed)


@translating_sqlite_errors
def read_items(repo: PlanRepository, plan_id: str, keys: Iterable[Key]) -> dict[Key, str | None]:
    """The stored JSON of each item named (None when it is gone); the plan's own fields' at
    (META, "") with their last-changed time, as ``load_plan`` reads them."""
    found: dict[Key, str | None] = {}
    for collection, item_id in keys:
        if collection == META:
            row = repo.db.execute(
                "SELECT meta, updated_at FROM plans WHERE id = ?", [plan_id]
            ).fetchone()
            found[(collection, item_id)] = None if row is None else _with_time(row[0], row[1])
            continue
        row = repo.db.execute(
            "SELECT body FROM items WHERE plan_id = ? AND collection = ? AND id = ?",
            [plan_id, collection, item_id],
        ).fetchone()
        found[(collection, item_id)] = None if row is None else row[0]
    return found


def _with_time(meta: str, updated_at: str) -> str:
    return json.dumps({**json.loads(meta), "updated_at": updated_at}, ensure_ascii=False)


class ChangeListener:
    """Hears a server's announcements on its own connection and thread.

    ``on_change`` gets each :class:`Change` not made by ``ignore_client`` (this app's own
    connection); ``on_status(False, reason)`` when the connection is lost, ``on_status(True,
    "")`` when it is back (and once at the start): what was said meanwhile was not heard, so
    the receiver should look at the plan again.  Both are called from the listener's thread.
    """

    def __init__(
        self,
        url: str,
        on_change: Callable[[Change], None],
        on_status: Callable[[bool, str], None],
        *,
        ignore_client: str = "",
        retry_s: float = RETRY_S,
    ) -> None:
        self.url, self.on_change, self.on_status = url, on_change, on_status
        self.ignore_client, self.retry_s = ignore_client, retry_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peakplan-live", daemon=True)
        self.connected = False
        self._said: bool | None = None  # the state last told to on_status

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with self._connect() as conn:
                    self._set_status(True, "")
                    self._listen(conn)
            except psycopg.Error as exc:
                self._set_status(False, _gist(exc))
            if not self._stop.is_set():
                self._stop.wait(self.retry_s)

    def _connect(self) -> Any:
        import psycopg

        from storage.server import CONNECT_TIMEOUT_S, change_channel

        conn = psycopg.connect(
            self.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=APPLICATION_NAME,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        )
        conn.execute(f'LISTEN "{change_channel(conn)}"')
        return conn

    def _listen(self, conn: Any) -> None:
        import psycopg

        while not self._stop.is_set():
            for notice in conn.notifies(timeout=LISTEN_POLL_S):
                change = parse_payload(notice.payload)
                if change is not None and change.client != self.ignore_client:
                    self.on_change(change)
            if conn.closed:  # closed by the server between two waits
                raise psycopg.OperationalError("the connection was closed")

    def _set_status(self, connected: bool, reason: str) -> None:
        """Say each change of state once: a loss is not repeated at every retry."""
        if connected != self.connected or self._said is None:
            self._said = connected
            self.on_status(connected, reason)
        self.connected = connected


def _gist(exc: BaseException) -> str:
    from storage.server import _first_line

    return _first_line(exc)
