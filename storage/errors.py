"""What can go wrong with the database, said plainly in both languages.

:func:`storage_error` turns SQLite's own errors into these by their result code, so a full
disk says "disk full", a read-only file "read-only", and only real corruption "damaged".
"""

from __future__ import annotations

import errno
import functools
import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from forms.errors import LocalizedError, os_reason

P = ParamSpec("P")
R = TypeVar("R")


class StorageError(LocalizedError):
    """Base of every storage error."""


class DatabaseInUseError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"数据库“{path}”正被另一个 PeakPlan 窗口或进程使用。"
            "请先关闭它，或使用 --db 指定其他数据库。",
            f"The database “{path}” is in use by another PeakPlan window or process. "
            "Close it first, or choose another database with --db.",
        )


class NotADatabaseError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文件“{path}”不是 PeakPlan 数据库（不是 SQLite 文件）。该文件未被修改。",
            f"The file “{path}” is not a PeakPlan database (not an SQLite file). "
            "It was left untouched.",
        )


class ForeignDatabaseError(NotADatabaseError):
    """An SQLite file of another program: never written to, not even switched to WAL."""

    def __init__(self, path: Path, detail: str) -> None:
        StorageError.__init__(
            self,
            f"文件“{path}”是其他程序的 SQLite 数据库，不是 PeakPlan 数据库（{detail}）。"
            "该文件未被修改；请用 --db 指定 PeakPlan 数据库或一个新文件名。",
            f"The file “{path}” is another program's SQLite database, not a PeakPlan database "
            f"({detail}). It was left untouched; choose a PeakPlan database or a new file name "
            "with --db.",
        )


class EmptyDatabaseFileError(StorageError):
    """A zero-byte file PeakPlan did not create: used only when the user says so."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文件“{path}”是空文件（0 字节），不是 PeakPlan 创建的，因此未被使用。"
            "若要在其中新建 PeakPlan 数据库，请加上 --new-db 参数重新运行，或删除这个空文件；"
            "否则请用 --db 指定其他数据库。",
            f"The file “{path}” is empty (0 bytes) and was not created by PeakPlan, so it was "
            "not used. To start a new PeakPlan database in it, run the command again with "
            "--new-db, or delete the empty file; otherwise choose another database with --db.",
        )


class DiskFullError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"磁盘已满，无法写入数据库“{path}”。请腾出磁盘空间后重试；数据库中已有的内容完好。",
            f"The disk is full: the database “{path}” cannot be written. Free some disk space "
            "and try again; what the database already holds is intact.",
        )


class ReadOnlyDatabaseError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"数据库“{path}”是只读的（文件或其所在文件夹不可写）：可以查看和导出方案，"
            "但不能保存修改。若要修改，请把它复制到可写的文件夹，再用 --db 打开副本。",
            f"The database “{path}” is read-only (the file or its folder cannot be written): "
            "plans can be viewed and exported, not changed. To edit, copy it to a writable "
            "folder and open the copy with --db.",
        )


class DatabaseIOError(StorageError):
    """``detail``: SQLite's words, or the system's refusal (said in both languages)."""

    def __init__(self, path: Path, detail: str | OSError) -> None:
        if isinstance(detail, OSError):
            zh, en = os_reason(detail)
        else:
            zh = en = detail
        super().__init__(
            f"读写数据库“{path}”时发生输入/输出错误（{zh}）。请检查磁盘或网络驱动器后重试；"
            "未完成的修改没有写入。",
            f"An input/output error occurred with the database “{path}” ({en}). Check the "
            "disk or network drive and try again; the unfinished change was not written.",
        )


class CorruptDatabaseError(StorageError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"数据库“{path}”已损坏（{detail}）。该文件未被修改；请从备份恢复，"
            "或使用 --db 打开其他数据库。",
            f"The database “{path}” is damaged ({detail}). It was left untouched; restore it "
            "from a backup or open another database with --db.",
        )


class NewerSchemaError(StorageError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"数据库“{path}”由更新版本的 PeakPlan 创建"
            f"（结构版本 {found}，本程序支持 {supported}），请升级 PeakPlan。",
            f"The database “{path}” was written by a newer PeakPlan (schema {found}; this app "
            f"supports {supported}). Please update PeakPlan.",
        )


class DatabaseIsAFolderError(StorageError):
    def __init__(self, path: Path) -> None:
        example = path / "peakplan.sqlite"
        super().__init__(
            f"“{path}”是一个文件夹，不是数据库文件。请用 --db 指定数据库文件：已有的数据库，"
            f"或要新建的数据库的文件名（如“{example}”）。",
            f"“{path}” is a folder, not a database file. Choose a database file with --db: an "
            f"existing database, or the file name of a new one (e.g. “{example}”).",
        )


class NoDatabaseError(StorageError):
    """A command that only reads was given a path where no database is: a slip of the
    ``--db`` path, said as such rather than answered from a new, empty database."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{path}”处没有数据库（该文件不存在），未创建任何文件。请检查 --db（或 "
            "$PEAKPLAN_DB）中的路径；若要新建数据库，请运行 peakplan demo 或导入方案"
            "（import-json、import-package）。",
            f"There is no database at “{path}” (no such file); no file was created. Check the "
            "path given with --db (or $PEAKPLAN_DB); to start a new database, run peakplan "
            "demo or import a plan (import-json, import-package).",
        )


