"""Slow operations run in a worker thread while the window keeps painting."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

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


def test_progress_reaches_the_window_a_few_times_a_second_and_each_step_change() -> None:
    """A worker reporting each of 500 pages flooded the window's thread with redraws."""
    from ui.background import throttled

    now = [0.0]
    shown: list[tuple[float, str]] = []
    report = throttled(lambda share, what: shown.append((share, what)), 0.1, lambda: now[0])
    for page in range(500):  # all within one tenth of a second
        report(page / 1000, "pdf")
    report(0.6, "xlsx")  # a new step shows at once
    report(0.61, "xlsx")
    now[0] = 0.1
    report(0.62, "xlsx")  # a tenth of a second later, the bar moves again
    report(1.0, "done")
    report(1.0, "done")  # the end always shows
    assert shown == [(0.0, "pdf"), (0.6, "xlsx"), (0.62, "xlsx"), (1.0, "done"), (1.0, "done")]


def test_the_export_dialog_gets_a_report_per_step_not_per_page(
    qtbot, start_app, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    import ui.export_dialog
    from tests.ui.test_export_dialog import (
        open_demo_city_editor,
        open_export_dialog,
        out_folder,
        type_folder,
    )
    from ui.background import throttled

    folder = out_folder(tmp_path)
    _window, _editor = open_demo_city_editor(qtbot, start_app)
    dialog = open_export_dialog(qtbot)
    for kind in ("xlsx", "docx", "package"):
        QTest.mouseClick(dialog.format_boxes[kind], Qt.MouseButton.LeftButton)
    type_folder(dialog, folder)
    shown: list[str] = []
    frozen = throttled  # a clock that stands still: only the step changes pass

    def counted(report):
        return frozen(lambda share, what: (shown.append(what), report(share, what)), 0.1, float)

    monkeypatch.setattr(ui.export_dialog, "throttled", counted)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_folder_button.isEnabled(), timeout=60_000)
    assert shown == ["pdf", "write", "done"]  # the PDF alone: not a report for each page
    assert dialog.progress.value() == 1000


def test_a_progress_window_is_fitted_but_not_remembered(
    qtbot, start_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the settings file as each progress window hid made the window's thread wait."""
    from PySide6.QtCore import QSettings

    import ui.background
    from ui.background import ProgressDialog, with_progress

    monkeypatch.setattr(ui.background, "SHOW_AFTER_MS", 0)
    window = start_app()
    shown = threading.Event()

    def look() -> None:  # the window's thread, until the progress window is up
        if isinstance(QApplication.activeModalWidget(), ProgressDialog):
            shown.set()
        else:
            QTimer.singleShot(10, window, look)

    def work(steps) -> int:
        shown.wait(30)  # the work lasts until the progress window has shown, however slow
        return 7

    look()
    assert with_progress(window, window.texts, "…", work) == 7
    assert shown.is_set()
    assert QSettings().value("geometry/ProgressDialog") is None
    window.hide()  # the start window is still remembered
    assert QSettings().value("geometry/StartWindow") is not None


def test_while_a_worker_runs_the_window_gets_its_turn_sooner(
    qtbot, start_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each event the window's thread handled waited up to 5 ms for a busy worker."""
    import sys

    from ui.background import WORKER_SWITCH_S, window_turns_soon, with_progress

    window = start_app()
    before = sys.getswitchinterval()
    seen = with_progress(window, window.texts, "…", lambda steps: sys.getswitchinterval())
    assert seen == WORKER_SWITCH_S < before == sys.getswitchinterval()
    with window_turns_soon():  # two at once: the first to end leaves it short
        with window_turns_soon():
            pass
        assert sys.getswitchinterval() == WORKER_SWITCH_S
    assert sys.getswitchinterval() == before
