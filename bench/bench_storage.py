"""Storage timings on the generated large plan (median of repeated runs).

    python bench/bench_storage.py [--runs N]

Reports: save the whole plan, load it, autosave one field, and open the database (with its
integrity check).  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.large_plan import large_plan
from forms.checks import check_plan
from forms.completeness import completeness
from forms.template import load_template
from storage.database import open_database
from storage.repository import PlanRepository


def median_ms(func: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    plan = large_plan()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        database = open_database(path)
        repo = PlanRepository(database)
        save = median_ms(lambda: repo.save_plan(plan), args.runs)
        load = median_ms(lambda: repo.load_plan(plan.id), args.runs)
        chapter = plan.chapters[3]
        counter = iter(range(10**9))
        autosave = median_ms(
            lambda: repo.update_field(
                plan.id, "chapters", chapter.id, "text", f"正文{next(counter)}"
            ),
            args.runs * 10,
        )
        project = plan.projects[250]
        item = median_ms(lambda: repo.save_item(plan.id, "projects", project), args.runs * 10)
        database.close()
        size_kib = path.stat().st_size / 1024

        def reopen() -> None:
            open_database(path).close()

        opening = median_ms(reopen, args.runs)
    template = load_template("annex2-2023", plan.meta.pilot_type.value)
    checking = median_ms(lambda: check_plan(plan, template), args.runs)
    scoring = median_ms(lambda: completeness(plan, template), args.runs)
    print(
        f"large plan: {len(plan.indicators)} indicators, {len(plan.projects)} projects, "
        f"{len(plan.chapters)} chapters of ~2,000 characters, {len(plan.measures)} measures"
    )
    print(f"database file            {size_kib:8.0f} KiB")
    print(f"save whole plan          {save:8.1f} ms (median of {args.runs})")
    print(f"load whole plan          {load:8.1f} ms (median of {args.runs})")
    print(f"autosave one field       {autosave:8.2f} ms (median of {args.runs * 10})")
    print(f"autosave one item        {item:8.2f} ms (median of {args.runs * 10})")
    print(f"open + integrity check   {opening:8.1f} ms (median of {args.runs})")
    print(f"check whole plan         {checking:8.1f} ms (median of {args.runs})")
    print(f"completeness             {scoring:8.1f} ms (median of {args.runs})")


if __name__ == "__main__":
    main()
