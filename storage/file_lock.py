"""One writer per database file: an exclusive lock on a file beside it, across processes.

The system's own advisory lock (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows)
on a file that stays in place: the system ends the lock with the process, however the process
ends, so a crash leaves no stale lock behind.  The filelock package does the same; importing
it also loads asyncio and its own thread and lease machinery (0.1–0.3 s on a small laptop),
which every start of the app paid before its plans were listed.
"""

from __future__ import annotations

import errno
import os
import sys
import time

POLL_SECONDS = 0.05
# Another process holds the lock (flock answers EWOULDBLOCK; Windows EACCES or EDEADLOCK).
_HELD = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK})
# Never follow a link planted where the lock file should be.
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)

if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockHeldError(Exception):
    """Another process (or another open of the same file) held the lock until the timeout."""


class FileLock:
    """An exclusive lock on ``path`` (created if missing), taken by :meth:`acquire` within
    ``timeout`` seconds and given back by :meth:`release` (or by the process ending)."""

    def __init__(self, path: str | os.PathLike[str], timeout: float) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting up to the timeout; raises LockHeldError if it stays held,
        OSError if the lock file cannot be opened or locked at all."""
        if self._fd is not None:
            return
        deadline = time.monotonic() + self.timeout
        while True:
            fd = os.open(self.path, _OPEN_FLAGS, 0o644)
            try:
                _try_lock(fd)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in _HELD:
                    raise
                if time.monotonic() >= deadline:
                    raise LockHeldError(self.path) from None
                time.sleep(POLL_SECONDS)
                continue
            if os.fstat(fd).st_nlink == 0:  # removed by someone between open and lock
                _unlock(fd)
                os.close(fd)
                continue
            self._fd = fd
            return

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)
