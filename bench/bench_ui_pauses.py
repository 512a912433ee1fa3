"""The longest the UI thread is kept from a 10 ms heartbeat timer while the app works on the
large plan (bench/large_plan.py): the editor opening it (and the time from "open" until it is
shown and answers), the Export dialog writing its PDF and package, the start window importing
its package, the editor importing its department workbook (500 changed projects: preview, then
import) and the Versions dialog taking a snapshot.

    python bench/bench_ui_pauses.py [--why]

Qt offscreen, in this process, on a database of its own; figures, not asserts.  ``--why``
prints, for every pause over 50 ms, the Python stacks the UI thread and the workers were in
meanwhile (sampled every 3 ms by a watchdog thread), and how late the watchdog itself woke
(a late watchdog means some thread held the interpreter in one long C call).
"""

from __future__ import annotations

import gc
import itertools
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.large_plan import saved_large_plan

WHY = "--why" in sys.argv  # print what ran during each long pause (see the docstring)


def _note_long_collections(phase: str, info: dict) -> None:
    """With --why: each garbage collection over 20 ms, its generation and thread."""
    if phase == "start":
        _note_long_collections.began = time.perf_counter()
        return
    took = (time.perf_counter() - getattr(_note_long_collections, "began", 0.0)) * 1000
    if took > 20:
        where = threading.current_thread().name
        print(
            f"--- a {took:.0f} ms garbage collection (generation {info['generation']}, "
            f"{info['collected']} freed) on {where}",
            file=sys.stderr,
        )


if WHY:
    gc.callbacks.append(_note_long_collections)


Calls = tuple[tuple[str, int, str], ...]  # a thread's innermost calls: file, line, function


def _calls(frame, depth: int = 9) -> Calls:
    """A frame's innermost ``depth`` calls, cheaply (formatted only when printed)."""
    calls = []
    while frame is not None and len(calls) < depth:
        code = frame.f_code
        calls.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return tuple(calls)


def _shown(calls: Calls) -> str:
    return "\n        ".join(
        f"{'/'.join(Path(file).parts[-2:])}:{line} {name}" for file, line, name in calls
    )


class Watchdog:
    """Samples every thread's Python stack every ``every_ms``; when the heartbeat comes back
    after more than ``late_ms``, prints what the threads were doing during that pause (the
    most frequent stacks) and the longest the watchdog itself could not run (a thread held
    the interpreter in one C call, or the machine gave this process no core)."""

    def __init__(self, late_ms: float = 50.0, every_ms: float = 2.0) -> None:
        self.late, self.every = late_ms / 1000, every_ms / 1000
        self.last_beat = time.perf_counter()
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="bench-watchdog", daemon=True)
        self.label = ""
        self.samples: list[tuple[float, dict[str, Calls]]] = []

    def start(self, label: str) -> None:
        self.label = label
        self.last_beat = time.perf_counter()
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join()

    def _watch(self) -> None:
        own = threading.get_ident()
        reported = self.last_beat
        while not self.stop_event.is_set():
            time.sleep(self.every)
            names = {t.ident: t.name for t in threading.enumerate()}
            now = time.perf_counter()
            frames = sys._current_frames()
            self.samples.append(
                (now, {names.get(i, str(i)): _calls(f) for i, f in frames.items() if i != own})
            )
            del frames  # a frame kept alive keeps its locals: a widget seen half-built, say
            beat = self.last_beat
            if beat - reported > self.late:  # the beat came back after a pause
                self._report(reported, beat)
            reported = beat
            self.samples = [s for s in self.samples if s[0] > now - 2.0]

    def _report(self, began: float, ended: float) -> None:
        """The samples between the last beat before the pause and the one after it."""
        inside = [(t, s) for t, s in self.samples if began <= t <= ended]
        times = [began, *(t for t, _ in inside), ended]
        blind = max(b - a for a, b in itertools.pairwise(times))
        print(
            f"--- {self.label}: a pause of {(ended - began) * 1000:.0f} ms, "
            f"{len(inside)} samples; the watchdog could not run for up to {blind * 1000:.0f} ms",
            file=sys.stderr,
        )
        stacks: Counter[str] = Counter()
        for _t, sample in inside:
            for name, calls in sample.items():
                stacks[f"[{name}]\n        {_shown(calls)}"] += 1
        for stack, count in stacks.most_common(8):
            print(f"  {count:4d}x {stack}", file=sys.stderr)


class Heartbeat:
    """A 10 ms timer on the UI thread; the longest gap between two of its turns."""

    def __init__(self, label: str = "") -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock, self.gaps = QElapsedTimer(), [0.0]
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.watchdog = Watchdog() if WHY else None
        self.label = label

    def _beat(self) -> None:
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()
        if self.watchdog is not None:
            self.watchdog.last_beat = time.perf_counter()

    def start(self) -> None:
        self.gaps = [0.0]
        self.clock.start()
        self.timer.start()
        if self.watchdog is not None:
            self.watchdog.start(self.label)

    def stop(self) -> float:
        self.timer.stop()
        if self.watchdog is not None:
            self.watchdog.stop()
        return max(self.gaps)


def spin(seconds: float) -> None:
    """Let the event loop turn (the heartbeat's beats come in)."""
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.001)


