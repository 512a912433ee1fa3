"""A process killed in the middle of a burst of autosaves loses nothing that was saved."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from forms.plan import Plan, PlanMeta
from storage.database import open_database
from storage.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
sys.path.insert(0, {root!r})
from forms.plan import Milestone
from storage.database import open_database
from storage.repository import PlanRepository
repo = PlanRepository(open_database({db!r}))
for n in range(1_000_000):
    repo.save_item({plan_id!r}, "milestones", Milestone(id=f"m{{n}}", title=str(n)))
    repo.update_field({plan_id!r}, "milestones", f"m{{n}}", "content", "saved " + str(n))
    print(n, flush=True)
"""


def test_sigkill_during_autosaves_keeps_every_returned_save(db_path: Path) -> None:
    plan = Plan(meta=PlanMeta(name="崩溃测试", pilot_type="city"))
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    script = textwrap.dedent(CHILD.format(root=str(ROOT), db=str(db_path), plan_id=plan.id))
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert child.stdout is not None
    last = -1
    for line in child.stdout:
        last = int(line)
        if last >= 300:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert last >= 300

    # Raw SQLite first: the file as another tool would find it.
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_database(db_path) as database:  # the dead process's lock is gone
        loaded = PlanRepository(database).load_plan(plan.id)
    saved = {m.id: m for m in loaded.milestones}
    for n in range(last + 1):
        assert saved[f"m{n}"].content == f"saved {n}"
