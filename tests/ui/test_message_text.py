"""Messages quoting what came from elsewhere show it as written: a crafted package's file
name is not turned into a link, a plan's name into bold type or a comment hiding the rest."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from exporters.package import ExportRequest, export_plan
from tests.ui.test_export_dialog import open_demo_city_editor
from tests.ui.test_start_window import when_dialog_opens

LINK = '<a href="https://example.invalid/update">点此下载更新</a>'


def shown_text(box: QMessageBox) -> str:
    """What the message box's label shows, as a reader sees it: Qt renders its text as rich
    text when it guesses it might be."""
    text = box.findChild(QLabel, "qt_msgbox_label").text()
    document = QTextDocument()
    if Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def crafted_package(source: Path, target: Path) -> None:
    """The package with one more file, listed in its manifest, whose name is markup."""
    with zipfile.ZipFile(source) as original:
        files = {name: original.read(name) for name in original.namelist()}
    extra = f"{LINK}.txt"
    files[extra] = b"x"
    manifest = json.loads(files["manifest.json"])
    manifest["files"].append(
        {"name": extra, "size": 1, "sha256": hashlib.sha256(b"y").hexdigest()}  # wrong sum
    )
    files["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def test_a_package_file_named_as_a_link_is_shown_as_written(
    qtbot, start_app, tmp_path: Path
) -> None:
    window, editor = open_demo_city_editor(qtbot, start_app)
    package = tmp_path / "city.zip"
    export_plan(editor.session.plan, editor.session.template, ExportRequest(package=package))
    editor.close()
    crafted = tmp_path / "crafted.zip"
    crafted_package(package, crafted)
    texts: list[str] = []

    def read_and_close(box) -> None:
        texts.append(shown_text(box))
        box.button(QMessageBox.StandardButton.Ok).click()

    seen = when_dialog_opens(read_and_close)
    window.import_package(str(crafted))
    qtbot.waitUntil(lambda: bool(texts))
    assert isinstance(seen[0], QMessageBox)
    assert f"“{LINK}.txt”" in texts[0] and "校验和不符" in texts[0], texts[0]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
