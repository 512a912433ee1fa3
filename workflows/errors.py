"""Errors of user operations, in both languages."""

from __future__ import annotations

from pathlib import Path

from forms.errors import LocalizedError


class OperationError(LocalizedError):
    """Base of the operations' own errors."""


class FileReadError(OperationError):
    def __init__(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        super().__init__(f"无法读取“{path}”：{reason}", f"Cannot read “{path}”: {reason}")


class NoOutputError(OperationError):
    def __init__(self) -> None:
        super().__init__(
            "请至少指定一种输出：--pdf、--xlsx、--docx 或 --package。",
            "Name at least one output: --pdf, --xlsx, --docx or --package.",
        )


class ChapterNotFoundError(OperationError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"没有章节“{ref}”。", f"No chapter “{ref}”.")


class IndicatorNotFoundError(OperationError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"没有指标“{ref}”。", f"No indicator “{ref}”.")


class OtherPlanError(OperationError):
    def __init__(self, incoming: str, plan: str) -> None:
        super().__init__(
            f"报送包中的方案“{incoming}”与“{plan}”不是同一方案，不能合并审核意见。",
            f"The package holds the plan “{incoming}”, not “{plan}”; "
            "its comments cannot be merged.",
        )


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes, or a :class:`FileReadError` naming it."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileReadError(path, exc) from exc