class DatabaseUnavailableError(StorageError):
    """``detail``: SQLite's words, or the system's refusal (said in both languages)."""

    def __init__(self, path: Path, detail: str | Exception) -> None:
        if isinstance(detail, OSError):
            zh, en = os_reason(detail)
        else:
            zh = en = str(detail)
        super().__init__(
            f"无法打开数据库“{path}”：{zh}",
            f"Cannot open the database “{path}”: {en}",
        )


class ServerUnreachableError(StorageError):
    """No connection to a team's PostgreSQL server (down, unreachable, no such database)."""

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(
            f"无法连接团队数据库服务器“{location}”（{detail}）。请检查网络和服务器地址，"
            "或请管理员确认服务器已启动；本机的内容没有丢失。",
            f"Cannot reach the team's database server “{location}” ({detail}). Check the "
            "network and the server's address, or ask its administrator whether it is running; "
            "nothing on this computer was lost.",
        )


class WrongPasswordError(StorageError):
    def __init__(self, location: str) -> None:
        super().__init__(
            f"团队数据库服务器“{location}”拒绝了用户名或密码。请检查地址中的用户名和密码"
            "（postgresql://用户名:密码@服务器/数据库），或向管理员确认。",
            f"The team's database server “{location}” refused the user name or password. "
            "Check them in the address (postgresql://user:password@server/database), or ask "
            "its administrator.",
        )


class ServerLostError(StorageError):
    """The server went away during work: the change in progress was not written."""

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(
            f"与团队数据库服务器“{location}”的连接中断（{detail}），这次修改没有保存。"
            "PeakPlan 会在服务器恢复后重新连接；程序中的修改会保留在本机并自动重试。",
            f"The connection to the team's database server “{location}” was lost ({detail}); "
            "this change was not saved. PeakPlan connects again when the server is back; the "
            "app keeps your changes on this computer and saves them then.",
        )


class PasswordNeededError(StorageError):
    """The server asks for a password and none was given."""

    def __init__(self, location: str) -> None:
        super().__init__(
            f"团队数据库服务器“{location}”需要密码。请在“打开团队服务器”中输入密码，"
            "或写在地址中（postgresql://用户名:密码@服务器/数据库）。",
            f"The team's database server “{location}” needs a password. Type it in “Open team "
            "server”, or put it in the address (postgresql://user:password@server/database).",
        )


class ForeignServerDatabaseError(StorageError):
    def __init__(self, location: str, detail: str) -> None:
        super().__init__(
            f"服务器数据库“{location}”中已有其他程序的表（{detail}），未被修改。"
            "请为 PeakPlan 使用一个单独的数据库或模式。",
            f"The server database “{location}” holds another program's tables ({detail}); it "
            "was left untouched. Give PeakPlan a database or schema of its own.",
        )


class PlanExistsError(StorageError):
    """Copying a plan to a database that already holds it (by its id)."""

    def __init__(self, name: str, location: str) -> None:
        super().__init__(
            f"“{location}”中已有方案“{name}”（同一方案）。若要用这份覆盖它，请加上 --replace。",
            f"“{location}” already holds the plan “{name}” (the same plan). To overwrite it "
            "with this copy, add --replace.",
        )


class PlanNotFoundError(StorageError):
    def __init__(self, ref: str) -> None:
        super().__init__(
            f"找不到方案“{ref}”（请使用方案编号或完整名称；peakplan list 列出全部方案）。",
            f"No plan “{ref}” (use a plan's id or its exact name; peakplan list shows them).",
        )


