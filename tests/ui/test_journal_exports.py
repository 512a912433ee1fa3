"""The start window's exports of a plan that is not open carry the typing its journal holds
(the app was killed before the pause that would have saved it), as opening the plan would."""

from __future__ import annotations

import json
from pathlib import Path

from forms.factory import new_plan
from storage.journal import EditJournal

TYPED = "应用被强制关闭前刚输入的一段正文"


def test_exporting_a_plan_from_the_list_includes_its_journaled_typing(
    qtbot, start_app, tmp_path: Path
) -> None:
    window = start_app()
    plan = new_plan("日志导出市", "city")
    window.context.repo.save_plan(plan)
    chapter = plan.chapters[0]
    EditJournal(window.context.database).record(plan.id, "chapters", chapter.id, "text", TYPED)
    window.reload(plan.id)
    assert window.selected_id() == plan.id
    target = tmp_path / "plan.json"
    window.export_json(str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    [written] = [c for c in exported["plan"]["chapters"] if c["id"] == chapter.id]
    assert written["text"] == TYPED
    assert window.context.repo.load_plan(plan.id).chapters[0].text == TYPED  # and folded
    assert EditJournal(window.context.database).entries(plan.id) == []
