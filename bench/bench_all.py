"""The figures a user feels, in one table: `make bench`.

    python bench/bench_all.py [--runs N] [--skip-office]

Whole processes, as a user starts them (compiled modules kept, the font cache warm after one
run, as on a machine that has exported once):
- first window: PeakPlan's start window beside an empty PySide6 window (bench_first_window.py);
- `make run` before the app starts (the set-up check), when this checkout is set up;
- demo city: `peakplan export` of its PDF, and of its submission package (PDF, XLSX, DOCX,
  JSON, checksums);
- large plan (bench/large_plan.py, 500 projects): `peakplan export --pdf`, with its peak memory,
  beside LibreOffice converting PeakPlan's own Word export of it (a warm profile: after a
  first conversion), the two timed in turn N/2+1 times and their ratio the median of each
  pair's (the machine's busy moments slow both of a pair);
- large plan loaded from the database, and one field autosaved as it is typed (the journal
  write of bench_typing.py);
- the large plan's editor opening: until it is shown and answers;
- the longest the UI thread was kept from its 10 ms heartbeat timer while the editor opened
  the large plan, the Export dialog wrote its PDF and package, the start window imported its
  package, the editor imported its department workbook and took a snapshot of it (Qt
  offscreen, bench_ui_pauses.py).
Medians of N runs.  The machine and its load are printed with the table: figures, not asserts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_first_window import measure as first_window  # noqa: E402
from bench.bench_ui_pauses import measure as ui_pauses  # noqa: E402
from bench.large_plan import large_plan  # noqa: E402

DEMO_CITY = "云岚市（示例）"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_process(command: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read()  # small: a failing command's message
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def median_process(command: list[str], runs: int) -> tuple[float, float]:
    timed_process(command)  # warm: compiled modules, font cache
    samples = [timed_process(command) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)


def median_s(func: Callable[[int], object], runs: int) -> float:
    samples = []
    for n in range(runs):
        start = time.perf_counter()
        func(n)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peakplan(db: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args]


def make_run_overhead(runs: int) -> str:
    """What `make run` does before the app: the set-up check (skipped where not set up)."""
    if not (ROOT / ".venv" / ".peakplan-installed").exists() or not shutil.which("make"):
        return "skipped: run `make setup` in this checkout first"
    command = ["make", "-s", "-C", str(ROOT), "setup"]
    seconds = median_s(lambda _n: subprocess.run(command, check=True, capture_output=True), runs)
    return f"{seconds * 1000:8.0f} ms"


def libreoffice_command(docx: Path, folder: Path) -> list[str] | str:
    """LibreOffice converting the Word file (a profile of its own in ``folder``), or why not."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "skipped: soffice not found (apt-get install libreoffice-writer-nogui)"
    return [
        soffice,
        f"-env:UserInstallation=file://{folder / 'lo-profile'}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder / "office"),
        str(docx),
    ]


def side_by_side(ours: list[str], office: list[str], pairs: int) -> tuple[float, float, float]:
    """PeakPlan's PDF and LibreOffice's conversion timed in turn, ``pairs`` times, after one
    conversion that creates LibreOffice's profile (a warm profile, as on a user's machine):
    the medians of each and of the ratios of each pair (a busy moment slows both)."""
    subprocess.run(office, capture_output=True, timeout=900, check=True)
    timed_process(ours)
    samples = []
    for _ in range(pairs):
        mine = timed_process(ours)[0]
        start = time.perf_counter()
        subprocess.run(office, capture_output=True, timeout=900, check=True)
        samples.append((mine, time.perf_counter() - start))
    return (
        statistics.median(m for m, _ in samples),
        statistics.median(o for _, o in samples),
        statistics.median(o / m for m, o in samples),
    )


def storage_figures(db: Path, runs: int) -> tuple[str, float, float]:
    """The large plan saved into ``db``: its id, load (s), one-field journal write (s)."""
    from storage.database import open_database
    from storage.journal import EditJournal
    from storage.repository import PlanRepository

    plan = large_plan()
    database = open_database(db)
    repo = PlanRepository(database)
    repo.save_plan(plan)
    load = median_s(lambda _n: repo.load_plan(plan.id), runs)
    journal = EditJournal(database)
    chapter = plan.chapters[3]
    keystroke = median_s(
        lambda n: journal.record(plan.id, "chapters", chapter.id, "text", chapter.text + "字" * n),
        runs * 20,
    )
    journal.discard(plan.id, "chapters", chapter.id, "text")  # the export reads the plan
    database.close()
    return plan.id, load, keystroke


