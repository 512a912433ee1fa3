"""Every keystroke kept: the real app killed 50 ms after the last key loses nothing typed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from forms.factory import new_plan
from storage.database import _open_read_only, open_database
from storage.errors import ReadOnlyDatabaseError
from storage.journal import EditJournal
from storage.migrations import SCHEMA_VERSION
from storage.repository import PlanRepository
from tests.ui.conftest import press, type_text
from ui.pages import ChapterPage, MetaPage, PoliciesPage
from ui.session import PlanSession

CHILD = Path(__file__).with_name("typing_child.py")
REPETITIONS = 20


class AppProcesses:
    """The driver in tests/ui/typing_child.py: one real app process per repetition."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("w")
        self.driver = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
        )

    def type_and_kill(self, db_path: Path, plan_id: str, text: str) -> None:
        """A real app process types ``text``; SIGKILL 50 ms after its last keystroke."""
        stdin, stdout = self.driver.stdin, self.driver.stdout
        assert stdin is not None and stdout is not None
        stdin.write(json.dumps([str(db_path), plan_id, text]) + "\n")
        stdin.flush()
        typed = stdout.readline().split()
        assert typed[:1] == ["typed"], f"the app did not type: {typed}; see {self._log.name}"
        time.sleep(0.05)
        os.kill(int(typed[1]), signal.SIGKILL)
        ended = stdout.readline().split()
        assert ended[:1] == ["ended"]
        status = int(ended[1])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    def close(self) -> None:
        if self.driver.stdin is not None:
            self.driver.stdin.close()
        try:
            self.driver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.driver.kill()
            self.driver.wait()
        self._log.close()


class Lane:
    """One database with one plan, typed into by its own app processes, one after another."""

    def __init__(self, folder: Path, number: int) -> None:
        self.db_path = folder / f"plans-{number}.sqlite"
        self.processes = AppProcesses(folder / f"app-processes-{number}.log")
        plan = new_plan(f"断电测试市{number}", "city")
        with open_database(self.db_path) as database:
            PlanRepository(database).save_plan(plan)
        self.plan_id, self.chapter_id = plan.id, plan.chapters[0].id
        self.expected = plan.chapters[0].text

    def type_and_kill(self, typed: str) -> None:
        self.processes.type_and_kill(self.db_path, self.plan_id, typed)
        self.expected += typed

    def reopened_text(self) -> str:
        """The chapter's text as the app opens the plan (the journal put back and folded)."""
        with open_database(self.db_path) as database:
            repo = PlanRepository(database)
            session = PlanSession.open(repo, self.plan_id)
            text = session.value("chapters", self.chapter_id, "text")
            assert not session.has_unsaved()
            assert EditJournal(database).entries(self.plan_id) == []  # folded into the plan
            assert repo.load_plan(self.plan_id).chapters[0].text == text
            session.deleteLater()
        return text


@pytest.fixture
def lanes(tmp_path: Path) -> Iterator[list[Lane]]:
    """Two lanes run side by side (each kill is timed on its own), halving the wall time."""
    made: list[Lane] = []
    try:
        made.extend(Lane(tmp_path, n) for n in range(2))
        yield made
    finally:
        for lane in made:
            lane.processes.close()


def test_text_typed_survives_a_kill_50_ms_after_the_last_key(qapp, lanes: list[Lane]) -> None:
    survived = 0
    with ThreadPoolExecutor(len(lanes)) as pool:
        for start in range(0, REPETITIONS, len(lanes)):
            runs = [(lane, start + k) for k, lane in enumerate(lanes)]
            typed = [f" run {n} kept" + ("，保存" if n % 4 == 0 else "") for _, n in runs]
            list(pool.map(Lane.type_and_kill, lanes, typed))
            for lane, n in runs:
                text = lane.reopened_text()
                assert text == lane.expected, f"repetition {n}: {text[-40:]!r}"
                survived += 1
    assert survived == REPETITIONS


def test_reopened_editor_shows_recovered_typing_and_undo_returns_to_the_saved_text(
    qtbot, start_app, db_path: Path
) -> None:
    plan = new_plan("恢复测试市", "city")
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        repo.save_plan(plan)
        chapter = plan.chapters[0]
        EditJournal(database).record(plan.id, "chapters", chapter.id, "text", "崩溃前输入的正文")
    window = start_app()
    editor = window.open_plan(plan.id)
    assert editor is not None
    page = next(p for p in editor.pages if isinstance(p, ChapterPage))
    assert page.text_section.editor.toPlainText() == "崩溃前输入的正文"
    assert "1" in editor.statusBar().currentMessage()
    editor.session.undo_stack.undo()
    assert page.text_section.editor.toPlainText() == chapter.text
    assert window.context.repo.load_plan(plan.id).chapters[0].text == chapter.text
    editor.session.undo_stack.redo()
    assert window.context.repo.load_plan(plan.id).chapters[0].text == "崩溃前输入的正文"


