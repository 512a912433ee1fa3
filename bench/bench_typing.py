"""Autosave of one field while typing, on the generated large plan: median and p95.

    python bench/bench_typing.py [--keys N] [--chars N]

Three figures per keystroke into one chapter of the large plan (120 indicators, 500 projects,
40 chapters), each over N edits:
- journal write: the field's whole text kept at once (storage, one transaction, in the OS
  when it returns: it survives the app being killed);
- keystroke in the editor: one real key event into the chapter's editor widget, the journal
  write included (Qt offscreen);
- fold at the pause: the item save that takes the typing into the plan and clears its row
  (flushed to the disk, synchronous=FULL: its time is mostly the disk's).
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.large_plan import large_plan
from storage.database import open_database
from storage.journal import EditJournal
from storage.repository import PlanRepository


def timings_ms(func: Callable[[int], object], runs: int) -> list[float]:
    samples = []
    for n in range(runs):
        start = time.perf_counter()
        func(n)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    median = statistics.median(samples)
    print(f"{name:<28} median {median:6.2f} ms   p95 {p95:6.2f} ms   ({len(samples)} edits)")


def widget_keystrokes(repo: PlanRepository, plan_id: str, runs: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from ui.app import make_application
    from ui.session import PlanSession
    from ui.widgets import ChapterTextEdit

    make_application(["peakplan-bench"])
    session = PlanSession.open(repo, plan_id)
    editor = ChapterTextEdit(session, session.plan.chapters[5])
    editor.moveCursor(QTextCursor.MoveOperation.End)
    keys = [Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_Space]
    samples = timings_ms(lambda n: QTest.keyClick(editor, keys[n % len(keys)]), runs)
    editor.commit()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=500)
    parser.add_argument("--chars", type=int, default=2000)
    args = parser.parse_args()
    plan = large_plan(chars=args.chars)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.sqlite")
        repo = PlanRepository(database)
        repo.save_plan(plan)
        journal = EditJournal(database)
        chapter = plan.chapters[3]
        text = chapter.text

        def keystroke(n: int) -> None:
            journal.record(plan.id, "chapters", chapter.id, "text", text + "字" * (n + 1))

        def fold(n: int) -> None:
            chapter.text = text + f"正文{n}"
            journal.record(plan.id, "chapters", chapter.id, "text", chapter.text)
            start = time.perf_counter()
            repo.save_item(plan.id, "chapters", chapter)
            fold_samples.append((time.perf_counter() - start) * 1000)

        journal_samples = timings_ms(keystroke, args.keys)
        fold_samples: list[float] = []
        timings_ms(fold, max(50, args.keys // 5))
        widget_samples = widget_keystrokes(repo, plan.id, args.keys)
        database.close()
    print(
        f"large plan: {len(plan.indicators)} indicators, {len(plan.projects)} projects, "
        f"{len(plan.chapters)} chapters of ~{args.chars:,} characters"
    )
    report("journal write", journal_samples)
    report("keystroke in the editor", widget_samples)
    report("fold at the pause", fold_samples)


if __name__ == "__main__":
    main()
