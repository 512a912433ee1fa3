"""What can go wrong with the database, said plainly in both languages."""

from __future__ import annotations

from pathlib import Path

from forms.errors import LocalizedError


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


class DatabaseUnavailableError(StorageError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"无法打开数据库“{path}”：{detail}",
            f"Cannot open the database “{path}”: {detail}",
        )


class PlanNotFoundError(StorageError):
    def __init__(self, ref: str) -> None:
        super().__init__(
            f"找不到方案“{ref}”（请使用方案编号或完整名称）。",
            f"No plan “{ref}” (use a plan's id or its exact name).",
        )


class SnapshotNotFoundError(StorageError):
    def __init__(self, ref: str | None) -> None:
        if ref is None:
            super().__init__("该方案还没有快照。", "The plan has no snapshots.")
        else:
            super().__init__(f"没有快照“{ref}”。", f"No snapshot “{ref}”.")


class DuplicatePlanNameError(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"已有名为“{name}”的方案，请换一个名称。",
            f"A plan named “{name}” already exists; choose another name.",
        )


class ItemNotFoundError(StorageError):
    def __init__(self, collection: str, item_id: str) -> None:
        super().__init__(
            f"方案中找不到 {collection} 条目 {item_id}。",
            f"The plan has no {collection} item {item_id}.",
        )
