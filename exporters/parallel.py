"""Work done in a child process beside this one, on two processors or more (the command
line's exports: see :mod:`exporters.pdf_child`).

Only by ``fork``, and only from a process with one thread: the child starts at once with the
modules already loaded in memory.  Forking a process that runs other threads (the app: Qt's
and the export's worker threads) may leave the child stuck on a lock one of them held, and a
child started afresh (``spawn``) spends longer importing than the work it would take over;
there, and with one processor or no ``fork`` (Windows, macOS), everything runs in this
process, one file after another.

The fork is the system's own (``os.fork`` and two pipes), not :mod:`multiprocessing`, whose
import alone would cost the command more than a tenth of what the child saves it.

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
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from forms import codecache
from forms.errors import LocalizedError

POLL_SECONDS = 0.05  # how often a wait for the child asks whether the export was cancelled
TERM_SECONDS = 2.0  # how long an ended child has to go before it is killed
_HEADER = 8  # bytes of a message's length, before the message (a pickle)
PIPE_BYTES = 1 << 20  # what the parent may send before the child reads it (Linux's most)


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


def _write(fd: int, value: Any) -> None:
    """One message: its length, then the pickle."""
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed its end")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(fd: int) -> Any:
    """The next message; EOFError when the other process has gone."""
    size = int.from_bytes(_read_exactly(fd, _HEADER), "little")
    return pickle.loads(_read_exactly(fd, size))


class Link:
    """The child's side of the pipes: what the parent sends, and notes sent back to it
    before the work's result (e.g. what the parent needs early)."""

    def __init__(self, incoming: int, outgoing: int) -> None:
        self._in, self._out = incoming, outgoing

    def receive(self) -> Any:
        """The parent's next :meth:`ChildWork.send` (waits for it); EOFError when the parent
        has gone."""
        return _read(self._in)

    def idle(self) -> bool:
        """Whether nothing has been sent yet (what the child may do meanwhile is free)."""
        return not select.select([self._in], [], [], 0)[0]

    def tell(self, value: Any) -> None:
        """Hand ``value`` to the parent's next :meth:`ChildWork.receive`."""
        _write(self._out, ("note", value))

    def answer(self, outcome: tuple[str, Any]) -> None:
        """The work's result or failure: the last message."""
        with contextlib.suppress(OSError):  # the parent is gone (killed): nobody to tell
            try:
                _write(self._out, outcome)
            except Exception as exc:  # a result that cannot be pickled: written is nothing
                _write(self._out, _portable(exc))


