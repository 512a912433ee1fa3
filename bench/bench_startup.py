"""Whole-process start-up cost of command-line commands, two source trees side by side.

    python bench/bench_startup.py --db DB --plan ID [--large-db DB --large-plan ID]
                                  [--old DIR] [--python NEW_VENV_PYTHON] [--runs 5]

Each command runs as a user meets it (a new ``python main.py`` process), alternating between
this tree and ``--old`` (a copy of an earlier tree) when given; prints the median wall time and
CPU time (user + system) of each.  ``python -X importtime main.py …`` tells where it goes.
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

HERE = Path(__file__).resolve().parent.parent


def run_once(tree: Path, argv: list[str], python: str = sys.executable) -> tuple[float, float]:
    """(wall s, cpu s) of ``python main.py ARGV`` run in ``tree``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [python, "main.py", *argv],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{tree}: {' '.join(argv)} failed: {child.stderr.read().decode()}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def commands(args: argparse.Namespace, out: Path) -> list[tuple[str, list[str]]]:
    db = ["--db", args.db]
    rows = [
        ("--version", ["--version"]),
        ("list", [*db, "list"]),
        ("validate", [*db, "validate", args.plan]),
        ("export --pdf (demo)", [*db, "export", args.plan, "--pdf", str(out / "d.pdf")]),
        ("export --package (demo)", [*db, "export", args.plan, "--package", str(out / "p.zip")]),
    ]
    if args.large_db:
        large = ["--db", args.large_db, "export", args.large_plan, "--pdf", str(out / "l.pdf")]
        rows.append(("export --pdf (large plan)", large))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--plan", required=True, help="a full plan id in --db")
    parser.add_argument("--large-db")
    parser.add_argument("--large-plan")
    parser.add_argument("--old", type=Path, help="an earlier source tree to compare with")
    parser.add_argument(
        "--python", default=sys.executable, help="the Python of this tree (another venv)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="run only the commands whose name contains this")
    args = parser.parse_args()
    trees = {"new": HERE} | ({"old": args.old.resolve()} if args.old else {})
    pythons = {"new": args.python, "old": sys.executable}
    with tempfile.TemporaryDirectory() as folder:
        for name, argv in commands(args, Path(folder)):
            if args.only and args.only not in name:
                continue
            for label, tree in trees.items():
                run_once(tree, argv, pythons[label])  # warm the .pyc files and page cache
            figures: dict[str, list[tuple[float, float]]] = {label: [] for label in trees}
            for _ in range(args.runs):
                for label, tree in trees.items():
                    figures[label].append(run_once(tree, argv, pythons[label]))
            cells = []
            for label, runs in figures.items():
                wall = statistics.median(r[0] for r in runs) * 1000
                cpu = statistics.median(r[1] for r in runs) * 1000
                cells.append(f"{label} {wall:6.0f} ms wall {cpu:6.0f} ms cpu")
            print(f"{name:28s} " + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
