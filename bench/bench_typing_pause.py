"""The editor's pause in typing on the large plan: how long the window is kept from answering.

    python bench/bench_typing_pause.py [--pauses N]

The large plan (bench/large_plan.py: 120 indicators, 500 projects, 40 chapters) opened in the
editor window (Qt offscreen), a word typed into a chapter N times, each followed by its pause:
the edit goes into the plan and the database, the check runs again and the step list shows
the new completeness.  Figures, not assertions:
- check: the plan's check after one chapter edit, in this process (median wall and CPU);
- pause: per pause, the longest gap of a 10 ms heartbeat on the window's thread from the
  first key until the pause's work is done (median and the longest of all).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_ui_pauses import Heartbeat, isolate_settings, spin
from bench.large_plan import large_plan, saved_large_plan


def check_ms(plan, runs: int = 9) -> tuple[float, float]:
    """(median wall, median CPU) of the check after one edit of a chapter's text."""
    from forms.checks import check_plan
    from forms.template import load_template

    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    check_plan(plan, template)
    walls, cpus = [], []
    for n in range(runs):
        plan.chapters[5].text += f"字{n}"
        wall, cpu = time.perf_counter(), time.process_time()
        check_plan(plan, template)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def pauses_ms(db: Path, plan_id: str, folder: Path, pauses: int) -> list[float]:
    """The longest heartbeat gap around each typed word and its pause."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from ui.app import create_start_window, make_application
    from ui.widgets import ChapterTextEdit

    isolate_settings(folder)
    make_application(["peakplan-bench"])
    window = create_start_window(db, "zh")
    window.show()
    try:
        editor = window.open_plan(plan_id)
        assert editor is not None
        editor.go_to_chapter(3)
        spin(1.0)
        text = next(w for w in editor.findChildren(ChapterTextEdit) if w.isVisible())
        text.setFocus()
        text.moveCursor(QTextCursor.MoveOperation.End)
        found = []
        for _ in range(pauses):
            heartbeat = Heartbeat()
            heartbeat.start()
            for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_Space):
                QTest.keyClick(text, key)
                spin(0.05)
            spin(1.0)  # the pause (300 ms), then the step list's refresh (400 ms later)
            found.append(heartbeat.stop())
        editor.close()
    finally:
        window.close()
        window.context.database.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pauses", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plan_id = saved_large_plan(folder / "large.sqlite")
        wall, cpu = check_ms(large_plan())
        found = pauses_ms(folder / "large.sqlite", plan_id, folder, args.pauses)
    print(f"check after an edit   median {wall:6.1f} ms   CPU {cpu:6.1f} ms")
    print(
        f"typing pause          median {statistics.median(found):6.1f} ms   "
        f"longest {max(found):6.1f} ms   ({len(found)} pauses)"
    )


if __name__ == "__main__":
    main()