def _child_main(link: Link, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[str, Any] = ("done", work(link, *args))
    except BaseException as exc:  # every failure is the parent's to report
        outcome = _portable(exc)
    link.answer(outcome)


class Claims:
    """Tasks either process may do: the first to claim one does it.  Made before the child
    is forked, so that both hold them.  Each task is one byte in a pipe whose writing end is
    closed: one read, in either process, takes it; every read after that finds the end."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self._tokens: dict[str, int] = {}
        try:
            for name in names:
                readable, writable = os.pipe()
                self._tokens[name] = readable
                os.write(writable, b"!")
                os.close(writable)
        except BaseException:
            self.close()
            raise

    def claim(self, name: str) -> bool:
        """True for the first caller in either process, False ever after."""
        return os.read(self._tokens[name], 1) == b"!"

    def close(self) -> None:
        for fd in self._tokens.values():
            os.close(fd)
        self._tokens = {}


class Closing:
    """Closed when its ``with`` block is left, however it is left (done, failed, cancelled)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ChildWork(Closing):
    """``work(link, *args)`` in a forked child (``link``: a :class:`Link`); its return value
    is :meth:`result`.  Use as a context manager: leaving it ends the child.  OSError when no
    child can be started (the system's limit of processes, no memory)."""

    def __init__(self, work: Callable[..., Any], *args: Any) -> None:
        down = os.pipe()  # parent → child
        try:
            up = os.pipe()  # child → parent
        except BaseException:
            os.close(down[0]), os.close(down[1])
            raise
        # Room for what is sent (a large plan's document: 0.5 MB) while the child is still
        # loading, so that the parent goes on with its own work (Linux; elsewhere 64 KiB).
        with contextlib.suppress(OSError, AttributeError, ImportError):
            import fcntl

            fcntl.fcntl(down[1], fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        for stream in (sys.stdout, sys.stderr):  # the child must not write them out again
            if stream is not None:
                stream.flush()
        # Ctrl+C held back across the fork: the child ignores it (the parent ends it), and
        # must not be interrupted before it has said so.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        gc.freeze()  # the child's collections leave the shared objects (and their pages) alone
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (*down, *up):
                os.close(fd)
            raise
        if pid == 0:  # the child: never returns
            self._run_child(down, up, mask, work, args)
        gc.unfreeze()
        self.pid = pid
        self.exitcode: int | None = None
        self._answered = False  # the last message came: the child is ending of itself
        # The child's ends closed here, so that its death is seen; the parent's ends closed
        # in the child, so that the parent's death (even by SIGKILL) ends the child's wait.
        os.close(down[0])
        os.close(up[1])
        self._out, self._in = down[1], up[0]
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl+C held comes now
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _run_child(
        down: tuple[int, int],
        up: tuple[int, int],
        mask: set[signal.Signals],
        work: Callable[..., Any],
        args: tuple,
    ) -> None:
        code = 1
        try:
            # Ctrl+C reaches the whole process group: the parent stops, and it ends the child
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(down[1])
            os.close(up[0])
            _child_main(Link(down[0], up[1]), work, args)
            code = 0
        finally:
            try:
                codecache.save()  # what the child compiled: it runs no handler at exit
            finally:
                os._exit(code)  # neither the parent's clean-up at exit nor its buffers

    def send(self, value: Any) -> None:
        """Hand ``value`` to the child's next ``link.receive()``."""
        with contextlib.suppress(OSError):  # the child is gone; result() says why
            _write(self._out, value)

    def receive(self, check: Callable[[], None] | None = None) -> Any:
        """The child's next ``link.tell()``; its error raised here if it failed instead.
        ``check`` is called while waiting (it raises to stop waiting, e.g. when the export is
        cancelled)."""
        kind, value = self._next(check)
        if kind != "note":
            self._raise(kind, value)
        return value

    def result(self, check: Callable[[], None] | None = None) -> Any:
        """The child's return value, or its error raised here (``check``: see
        :meth:`receive`); notes the caller did not ask for are passed over."""
        while True:
            kind, value = self._next(check)
            if kind == "done":
                return value
            if kind != "note":
                self._raise(kind, value)

    def _next(self, check: Callable[[], None] | None) -> tuple[str, Any]:
        while not select.select([self._in], [], [], POLL_SECONDS)[0]:
            if check is not None:
                check()
        try:
            message = _read(self._in)
        except (EOFError, OSError, pickle.UnpicklingError):
            self._reap(block=True)
            raise ExportChildError(self.exitcode) from None
        self._answered = message[0] != "note"
        return message

    @staticmethod
    def _raise(kind: str, value: Any) -> None:
        raise _restored(kind, value)

    def _reap(self, block: bool) -> bool:
        """Whether the child has ended (it is then waited for: no zombie left)."""
        if self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            except ChildProcessError:  # waited for elsewhere
                pid, status = self.pid, 0
            if pid == 0:
                return False
            self.exitcode = os.waitstatus_to_exitcode(status)
        return True

    def _wait_for_end(self, seconds: float) -> None:
        """Wait, ``seconds`` at most, for the child to end (to be reaped by :meth:`_reap`)."""
        try:
            end = os.pidfd_open(self.pid)  # readable when the child has ended (Linux 5.3+)
        except (AttributeError, OSError):
            deadline = time.monotonic() + seconds
            while not self._reap(block=False) and time.monotonic() < deadline:
                time.sleep(0.001)
            return
        try:
            select.select([end], [], [], seconds)
        finally:
            os.close(end)

    def close(self) -> None:
        """End the child: one that has answered is ending already and is waited for (as soon
        as it has gone, where polling every 5 ms lost up to 5 ms of the command); one still
        running (the export failed or was cancelled) is stopped."""
        if self._answered and self.exitcode is None:
            self._wait_for_end(TERM_SECONDS)
        if not self._reap(block=False):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + TERM_SECONDS
            while not self._reap(block=False) and time.monotonic() < deadline:
                time.sleep(0.005)
            if self.exitcode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self._reap(block=True)
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._out = self._in = -1
