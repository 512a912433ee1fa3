"""What an export from the command line loads: structural checks (which modules the process
imports), not timings; the figures are in bench/bench_all.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_CITY = "云岚市（示例）"

CHILD = """
import json, sys
import main
code = main.main(sys.argv[1:])
watched = ("storage.file_lock",)
print(json.dumps({"code": code, "loaded": [m for m in watched if m in sys.modules]}))
"""


def run_child(*argv: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_pdf_export_takes_no_writers_lock_machinery(tmp_path: Path) -> None:
    db = str(tmp_path / "plans.sqlite")
    assert run_child("--db", db, "demo")["loaded"] == ["storage.file_lock"]  # a writer locks
    seen = run_child("--db", db, "export", DEMO_CITY, "--pdf", str(tmp_path / "plan.pdf"))
    assert seen == {"code": 0, "loaded": []}
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