def open_first_chapter(qtbot, start_app, db_path: Path):
    plan = new_plan("输入测试市", "city")
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    window = start_app()
    editor = window.open_plan(plan.id)
    qtbot.waitUntil(editor.isActiveWindow)
    row = next(n for n, p in enumerate(editor.pages) if isinstance(p, ChapterPage))
    editor.steps.setCurrentRow(row)
    field = editor.pages[row].text_section.editor
    qtbot.mouseClick(field.viewport(), Qt.MouseButton.LeftButton)
    field.moveCursor(QTextCursor.MoveOperation.End)
    return window, editor, field


def still_typing(timer: QTimer) -> int:
    """No pause in typing until the test makes one (by giving ``timer`` the interval returned):
    the 300 ms pause is otherwise over whenever the window's thread is held that long after a
    keystroke (the 1 ms turn of the event loop after typing took up to 240 ms on a machine with
    four busy processes for its two cores)."""
    pause = timer.interval()
    timer.setInterval(60_000)
    return pause


def test_each_keystroke_is_journaled_at_once_and_the_pause_folds_it_as_one_undo_step(
    qtbot, start_app, db_path: Path
) -> None:
    window, editor, field = open_first_chapter(qtbot, start_app, db_path)
    before = field.toPlainText()
    journal = EditJournal(window.context.database)
    plan_id = editor.session.plan.id
    pause = still_typing(field._commit_timer)
    type_text("每个字")
    [entry] = journal.entries(plan_id)  # before any pause: already on disk
    assert entry.value == json.dumps(before + "每个字", ensure_ascii=False)
    QTest.keyClicks(field, " kept")
    assert journal.entries(plan_id)[0].value.endswith(' kept"')
    field._commit_timer.setInterval(pause)  # the user pauses
    qtbot.waitUntil(lambda: journal.entries(plan_id) == [])  # the pause folded it
    assert window.context.repo.load_plan(plan_id).chapters[0].text == before + "每个字 kept"
    editor.undo_action.trigger()  # the typing is still one undo step
    assert field.toPlainText() == before
    assert window.context.repo.load_plan(plan_id).chapters[0].text == before

    still_typing(field._commit_timer)
    type_text("x")
    press(Qt.Key.Key_Backspace)  # typed, then typed back: nothing left to keep
    assert journal.entries(plan_id) != []
    field._commit_timer.setInterval(pause)
    qtbot.waitUntil(lambda: journal.entries(plan_id) == [])


def test_two_windows_on_one_plan_each_keep_their_typing(repo: PlanRepository, qapp) -> None:
    plan = new_plan("两窗口测试市", "city")
    repo.save_plan(plan)
    first, second = PlanSession.open(repo, plan.id), PlanSession.open(repo, plan.id)
    first.keep_typing("chapters", plan.chapters[0].id, "text", "窗口一")
    second.keep_typing("chapters", plan.chapters[1].id, "text", "窗口二")
    second.keep_typing("meta", "", "declared_peak_value", "12345")
    # both windows die here; the next opening has all three
    reopened = PlanSession.open(repo, plan.id)
    assert [c.text for c in reopened.plan.chapters[:2]] == ["窗口一", "窗口二"]
    assert reopened.plan.meta.declared_peak_value == "12345"
    assert not reopened.has_unsaved()
    assert EditJournal(repo.database).entries(plan.id) == []
    reopened.undo_stack.undo()  # one step back to the plan as last saved
    assert repo.load_plan(plan.id).chapters[0].text == plan.chapters[0].text
    assert repo.load_plan(plan.id).meta.declared_peak_value == ""


def test_typing_into_a_read_only_database_says_read_only(db_path: Path, qapp) -> None:
    plan = new_plan("只读输入测试市", "city")
    with open_database(db_path) as database:
        PlanRepository(database).save_plan(plan)
    database = _open_read_only(db_path, SCHEMA_VERSION)
    try:
        session = PlanSession.open(PlanRepository(database), plan.id)
        states: list[str] = []
        session.save_state.connect(lambda state, _detail: states.append(state))
        session.keep_typing("chapters", plan.chapters[0].id, "text", "不能保存")
        assert states[-1] == "failed"
        assert isinstance(session.last_error, ReadOnlyDatabaseError)
    finally:
        database.close()


