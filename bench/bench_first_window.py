"""Time to the first window, as a user meets it: whole processes, side by side.

    python bench/bench_first_window.py [--runs N]

Each run starts a new Python process and measures, from before the process is started to the
moment the process reports that its event loop turned once with its window shown:
- bare Qt: an empty PySide6 QMainWindow, the least any Qt app can do;
- PeakPlan: ``main.py`` as ``peakplan`` runs it, on a database with the two demo plans; and
  the moment its list shows the plans (the database opens after the window is painted).
The median of N runs each, taken alternately after one warm-up run of each, and their ratio.
Compiled modules (``__pycache__``) are written and used, as on a user's machine.
``QT_QPA_PLATFORM`` is left as it is (offscreen when no display is set).  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both children report on the first turn of the event loop after their window is shown.
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""

PEAKPLAN = """
import sys
import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

_exec = QApplication.exec

def listed():
    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "startWindow"]
    return any(w.context is not None and w.model.rowCount() for w in windows)

def report_listed():
    if not listed():
        QTimer.singleShot(5, report_listed)
        return
    print("listed", flush=True)
    QApplication.quit()

def exec_and_report(*_self):
    QTimer.singleShot(0, lambda: (print("shown", flush=True), report_listed()))
    return _exec()

QApplication.exec = exec_and_report
sys.exit(main.main(["--db", sys.argv[1]]))
"""


def seconds_to_window(code: str, *args: str) -> tuple[float, float]:
    """Seconds to the window shown and to its plans listed (the same for bare Qt)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: compiled modules kept
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    shown = time.perf_counter() - start
    if line.strip() != "shown":
        raise RuntimeError("the window was not shown")
    line = child.stdout.readline()
    listed = time.perf_counter() - start if line.strip() == "listed" else shown
    child.wait(timeout=60)
    return shown, listed


def demo_database(folder: Path) -> Path:
    path = folder / "bench.sqlite"
    subprocess.run(
        [sys.executable, "main.py", "--db", str(path), "demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def measure(runs: int) -> tuple[float, float, float]:
    """Median seconds: bare Qt's window, PeakPlan's start window, its plans listed."""
    with tempfile.TemporaryDirectory() as folder:
        database = demo_database(Path(folder))
        seconds_to_window(BARE)  # warm the disk cache for both
        seconds_to_window(PEAKPLAN, str(database))
        bare, app, listed = [], [], []
        for _ in range(runs):
            bare.append(seconds_to_window(BARE)[0])
            shown, filled = seconds_to_window(PEAKPLAN, str(database))
            app.append(shown)
            listed.append(filled)
    return statistics.median(bare), statistics.median(app), statistics.median(listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bare, app, listed = measure(args.runs)
    print(f"empty PySide6 window     {bare * 1000:8.0f} ms (median of {args.runs})")
    print(f"PeakPlan start window    {app * 1000:8.0f} ms ({app / bare:.1f}× the empty window)")
    print(f"its plans listed         {listed * 1000:8.0f} ms ({listed / bare:.1f}×)")


if __name__ == "__main__":
    main()
