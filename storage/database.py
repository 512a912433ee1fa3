"""Opening the database safely.

- A file that is not ours is never written to: it is examined through a read-only connection
  first.  Not SQLite, another program's SQLite database (its own tables, or an application id
  that is not PeakPlan's), a database from a newer PeakPlan, or one failing
  ``PRAGMA integrity_check`` — each is reported and left byte for byte as it was.
- A new database is built under a temporary name and renamed into place, so PeakPlan never
  leaves an empty file behind; an empty file found in its place was made by someone else and is
  used only when the user says so (``accept_empty``).
- A healthy database whose file or folder cannot be written opens read-only: plans can be
  listed and exported, and every write is refused as "read-only".
- A writer holds an exclusive lock file beside the database for as long as it is open, so a
  second PeakPlan writing the same file gets a clear "in use" message instead of interleaving
  its saves.  The operating system drops the lock when a process dies, even by SIGKILL.
- WAL journal, foreign keys on, ``synchronous=FULL``: a save that returned survives a crash.
  (Typing journaled between saves survives the app's crash or kill; see storage/journal.py.)
- An older schema is backed up beside the file, then migrated forward in one transaction.
"""

from __future__ import annotations

import errno
import getpass
import os
import sqlite3
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage.errors import (
    CorruptDatabaseError,
    DatabaseInUseError,
    DatabaseIsAFolderError,
    DatabaseUnavailableError,
    EmptyDatabaseFileError,
    ForeignDatabaseError,
    NewerSchemaError,
    NoDatabaseError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    os_storage_error,
    storage_error,
)
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from storage.sqlite import SqliteDb

if TYPE_CHECKING:
    from storage.file_lock import FileLock

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x50504C4E  # "PPLN" in the file header: this file is a PeakPlan database
BUSY_TIMEOUT_MS = 3000
LOCK_TIMEOUT_S = 0.5
# Columns every PeakPlan schema has had (version 1 on), to recognise files made before the
# application id was written.
OUR_COLUMNS = {
    "plans": {"id", "name", "pilot_type", "meta", "created_at", "updated_at"},
    "items": {"plan_id", "collection", "id", "position", "body"},
}


def _read_only_uri(path: Path) -> str:
    """A read-only URI.  Where nobody can write the file (it or its folder is read-only) and
    there is no write-ahead log to read, ``immutable``: SQLite then needs and creates no
    -shm/-wal files.  Elsewhere a writer may be at work, so the usual locking applies."""
    wal = Path(str(path) + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    frozen = not _writable(path) and not has_log
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if frozen else "")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseUnavailableError(path, exc) from exc


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _check_ours(path: Path, conn: sqlite3.Connection, version: int, accept_empty: bool) -> None:
    """Refuse another program's database: by its application id, else by its tables."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return
    if app_id != 0:
        raise ForeignDatabaseError(path, f"application id {app_id:#x}")
    tables = sorted(row[0] for row in conn.execute("SELECT name FROM sqlite_master"))
    if not tables and version == 0:
        if not accept_empty:
            raise EmptyDatabaseFileError(path)
        return
    if version == 0:
        raise ForeignDatabaseError(path, "tables: " + ", ".join(tables[:5]))
    for table, needed in OUR_COLUMNS.items():
        if not needed <= _columns(conn, table):
            raise ForeignDatabaseError(path, f"no PeakPlan table '{table}'")


def _inspect_existing(path: Path, accept_empty: bool) -> int:
    """Check an existing file through a read-only connection; return its schema version."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseUnavailableError(path, exc) from exc
    if header != SQLITE_MAGIC:
        raise NotADatabaseError(path)
    conn = _connect_read_only(path)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            raise CorruptDatabaseError(path, result)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        _check_ours(path, conn, version, accept_empty)
        return version
    except sqlite3.DatabaseError as exc:
        raise storage_error(path, exc) from exc
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


