"""The journal of typing: kept at once, folded by the save that reflects it, put back on open."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from forms.factory import new_plan
from forms.plan import Plan
from storage.database import _open_read_only, open_database
from storage.errors import DiskFullError, PlanNotFoundError, ReadOnlyDatabaseError
from storage.journal import EditJournal
from storage.migrations import SCHEMA_VERSION
from storage.repository import PlanRepository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def plan(repo: PlanRepository) -> Plan:
    plan = new_plan("日志测试市", "city")
    repo.save_plan(plan)
    return plan


def journal_of(repo: PlanRepository) -> EditJournal:
    return EditJournal(repo.database)


def test_typing_is_on_disk_when_record_returns(
    repo: PlanRepository, plan: Plan, db_path: Path
) -> None:
    chapter = plan.chapters[0]
    journal_of(repo).record(plan.id, "chapters", chapter.id, "text", "正在输入的正文")
    with sqlite3.connect(db_path) as other:  # another connection: committed, not in a buffer
        rows = other.execute("SELECT collection, item_id, path, value FROM edit_journal").fetchall()
    assert rows == [("chapters", chapter.id, "text", '"正在输入的正文"')]
    assert repo.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # saves still flush (FULL)
    with repo.db.atomic():  # inside another transaction, the row goes with that one
        journal_of(repo).record(plan.id, "chapters", chapter.id, "title_zh", "标题")
    assert len(journal_of(repo).entries(plan.id)) == 2
    journal_of(repo).record(plan.id, "chapters", chapter.id, "text", "正在输入的正文，更多")
    [entry] = [e for e in journal_of(repo).entries(plan.id) if e.path == "text"]  # the latest
    assert entry.value == '"正在输入的正文，更多"'


def test_a_save_folds_the_typing_it_reflects_and_keeps_newer_typing(
    repo: PlanRepository, plan: Plan
) -> None:
    journal = journal_of(repo)
    first, second = plan.chapters[0], plan.chapters[1]
    journal.record(plan.id, "chapters", first.id, "text", "甲")
    journal.record(plan.id, "chapters", second.id, "text", "乙，尚未提交")
    first.text = "甲"
    repo.save_item(plan.id, "chapters", first)
    second.title_zh = "别的字段改了"  # a save of the item that does not hold the typing
    repo.save_item(plan.id, "chapters", second)
    assert [(e.item_id, e.value) for e in journal.entries(plan.id)] == [
        (second.id, '"乙，尚未提交"')
    ]
    repo.update_field(plan.id, "chapters", second.id, "text", "乙，尚未提交")
    assert journal.entries(plan.id) == []

    journal.record(plan.id, "meta", "", "declared_peak_year", "2028")
    plan.meta.declared_peak_year = "2028"
    repo.save_meta(plan.id, plan.meta)
    assert journal.entries(plan.id) == []


def test_opening_puts_back_several_fields_and_saving_folds_them(
    repo: PlanRepository, plan: Plan
) -> None:
    journal = journal_of(repo)
    chapter, base = plan.chapters[2], plan.base_data[0]
    journal.record(plan.id, "chapters", chapter.id, "text", "断电前的正文")
    journal.record(plan.id, "base_data", base.id, "value.text", "1234.5")
    journal.record(plan.id, "meta", "", "declared_peak_year", "2029")
    loaded, recovery = repo.open_plan(plan.id)
    assert {(e.collection, e.path, e.new) for e in recovery.edits} == {
        ("chapters", "text", "断电前的正文"),
        ("base_data", "value.text", "1234.5"),
        ("meta", "declared_peak_year", "2029"),
    }
    assert next(e for e in recovery.edits if e.collection == "chapters").old == chapter.text
    assert recovery.skipped == []
    assert repo.load_plan(plan.id).chapters[2].text == chapter.text  # in memory only, so far
    repo.save_recovered(loaded, recovery)
    assert journal.entries(plan.id) == []
    stored = repo.load_plan(plan.id)
    assert stored.chapters[2].text == "断电前的正文"
    assert stored.base_data[0].value.text == "1234.5"
    assert stored.meta.declared_peak_year == "2029"


def test_damaged_rows_and_rows_of_deleted_items_are_skipped_with_a_note(
    repo: PlanRepository, plan: Plan, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journal = journal_of(repo)
    chapter = plan.chapters[0]
    journal.record(plan.id, "chapters", chapter.id, "text", "保住的正文")
    journal.record(plan.id, "projects", "gone", "name", "已删除的项目")
    journal.record(plan.id, "meta", "", "base_year", "不是年份")
    journal.record(plan.id, "chapters", chapter.id, "no_such_field", "x")
    journal.record(plan.id, "nonsense", "x", "y", "z")
    with sqlite3.connect(db_path) as raw:  # a row damaged on disk
        raw.execute(
            "INSERT INTO edit_journal (plan_id, collection, item_id, path, value, written_at) "
            "VALUES (?, 'chapters', ?, 'title_zh', '{not json', '')",
            [plan.id, chapter.id],
        )
    loaded, recovery = repo.open_plan(plan.id)
    assert [(e.item_id, e.new) for e in recovery.edits] == [(chapter.id, "保住的正文")]
    assert len(recovery.skipped) == 5
    assert "deleted" in next(s.reason for s in recovery.skipped if s.item_id == "gone")
    assert "skipped" in caplog.text
    assert loaded.meta.base_year == plan.meta.base_year
    remaining = journal.entries(plan.id)
    assert [(e.item_id, e.path) for e in remaining] == [(chapter.id, "text")]  # skipped: dropped


def test_deleting_an_item_or_purging_the_plan_clears_its_typing(
    repo: PlanRepository, plan: Plan
) -> None:
    journal = journal_of(repo)
    chapter = plan.chapters[0]
    journal.record(plan.id, "chapters", chapter.id, "text", "要删除的章节")
    repo.delete_item(plan.id, "chapters", chapter.id)
    assert journal.entries(plan.id) == []
    journal.record(plan.id, "chapters", plan.chapters[1].id, "text", "回收站里也保留")
    repo.trash(plan.id)
    assert len(journal.entries(plan.id)) == 1
    repo.purge(plan.id)
    assert repo.db.execute("SELECT COUNT(*) FROM edit_journal").fetchone()[0] == 0
    with pytest.raises(PlanNotFoundError):  # typing into a plan deleted meanwhile
        journal.record(plan.id, "chapters", plan.chapters[1].id, "text", "迟到的输入")


@pytest.mark.sqlite_only
def test_a_full_disk_refuses_typing_with_the_full_disk_message(
    repo: PlanRepository, plan: Plan
) -> None:
    conn = repo.db.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(DiskFullError):
        journal_of(repo).record(plan.id, "chapters", plan.chapters[0].id, "text", "字" * 20000)


def test_a_read_only_database_refuses_typing_and_still_shows_what_was_journaled(
    db_path: Path,
) -> None:
    plan = new_plan("只读测试市", "city")
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
        EditJournal(database).record(plan.id, "chapters", plan.chapters[0].id, "text", "只读前")
    database = _open_read_only(db_path, SCHEMA_VERSION)  # how a read-only file is opened
    try:
        repo = PlanRepository(database)
        with pytest.raises(ReadOnlyDatabaseError):
            EditJournal(database).record(plan.id, "chapters", plan.chapters[0].id, "text", "x")
        loaded, recovery = repo.open_plan(plan.id)
        assert loaded.chapters[0].text == "只读前" and len(recovery.edits) == 1
        with pytest.raises(ReadOnlyDatabaseError):
            repo.save_recovered(loaded, recovery)
        assert len(EditJournal(database).entries(plan.id)) == 1  # kept for a writable open
    finally:
        database.close()


@pytest.mark.parametrize("version", [1, SCHEMA_VERSION - 1])
def test_a_database_of_an_earlier_schema_gains_the_journal(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / f"schema_v{version}.sqlite", path)
    with open_database(path) as database:
        repo = PlanRepository(database)
        [summary] = repo.list_plans()
        plan = repo.load_plan(summary.id)
        EditJournal(database).record(plan.id, "chapters", plan.chapters[0].id, "text", "新输入")
        loaded, recovery = repo.open_plan(plan.id)
    assert loaded.chapters[0].text == "新输入" and len(recovery.edits) == 1
