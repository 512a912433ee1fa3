"""Typing the app journaled but never folded (it was killed) is seen by the command line too:
every command reads the plan as the app would open it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import main
from storage.database import open_database
from storage.journal import EditJournal
from storage.repository import PlanRepository

DEMO_CITY = "云岚市（示例）"
TYPED = "应用被强制关闭前刚输入的一段正文"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    return db_path


def _journal(db_path: Path, collection: str, pick, path: str, value: object) -> str:
    """Write one journal row the way a field of the app does at a keystroke (and nothing
    else: the app is killed before the pause that would save it); the item's id."""
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
        item = pick(plan)
        EditJournal(database).record(plan.id, collection, item.id, path, value)
        return item.id


def _pending(db_path: Path) -> int:
    with open_database(db_path) as database:
        return len(EditJournal(database).entries(PlanRepository(database).find(DEMO_CITY).id))


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(out.split())


def test_export_shows_text_typed_before_the_app_was_killed(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _journal(demo_db, "chapters", lambda plan: plan.chapters[0], "text", TYPED)
    pdf = tmp_path / "plan.pdf"
    code, _, err = run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--pdf", str(pdf))
    assert code == 0, err
    assert TYPED in _pdf_text(pdf)
    assert _pending(demo_db) == 1  # a read-only command leaves the row for the app to fold


def test_validate_sees_a_correction_typed_before_the_app_was_killed(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_database(demo_db) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
        row = next(i for i in plan.indicators if i.template_ref == "non_fossil_share")
        repo.update_field(plan.id, "indicators", row.id, "target_2030.basic.text", "130")
    code, out, _ = run(capsys, "--db", str(demo_db), "validate", DEMO_CITY)
    assert code == 1 and "130" in out
    _journal(
        demo_db,
        "indicators",
        lambda p: next(i for i in p.indicators if i.template_ref == "non_fossil_share"),
        "target_2030.basic.text",
        "27",  # the value it had: the plan is whole again
    )
    code, out, _ = run(capsys, "--db", str(demo_db), "validate", DEMO_CITY)
    assert code == 0, out
    assert "130" not in out


def test_a_writing_command_folds_the_typing_into_the_plan(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapter_id = _journal(demo_db, "chapters", lambda plan: plan.chapters[0], "text", TYPED)
    package = tmp_path / "plan.zip"
    code, _, err = run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--package", str(package))
    assert code == 0, err
    assert _pending(demo_db) == 0
    with open_database(demo_db) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)  # the saved plan, journal aside
    assert next(c for c in plan.chapters if c.id == chapter_id).text == TYPED
