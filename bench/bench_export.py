"""Export timings on the generated large plan, beside the route users take today.

    python bench/bench_export.py [--runs N]

Reports the time of each export (PDF, workbook, Word, package) as the median of N runs, the
PDF's page count, and — in the same run — how long LibreOffice takes to turn the Word file into
a PDF (``soffice --headless --convert-to pdf``), with the ratio to PeakPlan's own PDF.  That
column is skipped, with the reason, where soffice is absent.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.large_plan import large_plan
from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.package import ExportRequest, export_plan
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.template import load_template


def median_s(func: Callable[[], object], runs: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def libreoffice_seconds(docx: bytes, folder: Path) -> tuple[float | None, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None, "skipped: soffice not found (Debian: apt-get install libreoffice-writer-nogui)"
    source = folder / "large.docx"
    source.write_bytes(docx)
    profile = folder / "lo-profile"  # a fresh profile, as on a first conversion
    command = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(source),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or not (folder / "large.pdf").exists():
        return None, f"skipped: soffice failed ({done.stderr.strip()[:200]})"
    return seconds, "one run, first start of a fresh profile"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plan = large_plan()
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    fonts = resolve_fonts()
    findings = check_plan(plan, template)

    document_s, document = median_s(lambda: build_document(plan, template, "zh"), args.runs)
    pdf_s, pdf = median_s(lambda: render_pdf(document, fonts), args.runs)
    xlsx_s, _ = median_s(lambda: render_xlsx(plan, template, findings, "zh"), args.runs)
    docx_s, docx = median_s(lambda: render_docx(document), args.runs)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, "large.zip")
        package_s, _ = median_s(
            lambda: export_plan(plan, template, ExportRequest(package=target)), args.runs
        )
        package_kib = target.stat().st_size / 1024
        office_s, office_note = libreoffice_seconds(docx, Path(folder))
    pages = len(re.findall(rb"/Type /Page[^s]", pdf))

    print(
        f"large plan: {len(plan.indicators)} indicators, {len(plan.projects)} projects, "
        f"{len(plan.chapters)} chapters; PDF {pages} pages, {len(pdf) / 1024:.0f} KiB; "
        f"package {package_kib:.0f} KiB"
    )
    print(f"document model           {document_s * 1000:8.0f} ms (median of {args.runs})")
    print(f"PDF (reportlab)          {pdf_s * 1000:8.0f} ms (median of {args.runs})")
    print(f"Excel workbook           {xlsx_s * 1000:8.0f} ms (median of {args.runs})")
    print(f"Word document            {docx_s * 1000:8.0f} ms (median of {args.runs})")
    print(f"whole package            {package_s * 1000:8.0f} ms (median of {args.runs})")
    if office_s is None:
        print(f"LibreOffice DOCX → PDF   {office_note}")
    else:
        print(f"LibreOffice DOCX → PDF   {office_s * 1000:8.0f} ms ({office_note})")
        print(f"PeakPlan PDF is {office_s / pdf_s:.1f}× faster than the LibreOffice route")


if __name__ == "__main__":
    main()
