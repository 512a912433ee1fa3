"""The editor on a team's server, driven like a user: who changed the open step is said from
what a save already knows (no extra question to the server per save or keystroke)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from forms.attribution import Stamp
from forms.factory import new_plan
from tests.postgres import USER
from tests.ui.conftest import quit_app, type_text
from tests.ui.test_team_server import _chapter_field, _chapter_text
from ui.app import create_start_window
from ui.start_window import StartWindow
from workflows.store import open_store


@pytest.fixture
def server_app(qtbot, postgres_url: str) -> Iterator[StartWindow]:
    """The app started as ``peakplan --db postgresql://…``."""
    window = create_start_window(postgres_url, "zh")
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    quit_app(window)


def _count_attribution_reads(monkeypatch, database) -> list[str]:
    """The statements that read who changed what (the step's last change, display names)."""
    reads: list[str] = []
    db, execute = database.db, database.db.execute

    def counting(sql: str, params=None):
        if sql.lstrip().startswith("SELECT changed_by") or "FROM users" in sql:
            reads.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(db, "execute", counting)
    return reads


def test_saving_says_who_changed_the_step_without_asking_the_server_again(
    qtbot, server_app, postgres_url: str, monkeypatch
) -> None:
    plan = new_plan("谁改的市", "city")
    database, repo = open_store(postgres_url)
    with database, repo.acting_as(Stamp("lisi", "2026-01-05T02:00:00+00:00")):
        repo.save_plan(plan)  # by a colleague, earlier
    plan_id = plan.id
    server_app.reload()
    reads = _count_attribution_reads(monkeypatch, server_app.context.database)
    editor, field = _chapter_field(qtbot, server_app, plan_id)
    assert reads  # showing the step asked who changed it last
    assert editor.changed_label.text().startswith("最后修改：lisi，2026-01-05")
    reads.clear()
    before = field.toPlainText()
    type_text("每次保存不再多问")
    qtbot.waitUntil(lambda: _chapter_text(postgres_url, plan_id) == before + "每次保存不再多问")
    qtbot.waitUntil(lambda: editor.changed_label.text().startswith(f"最后修改：{USER}，20"))
    assert reads == []  # neither the keystrokes nor the save asked
    editor.texts.set_language("en")
    assert editor.changed_label.text().startswith(f"Last changed by {USER} at 20")
    assert reads == []
    editor.steps.setCurrentRow(0)  # another step: read once
    assert reads