def test_typing_in_a_table_cell_is_journaled_and_escape_forgets_it(
    qtbot, start_app, db_path: Path
) -> None:
    window, editor, _field = open_first_chapter(qtbot, start_app, db_path)
    row = next(n for n, p in enumerate(editor.pages) if isinstance(p, PoliciesPage))
    editor.steps.setCurrentRow(row)
    page = editor.pages[row]
    journal, repo = EditJournal(window.context.database), window.context.repo
    plan_id = editor.session.plan.id
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)  # the title cell opens
    type_text("财政政策")
    [title] = journal.entries(plan_id)
    assert (title.path, title.value) == ("title", '"财政政策"')
    press(Qt.Key.Key_Return)
    assert journal.entries(plan_id) == []  # committed: folded

    policy = page.model.item_at(page.model.rowCount() - 1)
    content = page.model.index(page.model.rowCount() - 1, page.model.column_of("content"))
    page.view.setFocus()
    page.view.setCurrentIndex(content)
    type_text("长段落的政策内容")  # the multi-line cell editor, not committed yet
    assert page.view.state() == QAbstractItemView.State.EditingState
    loaded, recovery = repo.open_plan(plan_id)  # as the next start would find it after a crash
    assert next(p for p in loaded.policies if p.id == policy.id).content == "长段落的政策内容"
    assert [(e.collection, e.path) for e in recovery.edits] == [("policies", "content")]
    press(Qt.Key.Key_Escape)  # the user cancels the cell: nothing is kept
    assert journal.entries(plan_id) == []
    assert repo.load_plan(plan_id).policies[-1].content == ""


def open_plan_information(qtbot, start_app, db_path: Path, *others: str):
    """The editor on a new plan's information step, its name field focused and emptied."""
    plan = new_plan("更名测试市", "city")
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        repo.save_plan(plan)
        for name in others:
            repo.save_plan(new_plan(name, "city"))
    window = start_app()
    editor = window.open_plan(plan.id)
    qtbot.waitUntil(editor.isActiveWindow)
    row = next(n for n, p in enumerate(editor.pages) if isinstance(p, MetaPage))
    editor.steps.setCurrentRow(row)
    field = editor.pages[row].name
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    press(Qt.Key.Key_Delete)
    return window, editor, field


def test_a_plan_name_typed_and_never_left_is_journaled_and_put_back(
    qtbot, start_app, db_path: Path
) -> None:
    window, editor, field = open_plan_information(qtbot, start_app, db_path)
    plan_id = editor.session.plan.id
    type_text("新名市", field)
    [entry] = EditJournal(window.context.database).entries(plan_id)
    assert (entry.collection, entry.path, json.loads(entry.value)) == ("meta", "name", "新名市")
    # the app dies here, the name field still focused: the next opening has the name
    reopened = PlanSession.open(window.context.repo, plan_id)
    assert reopened.plan.meta.name == "新名市"
    assert window.context.repo.load_plan(plan_id).meta.name == "新名市"


def test_a_typed_name_another_plan_took_is_not_put_back(qtbot, start_app, db_path: Path) -> None:
    window, editor, field = open_plan_information(qtbot, start_app, db_path, "已有名市")
    plan_id = editor.session.plan.id
    type_text("已有名市", field)
    assert EditJournal(window.context.database).entries(plan_id) != []
    reopened = PlanSession.open(window.context.repo, plan_id)
    assert reopened.plan.meta.name == "更名测试市"
    assert [s.path for s in reopened.recovery.skipped] == ["name"]


def test_a_save_the_system_refuses_says_why_in_both_languages(
    repo: PlanRepository, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's reason is in English only ("No space left on device"): the message the
    editor shows gives it in the user's language."""
    import errno

    plan = new_plan("磁盘已满测试市", "city")
    repo.save_plan(plan)
    session = PlanSession.open(repo, plan.id)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session, "_write_and_note", full)
    states: list[tuple[str, str]] = []
    session.save_state.connect(lambda state, detail: states.append((state, detail)))
    session.edit("chapters", plan.chapters[0].id, "text", "写不进去")
    assert states[-1][0] == "failed"
    error = session.last_error
    assert "磁盘已满" in error.message_zh and os.strerror(errno.ENOSPC) not in error.message_zh
    assert "The disk is full" in error.message_en
    session._retry.stop()
