"""Slow operations run in a worker thread while the window keeps painting."""

from __future__ import annotations

import threading

import pytest

from forms.errors import LocalizedError
from ui.background import off_ui_thread


def test_the_work_runs_off_the_ui_thread_and_returns(qapp) -> None:
    seen: list[threading.Thread] = []

    def work(a: int, b: int) -> int:
        seen.append(threading.current_thread())
        return a + b

    assert off_ui_thread(work, 2, 3) == 5
    assert seen and seen[0] is not threading.main_thread()


def test_an_error_reaches_the_caller(qapp) -> None:
    def work() -> None:
        raise LocalizedError("坏了", "broken")

    with pytest.raises(LocalizedError) as raised:
        off_ui_thread(work)
    assert raised.value.message("en") == "broken"


def test_the_start_window_reads_a_package_off_the_ui_thread(
    start_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import workflows.plans

    window = start_app()
    threads: list[threading.Thread] = []
    shown: list[str] = []

    def read(_path: str) -> None:
        threads.append(threading.current_thread())
        raise LocalizedError("报送包已损坏。", "The package is damaged.")

    monkeypatch.setattr(workflows.plans, "read_package_plan", read)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window.import_package("x.zip")
    assert threads and threads[0] is not threading.main_thread()
    assert shown == ["报送包已损坏。"] and window.model.rowCount() == 0


def test_no_full_garbage_collection_while_a_long_job_runs() -> None:
    """A full collection over a large plan held the window ~250 ms in mid-export."""
    import gc

    from ui.background import few_full_collections

    before = gc.get_threshold()
    with few_full_collections():
        assert gc.get_threshold()[2] >= 1_000_000
        assert gc.get_freeze_count() > 0  # what existed before is not scanned again
    assert gc.get_threshold() == before
