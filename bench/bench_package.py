"""The demo package (or the large plan's) exported from the command line, as whole processes,
optionally beside another checkout's code: runs alternate, medians of wall and CPU time.

    python bench/bench_package.py [--runs 5] [--large] [--other DIR ...] [-- EXTRA ARGS]

CPU time is user + system of the process and its children (the child that renders the
workbook and Word file).  Figures, not assertions.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="the large plan, not the demo city")
    parser.add_argument(
        "--other", type=Path, action="append", default=[], help="another checkout to compare with"
    )
    parser.add_argument("extra", nargs="*", help="more export options (e.g. --pdf x.pdf)")
    args = parser.parse_args()
    sources = {"this": ROOT} | {f"other{n + 1}": path for n, path in enumerate(args.other)}
    with tempfile.TemporaryDirectory() as folder:
        db, plan = make_database(Path(folder), args.large)
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
