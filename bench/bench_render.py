"""In-process timings of the PDF render alone (``render_pdf``) on the demo plans and the
generated large plan, and invariant PDFs to compare before/after a change.

    python bench/bench_render.py [--runs N] [--out DIR] [--same-as DIR] [--profile PLAN]
                                 [--only PLAN]

Plans: city, park, city-en, large.  Each PDF is made in reportlab's invariant mode (no dates
or random ids).  With ``--out``, each plan's PDF is written there, so that two versions of
the code can be compared byte for byte: ``--same-as`` says, for each plan, whether its PDF is
the same bytes as the one an earlier version wrote there.  ``--profile`` prints a cProfile of
one render (distorted: it slows Python calls far more than C; time whole renders too).
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab import rl_config

from bench.large_plan import large_plan
from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from forms.demo import demo_plans
from forms.template import load_template


def documents(only: list[str] | None) -> dict[str, object]:
    city, park = demo_plans()[:2]
    plans = {"city": (city, None), "park": (park, None), "city-en": (city, "en")}
    if not only or "large" in only:
        plans["large"] = (large_plan(), None)
    built = {}
    for name, (plan, lang) in plans.items():
        if only and name not in only:
            continue
        template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
        built[name] = build_document(plan, template, lang)
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--same-as", type=Path, help="folder of an earlier version's --out")
    parser.add_argument("--profile")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--cold", action="store_true", help="profile the process's first render")
    args = parser.parse_args()
    rl_config.invariant = 1
    fonts = resolve_fonts()
    docs = documents(args.only)
    if not (args.cold and args.profile):  # warm: fonts' tables are built once per process
        render_pdf(docs[next(iter(docs))], fonts)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(render_pdf, docs[args.profile], fonts)
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
        return
    for name, document in docs.items():
        samples, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            pdf = render_pdf(document, fonts)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{name:8} {statistics.median(samples) * 1000:7.0f} ms wall "
            f"{statistics.median(cpu) * 1000:7.0f} ms cpu (medians; least "
            f"{min(samples) * 1000:.0f} wall {min(cpu) * 1000:.0f} cpu)  {len(pdf):9,d} bytes"
        )
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.pdf").write_bytes(pdf)
        if args.same_as:
            earlier = args.same_as / f"{name}.pdf"
            same = earlier.exists() and earlier.read_bytes() == pdf
            print(f"{name:8} {'same bytes as' if same else 'DIFFERS from'} {earlier}")


if __name__ == "__main__":
    main()
