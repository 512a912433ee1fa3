"""The database's writer lock: held across processes, gone with the process that held it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage.file_lock import FileLock, LockHeldError

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from storage.file_lock import FileLock
    FileLock(sys.argv[1], timeout=5).acquire()
    print("held", flush=True)
    time.sleep(60)
    """
)


def start_holder(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_lock_is_taken_released_and_taken_again(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite.lock"
    lock = FileLock(path, timeout=0.2)
    lock.acquire()
    assert lock.is_locked and path.exists()
    lock.release()
    assert not lock.is_locked
    again = FileLock(path, timeout=0.2)
    again.acquire()  # at once: nothing holds it
    again.release()


def test_a_second_open_waits_for_the_timeout_then_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite.lock"
    first = FileLock(path, timeout=0.2)
    first.acquire()
    try:
        with pytest.raises(LockHeldError):
            FileLock(path, timeout=0.2).acquire()
    finally:
        first.release()


def test_another_process_holding_it_is_waited_for_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite.lock"
    holder = start_holder(path)
    try:
        with pytest.raises(LockHeldError):
            FileLock(path, timeout=0.3).acquire()
    finally:
        holder.kill()
        holder.wait()


def test_a_crashed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite.lock"
    holder = start_holder(path)
    os.kill(holder.pid, signal.SIGKILL)  # no clean-up of its own
    holder.wait()
    lock = FileLock(path, timeout=0.2)
    lock.acquire()
    lock.release()


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW here")
def test_a_link_planted_at_the_lock_path_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone's file")
    path = tmp_path / "plans.sqlite.lock"
    path.symlink_to(target)
    with pytest.raises(OSError):
        FileLock(path, timeout=0.2).acquire()
    assert target.read_text() == "someone's file"
