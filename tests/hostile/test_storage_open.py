"""Say what is wrong, and never change a file that is not ours.

A healthy database that cannot be written opens for reading and refuses writes as read-only;
a full disk says so; only real corruption says "damaged".  Another program's SQLite file, or an
empty file PeakPlan did not create, is left byte for byte as it was.

Tests run as root, whom permission bits do not stop: an unwritable file or folder is made
immutable with ``chattr +i`` (skipped where chattr is refused).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

import main
import storage.database
from storage.database import APPLICATION_ID, open_database
from tests.ui.conftest import _isolated_settings, qapp_cls  # noqa: F401
from ui.app import open_start_window

DEMO_CITY = "云岚市（示例）"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    chattr = shutil.which("chattr")
    if not chattr or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def integrity(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "plans.sqlite"
    assert run(capsys, "--db", str(path), "demo")[0] == 0
    (folder / "plans.sqlite.lock").unlink(missing_ok=True)
    return path


# -- point 4: read-only, full, damaged ------------------------------------------------------


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_database_lists_and_exports_and_refuses_writes(
    what: str, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo_db.parent)
    out_docx = tmp_path / "city.docx"
    with immutable(demo_db.parent if what == "folder" else demo_db):
        code, out, err = run(capsys, "--db", str(demo_db), "list")
        assert code == 0 and DEMO_CITY in out, err
        code, out, err = run(
            capsys, "--db", str(demo_db), "export", DEMO_CITY, "--docx", str(out_docx)
        )
        assert code == 0, err
        code, _, err = run(capsys, "--db", str(demo_db), "delete", DEMO_CITY)
        assert code == 2 and "只读" in err and "损坏" not in err, err
        code, _, err = run(
            capsys, "--db", str(demo_db), "--lang", "en", "snapshot", DEMO_CITY, "--name", "v1"
        )
        assert code == 2 and "read-only" in err and "damaged" not in err, err
        assert "Traceback" not in err
    assert out_docx.stat().st_size > 0
    assert snapshot(demo_db.parent) == before
    assert integrity(demo_db) == "ok"


def test_an_upgrade_on_a_full_disk_says_disk_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    connect = storage.database._connect

    def connect_to_full_disk(target: Path):
        db = connect(target)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(storage.database, "_connect", connect_to_full_disk)
    code, _, err = run(capsys, "--db", str(path), "list")
    assert code == 2 and "磁盘已满" in err and "损坏" not in err, err
    code, _, err = run(capsys, "--db", str(path), "--lang", "en", "list")
    assert code == 2 and "The disk is full" in err and "damaged" not in err, err
    assert integrity(path) == "ok"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # not half-upgraded


# -- point 5: files that are not ours ---------------------------------------------------------


def foreign_files(folder: Path) -> dict[str, Path]:
    """SQLite files of other programs, in their usual rollback-journal mode."""
    made = {}
    notes = folder / "notes.db"
    with sqlite3.connect(notes) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('买菜')")
    made["foreign tables"] = notes
    own_plans = folder / "their-plans.db"
    with sqlite3.connect(own_plans) as conn:
        conn.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY, title TEXT, due TEXT)")
        conn.execute("INSERT INTO plans (title) VALUES ('装修')")
    made["own plans table"] = own_plans
    versioned = folder / "versioned.db"
    with sqlite3.connect(versioned) as conn:
        conn.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, plan INTEGER)")
        conn.execute("PRAGMA user_version = 2")
    made["own plans table with a version"] = versioned
    branded = folder / "branded.db"
    with sqlite3.connect(branded) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("PRAGMA user_version = 3")
        conn.execute("CREATE TABLE plans (id, name, pilot_type, meta, created_at, updated_at)")
        conn.execute("CREATE TABLE items (plan_id, collection, id, position, body)")
    made["another application id"] = branded
    return made


@pytest.mark.parametrize(
    "kind",
    [
        "foreign tables",
        "own plans table",
        "own plans table with a version",
        "another application id",
    ],
)
@pytest.mark.parametrize("command", [["list"], ["demo"]])
def test_another_programs_database_is_left_byte_for_byte_untouched(
    kind: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = foreign_files(tmp_path)[kind]
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "--db", str(path), *command)
    assert code == 2 and "不是 PeakPlan 数据库" in err and "Traceback" not in err, err
    code, _, err = run(capsys, "--db", str(path), "--lang", "en", *command)
    assert code == 2 and "not a PeakPlan database" in err, err
    assert snapshot(tmp_path) == before  # no WAL switch, no tables, no journal files
    assert integrity(path) == "ok"


def test_an_empty_file_is_used_only_when_the_user_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plans.sqlite"
    path.write_bytes(b"")
    for command in (["list"], ["demo"]):
        code, _, err = run(capsys, "--db", str(path), *command)
        assert code == 2 and "空文件" in err and "--new-db" in err and "删除" in err, err
    code, _, err = run(capsys, "--db", str(path), "--lang", "en", "list")
    assert code == 2 and "empty" in err and "--new-db" in err and "delete" in err, err
    assert path.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == [path.name]

    code, out, err = run(capsys, "--db", str(path), "--new-db", "demo")
    assert code == 0 and DEMO_CITY in out, err
    assert integrity(path) == "ok"
    assert run(capsys, "--db", str(path), "list")[0] == 0  # now it is ours


def test_a_new_database_is_marked_as_ours_and_never_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "new" / "plans.sqlite"
    with open_database(path) as database:
        assert database.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert sorted(p.name for p in path.parent.iterdir()) == ["plans.sqlite", "plans.sqlite.lock"]
    assert integrity(path) == "ok"


# -- the app --------------------------------------------------------------------------------


def answer_when_asked(button: QMessageBox.StandardButton | str, seen: list[str]) -> None:
    """Click ``button`` (a standard button or a button's text) on the next message box."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        if isinstance(button, str):
            next(b for b in box.buttons() if b.text() == button).click()
        else:
            box.button(button).click()

    QTimer.singleShot(0, answer)


def test_the_app_opens_a_read_only_database_for_reading_and_says_so(
    demo_db: Path, qtbot, qapp
) -> None:
    before = snapshot(demo_db.parent)
    with immutable(demo_db.parent):
        window = open_start_window(demo_db, "zh")
        assert window is not None
        qtbot.addWidget(window)
        window.show()
        notice = window.findChild(QLabel, "readOnlyNotice")
        assert notice is not None and "只读" in notice.text()
        assert window.model.rowCount() == 2
        editor = window.open_plan(window.context.repo.find(DEMO_CITY).id)
        editor.session.edit("meta", "", "province", "浙江省")  # as the province field does
        assert "只读" in editor.save_label.text() and editor.session.has_unsaved()
        seen: list[str] = []
        answer_when_asked("关闭并放弃这些修改", seen)
        editor.close()
        assert seen and "只读" in seen[0]
        window.close()
        window.context.database.close()
    assert snapshot(demo_db.parent) == before


@pytest.mark.parametrize("use_it", [False, True])
def test_the_app_asks_before_using_an_empty_file(use_it: bool, tmp_path: Path, qtbot, qapp) -> None:
    path = tmp_path / "plans.sqlite"
    path.write_bytes(b"")
    seen: list[str] = []
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer_when_asked(yes if use_it else no, seen)
    window = open_start_window(path, "en")
    assert seen and "empty" in seen[0] and str(path) in seen[0]
    if not use_it:
        assert window is None
        assert path.read_bytes() == b"" and [p.name for p in tmp_path.iterdir()] == [path.name]
        return
    assert window is not None
    qtbot.addWidget(window)
    assert window.context.database.db.execute("PRAGMA application_id").fetchone()[0] == (
        APPLICATION_ID
    )
    window.close()
    window.context.database.close()
    assert integrity(path) == "ok"


@pytest.mark.parametrize("command", [("list",), ("demo",)])
def test_a_folder_given_as_the_database_is_said_to_be_a_folder(
    command: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """“--db FOLDER” answered in English inside the Chinese message: “无法打开数据库…：Is a
    directory”, and did not say what to give instead."""
    folder = tmp_path / "plans"
    folder.mkdir()
    code, _out, zh = run(capsys, "--db", str(folder), *command)
    assert code == main.EXIT_FAILURE
    assert f"“{folder}”是一个文件夹，不是数据库文件" in zh and "directory" not in zh, zh
    code, _out, en = run(capsys, "--db", str(folder), "--lang", "en", *command)
    assert code == main.EXIT_FAILURE
    assert f"“{folder}” is a folder, not a database file" in en, en
    assert list(folder.iterdir()) == []
