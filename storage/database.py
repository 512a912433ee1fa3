"""Opening the database safely.

- A file that is not SQLite, or fails ``PRAGMA integrity_check``, is reported and never
  written to: it is examined through a read-only connection before anything else happens.
- A writer holds an exclusive lock file beside the database for as long as it is open, so a
  second PeakPlan writing the same file gets a clear "in use" message instead of interleaving
  its saves.  The operating system drops the lock when a process dies, even by SIGKILL.
- WAL journal, foreign keys on, ``synchronous=FULL``: a save that returned survives a crash.
- An older schema is backed up beside the file, then migrated forward in one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from filelock import FileLock, Timeout

from storage.errors import (
    CorruptDatabaseError,
    DatabaseInUseError,
    DatabaseUnavailableError,
    NewerSchemaError,
    NotADatabaseError,
    translating_sqlite_errors,
)
from storage.migrations import MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000
LOCK_TIMEOUT_S = 0.5


def _inspect_existing(path: Path) -> int:
    """Check an existing file through a read-only connection; return its schema version."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseUnavailableError(path, exc.strerror or str(exc)) from exc
    if header != SQLITE_MAGIC:
        raise NotADatabaseError(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseUnavailableError(path, str(exc)) from exc
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            raise CorruptDatabaseError(path, result)
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUseError(path) from exc
        raise CorruptDatabaseError(path, str(exc)) from exc
    finally:
        conn.close()


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")
    partial = target.with_name(target.name + ".part")
    with sqlite3.connect(partial) as copy:
        conn.backup(copy)
    copy.close()
    partial.replace(target)
    return target


class Database:
    """An open PeakPlan database; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, db: sqlite_utils.Database, lock: FileLock | None) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.backup_path: Path | None = None

    @property
    def writable(self) -> bool:
        return self._lock is not None

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @translating_sqlite_errors
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    @translating_sqlite_errors
    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")


def _acquire_lock(path: Path) -> FileLock:
    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DatabaseInUseError(path) from exc
    except OSError as exc:
        raise DatabaseUnavailableError(path, exc.strerror or str(exc)) from exc
    return lock


def _connect(path: Path) -> sqlite_utils.Database:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseUnavailableError(path, str(exc)) from exc
    db = sqlite_utils.Database(conn)
    with db.ensure_autocommit_on():
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
    return db


def _migrate(database: Database, found: int) -> None:
    db = database.db
    if found > 0:
        database.backup_path = _backup(db.conn, database.path, found)
    with db.atomic():
        for step in MIGRATIONS[found:]:
            step(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_database(path: Path | str, *, write: bool = True) -> Database:
    """Open (creating if needed) the database at ``path``.

    ``write=False`` opens without taking the writer's lock, for read-only commands that may run
    while the app is open; it still migrates an old schema, which needs the lock briefly.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    found = _inspect_existing(path) if exists else 0
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(path, found, SCHEMA_VERSION)
    needs_migration = found < SCHEMA_VERSION
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailableError(path, exc.strerror or str(exc)) from exc
    lock = _acquire_lock(path) if (write or needs_migration) else None
    try:
        database = Database(path, _connect(path), lock)
        if needs_migration:
            # Another process may have migrated it while we waited for the lock.
            current = int(database.db.execute("PRAGMA user_version").fetchone()[0])
            if current < SCHEMA_VERSION:
                _migrate(database, current)
        if lock is not None and not write:
            lock.release()
            database._lock = None
    except sqlite3.OperationalError as exc:
        if lock is not None:
            lock.release()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUseError(path) from exc
        raise DatabaseUnavailableError(path, str(exc)) from exc
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return database
