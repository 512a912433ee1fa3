"""Writing a file so that it is either complete or absent: temporary name, then rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from forms.errors import LocalizedError, os_reason


class ExportError(LocalizedError):
    """A file could not be written; nothing was left behind."""


# Every file this process has put in place, so that a command cancelled (Ctrl+C) can say
# which were written in full before it stopped, rather than "nothing was written".
_PLACED: list[Path] = []


def placed_files() -> list[Path]:
    """The files :func:`write_all_atomic` has completed in this process, oldest first."""
    return list(_PLACED)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl+C held back while finished files take their names (a few renames), then raised:
    several files are put in place all together or, cancelled before, none.  Only the main
    thread receives Ctrl+C; elsewhere (the app's export thread) nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is None or previous is signal.SIG_IGN:  # set outside Python, or ignored
        yield
        return
    held: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


def unwritable(path: Path, exc: OSError) -> ExportError:
    zh, en = os_reason(exc)
    return ExportError(
        f"无法写入“{path}”：{zh}。请选择其他保存位置。",
        f"Cannot write “{path}”: {en}. Choose another destination.",
    )


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new temporary file beside ``path``, with the permissions ``path`` will have.

    Created like any file a program writes (mode 0666 less the user's umask, so 0644 under
    the usual 022), not private as ``tempfile.mkstemp`` makes it; a file being replaced keeps
    its own permissions.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            handle = os.open(temp, flags, 0o666)
            break
        except FileExistsError:
            continue
    with contextlib.suppress(OSError):  # a new file: the umask decided
        os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
    return handle, temp


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename."""
    return write_all_atomic({Path(path): data})[0]


def write_all_atomic(outputs: dict[Path, bytes]) -> list[Path]:
    """Write several files all or nothing: every one to a temporary name first, then rename.

    When any temporary file cannot be written, the others are removed and nothing is left.
    """
    temps: list[tuple[Path, Path]] = []
    opened: list[int] = []  # the handle of a temporary file not yet handed to its writer
    try:
        for path, data in outputs.items():
            path = Path(path)
            try:  # a name too long to look at is refused as any unwritable one
                is_folder = stat.S_ISDIR(path.stat().st_mode)
            except FileNotFoundError:
                is_folder = False
            except OSError as exc:
                raise unwritable(path, exc) from exc
            if is_folder:
                raise ExportError(
                    f"“{path}”是一个文件夹，请指定文件名。",
                    f"“{path}” is a folder; give a file name.",
                )
            # Ctrl+C held until the new file is on the list of those to remove: between its
            # creation and the list, it would otherwise be left behind.
            with _ctrl_c_held():
                try:
                    handle, temp = _create_temp(path)
                except OSError as exc:
                    raise unwritable(path, exc) from exc
                temps.append((temp, path))
                opened.append(handle)
            try:
                with os.fdopen(opened.pop(), "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as exc:
                raise unwritable(path, exc) from exc
        with _ctrl_c_held():
            for temp, path in temps:
                try:
                    temp.replace(path)
                except OSError as exc:
                    raise unwritable(path, exc) from exc
                _PLACED.append(path)
    except BaseException:
        for handle in opened:
            os.close(handle)
        for temp, _path in temps:
            temp.unlink(missing_ok=True)
        raise
    return [path for _temp, path in temps]