class SnapshotNotFoundError(StorageError):
    def __init__(self, ref: str | None) -> None:
        if ref is None:
            super().__init__(
                "该方案还没有快照。请先保存一个快照（“方案 ▸ 版本与修改”，或 peakplan snapshot）。",
                "The plan has no snapshots. Take one first (Plan ▸ Versions and changes, or "
                "peakplan snapshot).",
            )
        else:
            super().__init__(
                f"该方案没有快照“{ref}”。请用快照的名称或编号（peakplan snapshots 列出全部快照）。",
                f"The plan has no snapshot “{ref}”. Give a snapshot's name or id (peakplan "
                "snapshots lists them).",
            )


class DuplicatePlanNameError(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"已有名为“{name}”的方案，请换一个名称。",
            f"A plan named “{name}” already exists; choose another name.",
        )


_COLLECTION_NAMES = {
    "chapters": ("章节", "chapter"),
    "indicators": ("指标", "indicator"),
    "task_groups": ("任务领域", "task area"),
    "measures": ("任务举措", "measure"),
    "projects": ("重点项目", "project"),
    "policies": ("政策机制", "policy"),
    "milestones": ("工作进度安排", "schedule row"),
    "comments": ("审核意见", "review comment"),
    "monitoring": ("监测数据", "monitoring value"),
    "higher_targets": ("上级目标", "higher-level target"),
    "meta": ("方案信息", "plan information"),
}


class ItemNotFoundError(StorageError):
    """A row edited here was removed meanwhile (another window, an import)."""

    def __init__(self, collection: str, item_id: str) -> None:
        zh, en = _COLLECTION_NAMES.get(collection, ("条目", "row"))
        super().__init__(
            f"要修改的{zh}已不在方案中（可能已在别处删除）。请关闭并重新打开方案后再试。",
            f"The {en} being changed is no longer in the plan (it may have been removed "
            "elsewhere). Close and reopen the plan, then try again.",
        )
        self.item_id = item_id


# SQLite primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def storage_error(path: Path, exc: sqlite3.Error) -> StorageError:
    """The clear error for an SQLite error on the database at ``path``."""
    code = getattr(exc, "sqlite_errorcode", None)
    code = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if code in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        return DatabaseInUseError(path)
    if code == _FULL or "disk is full" in text:
        return DiskFullError(path)
    if code == _READONLY or "readonly" in text or "read-only" in text:
        return ReadOnlyDatabaseError(path)
    if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return CorruptDatabaseError(path, str(exc))
    if code == _IOERR or "i/o error" in text:
        return DatabaseIOError(path, str(exc))
    return DatabaseUnavailableError(path, str(exc))


def os_storage_error(path: Path, exc: OSError) -> StorageError:
    """The clear error for the operating system refusing a database file (or its backup)."""
    if exc.errno == errno.ENOSPC:
        return DiskFullError(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyDatabaseError(path)
    return DatabaseUnavailableError(path, exc)


def _naming_what_was_refused(
    exc: StorageError, method: Callable[..., object], args: tuple, kwargs: dict
) -> StorageError:
    """A write the server refused to the user's role (storage/roles.py), saying what the
    storage method was doing: its name and the ``collection`` it wrote, if any."""
    if not getattr(exc, "refused", False) or getattr(exc, "action", "") is not None:
        return exc
    arguments = inspect.signature(method).bind_partial(*args, **kwargs).arguments
    return exc.doing(method.__name__, arguments.get("collection"))  # type: ignore[attr-defined]


def translating_sqlite_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Raise :func:`storage_error` for SQLite's errors in a method of a database, or of an
    object holding ``database`` (a repository) or ``repo`` (snapshots); constraint errors and
    programming errors pass through."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except StorageError as exc:
            named = _naming_what_was_refused(exc, method, args, kwargs)
            if named is exc:
                raise
            raise named from exc
        except sqlite3.DatabaseError as exc:
            owner = args[0]
            repo = getattr(owner, "repo", None)
            database = getattr(owner, "database", None) or getattr(repo, "database", owner)
            raise storage_error(database.path, exc) from exc

    return wrapper


class ItemChangedError(StorageError):
    """Someone else changed the item since this change was made on it (team mode)."""

    def __init__(self, collection: str, item_id: str, theirs: Any = None, version: int = 0) -> None:
        zh, en = _COLLECTION_NAMES.get(collection, ("条目", "row"))
        super().__init__(
            f"这条{zh}刚被别人修改过，您的这次修改没有保存，以免覆盖对方的内容。"
            "请重新打开方案查看最新内容后再改。",
            f"Someone else has just changed this {en}; your change was not saved, so as not to "
            "overwrite theirs. Reopen the plan to see the latest, then change it again.",
        )
        self.collection = collection
        self.item_id = item_id
        self.theirs = theirs  # the item as stored now (None: deleted meanwhile)
        self.version = version  # its version now (0: deleted)
