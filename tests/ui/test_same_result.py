"""The command line and the app give the same result for the same operation: each test runs
the operation once through ``peakplan`` (``main.main``) on one copy of a database and once
through the app's widgets on another copy, then compares the two databases or files."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QInputDialog, QMessageBox

import main
from exporters.package import ExportRequest
from tests.ui.conftest import quit_app
from ui.app import create_start_window
from ui.editor import PlanEditor
from ui.start_window import StartWindow, TrashDialog
from workflows import exports, plans, review
from workflows.store import PlanRepository, find_plan, open_store, template_for
from workflows.versions import list_snapshots

CITY = "云岚市（示例）"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database, repo = open_store(path)
    with database:
        plans.add_demo_plans(repo)
    return path


@pytest.fixture(scope="module")
def commented_package(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package of the demo city carrying one review comment."""
    folder = tmp_path_factory.mktemp("package")
    shutil.copy(demo_file, folder / "copy.sqlite")
    database, repo = open_store(folder / "copy.sqlite")
    with database:
        city = find_plan(repo, CITY)
        review.add_chapter_comment(repo, city, city.chapters[0].id, "请补充依据", "省发改委")
        city = repo.load_plan(city.id)
        request = ExportRequest(package=folder / "city.zip")
        exports.export_documents(repo, city, template_for(city), request)
    return folder / "city.zip"


@dataclass
class Twins:
    """The same database twice: one for the command line, one open in the app."""

    cli_db: Path
    window: StartWindow
    capsys: pytest.CaptureFixture[str]

    def cli(self, *argv: str) -> tuple[int, str, str]:
        code = main.main(["--db", str(self.cli_db), *argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def cli_repo(self, read: Callable[[PlanRepository], object]) -> object:
        database, repo = open_store(self.cli_db, write=False)
        with database:
            return read(repo)

    @property
    def app_repo(self) -> PlanRepository:
        return self.window.context.repo

    def select(self, name: str) -> None:
        model = self.window.model
        row = next(r for r in range(model.rowCount()) if model.item(r, 0).text() == name)
        self.window.view.selectRow(row)

    def editor(self, name: str = CITY) -> PlanEditor:
        self.select(name)
        editor = self.window.open_plan(self.window.selected_id())
        assert editor is not None
        return editor


@pytest.fixture
def twins(
    qtbot, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., Twins]]:
    windows: list[StartWindow] = []

    def make(demo: bool = True) -> Twins:
        cli_db, app_db = tmp_path / "cli.sqlite", tmp_path / "app.sqlite"
        if demo:
            shutil.copy(demo_file, cli_db)
            shutil.copy(demo_file, app_db)
        window = create_start_window(app_db, "zh")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return Twins(cli_db, window, capsys)

    yield make
    for window in windows:
        quit_app(window)


def listing(repo: PlanRepository, trash: bool = False) -> list[tuple[str, str, float | None]]:
    return sorted((p.name, p.pilot_type, p.completeness) for p in repo.list_plans(trash=trash))


def plan_body(repo: PlanRepository, name: str) -> dict:
    """A plan as data, without what differs by when or where it was stored."""
    body = find_plan(repo, name).model_dump(mode="json")
    body.pop("id")
    for key in ("created_at", "updated_at"):
        body["meta"].pop(key, None)
    return body


def cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's values, but the moment the workbook was written."""
    workbook = load_workbook(io.BytesIO(data))
    return {
        ws.title: [row for row in ws.iter_rows(values_only=True) if row[0] != "sent_at"]
        for ws in workbook.worksheets
    }


def test_demo_plans(twins) -> None:
    pair = twins(demo=False)
    assert pair.cli("demo")[0] == 0
    pair.window.create_demo()
    assert pair.cli_repo(listing) == listing(pair.app_repo)
    assert len(listing(pair.app_repo)) == 2


def test_import_json(twins, tmp_path: Path) -> None:
    pair = twins()
    source = exports.export_json(find_plan(pair.app_repo, CITY), tmp_path / "city.json")
    assert pair.cli("import-json", str(source))[0] == 0
    pair.window.import_json(str(source))
    assert pair.cli_repo(listing) == listing(pair.app_repo)
    copy = f"{CITY} (2)"
    assert pair.cli_repo(lambda repo: plan_body(repo, copy)) == plan_body(pair.app_repo, copy)


def test_import_package(twins, commented_package: Path) -> None:
    pair = twins()
    assert pair.cli("import-package", str(commented_package))[0] == 0
    pair.window.import_package(str(commented_package))
    assert pair.cli_repo(listing) == listing(pair.app_repo)
    copy = f"{CITY} (2)"
    assert pair.cli_repo(lambda repo: plan_body(repo, copy)) == plan_body(pair.app_repo, copy)


def test_export_json(twins, tmp_path: Path) -> None:
    pair = twins()
    assert pair.cli("export-json", CITY, str(tmp_path / "cli.json"))[0] == 0
    pair.select(CITY)
    pair.window.export_json(str(tmp_path / "app.json"))
    cli_doc = json.loads((tmp_path / "cli.json").read_text(encoding="utf-8"))
    app_doc = json.loads((tmp_path / "app.json").read_text(encoding="utf-8"))
    assert cli_doc.pop("exported_at") <= app_doc.pop("exported_at")  # the moment differs
    assert cli_doc == app_doc


def test_rename_delete_and_restore(twins, monkeypatch: pytest.MonkeyPatch) -> None:
    pair = twins()
    park = next(name for name, kind, _ in listing(pair.app_repo) if kind == "park")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (CITY, True))
    code, _out, err = pair.cli("rename", park, CITY)  # the name is taken: refused
    pair.select(park)
    pair.window.rename_selected()
    assert code == 2 and warnings == [err.strip()]

    assert pair.cli("rename", CITY, " 新名 ")[0] == 0
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (" 新名 ", True))
    pair.select(CITY)
    pair.window.rename_selected()
    assert pair.cli_repo(listing) == listing(pair.app_repo)
    assert "新名" in [name for name, _k, _c in listing(pair.app_repo)]

    assert pair.cli("delete", "新名")[0] == 0
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    pair.select("新名")
    pair.window.delete_selected()
    assert pair.cli_repo(lambda repo: listing(repo, trash=True)) == listing(pair.app_repo, True)
    assert len(listing(pair.app_repo, trash=True)) == 1

    assert pair.cli("restore", "新名")[0] == 0
    trash = TrashDialog(pair.window.context, pair.window)
    trash.restore()
    trash.reject()
    assert pair.cli_repo(listing) == listing(pair.app_repo)
    assert listing(pair.app_repo, trash=True) == []


