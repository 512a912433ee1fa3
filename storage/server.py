"""A plan database on a PostgreSQL server (team mode), behind the same repository.

:class:`ServerDb` offers the few calls of ``sqlite_utils.Database`` that the repository, the
journal and the snapshots make (``execute``, ``query``, ``atomic``, ``table(…).insert`` /
``insert_all`` / ``upsert``, ``close``), so one ``PlanRepository`` serves both homes.  Their
SQL is written once, in SQL both understand; the few spellings that differ are translated here:

- ``?`` and ``:name`` parameters become ``%s`` and ``%(name)s``;
- ``IS NOT ?`` becomes ``IS DISTINCT FROM %s``;
- SQLite's implicit ``rowid`` (an insertion order) is the explicit ``seq`` column the server's
  schema gives the tables that are ordered by it.

Errors keep the shape the callers already handle: a constraint refused is an
``sqlite3.IntegrityError`` (a duplicate plan name, a plan deleted meanwhile), and a server that
cannot be reached, refuses the password or goes away is a localized :class:`StorageError`.
A connection lost during work is made again in the background, once a second, until the server
is back (:meth:`ServerDb.server_away`); meanwhile every call is refused at once, so a client
holding its changes and retrying them (the app) is never held up by a connect that waits.
Plain SQL and standard types only (no extensions), for PostgreSQL and its relatives
(openGauss, KingbaseES).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import psycopg
from psycopg import conninfo

from storage.database import Database
from storage.errors import (
    ForeignServerDatabaseError,
    NewerSchemaError,
    PasswordNeededError,
    ServerLostError,
    ServerUnreachableError,
    StorageError,
    WrongPasswordError,
)
from storage.journal import META
from storage.roles import Role, RoleRefusedError
from storage.server_migrations import MIGRATIONS, SCHEMA_VERSION
from storage.server_roles import current_role
from storage.sqlite import Table, count_commit

CONNECT_TIMEOUT_S = 5
RECONNECT_INTERVAL_S = 1.0
_QMARK = re.compile(r"\?")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_IS_NOT_PARAM = re.compile(r"\bIS NOT \?", re.IGNORECASE)
_ROWID = re.compile(r"\browid\b", re.IGNORECASE)
_IN_THE_ADDRESS = {"user", "host", "port", "dbname"}
# secrets, and settings of the connection that never change which plans it reaches
_NOT_SHOWN = {"password", "sslpassword", "passfile", "connect_timeout", "application_name"}


def display_location(url: str) -> str:
    """The URL without its password, for messages and titles: with the settings that tell two
    locations of one server apart (a schema's ``options=-csearch_path=…``), written out."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    shown = f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"
    settings = [
        f"{key}={value}"
        for key, value in sorted(parts.items())
        if key not in _IN_THE_ADDRESS and key not in _NOT_SHOWN
    ]
    return shown + ("?" + "&".join(settings) if settings else "")


def location_key(url: str) -> str:
    """What tells one server location from another (its URL's settings but the password)."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return display_location(url)
    parts.pop("password", None)
    return conninfo.make_conninfo(**{k: str(v) for k, v in sorted(parts.items())})


def translate_sql(sql: str) -> str:
    """SQLite's spelling of a statement, in PostgreSQL's."""
    sql = sql.replace("%", "%%")
    sql = _IS_NOT_PARAM.sub("IS DISTINCT FROM ?", sql)
    sql = _ROWID.sub("seq", sql)
    sql = _NAMED.sub(r"%(\1)s", sql)
    return _QMARK.sub("%s", sql)


def _lost(location: str, exc: psycopg.Error) -> StorageError:
    """The error for a connection that failed during work (it was open before)."""
    if "password authentication failed" in str(exc):
        return WrongPasswordError(location)
    return ServerLostError(location, _first_line(exc))


def _refused(location: str, exc: psycopg.Error) -> StorageError:
    """The error for a connection the server did not give: why, in the user's words."""
    if "password authentication failed" in str(exc):
        return WrongPasswordError(location)
    if "no password supplied" in str(exc):
        return PasswordNeededError(location)
    return ServerUnreachableError(location, _first_line(exc))


def _open_connection(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(
        url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="PeakPlan"
    )


def _first_line(exc: BaseException) -> str:
    """The gist of a driver's message: ``Connection refused``, not the whole paragraph."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0].rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()


class _Table(Table):
    """A file's table calls, on the server (``ServerDb`` speaks ``SqliteDb``'s calls); many
    rows go in one batch of the driver."""

    db: ServerDb  # given in place of the file's connection

    def insert_all(self, rows: Iterable[Mapping[str, Any]], batch_size: int = 100) -> None:
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        sql = translate_sql(self._insert_sql(columns, None))
        with self.db.errors(), self.db.live().cursor() as cursor:
            cursor.executemany(sql, [[r[c] for c in columns] for r in rows])


def change_channel(conn: psycopg.Connection[Any]) -> str:
    """The channel a plan database announces its changes on: one per database and schema
    (two plan databases on one server never hear each other)."""
    row = conn.execute("SELECT current_database(), current_schema()").fetchone()
    where = f"{row[0] if row else ''}.{row[1] if row else ''}"
    return "peakplan_" + hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()[:16]


class ServerDb:
    """A connection to the server that speaks like the ``sqlite_utils.Database`` it replaces.

    Given the ``url`` it was opened with, it connects again after losing the server."""

    is_server = True
    role: Role | None = None  # the user's role on the server (storage/server_roles.py)
    department = ""

    def __init__(self, conn: psycopg.Connection[Any], location: str, url: str = "") -> None:
        self.conn = conn
        self.location = location
        self.url = url  # for the live view's own connection and for connecting again
        self.key = location_key(url) if url else location  # names its file of held edits
        self._closing = threading.Event()
        self._reconnecting: threading.Thread | None = None
        self._away: StorageError | None = None
        self.client_id = uuid.uuid4().hex[:12]  # in its announcements: a client skips its own
        self._channel: str | None = None

    @property
    def channel(self) -> str:
        if self._channel is None:
            with self.errors():
                self._channel = change_channel(self.live())
        return self._channel

    def announce(self, plan_id: str, collection: str, item_id: str) -> None:
        """Tell the clients listening (storage/live.py) that an item changed, with its new
        version, when this transaction commits (``pg_notify`` is delivered on commit only).
        The payload: plan, collection, item, version ("" when gone or not one item), client."""
        if collection == META:
            version_sql, params = "SELECT CAST(version AS TEXT) FROM plans WHERE id = ?", [plan_id]
        elif item_id:
            version_sql = (
                "SELECT CAST(version AS TEXT) FROM items "
                "WHERE plan_id = ? AND collection = ? AND id = ?"
            )
            params = [plan_id, collection, item_id]
        else:
            version_sql, params = "SELECT CAST(NULL AS TEXT)", []
        self.execute(
            f"SELECT pg_notify(?, ? || COALESCE(({version_sql}), '') || ?)",
            [self.channel, f"{plan_id}\t{collection}\t{item_id}\t", *params, f"\t{self.client_id}"],
        )

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc
        except psycopg.errors.InsufficientPrivilege as exc:  # the user's role may not
            raise RoleRefusedError(self.role, self.department) from exc
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            error = _lost(self.location, exc)
            if self.conn.closed:
                self._reconnect_in_background(error)
            raise error from exc

    def live(self) -> psycopg.Connection[Any]:
        """The connection; while it is being made again, the reason it is away, at once."""
        conn = self.conn
        if conn.closed and not self._closing.is_set():
            away = self._away or ServerLostError(self.location, "connection closed")
            self._reconnect_in_background(away)
            raise away
        return conn

    def server_away(self) -> StorageError | None:
        """Why the server cannot be used now (None while connected, as far as is known)."""
        return self._away if self.conn.closed else None

    def _reconnect_in_background(self, error: StorageError) -> None:
        self._away = error
        if not self.url or self._closing.is_set():
            return
        if self._reconnecting is None or not self._reconnecting.is_alive():
            self._reconnecting = threading.Thread(
                target=self._reconnect, name="peakplan-reconnect", daemon=True
            )
            self._reconnecting.start()

    def _reconnect(self) -> None:
        """Connect again, once a second, until the server answers or this closes."""
        while not self._closing.is_set():
            try:
                conn = _open_connection(self.url)
            except psycopg.Error as exc:
                self._away = _refused(self.location, exc)
                self._closing.wait(RECONNECT_INTERVAL_S)
                continue
            if self._closing.is_set():
                conn.close()
                return
            self.conn = conn
            return

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        with self.errors():
            conn = self.live()
            alone = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            cursor = conn.execute(translate_sql(sql), params)  # type: ignore[arg-type]
        if alone and cursor.description is None:  # a write outside a transaction: committed
            count_commit()
        return cursor

    def query(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        cursor = self.execute(sql, params)
        columns = [c.name for c in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(columns, row, strict=True))

    @contextlib.contextmanager
    def atomic(self) -> Iterator[ServerDb]:
        """One transaction (a savepoint when nested), as ``sqlite_utils``' ``atomic``."""
        outermost = not self.in_transaction
        with self.errors(), self.live().transaction():
            yield self
        if outermost:  # committed (a savepoint's release is not, yet)
            count_commit()

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def table(self, name: str) -> _Table:
        return _Table(self, name)

    def close(self) -> None:
        self._closing.set()
        self.conn.close()


class ServerDatabase(Database):
    """An open plan database on a server.  Every client writes; the server orders them."""

    def __init__(self, location: str, db: ServerDb) -> None:
        super().__init__(location, db, None)  # type: ignore[arg-type]
        self.user = str(db.execute("SELECT current_user").fetchone()[0])  # the role

    @property
    def writable(self) -> bool:
        return True

    def announce(self, plan_id: str, collection: str, item_id: str) -> None:
        self.db.announce(plan_id, collection, item_id)  # type: ignore[attr-defined]

    def for_worker(self) -> ServerDatabase:
        """A connection of its own for a worker thread, so its transaction never takes in a
        write the window makes meanwhile."""
        own = connect(self.db.url)  # type: ignore[attr-defined]
        own.client_id = self.db.client_id  # type: ignore[attr-defined]  # its saves are ours
        return ServerDatabase(self.db.location, own)


def connect(url: str) -> ServerDb:
    """A connection to the server at ``url``, or a clear error saying why there is none."""
    location = display_location(url)
    try:
        conn = _open_connection(url)
    except psycopg.Error as exc:
        raise _refused(location, exc) from exc
    return ServerDb(conn, location, url)


def _schema_version(db: ServerDb) -> int:
    """The version in ``peakplan_schema`` (0 for an empty database); refuse others' tables."""
    tables = {
        row[0]
        for row in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    }
    if "peakplan_schema" in tables:
        row = db.execute("SELECT MAX(version) FROM peakplan_schema").fetchone()
        return int(row[0] or 0)
    if "plans" in tables or "items" in tables:
        raise ForeignServerDatabaseError(db.location, "tables: " + ", ".join(sorted(tables)[:5]))
    return 0


def _migrate(db: ServerDb) -> None:
    """Bring the schema to the current version in one transaction, one client at a time."""
    with db.atomic():
        db.execute("CREATE TABLE IF NOT EXISTS peakplan_schema (version INTEGER NOT NULL)")
        db.execute("LOCK TABLE peakplan_schema IN EXCLUSIVE MODE")
        found = _schema_version(db)
        if found > SCHEMA_VERSION:
            raise NewerSchemaError(db.location, found, SCHEMA_VERSION)  # type: ignore[arg-type]
        for step in MIGRATIONS[found:]:
            step(db)
        if found < SCHEMA_VERSION:
            db.execute("DELETE FROM peakplan_schema")
            db.execute("INSERT INTO peakplan_schema (version) VALUES (?)", [SCHEMA_VERSION])


def open_server_database(url: str) -> ServerDatabase:
    """Open the plan database at ``url`` (``postgresql://user:password@host:port/dbname``),
    creating or upgrading its schema; a newer schema is refused and nothing is written."""
    db = connect(url)
    try:
        found = _schema_version(db)
        if found > SCHEMA_VERSION:
            raise NewerSchemaError(db.location, found, SCHEMA_VERSION)  # type: ignore[arg-type]
        if found < SCHEMA_VERSION:
            _migrate(db)
        db.role, db.department = current_role(db)
    except RoleRefusedError as exc:  # a user who may not make or upgrade the tables
        db.close()
        raise exc.doing("setup", None) from exc
    except BaseException:
        db.close()
        raise
    return ServerDatabase(db.location, db)
