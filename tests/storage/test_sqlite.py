"""The SQLite connection storage uses (storage/sqlite.py, in place of sqlite-utils): a write
outside a transaction is committed at once, ``atomic`` commits or undoes all of its writes
(a nested block only its own), and an upsert updates a row in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.sqlite import SqliteDb


@pytest.fixture
def db(tmp_path: Path) -> SqliteDb:
    db = SqliteDb(sqlite3.connect(tmp_path / "t.sqlite"))
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT)")
    db.execute("CREATE TABLE child (id TEXT, parent TEXT REFERENCES parent(id) ON DELETE CASCADE)")
    return db


def seen_by_another(path: Path, sql: str) -> list[tuple]:
    other = sqlite3.connect(path)
    try:
        return other.execute(sql).fetchall()
    finally:
        other.close()


def test_a_write_outside_a_transaction_is_committed_at_once(db: SqliteDb, tmp_path: Path) -> None:
    db.table("parent").insert({"id": "a", "name": "A"})
    assert not db.conn.in_transaction
    assert seen_by_another(tmp_path / "t.sqlite", "SELECT id, name FROM parent") == [("a", "A")]
    assert list(db.query("SELECT id, name FROM parent WHERE id = :id", {"id": "a"})) == [
        {"id": "a", "name": "A"}
    ]


def test_atomic_undoes_every_write_of_a_failed_block_and_a_nested_one_only_its_own(
    db: SqliteDb, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError), db.atomic():
        db.table("parent").insert({"id": "a", "name": "A"})
        raise RuntimeError
    assert list(db.query("SELECT id FROM parent")) == []
    with db.atomic():
        db.table("parent").insert({"id": "b", "name": "B"})
        with pytest.raises(sqlite3.IntegrityError), db.atomic():
            db.table("parent").insert({"id": "c", "name": "C"})
            db.table("parent").insert({"id": "b", "name": "again"})
    assert seen_by_another(tmp_path / "t.sqlite", "SELECT id FROM parent") == [("b",)]


def test_upsert_updates_in_place_and_insert_all_writes_every_row(db: SqliteDb) -> None:
    db.table("parent").upsert({"id": "a", "name": "A"}, pk="id")
    db.table("child").insert_all({"id": str(n), "parent": "a"} for n in range(3))
    db.table("parent").upsert({"id": "a", "name": "renamed"}, pk="id")
    assert db.execute("SELECT name FROM parent").fetchall() == [("renamed",)]
    assert db.execute("SELECT count(*) FROM child").fetchone()[0] == 3  # no cascade fired
    db.table("child").insert_all([])


def test_commits_made_counts_what_was_committed_only(db: SqliteDb) -> None:
    """Ctrl+C's line says a change was saved from this count: a rolled-back transaction, a
    savepoint inside one, or a read adds nothing; a write alone or a transaction adds one."""
    from storage.sqlite import commits_made

    db.execute("CREATE TABLE IF NOT EXISTS counted (n INTEGER)")
    start = commits_made()
    with pytest.raises(KeyboardInterrupt), db.atomic():
        db.execute("INSERT INTO counted VALUES (1)")
        raise KeyboardInterrupt
    list(db.query("SELECT * FROM counted"))
    assert commits_made() == start
    with db.atomic():
        with db.atomic():
            db.execute("INSERT INTO counted VALUES (2)")
        db.execute("INSERT INTO counted VALUES (3)")
    assert commits_made() == start + 1
    db.execute("INSERT INTO counted VALUES (4)")
    assert commits_made() == start + 2