def test_a_package_export_keeps_a_snapshot_from_the_start_window_too(
    qtbot, twins, tmp_path: Path
) -> None:
    pair = twins()
    pair.select(CITY)
    dialog = pair.window.export_files()
    for kind, box in dialog.format_boxes.items():
        box.setChecked(kind == "package")
    dialog.folder.setText(str(tmp_path / "app"))
    (tmp_path / "app").mkdir()
    dialog.start_export()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=60000)
    written = Path(dialog.written[0])
    dialog.reject()
    (tmp_path / "cli").mkdir()
    assert pair.cli("export", CITY, "--package", str(tmp_path / "cli" / written.name))[0] == 0

    def snapshots(repo: PlanRepository) -> list[tuple[str, str]]:
        return [(s.kind.value, s.name) for s in list_snapshots(repo, find_plan(repo, CITY).id)]

    assert pair.cli_repo(snapshots) == snapshots(pair.app_repo)
    assert snapshots(pair.app_repo) == [("export", f"报送包 / package: {written.name}")]
    with (
        zipfile.ZipFile(written) as app_zip,
        zipfile.ZipFile(tmp_path / "cli" / written.name) as cli_zip,
    ):
        assert sorted(app_zip.namelist()) == sorted(cli_zip.namelist())


def test_snapshot_diff_and_revision_table(twins, tmp_path: Path) -> None:
    pair = twins()
    assert pair.cli("snapshot", CITY, "--name", "初稿")[0] == 0
    editor = pair.editor()
    dialog = editor.show_versions()
    dialog.take("初稿")
    chapter = editor.session.plan.chapters[1]
    edited = chapter.text + "补充一句。"
    editor.session.edit("chapters", chapter.id, "text", edited)
    editor.session.flush()
    # The same change in the command line's copy, by the same person at the same moment: the
    # table says when each item was changed, to the minute, and the two edits made a moment
    # apart fell into two minutes now and then (12:00:59, 12:01:00).
    made = pair.app_repo.attribution(editor.session.plan.id)[("chapters", chapter.id)]
    database, repo = open_store(pair.cli_db)
    with database, repo.acting_as(made):
        repo.update_field(repo.find(CITY).id, "chapters", chapter.id, "text", edited)

    code, out, _err = pair.cli("diff", CITY)
    dialog.show_differences()
    assert code == 0 and out.splitlines()[-1] == f"共 {len(dialog.differences)} 处差异。"
    assert len(dialog.differences) == 1

    folder = tmp_path / "app"
    folder.mkdir()
    [_pdf, app_xlsx] = sorted(dialog.export_revisions(str(folder)))
    cli_xlsx = tmp_path / "cli.xlsx"
    assert pair.cli("revisions", CITY, "--xlsx", str(cli_xlsx))[0] == 0
    assert cells(cli_xlsx.read_bytes()) == cells(app_xlsx.read_bytes())
    dialog.reject()


