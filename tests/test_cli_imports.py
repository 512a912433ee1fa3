"""What a command-line process imports: structural checks (which modules it loads), not
timings; the figures come from bench/bench_startup.py.  A command loads what its work needs:
`list` neither the exporters' libraries nor the plan model, a PDF export not the other
formats' writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exporters.parallel import usable_processors

ROOT = Path(__file__).resolve().parents[1]
DEMO_CITY = "云岚市（示例）"

CHILD = """
import json, sys
import main
code = main.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Libraries a plan list has no use for (the exporters' and the package metadata reader).
NOT_FOR_LISTING = (
    "reportlab",
    "jinja2",
    "openpyxl",
    "docx",
    "PIL",
    "exporters",
    "importlib.metadata",
    "sqlite_utils",
    "click",
    "dateutil",
)
# tomllib neither: the template is read back from the user cache (the demo command wrote it).
# Nor the package metadata pydantic's plugin search would read, nor what reportlab would use
# for pictures and URLs (PIL, urllib.request: http, email): forms/deferred_import.py.
NOT_FOR_A_PDF = (
    "openpyxl",
    "docx",
    "sqlite_utils",
    "click",
    "dateutil",
    "tomllib",
    "importlib.metadata",
    "PIL",
    "http",
    "email",
)


def one_processor() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def loaded(*argv: str, processors: int | None = None) -> set[str]:
    """The top modules and packages (and importlib.metadata) a `peakplan ARGV` loaded (in its
    own process, not in a child it forked); ``processors=1``: run on one processor."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=one_processor if processors == 1 else None,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["code"] == 0
    modules = set(seen["modules"])
    return {m.split(".")[0] for m in modules} | (modules & {"importlib.metadata"})


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli-imports") / "plans.sqlite")
    subprocess.run(
        [sys.executable, "main.py", "--db", path, "demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def test_version_and_list_load_no_exporter_library_and_no_package_metadata(db: str) -> None:
    for argv in (["--db", db, "list"], ["--db", db, "--lang", "en", "list"]):
        assert loaded(*argv) & set(NOT_FOR_LISTING) == set(), argv
    # the plan model too: a list reads summary rows (English names come from the template)
    assert "pydantic" not in loaded("--db", db, "list", "--json")
    assert "pydantic" not in loaded("--db", db, "list")
    version = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert version.returncode == 0 and version.stdout.startswith("PeakPlan ")
    imported = {line.rsplit("|", 1)[-1].strip() for line in version.stderr.splitlines()}
    assert not imported & {"importlib.metadata", "pydantic", "sqlite3", "tomllib"}


def test_a_pdf_export_loads_neither_the_other_writers_nor_package_metadata(
    db: str, tmp_path: Path
) -> None:
    argv = ("--db", db, "export", DEMO_CITY, "--pdf", str(tmp_path / "plan.pdf"))
    # On one processor the PDF is rendered in the command's own process: reportlab is loaded
    # there (so the check sees what is imported), the other formats' writers are not.
    seen = loaded(*argv, processors=1)
    assert "reportlab" in seen
    assert not seen & set(NOT_FOR_A_PDF)
    if usable_processors() < 2:
        pytest.skip("one processor here: the PDF is never rendered in a child")
    # With two, a child forked as the command starts loads reportlab and renders the PDF
    # (exporters.pdf_child): the command's own process loads none of the writers.
    seen = loaded(*argv)
    assert not seen & {"reportlab", *NOT_FOR_A_PDF}
    assert "pydantic" in seen  # the check still sees what is imported: the plan was read


def test_a_package_export_leaves_the_pdf_to_its_child(db: str, tmp_path: Path) -> None:
    """The package's workbook and data are made in the command's own process, the PDF in the
    child: reportlab is loaded there only."""
    if usable_processors() < 2:
        pytest.skip("one processor here: the PDF is never rendered in a child")
    seen = loaded("--db", db, "export", DEMO_CITY, "--package", str(tmp_path / "plan.zip"))
    assert "openpyxl" in seen and "reportlab" not in seen
