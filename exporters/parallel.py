"""Work done in a child process beside this one: an export renders its workbook and Word file
there while this process renders the PDF, on two processors or more (the command line).

Only by ``fork``, and only from a process with one thread: the child starts at once with the
plan and the loaded modules it needs already in memory.  Forking a process that runs other
threads (the app: Qt's and the export's worker threads) may leave the child stuck on a lock
one of them held, and a child started afresh (``spawn``) spends longer importing than the
work it would take over; there, and with one processor or no ``fork`` (Windows, macOS),
everything runs in this process, one file after another.

The child's failure is this process's failure: a localized error comes back as the same
error; a child that dies says so in both languages.  Leaving the ``with`` block (done,
failed, cancelled) ends the child: none is left behind.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from forms.errors import LocalizedError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

POLL_SECONDS = 0.05  # how often a wait for the child asks whether the export was cancelled


class ExportChildError(LocalizedError):
    """The child process stopped without an answer (killed, out of memory, crashed)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(
            f"生成导出文件的子进程意外退出（退出码 {exitcode}），没有写入任何文件。请重新导出。",
            f"The process rendering the export's files stopped unexpectedly (exit code "
            f"{exitcode}); no file was written. Export again.",
        )


def usable_processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def may_fork() -> bool:
    """Whether a child may be forked here: on Linux (and the like), with two processors or
    more, from a process running no other Python thread."""
    return (
        hasattr(os, "fork")
        and sys.platform != "darwin"  # fork is unsafe with macOS's system libraries
        and usable_processors() > 1
        and threading.active_count() == 1
    )


class _RemoteTraceback(Exception):
    """The child's traceback, shown as the cause of the error it raised."""

    def __str__(self) -> str:
        return str(self.args[0])


def _portable(exc: BaseException) -> tuple[str, Any]:
    """``exc`` in a form that survives the way back to the parent."""
    if isinstance(exc, LocalizedError):  # its __init__ differs per class: not picklable
        kind = type(exc)
        return "localized", (kind.__module__, kind.__qualname__, exc.message_zh, exc.message_en)
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an exception that cannot be rebuilt: its type and text
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return "exception", (exc, "".join(traceback.format_exception(exc)))


def _restored(kind: str, value: Any) -> BaseException:
    if kind == "localized":
        module, name, zh, en = value
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            cls = LocalizedError
        error = cls.__new__(cls)
        LocalizedError.__init__(error, zh, en)
        return error
    error, remote = value
    error.__cause__ = _RemoteTraceback(remote)
    return error


def _child_main(
    conn: Connection, parents_end: Connection, work: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    # The parent's end came along with the fork: closed here, so that the parent's death
    # (even by SIGKILL) ends this child's wait for it and its send to it, not only Ctrl+C.
    parents_end.close()
    # Ctrl+C reaches the whole process group: the parent stops, and it ends the child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        outcome: tuple[str, Any] = ("done", work(conn.recv, *args))
    except BaseException as exc:  # every failure is the parent's to report
        outcome = _portable(exc)
    with contextlib.suppress(OSError):  # the parent is gone (killed): nobody to tell
        conn.send(outcome)
    conn.close()


class Claims:
    """Tasks either process may do: the first to claim one does it.  Made before the child
    is forked, so that both hold the same locks; OSError where the system has none to give
    (no shared memory)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.names = names
        self._locks = {name: context.Lock() for name in names}

    def claim(self, name: str) -> bool:
        """True for the first caller in either process, False ever after."""
        return self._locks[name].acquire(block=False)


class ChildWork:
    """``work(receive, *args)`` in a forked child; its return value is :meth:`result`.
    Use as a context manager: leaving it ends the child.  OSError when no child can be
    started (the system's limit of processes, no memory)."""

    def __init__(self, work: Callable[..., Any], *args: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        for stream in (sys.stdout, sys.stderr):  # the child must not write them out again
            if stream is not None:
                stream.flush()
        self._process: BaseProcess = context.Process(
            target=_child_main,
            args=(child_end, self._conn, work, args),
            name="peakplan-export",
            daemon=True,
        )
        gc.freeze()  # the child's collections leave the shared objects (and their pages) alone
        try:
            self._process.start()
        except BaseException:
            self._conn.close()
            raise
        finally:
            gc.unfreeze()
            child_end.close()  # so that the child's end closing (its death) is seen here

    def send(self, value: Any) -> None:
        """Hand ``value`` to the child's next ``receive()``."""
        with contextlib.suppress(OSError):  # the child is gone; result() says why
            self._conn.send(value)

    def result(self, check: Callable[[], None] | None = None) -> Any:
        """The child's return value, or its error raised here; ``check`` is called while
        waiting (it raises to stop waiting, e.g. when the export is cancelled)."""
        from multiprocessing.connection import wait

        watched = [self._conn, self._process.sentinel]
        while not wait(watched, POLL_SECONDS):
            if check is not None:
                check()
        try:  # the answer, if the child sent one before it ended
            kind, value = self._conn.recv() if self._conn.poll() else (None, None)
        except (EOFError, OSError):
            kind = None
        if kind is None:
            self._process.join(1)
            raise ExportChildError(self._process.exitcode)
        if kind != "done":
            raise _restored(kind, value)
        return value

    def close(self) -> None:
        """End the child (still running when the export failed or was cancelled)."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(2)
            if self._process.is_alive():
                self._process.kill()
        self._process.join()
        self._process.close()
        self._conn.close()

    def __enter__(self) -> ChildWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
