"""Opening databases: bad files are refused untouched, a second writer is told it is in use."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from forms.plan import Plan, PlanMeta
from storage.database import open_database
from storage.errors import (
    CorruptDatabaseError,
    DatabaseInUseError,
    NewerSchemaError,
    NotADatabaseError,
)
from storage.migrations import SCHEMA_VERSION
from storage.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[2]


def test_new_database_uses_wal_foreign_keys_and_current_schema(db_path: Path) -> None:
    with open_database(db_path) as database:
        db = database.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库\n" * 100, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError) as error:
        open_database(path)
    assert "不是 PeakPlan 数据库" in error.value.message("zh")
    assert "not a PeakPlan database" in error.value.message("en")
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_a_corrupted_database_is_refused_and_left_untouched(db_path: Path) -> None:
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(Plan(meta=PlanMeta(name="甲", pilot_type="city")))
        database.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page + 100, min(len(data), 3 * page)):  # scribble over pages 2-3
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as error:
        open_database(db_path)
    assert "已损坏" in error.value.message("zh")
    assert db_path.read_bytes() == before


def test_a_database_from_a_newer_app_is_refused(db_path: Path) -> None:
    with open_database(db_path):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError) as error:
        open_database(db_path)
    assert "newer PeakPlan" in error.value.message("en")


def test_a_second_process_writing_the_same_database_is_told_it_is_in_use(db_path: Path) -> None:
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(Plan(meta=PlanMeta(name="甲", pilot_type="city")))
        script = textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from storage.database import open_database
            from storage.errors import DatabaseInUseError
            try:
                open_database({str(db_path)!r})
            except DatabaseInUseError as exc:
                print(exc.message("zh"))
                sys.exit(3)
            sys.exit(0)
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 3, result.stderr
        assert "正被另一个 PeakPlan" in result.stdout
        # The first writer is unaffected.
        PlanRepository(database).save_plan(Plan(meta=PlanMeta(name="乙", pilot_type="city")))
    with open_database(db_path, write=False) as database:
        assert database.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(PlanRepository(database).list_plans()) == 2


def test_a_foreign_write_lock_gives_in_use_not_corruption(db_path: Path) -> None:
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        plan = Plan(meta=PlanMeta(name="甲", pilot_type="city"))
        repo.save_plan(plan)
        other = sqlite3.connect(db_path, timeout=0.1)
        other.execute("BEGIN EXCLUSIVE")  # e.g. a sqlite3 shell holding a write transaction
        try:
            with pytest.raises(DatabaseInUseError):
                repo.save_meta(plan.id, plan.meta)
        finally:
            other.rollback()
            other.close()
        repo.save_meta(plan.id, plan.meta)
        assert database.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_readers_do_not_need_the_writers_lock(db_path: Path) -> None:
    with open_database(db_path) as writer:
        PlanRepository(writer).save_plan(Plan(meta=PlanMeta(name="甲", pilot_type="city")))
        with open_database(db_path, write=False) as reader:
            assert [p.name for p in PlanRepository(reader).list_plans()] == ["甲"]