def longest_pause_ms(
    action: Callable[[], object], until: Callable[[], bool] = lambda: True, label: str = ""
) -> float:
    """The longest heartbeat gap from just before ``action`` until ``until()`` holds and the
    loop has turned a little after it.  The bench's own garbage (the workbook it edited with
    openpyxl on this thread) is collected first: it is not the app's."""
    gc.collect()
    heartbeat = Heartbeat(label)
    heartbeat.start()
    spin(0.05)
    action()
    while not until():
        spin(0.01)
    spin(0.1)
    return heartbeat.stop()


def export_pause_ms(repo, plan_id: str, folder: Path) -> float:
    """While the Export dialog writes the large plan's PDF and package in its worker."""
    from ui.export_dialog import ExportDialog
    from ui.texts import Texts
    from workflows.store import find_plan, template_for

    plan = find_plan(repo, plan_id)
    dialog = ExportDialog(plan, template_for(plan), repo, Texts("zh"))
    for kind, box in dialog.format_boxes.items():
        box.setChecked(kind in {"pdf", "package"})
    out = folder / "dialog"
    out.mkdir()
    dialog.folder.setText(str(out))
    dialog.show()
    pause = longest_pause_ms(dialog.start_export, lambda: dialog._thread is None, "export")
    dialog.close()
    return pause


def changed_workbook(editor, path: Path) -> Path:
    """The plan's collection workbook with every project's responsible unit changed."""
    from openpyxl import load_workbook

    from workflows.exports import export_collection_workbook

    session = editor.session
    export_collection_workbook(session.plan, session.template, path, None, None)
    book = load_workbook(path)
    sheet = book["重点项目"]
    column = next(c.column for c in sheet[1] if c.value == "责任单位")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:  # a project's row (blank rows below are for new ones)
            sheet.cell(row, column).value = f"新责任单位{row}"
    book.save(path)
    return path


def open_pauses_ms(window, plan_id: str) -> dict[str, float]:
    """Opening the editor: from "open" until it is shown and its loop turns (``opened``), and
    the longest heartbeat gap meanwhile and just after (``open``)."""
    from PySide6.QtWidgets import QApplication

    opened: list[float] = []

    def open_editor() -> None:
        start = time.perf_counter()
        editor = window.open_plan(plan_id)
        assert editor is not None and editor.isVisible()
        QApplication.processEvents()  # shown and answering: its first loop turn
        opened.append((time.perf_counter() - start) * 1000)
        editor.close()

    pause = longest_pause_ms(open_editor, label="open")
    return {"opened": opened[0], "open": pause}


def import_pauses_ms(window, plan_id: str, folder: Path) -> dict[str, float]:
    """The package import, the workbook import (preview, then Import), a snapshot."""
    from exporters.package import ExportRequest, export_plan
    from workflows.store import find_plan, template_for

    plan = find_plan(window.context.repo, plan_id)
    package = folder / "large-package.zip"
    export_plan(plan, template_for(plan), ExportRequest(package=package))
    pauses = {
        "package": longest_pause_ms(lambda: window.import_package(str(package)), label="package")
    }
    editor = window.open_plan(plan_id)
    spin(0.3)
    workbook = changed_workbook(editor, folder / "large-returned.xlsx")

    def import_workbook() -> None:
        dialog = editor.import_collection_workbook(str(workbook))
        assert dialog is not None and dialog.import_button.isEnabled(), dialog.summary.text()
        spin(0.2)  # the preview shown: a person reads it before clicking Import
        dialog.accept()

    pauses["workbook"] = longest_pause_ms(import_workbook, label="workbook")
    assert editor.session.plan.projects[0].owner.startswith("新责任单位")
    versions = editor.show_versions()
    spin(0.3)
    pauses["snapshot"] = longest_pause_ms(lambda: versions.take("bench"), label="snapshot")
    versions.close()
    editor.close()
    return pauses


def isolate_settings(folder: Path) -> None:
    """The app's settings (export folder, window sizes, language) kept in ``folder``, not the
    user's own: the app names its settings in the native format, the bench's own in INI, and
    a bench run must not leave the user's Export dialog pointing at a deleted temporary
    folder."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))


def measure(db: Path, plan_id: str, folder: Path) -> dict[str, float]:
    """Each figure in ms: opened, open, export, package, workbook, snapshot (as
    :data:`__doc__` says)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QMessageBox

    from ui.app import create_start_window, make_application

    isolate_settings(folder)

    def refuse(_parent, _title, text, *_args):
        raise RuntimeError(f"the app reported an error: {text}")

    QMessageBox.warning = refuse  # a message box would wait for a click forever
    make_application(["peakplan-bench"])
    window = create_start_window(db, "zh")
    window.show()
    spin(0.3)
    try:
        pauses = open_pauses_ms(window, plan_id)
        pauses["export"] = export_pause_ms(window.context.repo, plan_id, folder)
        pauses.update(import_pauses_ms(window, plan_id, folder))
    finally:
        window.close()
        window.context.database.close()
    return pauses


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plan_id = saved_large_plan(folder / "large.sqlite")
        for what, ms in measure(folder / "large.sqlite", plan_id, folder).items():
            print(f"{what:10s} {ms:8.0f} ms")


if __name__ == "__main__":
    main()
