"""The plan is checked again off the UI thread after each edit; what the Check step shows once
it settles is the check of the plan as it is, and a stale result never replaces a newer one."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import ui.session_check
from forms.checks import check_plan
from tests.ui.test_indicators_and_check import open_editor, step_of
from ui.pages import CheckPage
from ui.widgets import ChapterTextEdit


def empty_chapter_step(editor) -> int:
    """The step of a required chapter the new plan leaves empty (the check says so)."""
    empty = {f.location.chapter_id for f in editor.session.findings() if f.code == "chapter_empty"}
    for n, page in enumerate(editor.pages):
        if getattr(page, "chapter", None) is not None and page.chapter.id in empty:
            editor.steps.setCurrentRow(n)  # a chapter's page is built when first shown
            if editor.current_page().findChild(ChapterTextEdit) is not None:
                return n
    raise AssertionError("no empty chapter with a text")


def check_lines(editor) -> list[str]:
    tree = editor.check_page.tree
    return [tree.topLevelItem(n).text(1) for n in range(tree.topLevelItemCount())]


def type_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)
    widget.commit()  # as the typing pause does


def test_typing_clears_the_chapters_finding_checked_off_the_ui_thread(
    qtbot, start_app, monkeypatch
) -> None:
    _window, editor = open_editor(qtbot, start_app)
    step = empty_chapter_step(editor)
    chapter = editor.current_page().chapter
    threads: list[str] = []
    real_check = ui.session_check.check_plan

    def recording_check(plan, template):
        threads.append(threading.current_thread().name)
        return real_check(plan, template)

    monkeypatch.setattr(ui.session_check, "check_plan", recording_check)
    editor.steps.setCurrentRow(step_of(editor, CheckPage))
    assert any(chapter.title_zh in line for line in check_lines(editor))

    editor.steps.setCurrentRow(step)
    type_text(qtbot, editor.current_page().findChild(ChapterTextEdit), "Chapter text")
    editor.steps.setCurrentRow(step_of(editor, CheckPage))
    qtbot.waitUntil(lambda: not any(chapter.title_zh in line for line in check_lines(editor)))

    assert threads and all(name == "peakplan-check" for name in threads)  # never the UI's
    session = editor.session
    assert session.check_settled()
    assert session.shown_findings() == check_plan(session.plan, session.template)  # as before
    overall, _ = session.shown_completeness()
    assert f"{overall:.0%}" in editor.check_page.summary.text()


def test_a_stale_check_never_replaces_a_newer_one(qtbot, start_app, monkeypatch) -> None:
    _window, editor = open_editor(qtbot, start_app)
    session = editor.session
    step = empty_chapter_step(editor)
    chapter = editor.current_page().chapter
    release = threading.Event()
    real_check = ui.session_check.check_plan
    calls: list[str] = []

    def held_first_check(plan, template):
        calls.append(next(c.text for c in plan.chapters if c.id == chapter.id))
        if len(calls) == 1:
            release.wait(10)  # the first check is still running when the text is typed away
        return real_check(plan, template)

    monkeypatch.setattr(ui.session_check, "check_plan", held_first_check)
    editor.steps.setCurrentRow(step)
    text_edit = editor.current_page().findChild(ChapterTextEdit)
    type_text(qtbot, text_edit, "text")  # the chapter filled: its finding goes...
    qtbot.waitUntil(lambda: len(calls) == 1)
    text_edit.selectAll()
    QTest.keyClick(text_edit, Qt.Key.Key_Delete)
    text_edit.commit()  # ...and comes back: emptied again while the first check runs
    shown: list[bool] = []

    def note_shown() -> None:
        findings = session.shown_findings()
        empty = {f.location.chapter_id for f in findings if f.code == "chapter_empty"}
        shown.append(chapter.id in empty)

    session.checked.connect(note_shown)
    release.set()
    qtbot.waitUntil(lambda: session.check_settled() and len(calls) == 2)
    qtbot.waitUntil(lambda: bool(shown))

    assert shown == [True]  # only the newer result was shown: the chapter is empty again
    assert any(chapter.title_zh in f.message("zh") for f in session.shown_findings())
    assert session.shown_findings() == check_plan(session.plan, session.template)
