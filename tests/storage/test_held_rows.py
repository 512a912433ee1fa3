"""Rows added, deleted and moved while a team's server is away, held in the local file: an
undo cancels what never reached the server, the latest order wins, a whole-plan save drops
them, and the plan they are put back into changes as the user made it."""

from __future__ import annotations

from pathlib import Path

from forms.factory import new_plan
from forms.plan import Project
from storage.local_journal import ADD, DELETE, ORDER, HeldEdits
from workflows.held import put_back_rows


def test_undo_cancels_and_the_latest_order_wins(tmp_path: Path) -> None:
    held = HeldEdits(tmp_path / "held.sqlite", "zhang")
    held.hold_add("p", "projects", "new", Project(id="new").model_dump_json(), 1)
    held.hold_delete("p", "projects", "new", None)  # the add undone: never reached the server
    assert held.rows("p") == []
    held.hold_delete("p", "projects", "old", 3)
    held.hold_add("p", "projects", "old", "{}", 0)  # the removal undone: the server still has it
    assert held.rows("p") == []
    held.hold_delete("p", "projects", "b", 2)
    held.hold_order("p", "projects", ["x", "y"])
    held.hold_order("p", "projects", ["y", "x"])
    rows = held.rows("p")
    assert [(r.change, r.item_id, r.based_on) for r in rows] == [
        (DELETE, "b", 2),
        (ORDER, "", None),
    ]
    assert rows[0].written_by == "zhang" and held.count("p") == 2
    held.settle("p", "*", "", keep=set())  # a whole-plan save took them
    assert held.count("p") == 0
    held.close()


def test_put_back_makes_the_changes_in_the_order_they_were_made(tmp_path: Path) -> None:
    plan = new_plan("放回", "city")
    a, b, c = Project(name="甲"), Project(name="乙"), Project(name="丙")
    plan.projects = [a, b]
    held = HeldEdits(tmp_path / "held.sqlite")
    held.hold_add(plan.id, "projects", c.id, c.model_dump_json(), 2)
    held.hold_delete(plan.id, "projects", a.id, 1)
    held.hold_order(plan.id, "projects", [c.id, b.id])
    done = put_back_rows(plan, held.rows(plan.id))
    assert [p.name for p in plan.projects] == ["丙", "乙"]
    assert [(d.row.change, d.index) for d in done] == [(ADD, -1), (DELETE, 0), (ORDER, -1)]
    held.close()
