"""Versions in the editor: a snapshot, edits, exactly those edits listed, restore as new."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.test_export_dialog import open_demo_city_editor
from ui.versions_dialog import VersionsDialog


def test_snapshot_edit_and_see_exactly_the_edits(qtbot, start_app) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    assert dialog.list.count() == 0 and "还没有快照" in dialog.view.toPlainText()
    dialog.take("初稿")
    assert dialog.list.count() == 1 and "没有变化" in dialog.view.toPlainText()
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    plan = session.plan
    chapter = plan.chapters[0]
    session.edit("chapters", chapter.id, "text", chapter.text.replace("东濒黄海", "东临黄海"))
    row = next(r for r in plan.indicators if r.template_ref == "coal_share")
    session.edit("indicators", row.id, "target_2030.basic.text", "40.0")
    session.edit("projects", plan.projects[1].id, "owner", "云岚储能公司")

    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    found = {(d.collection, d.path) for d in dialog.differences}
    assert found == {
        ("chapters", "text"),
        ("indicators", "target_2030.basic.text"),
        ("projects", "owner"),
    }
    html = dialog.view.toHtml()
    shown = dialog.view.toPlainText()
    assert "东濒临黄海" in shown  # 濒 struck through, 临 inserted
    assert "础相对薄弱" not in shown  # unchanged text far from the change is elided
    assert "line-through" in html  # the deleted characters are struck through
    before = window.model.rowCount()
    dialog.restore_as_new()
    assert window.model.rowCount() == before + 1
    names = [window.model.item(r, 0).text() for r in range(window.model.rowCount())]
    assert any("（初稿）" in name for name in names)


def test_open_review_comments_show_as_a_badge_in_the_step_list(qtbot, start_app) -> None:
    from forms.plan import Comment

    _window, editor = open_demo_city_editor(qtbot, start_app)
    chapter = editor.session.plan.chapters[-1]
    editor.session.add_item(
        "comments", Comment(collection="chapters", item_id=chapter.id, text="请补充资金来源")
    )
    editor.refresh_progress()
    texts = [editor.steps.item(n).text() for n in range(editor.steps.count())]
    assert any(chapter.title_zh in t and "〔意见1〕" in t for t in texts)


def test_status_changes_are_dated_and_the_draft_mark_follows(qtbot, start_app) -> None:
    from exporters.document import build_document

    _window, editor = open_demo_city_editor(qtbot, start_app)
    editor.steps.setCurrentRow(0)
    page = editor.current_page()
    page.status.setCurrentIndex(page.status.findData("submitted"))
    meta = editor.session.plan.meta
    assert meta.status.value == "submitted"
    assert [c.status.value for c in meta.status_history] == ["submitted"]
    assert meta.status_history[0].at[:2] == "20"
    assert "已报送" in page.history.text()
    template = editor.session.template
    assert build_document(editor.session.plan, template, "zh").cover.mark == ""
    editor.session.undo_stack.undo()  # status and its date together
    assert meta.status.value == "draft" and meta.status_history == []
    assert page.status.currentData() == "draft"
    assert build_document(editor.session.plan, template, "zh").cover.mark == "草稿"


def test_reasons_typed_in_the_versions_dialog_reach_the_revision_table(
    qtbot, start_app, tmp_path
) -> None:
    import io
    import subprocess

    from openpyxl import load_workbook

    _window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    dialog.take("报送稿")
    row = next(r for r in session.plan.indicators if r.template_ref == "coal_share")
    session.edit("indicators", row.id, "target_2030.basic.text", "40.0")
    dialog.show_differences()
    assert dialog.reasons.rowCount() == 1
    assert dialog.reasons.item(0, 0).text() == "主要目标"
    assert dialog.reasons.item(0, 2).text().startswith(session.repo.database.user + " 20")
    dialog.reasons.item(0, 3).setText("落实省级控煤要求")  # as the cell editor commits it
    assert session.plan.revision_notes[0].why == "落实省级控煤要求"
    dialog.show_differences()  # the reason is kept, and a note is not itself a change
    assert dialog.reasons.rowCount() == 1
    assert dialog.reasons.item(0, 3).text() == "落实省级控煤要求"
    written = dialog.export_revisions(str(tmp_path))
    assert sorted(p.suffix for p in written) == [".pdf", ".xlsx"]
    pdf = next(p for p in written if p.suffix == ".pdf")
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "落实省级控煤要求" in text and "42.0→40.0" in text
    xlsx = next(p for p in written if p.suffix == ".xlsx")
    rows = list(
        load_workbook(io.BytesIO(xlsx.read_bytes())).active.iter_rows(min_row=3, values_only=True)
    )
    assert rows[0][3] == session.repo.database.user  # who changed it; when; why
    assert rows[0][4].startswith("20") and rows[0][5] == "落实省级控煤要求"


def test_a_snapshot_opens_read_only_and_comments_import_from_the_menu(
    qtbot, start_app, tmp_path
) -> None:
    from exporters.package import ExportRequest, export_plan
    from forms.plan import Comment
    from ui.document_view import DocumentView

    _window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    dialog.take("初稿")
    view = dialog.view_snapshot()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), DocumentView))
    assert view.view.isReadOnly() and "一、基本情况与工作基础" in view.view.toPlainText()
    view.reject()
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    reviewed = session.plan.model_copy(deep=True)  # the province's copy, with two comments
    reviewed.comments = [
        Comment(collection="chapters", item_id=reviewed.chapters[0].id, text="数据请更新到2023年"),
        Comment(collection="projects", item_id=reviewed.projects[0].id, text="投资测算依据不足"),
    ]
    package = tmp_path / "review.zip"
    export_plan(reviewed, session.template, ExportRequest(package=package))
    assert editor.import_comments(str(package)) == (2, 0)
    assert editor.import_comments(str(package)) == (0, 0)
    assert len(session.plan.comments) == 2
    texts = [editor.steps.item(n).text() for n in range(editor.steps.count())]
    assert sum("〔意见1〕" in t for t in texts) == 2  # the chapter, and the projects chapter


def test_the_revision_table_lands_in_the_folder_chosen_whatever_the_plan_is_called(
    qtbot, start_app, tmp_path
) -> None:
    """The files were named after the plan as it was: “../外/名” wrote them two folders up
    and one down (or failed: no such folder), a line break or a long name went into the file
    name as it was."""
    _window, editor = open_demo_city_editor(qtbot, start_app)
    session = editor.session
    dialog = editor.show_versions()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VersionsDialog))
    dialog.take("报送稿")
    chosen = tmp_path / "chosen" / "folder"
    chosen.mkdir(parents=True)
    (tmp_path / "外").mkdir()  # where “../../外/名” led
    for name in ("../../外/名", "第一行\n第二行", "长" * 150):
        assert session.edit("meta", "", "name", name)
        written = dialog.export_revisions(str(chosen))
        assert sorted(p.suffix for p in written) == [".pdf", ".xlsx"], name
        for path in written:
            assert path.parent == chosen and path.is_file(), path
            assert path.stem.endswith("-修改说明") and "\n" not in path.name, path
    assert [p for p in tmp_path.rglob("*修改说明*") if p.parent != chosen] == []
