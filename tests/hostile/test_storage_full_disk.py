"""A full disk loses nothing: the edit stays pending, the user is told, saving retries, closing
warns; imports end with a clear message.

The disk is made full with SQLite's own limit (``PRAGMA max_page_count`` at the database's
current size): a write that needs one more page fails with SQLITE_FULL, exactly as on a full
disk.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import main
import storage.database
import ui.session
from tests.ui.conftest import _isolated_settings, press, qapp_cls, start_app  # noqa: F401
from ui.pages import TextPage

DEMO_CITY = "云岚市（示例）"
CTRL = Qt.KeyboardModifier.ControlModifier
LONG_TEXT = "本市坚持先立后破，稳妥有序推进能源结构调整。" * 1000  # ~66 kB: many new pages


def fill_disk(db: sqlite3.Connection) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA max_page_count = 1000000000")


def stored_text(db_path: Path, plan_id: str) -> str:
    """Every chapter text of the plan as stored, read with a separate read-only connection."""
    with sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT body FROM items WHERE plan_id = ? AND collection = 'chapters'", [plan_id]
        ).fetchall()
    return "".join(row[0] for row in rows)


def commit_phrase(text: str) -> None:
    """An input method committing a long phrase (or a paste): one key event with the text."""
    target = QApplication.focusWidget()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text)
        )


def answer_when_asked(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` on the message box the next action opens; note what it said."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


@pytest.fixture
def editor_on_full_disk(
    start_app: Callable,  # noqa: F811 (the UI tests' fixture)
    db_path: Path,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable:
    monkeypatch.setattr(ui.session, "RETRY_MS", 50)
    assert main.main(["--db", str(db_path), "demo"]) == 0

    def open_editor(lang: str):
        window = start_app(lang)
        plan_id = window.context.repo.find(DEMO_CITY).id
        editor = window.open_plan(plan_id)
        qtbot.waitUntil(editor.isActiveWindow)
        row = next(n for n, p in enumerate(editor.pages) if isinstance(p, TextPage))
        editor.steps.setCurrentRow(row)
        page = editor.pages[row]
        qtbot.mouseClick(page.text_section.editor.viewport(), Qt.MouseButton.LeftButton)
        fill_disk(window.context.database.db.conn)
        commit_phrase(LONG_TEXT)
        press(Qt.Key.Key_Tab)  # leaving the field saves it
        return window, editor, plan_id

    return open_editor


def test_a_full_disk_keeps_the_edit_tells_the_user_retries_and_warns_on_close(
    editor_on_full_disk: Callable, db_path: Path, qtbot
) -> None:
    window, editor, plan_id = editor_on_full_disk("zh")
    session = editor.session
    qtbot.waitUntil(lambda: "磁盘已满" in editor.save_label.text())
    assert "修改仍保留" in editor.save_label.text()
    assert session.has_unsaved()
    assert LONG_TEXT in "".join(c.text for c in session.plan.chapters)
    assert LONG_TEXT not in stored_text(db_path, plan_id)

    seen: list[str] = []
    answer_when_asked("继续编辑", seen)
    press(Qt.Key.Key_W, CTRL)
    assert seen and "尚未保存" in seen[0] and "磁盘已满" in seen[0]
    assert plan_id in window.editors and editor.isVisible()

    free_disk(window.context.database.db.conn)  # the user freed some space
    qtbot.waitUntil(lambda: not session.has_unsaved(), timeout=5000)
    qtbot.waitUntil(lambda: editor.save_label.text().startswith("已保存"))
    assert LONG_TEXT in stored_text(db_path, plan_id)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    press(Qt.Key.Key_W, CTRL)  # everything is saved: closing asks nothing
    assert not window.editors


def test_closing_anyway_on_a_full_disk_leaves_the_database_as_it_was(
    editor_on_full_disk: Callable, db_path: Path, qtbot
) -> None:
    window, editor, plan_id = editor_on_full_disk("en")
    before = stored_text(db_path, plan_id)
    qtbot.waitUntil(lambda: "The disk is full" in editor.save_label.text())
    seen: list[str] = []
    answer_when_asked("Close and lose them", seen)
    press(Qt.Key.Key_W, CTRL)
    assert seen and "could not be saved" in seen[0] and "The disk is full" in seen[0]
    assert not window.editors
    assert stored_text(db_path, plan_id) == before


@pytest.fixture
def full_disk_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every database the command line opens has no room for one more page."""
    connect = storage.database._connect

    def connect_to_full_disk(path: Path):
        db = connect(path)
        fill_disk(db.conn)
        return db

    monkeypatch.setattr(storage.database, "_connect", connect_to_full_disk)


@pytest.mark.parametrize(("lang", "words"), [("zh", "磁盘已满"), ("en", "The disk is full")])
def test_an_import_on_a_full_disk_ends_with_a_clear_message(
    lang: str,
    words: str,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    assert main.main(["--db", str(db_path), "demo"]) == 0
    plan_json = tmp_path / "plan.json"
    assert main.main(["--db", str(db_path), "export-json", DEMO_CITY, str(plan_json)]) == 0
    capsys.readouterr()
    request.getfixturevalue("full_disk_cli")
    code = main.main(["--db", str(db_path), "--lang", lang, "import-json", str(plan_json)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert words in err and "Traceback" not in err
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 2


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 kB file system (tmpfs), where the operating system says ENOSPC."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("a small tmpfs cannot be mounted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk_is_named_and_what_was_saved_stays_intact(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_disk / "plans.sqlite"
    code = main.main(["--db", str(path), "demo"])  # two demo plans do not fit in 256 kB
    _out, err = capsys.readouterr()
    assert code == 2 and "磁盘已满" in err and "Traceback" not in err, err
    code = main.main(["--db", str(path), "--lang", "en", "list", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and len(json.loads(out)) < 2, err  # what fitted is kept, and readable
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
