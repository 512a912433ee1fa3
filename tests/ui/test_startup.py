"""The start window shows before the plan machinery loads; the database opens right after.

Structural checks (which modules a start loads), not timings: the figures are in
bench/bench_first_window.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Starts the app as `peakplan --db DB` does; on the first event-loop turn with the window
# shown, and again once the plans are listed, notes which of the watched modules are loaded.
CHILD = """
import json, sys
import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

# the database machinery and the exporters; where the plans are (storage.paths) is light
WATCHED = (
    "reportlab", "openpyxl", "docx", "exporters", "storage.database", "storage.repository",
    "sqlite_utils", "pydantic",
)
seen = {}

def loaded():
    return sorted(name for name in WATCHED if name in sys.modules)

def start_window():
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "startWindow")

def when_listed():
    window = start_window()
    if window.context is None or not window.model.rowCount():
        QTimer.singleShot(10, when_listed)
        return
    seen["listed"] = loaded()
    seen["rows"] = window.model.rowCount()
    QApplication.quit()

def first_turn():
    seen["shown"] = loaded()
    seen["visible"] = start_window().isVisible()
    when_listed()

_exec = QApplication.exec
def exec_(*_self):
    QTimer.singleShot(0, first_turn)
    return _exec()
QApplication.exec = exec_
code = main.main(["--db", sys.argv[1]])
print(json.dumps(seen))
sys.exit(code)
"""


def run_python(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_start_window_shows_before_storage_and_never_loads_the_exporters(
    tmp_path: Path,
) -> None:
    db = tmp_path / "plans.sqlite"
    assert run_python("main.py", "--db", str(db), "demo").returncode == 0
    done = run_python("-c", CHILD, str(db))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["visible"] is True
    assert seen["shown"] == []  # the window is up before the database machinery loads
    assert seen["rows"] == 2  # then the demo plans are listed
    assert not {"reportlab", "openpyxl", "docx", "exporters"} & set(seen["listed"])
    assert {"storage.database", "pydantic"} <= set(seen["listed"])


REFUSED = """
import sys
import main
from PySide6.QtWidgets import QMessageBox
QMessageBox.critical = staticmethod(lambda _parent, _title, text: print(text, flush=True))
sys.exit(main.main(["--db", sys.argv[1], "--lang", "en"]))
"""


def test_a_database_that_cannot_be_used_is_explained_and_the_app_ends(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, a note\n" * 20, encoding="utf-8")
    done = run_python("-c", REFUSED, str(path))
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stdout
    assert path.read_text(encoding="utf-8").startswith("not a database")