def comments_of(repo: PlanRepository) -> list[tuple]:
    plan = find_plan(repo, CITY)
    return sorted((c.collection, c.item_id, c.text, c.author, c.status) for c in plan.comments)


def test_a_review_comment(twins) -> None:
    pair = twins()
    editor = pair.editor()
    chapter = editor.session.plan.chapters[2]
    assert (
        pair.cli(
            "comment", CITY, "--chapter", chapter.title_zh, "--text", " 请补充 ", "--author", "省厅"
        )[0]
        == 0
    )
    dialog = editor.show_comments()
    dialog.chapter.setCurrentIndex(dialog.chapter.findData(f"chapters:{chapter.id}"))
    dialog.add(" 请补充 ", "省厅")
    editor.session.flush()
    assert pair.cli_repo(comments_of) == comments_of(pair.app_repo)
    assert comments_of(pair.app_repo) == [("chapters", chapter.id, "请补充", "省厅", "open")]
    dialog.reject()


def test_comments_merged_from_a_package(twins, commented_package: Path) -> None:
    pair = twins()
    code, out, _err = pair.cli("import-comments", CITY, str(commented_package))
    counts = pair.editor().import_comments(str(commented_package))
    assert code == 0 and out.strip() == f"审核意见：新增 {counts[0]} 条，更新 {counts[1]} 条。"
    assert pair.cli_repo(comments_of) == comments_of(pair.app_repo)
    assert len(comments_of(pair.app_repo)) == 1


def test_a_monitoring_entry(twins) -> None:
    pair = twins()
    editor = pair.editor()
    row = next(r for r in editor.session.plan.indicators if r.template_ref)
    assert (
        pair.cli(
            "monitor", CITY, "--year", "2023", "--indicator", row.template_ref, "--actual", " 1.5 "
        )[0]
        == 0
    )
    dialog = editor.show_monitoring()
    dialog.year.setValue(2023)
    dialog.set_actual(row.id, " 1.5 ")
    editor.session.flush()

    def entries(repo: PlanRepository) -> list[tuple]:
        plan = find_plan(repo, CITY)
        return [(e.id, e.year, e.collection, e.item_id, e.actual.text) for e in plan.monitoring]

    assert pair.cli_repo(entries) == entries(pair.app_repo)
    assert entries(pair.app_repo) == [
        (f"2023:indicators:{row.id}", 2023, "indicators", row.id, "1.5")
    ]
    dialog.reject()


def test_a_department_workbook_out_and_back(twins, tmp_path: Path) -> None:
    pair = twins()
    editor = pair.editor()
    app_path = editor.send_collection_workbook(None, str(tmp_path / "app.xlsx"))
    assert pair.cli("collect", CITY, "--out", str(tmp_path / "cli.xlsx"))[0] == 0
    sent = (tmp_path / "cli.xlsx").read_bytes()
    assert cells(sent) == cells(app_path.read_bytes())

    workbook = load_workbook(io.BytesIO(sent))
    ws = workbook["指标"]
    column = next(c.column_letter for c in ws[1] if c.value == "2030年力争目标")
    ws[f"{column}2"] = 31.5
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)
    assert pair.cli("import-xlsx", CITY, str(returned))[0] == 0
    dialog = editor.import_collection_workbook(str(returned))
    dialog.accept()
    assert pair.cli_repo(lambda repo: plan_body(repo, CITY)) == plan_body(pair.app_repo, CITY)

    def snapshots(repo: PlanRepository) -> list[tuple[str, str]]:
        return [(s.kind.value, s.name) for s in list_snapshots(repo, find_plan(repo, CITY).id)]

    assert (
        pair.cli_repo(snapshots)
        == snapshots(pair.app_repo)
        == [("before_import", "导入前 / before import: returned.xlsx")]
    )