def machine() -> str:
    model = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    if names:
        model = names[0]
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def load() -> str:
    return "load average " + " ".join(f"{n:.1f}" for n in os.getloadavg())


def run_quietly(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, env=child_env())


def window_rows(runs: int) -> list[tuple[str, str]]:
    bare, shown, listed = first_window(runs)
    return [
        ("empty PySide6 window", f"{bare * 1000:8.0f} ms"),
        ("PeakPlan start window", f"{shown * 1000:8.0f} ms  {shown / bare:.1f}× bare Qt"),
        ("  … its plans listed", f"{listed * 1000:8.0f} ms  {listed / bare:.1f}× bare Qt"),
        ("`make run` before the app", make_run_overhead(runs)),
    ]


def demo_rows(folder: Path, runs: int) -> list[tuple[str, str]]:
    db = folder / "demo.sqlite"
    run_quietly(peakplan(db, "demo"))
    pdf = peakplan(db, "export", DEMO_CITY, "--pdf", str(folder / "demo.pdf"))
    package = peakplan(db, "export", DEMO_CITY, "--package", str(folder / "demo.zip"))
    pdf_s, package_s = median_process(pdf, runs)[0], median_process(package, runs)[0]
    return [
        ("demo city PDF", f"{pdf_s * 1000:8.0f} ms"),
        ("demo city package", f"{package_s * 1000:8.0f} ms  PDF, XLSX, DOCX, JSON, checksums"),
    ]


def large_rows(folder: Path, runs: int, office: bool) -> list[tuple[str, str]]:
    db = folder / "large.sqlite"
    plan_id, load_s, keystroke_s = storage_figures(db, runs)
    pdf = peakplan(db, "export", plan_id, "--pdf", str(folder / "large.pdf"))
    pdf_s, pdf_mib = median_process(pdf, runs)
    docx = folder / "large.docx"
    run_quietly(peakplan(db, "export", plan_id, "--docx", str(docx)))
    rows = [("large plan PDF (500 projects)", f"{pdf_s * 1000:8.0f} ms")]
    office = libreoffice_command(docx, folder) if office else "skipped (--skip-office)"
    if isinstance(office, str):
        rows.append(("  LibreOffice DOCX → PDF", office))
    else:
        pairs = max(1, runs // 2 + 1)
        mine_s, office_s, ratio = side_by_side(pdf, office, pairs)
        rows += [
            ("  LibreOffice DOCX → PDF", f"{office_s * 1000:8.0f} ms  warm profile"),
            ("  … PeakPlan in the same turns", f"{mine_s * 1000:8.0f} ms  {pairs} pairs"),
            ("  PeakPlan faster by", f"{ratio:8.1f}×  median of the pairs' ratios"),
        ]
    pauses = ui_pauses(db, plan_id, folder)
    return [
        *rows,
        ("large plan editor open", f"{pauses['opened']:8.0f} ms  until shown and answering"),
        ("UI thread, longest pause", f"{pauses['open']:8.0f} ms  while opening its editor"),
        ("  … exporting the large plan", f"{pauses['export']:8.0f} ms"),
        ("  … importing its package", f"{pauses['package']:8.0f} ms"),
        ("  … importing its workbook", f"{pauses['workbook']:8.0f} ms  500 projects changed"),
        ("  … taking a snapshot", f"{pauses['snapshot']:8.0f} ms"),
        ("large plan load", f"{load_s * 1000:8.1f} ms"),
        ("one-field autosave (journal)", f"{keystroke_s * 1000:8.2f} ms"),
        ("peak memory, large PDF export", f"{pdf_mib:8.0f} MiB  its larger process"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-office", action="store_true", help="no LibreOffice column")
    args = parser.parse_args()
    print(f"machine: {machine()}; Python {platform.python_version()}; {load()} at the start")
    rows = window_rows(args.runs)
    with tempfile.TemporaryDirectory() as name:
        rows += demo_rows(Path(name), args.runs)
        rows += large_rows(Path(name), args.runs, not args.skip_office)
    width = max(len(what) for what, _ in rows)
    print(f"{'what':<{width}}  figure (median of {args.runs} whole runs)")
    for what, figure in rows:
        print(f"{what:<{width}}  {figure}")
    print(f"{load()} at the end")


if __name__ == "__main__":
    main()
