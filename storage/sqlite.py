"""A connection to a plan database file: the few calls of ``sqlite_utils.Database`` that
storage made, with the same transaction rules, on the standard library's ``sqlite3`` alone.

sqlite-utils (with click, dateutil and pluggy, which it imports) took about 60–100 ms of every
command's start for these few calls.  ``storage.server.ServerDb`` speaks the same calls to a
PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

Params = Sequence[Any] | Mapping[str, Any] | None

# Statements that end or shape a transaction themselves: never committed after running.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_savepoints = itertools.count(1)
_commits = [0]  # write transactions this process committed, to any database (file or server)


def commits_made() -> int:
    """How many write transactions this process has committed so far: Ctrl+C says whether a
    command's change was saved by comparing this with its value as the command began."""
    return _commits[0]


def count_commit() -> None:
    _commits[0] += 1


def _first_keyword(sql: str) -> str:
    words = sql.split(None, 1)
    return words[0].rstrip(";").upper() if words else ""


def quote(identifier: str) -> str:
    return '"{}"'.format(identifier.replace('"', '""'))


def insert_sql(table: str, columns: Sequence[str], pk: str | None) -> str:
    """An INSERT of ``columns`` (``?`` parameters); with ``pk``, an upsert on it that updates
    the row in place.  SQLite and PostgreSQL spell it alike."""
    names = ", ".join(map(quote, columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"
    if pk is not None:
        updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != pk)
        sql += f" ON CONFLICT({quote(pk)}) DO UPDATE SET {updates}"
    return sql


class SqliteDb:
    """One ``sqlite3`` connection.  A write outside a transaction commits at once; writes
    inside :meth:`atomic` commit together (nested blocks are savepoints)."""

    is_server = False

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils set it

    def execute(self, sql: str, params: Params = None) -> sqlite3.Cursor:
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the failed statement's implicit transaction
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")  # the write's implicit transaction
            count_commit()
        return cursor

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """The rows of a ``SELECT``, each as a dict."""
        cursor = self.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows")
        keys = [column[0] for column in cursor.description]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[SqliteDb]:
        """One transaction; inside another, a savepoint."""
        if self.conn.in_transaction:
            savepoint = f"peakplan_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # an error may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        count_commit()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def ensure_autocommit_on(self) -> Iterator[None]:
        """No implicit transactions inside (``PRAGMA journal_mode`` refuses to run in one)."""
        if self.conn.in_transaction:
            raise sqlite3.ProgrammingError("autocommit cannot be turned on inside a transaction")
        old = self.conn.isolation_level
        try:
            self.conn.isolation_level = None
            yield
        finally:
            self.conn.isolation_level = old

    def table(self, name: str) -> Table:
        return Table(self, name)

    def close(self) -> None:
        self.conn.close()


class Table:
    """Rows written into one table: ``insert``, ``insert_all`` and ``upsert`` by primary key
    (an update in place, never a delete and insert, so no cascade fires)."""

    def __init__(self, db: SqliteDb, name: str) -> None:
        self.db = db
        self.name = name

    def _insert_sql(self, columns: Sequence[str], pk: str | None) -> str:
        return insert_sql(self.name, columns, pk)

    def insert(self, row: Mapping[str, Any]) -> None:
        self.db.execute(self._insert_sql(list(row), None), list(row.values()))

    def upsert(self, row: Mapping[str, Any], *, pk: str) -> None:
        self.db.execute(self._insert_sql(list(row), pk), list(row.values()))

    def insert_all(self, rows: Iterable[Mapping[str, Any]], batch_size: int = 100) -> None:
        """Every row (all with the same keys) in one transaction."""
        rows = list(rows)
        if not rows:
            return
        columns = list(rows[0])
        with self.db.atomic():
            self.db.conn.executemany(
                self._insert_sql(columns, None), ([row[c] for c in columns] for row in rows)
            )
