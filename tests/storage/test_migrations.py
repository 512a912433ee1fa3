"""Databases written by earlier versions open, after a backup, with their plans intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from storage.database import open_database
from storage.migrations import SCHEMA_VERSION
from storage.repository import PlanRepository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1_PLAN = "0f6a1c7e9b2d4e5f8a3b6c9d0e1f2a3b"


def test_schema_v1_database_is_backed_up_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    original = path.read_bytes()
    with open_database(path) as database:
        assert database.backup_path is not None
        assert database.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        repo = PlanRepository(database)
        [summary] = repo.list_plans()
        assert summary.name == "旧版方案（结构版本1）"
        plan = repo.load_plan(V1_PLAN)
        assert plan.chapters[0].text == "旧版数据库中的正文。"
        assert plan.indicators[0].target_2030.basic.text == "25"
        assert plan.indicators[0].target_2030.stretch.text == ""  # added with a default
        assert plan.projects[0].co2_reduction.text == "15000"
        repo.trash(V1_PLAN)  # a version-2 feature works on the migrated data
        assert repo.list_plans(trash=True)[0].id == V1_PLAN
        backup = database.backup_path
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3
    assert original[:16] == b"SQLite format 3\x00"


def test_migrating_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    with open_database(path) as database:
        assert database.backup_path is not None
    with open_database(path) as database:
        assert database.backup_path is None
