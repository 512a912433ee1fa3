"""Writing a file so that it is either complete or absent: temporary name, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from forms.errors import LocalizedError


class ExportError(LocalizedError):
    """A file could not be written; nothing was left behind."""


def unwritable(path: Path, exc: OSError) -> ExportError:
    reason = exc.strerror or str(exc)
    return ExportError(
        f"无法写入“{path}”：{reason}。请选择其他保存位置。",
        f"Cannot write “{path}”: {reason}. Choose another destination.",
    )


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(
            f"“{path}”是一个文件夹，请指定文件名。", f"“{path}” is a folder; give a file name."
        )
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise unwritable(path, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise unwritable(path, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path
