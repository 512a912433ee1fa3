"""The live view's questions to storage, without Qt: what others changed in an open plan since
it was last looked at, and who tells us to look.

On a server each committed save is announced (LISTEN/NOTIFY, see storage/live.py) and a
listener hears it within milliseconds; a file has no announcements and is polled (one small
query a second).  Either way :meth:`PlanWatch.look` compares each item's stored version and
position with those it saw last and reads only the items that moved on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from forms.plan import COLLECTIONS, PlanMeta
from storage.database import Database
from storage.journal import META
from storage.live import Change, ChangeListener, Key, item_states, read_items
from storage.repository import PlanRepository

__all__ = [
    "Change",
    "ChangeListener",
    "Incoming",
    "News",
    "PlanWatch",
    "item_states",
    "listener_for",
]

POLL_MS = 1000  # a file's versions are read this often


@dataclass(frozen=True)
class Incoming:
    """An item as another client left it (``item`` None: removed), at ``version``."""

    collection: str
    item_id: str
    item: BaseModel | None
    version: int

    @property
    def key(self) -> Key:
        return (self.collection, self.item_id)


@dataclass
class News:
    items: list[Incoming] = field(default_factory=list)
    orders: dict[str, list[str]] = field(default_factory=dict)  # a collection's stored order

    def __bool__(self) -> bool:
        return bool(self.items or self.orders)


class PlanWatch:
    """What changed in one stored plan since the last look (own saves included: the caller
    tells them apart by content or version)."""

    def __init__(self, repo: PlanRepository, plan_id: str) -> None:
        self.repo, self.plan_id = repo, plan_id
        self._seen = item_states(repo, plan_id)

    def look(self) -> News:
        states = item_states(self.repo, self.plan_id)
        if not states:  # the plan is gone (purged): nothing to show
            return News()
        changed = [
            key
            for key in states.keys() | self._seen.keys()
            if states.get(key, (None, 0))[0] != self._seen.get(key, (None, 0))[0]
        ]
        news = News()
        bodies = read_items(self.repo, self.plan_id, sorted(changed))
        for key, body in bodies.items():
            version = states.get(key, (0, 0))[0]
            news.items.append(Incoming(*key, _parse(key[0], body), version))
        for collection in {c for c, _ in changed} | _moved(states, self._seen):
            if collection != META:
                news.orders[collection] = _order(states, collection)
        self._seen = states
        return news

    def caught_up(self, states: dict[Key, tuple[int, int]]) -> None:
        """What ``states`` (:func:`item_states`) say is already shown: this app wrote it itself
        and read the plan back after them.  The next look reports only later changes."""
        self._seen = dict(states)

    def again(self, key: Key) -> None:
        """Report ``key`` at the next look even if it does not change (it was not taken)."""
        self._seen.pop(key, None)


def _parse(collection: str, body: str | None) -> BaseModel | None:
    if body is None:
        return None
    model = PlanMeta if collection == META else COLLECTIONS[collection]
    return model.model_validate_json(body)


def _moved(states: dict[Key, tuple[int, int]], seen: dict[Key, tuple[int, int]]) -> set[str]:
    return {key[0] for key in states.keys() & seen.keys() if states[key][1] != seen[key][1]}


def _order(states: dict[Key, tuple[int, int]], collection: str) -> list[str]:
    rows = sorted((pos, item_id) for (c, item_id), (_v, pos) in states.items() if c == collection)
    return [item_id for _pos, item_id in rows]


def listener_for(
    database: Database,
    on_change: Callable[[Change], None],
    on_status: Callable[[bool, str], None],
) -> ChangeListener | None:
    """A listener for a server's announcements (not started), or None for a file (poll it)."""
    db = database.db
    if not getattr(db, "is_server", False):
        return None
    return ChangeListener(db.url, on_change, on_status, ignore_client=db.client_id)
