"""The demo package (or the large plan's) exported from the command line, as whole processes,
optionally beside another checkout's code: runs alternate, medians of wall and CPU time.

    python bench/bench_package.py [--runs 5] [--large] [--other DIR ...] [-- EXTRA ARGS]
    python bench/bench_package.py --parts [--large]

CPU time is user + system of the process and its children (the child that renders the
workbook and Word file).  ``--parts``: one fresh process times each step of the package in
turn (imports, check, each file, JSON and zip).  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEMO_CITY = "云岚市（示例）"


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(source: Path, argv: list[str]) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cpu, start = child_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "main.py", *argv], cwd=source, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start, child_cpu() - cpu


def make_database(folder: Path, large: bool) -> tuple[Path, str]:
    db = folder / "plans.db"
    if not large:
        subprocess.run(
            [sys.executable, "main.py", "--db", str(db), "demo"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        return db, DEMO_CITY
    from bench.bench_all import storage_figures

    plan_id, _load, _keystroke = storage_figures(db, 1)
    return db, plan_id


PARTS = """
import sys, time
sys.path.insert(0, ".")
last = time.perf_counter()
def lap(label):
    global last
    now = time.perf_counter()
    print(f"{label:26s} {1000 * (now - last):7.0f} ms")
    last = now
from workflows.store import find_plan, open_store, template_for
lap("import forms, storage")
database, repo = open_store(sys.argv[1], write=False)
plan = find_plan(repo, sys.argv[2]); template = template_for(plan)
lap("load the plan")
from forms.checks import check_plan
findings = check_plan(plan, template); lap("check")
from exporters.document import build_document
document = build_document(plan, template, plan.meta.language); lap("document model")
from exporters.coverage import font_findings
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
lap("import reportlab, PDF")
fonts = resolve_fonts({}); lap("fonts")
pdf = render_pdf(document, fonts, None); lap("render PDF")
findings += font_findings(document, fonts); lap("font findings")
from exporters.xlsx import render_xlsx
lap("import openpyxl, XLSX")
xlsx = render_xlsx(plan, template, findings, plan.meta.language); lap("render XLSX")
from exporters.docx import render_docx
lap("import python-docx, DOCX")
docx = render_docx(document); lap("render DOCX")
from exporters.package import _data_files, zip_package, PACKAGE_FILES
data = _data_files(plan, template, plan.meta.language, findings); lap("plan JSON, check report")
parts = {"pdf": pdf, "xlsx": xlsx, "docx": docx, **data}
zip_package(plan, template, {n: parts[k] for k, n in PACKAGE_FILES.items()}); lap("zip, checksums")
"""


def parts(db: Path, plan: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", PARTS, str(db), plan], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="the large plan, not the demo city")
    parser.add_argument(
        "--other", type=Path, action="append", default=[], help="another checkout to compare with"
    )
    parser.add_argument("--parts", action="store_true", help="each step's time, in one process")
    parser.add_argument("extra", nargs="*", help="more export options (e.g. --pdf x.pdf)")
    args = parser.parse_args()
    sources = {"this": ROOT} | {f"other{n + 1}": path for n, path in enumerate(args.other)}
    with tempfile.TemporaryDirectory() as folder:
        db, plan = make_database(Path(folder), args.large)
        if args.parts:
            parts(db, plan)
            return
        argv = ["--db", str(db), "export", plan, "--package", f"{folder}/p.zip", *args.extra]
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in sources}
        for _ in range(args.runs):
            for name, source in sources.items():
                samples[name].append(one_run(source, argv))
    for name, runs in samples.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        every = " ".join(f"{run[0]:.2f}" for run in runs)
        print(f"{name:6s} {sources[name]}: wall {wall:.2f} s, cpu {cpu:.2f} s  ({every})")
    print(f"{os.cpu_count()} processors, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