def os_user() -> str:
    """Who works at this computer: the OS login ("" when the system cannot tell)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


class Database:
    """An open PeakPlan database; use as a context manager or call :meth:`close`.

    ``user`` is whom the changes made through it are attributed to: the OS login for a file
    (a server's database says its connection's role)."""

    def __init__(
        self,
        path: Path,
        db: SqliteDb,
        lock: FileLock | None,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.read_only = read_only  # the file or its folder cannot be written
        self.backup_path: Path | None = None
        self.user = os_user()
        self._owner: Database | None = None  # a worker's connection writes under its lock

    @property
    def writable(self) -> bool:
        return self._lock is not None or (self._owner is not None and self._owner.writable)

    def for_worker(self) -> Database:
        """The same database through a connection of its own, for one worker thread (an SQLite
        connection serves only the thread that opened it): a long write there keeps the window
        turning.  It writes under this one's lock; close it in the worker when done."""
        if self.read_only:
            connection = SqliteDb(_connect_read_only(self.path))
            return Database(self.path, connection, None, read_only=True)
        worker = Database(self.path, _connect(self.path), None)
        worker._owner, worker.user = self, self.user  # its changes are recorded as the app's
        return worker

    def announce(self, plan_id: str, collection: str, item_id: str) -> None:
        """Tell other clients an item changed (a server announces it; a file is polled)."""

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


def _acquire_lock(path: Path) -> FileLock:
    from storage.file_lock import FileLock, LockHeldError  # only writers lock

    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except LockHeldError as exc:
        raise DatabaseInUseError(path) from exc
    except OSError as exc:
        raise os_storage_error(path, exc) from exc
    return lock


def _configure(db: SqliteDb) -> None:
    with db.ensure_autocommit_on():
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")


def _connect(path: Path) -> SqliteDb:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseUnavailableError(path, str(exc)) from exc
    db = SqliteDb(conn)
    _configure(db)
    return db


def _migrate(database: Database, found: int) -> None:
    db = database.db
    if found > 0:
        database.backup_path = _backup(db.conn, database.path, found)
    with db.atomic():
        for step in MIGRATIONS[found:]:
            step(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create(path: Path, *, replace_empty: bool) -> None:
    """Build a new, current database under a temporary name, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a part of the path is a file: not "File exists"
        not_a_folder = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        raise os_storage_error(path, not_a_folder) from exc
    except OSError as exc:
        raise os_storage_error(path, exc) from exc
    lock = _acquire_lock(path)
    partial = path.with_name(f".{path.name}.new-{uuid.uuid4().hex[:8]}")
    try:
        if path.exists() and not (replace_empty and path.stat().st_size == 0):
            return  # another PeakPlan made it meanwhile; it is inspected like any file
        db = _connect(partial)
        try:
            _migrate(Database(partial, db, None), 0)
        finally:
            db.close()
        os.replace(partial, path)
    except sqlite3.Error as exc:
        raise storage_error(path, exc) from exc
    except OSError as exc:
        raise os_storage_error(path, exc) from exc
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        lock.release()


def _writable(path: Path) -> bool:
    """Whether PeakPlan may write the file and its folder (the journal and lock live there).
    ``os.access`` honours read-only mounts and immutable files, even for root."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_read_only(path: Path, found: int) -> Database:
    if found < SCHEMA_VERSION:  # an older schema needs migrating, which needs writing
        raise ReadOnlyDatabaseError(path)
    db = SqliteDb(_connect_read_only(path))
    return Database(path, db, None, read_only=True)


def open_database(
    path: Path | str, *, write: bool = True, accept_empty: bool = False, create: bool = True
) -> Database:
    """Open (creating if needed, unless ``create`` is false) the database at ``path``.

    ``write=False`` opens without taking the writer's lock, for read-only commands that may run
    while the app is open; it still migrates an old schema, which needs the lock briefly.
    ``accept_empty`` lets PeakPlan start a database in an empty file it did not create.
    """
    path = Path(path)
    try:
        found = path.stat() if path.exists() else None
    except OSError as exc:
        raise DatabaseUnavailableError(path, exc) from exc
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise DatabaseIsAFolderError(path)
    if found is None and not create:
        raise NoDatabaseError(path)
    size = None if found is None else found.st_size
    if size == 0 and not accept_empty:
        raise EmptyDatabaseFileError(path)
    if not size:
        _create(path, replace_empty=size == 0)
    found = _inspect_existing(path, accept_empty)
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(path, found, SCHEMA_VERSION)
    if not _writable(path):
        return _open_read_only(path, found)
    return _open_writable(path, found, write)


def _open_writable(path: Path, found: int, write: bool) -> Database:
    needs_migration = found < SCHEMA_VERSION
    lock = _acquire_lock(path) if (write or needs_migration) else None
    database: Database | None = None
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
    except BaseException as exc:
        if database is not None:
            database.close()
        elif lock is not None:
            lock.release()
        if isinstance(exc, sqlite3.Error):
            raise storage_error(path, exc) from exc
        if isinstance(exc, OSError):  # e.g. the backup before an upgrade on a full disk
            raise os_storage_error(path, exc) from exc
        raise
    return database
