"""The Export dialog: formats, destination, document language and fonts; the export runs in a
worker thread with a progress bar, and the folder can be opened when it is done.

The dialog only collects choices; ``workflows.exports`` does the work, all in the worker
thread: the files, then the snapshot a package implies (through the worker's own connection
to the database).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exporters.fonts import ROLE_NAMES, FontError, FontFile, FontRole, resolve_fonts
from exporters.package import ExportRequest, default_file_stem
from forms.checks import is_final
from forms.errors import LocalizedError
from forms.parts import PlanCopy, copy_as_json, plan_from_copy
from forms.plan import Plan
from forms.template import Template
from ui.background import few_full_collections, throttled, window_turns_soon
from ui.texts import Texts
from workflows.exports import keep_exported_package, render_exports, snapshot_body
from workflows.store import PlanRepository, worker_repository

FORMATS = ("pdf", "xlsx", "docx", "package")
SUFFIXES = {"pdf": ".pdf", "xlsx": ".xlsx", "docx": ".docx", "package": ".zip"}


class _ExportWorker(QObject):
    progress = Signal(float, str)
    finished = Signal(list)  # written paths (str)
    failed = Signal(str)

    def __init__(
        self,
        snapshot: PlanCopy,
        template: Template,
        request: ExportRequest,
        lang: str,
        repo: PlanRepository | None = None,
    ) -> None:
        super().__init__()
        self.snapshot, self.template, self.request, self.lang = snapshot, template, request, lang
        self.repo = repo  # where a package's snapshot is kept (through the worker's connection)
        self.plan: Plan | None = None  # rebuilt from the snapshot in the worker thread
        self.snapshot_error = ""  # the files are written, but their snapshot could not be kept
        self.cancel = threading.Event()  # set on the UI thread, polled by the export

    def run(self) -> None:
        try:
            with few_full_collections(), window_turns_soon():
                self.plan = plan_from_copy(self.snapshot)
                written = render_exports(
                    self.plan,
                    self.template,
                    self.request,
                    throttled(self.progress.emit),
                    self.cancel.is_set,
                )
                self._keep_package(self.plan)
        except LocalizedError as exc:
            self.failed.emit(exc.message(self.lang))
        except Exception as exc:  # an exporter bug must not take the editor down
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit([str(path) for path in written])

    def _keep_package(self, plan: Plan) -> None:
        """The snapshot a written package implies, made and stored here, off the UI thread."""
        body = snapshot_body(plan, self.request)
        if body is None or self.repo is None:
            return
        try:
            with worker_repository(self.repo) as repo:
                keep_exported_package(repo, plan, self.request, body)
        except LocalizedError as exc:
            self.snapshot_error = exc.message(self.lang)


class FontChooser(QGroupBox):
    """One file field per font role; empty means the automatic choice (shown as placeholder)."""

    def __init__(self, texts: Texts, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts, self.settings = texts, settings
        self.setObjectName("fontChooser")
        self.setCheckable(True)
        self.setChecked(False)
        form = QFormLayout(self)
        self.fields: dict[FontRole, QLineEdit] = {}
        self.labels: dict[FontRole, QLabel] = {}
        try:
            automatic = resolve_fonts()
        except FontError:
            automatic = None
        for role in FontRole:
            field = QLineEdit(self)
            field.setObjectName(f"font_{role.value}")
            field.setText(str(settings.value(f"export/font/{role.value}", "") or ""))
            if automatic is not None:
                found = automatic[role].file
                field.setPlaceholderText(
                    found.path.name + (f"#{found.index}" if found.index else "")
                )
                field.setToolTip(str(found))
            browse = QPushButton("…", self)
            browse.setMaximumWidth(40)
            browse.setObjectName(f"browse_font_{role.value}")
            browse.clicked.connect(lambda _checked=False, f=field: self._browse(f))
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(browse)
            label = QLabel(self)
            form.addRow(label, row)
            self.fields[role], self.labels[role] = field, label
        self._show_fields(False)
        self.toggled.connect(self._show_fields)

    def _show_fields(self, shown: bool) -> None:
        for child in self.findChildren(QWidget):
            child.setVisible(shown)
        self.setFlat(not shown)  # folded: only the check box, no empty frame
        self.setMaximumHeight(16777215 if shown else self.fontMetrics().height() + 10)

    def _browse(self, field: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.texts("export.fonts"), field.text(), self.texts("export.font_filter")
        )
        if path:
            field.setText(path)

    def retranslate(self) -> None:
        self.setTitle(self.texts("export.fonts"))
        for role, label in self.labels.items():
            label.setText(ROLE_NAMES[role][1 if self.texts.lang == "en" else 0])

    def chosen(self) -> dict[FontRole, FontFile]:
        chosen = {}
        for role, field in self.fields.items():
            text = field.text().strip()
            self.settings.setValue(f"export/font/{role.value}", text)
            if text:
                path, _, index = text.partition("#")
                chosen[role] = FontFile(Path(path), int(index) if index.isdigit() else 0)
        return chosen


class ExportDialog(QDialog):
    """Export one plan; window-modal and non-blocking (``open()``)."""

    exported = Signal(list)

    def __init__(
        self,
        plan: Plan,
        template: Template,
        repo: PlanRepository,
        texts: Texts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.plan, self.template, self.repo, self.texts = plan, template, repo, texts
        self.settings = QSettings("PeakPlan", "PeakPlan")
        self._thread: QThread | None = None
        self._worker: _ExportWorker | None = None
        self.written: list[str] = []

        formats = self._build_formats()
        folder_row = self._build_destination()
        self._build_form(folder_row)
        self.fonts = FontChooser(self.texts, self.settings, self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(formats)
        layout.addLayout(self.form)
        layout.addWidget(self.fonts)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self._update_buttons()
        self.resize(620, self.sizeHint().height())

    def _build_formats(self) -> QGroupBox:
        """A box per format, ticked as last time."""
        self.format_boxes: dict[str, QCheckBox] = {}
        formats = QGroupBox(self)
        self.formats_group = formats
        format_row = QHBoxLayout(formats)
        remembered = str(self.settings.value("export/formats", ",".join(FORMATS))).split(",")
        for kind in FORMATS:
            box = QCheckBox(self)
            box.setObjectName(f"format_{kind}")
            box.setChecked(kind in remembered)
            box.toggled.connect(self._update_buttons)
            format_row.addWidget(box)
            self.format_boxes[kind] = box
        return formats

    def _build_destination(self) -> QHBoxLayout:
        """The folder (as last time), the file name and the document's language."""
        plan, texts = self.plan, self.texts
        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self.folder.setText(
            str(self.settings.value("export/folder", documents or str(Path.home())))
        )
        self.folder.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)

        self.language = QComboBox(self)
        self.language.setObjectName("documentLanguage")
        self.language.addItem(texts("plan_lang.zh"), "zh")
        self.language.addItem(texts("plan_lang.en"), "en")
        self.language.setCurrentIndex(1 if plan.meta.language == "en" else 0)
        self.file_name = QLineEdit(self)
        self.file_name.setObjectName("fileName")
        self.file_name.setText(default_file_stem(plan, plan.meta.language))
        self.file_name.textChanged.connect(self._update_buttons)
        self.language.currentIndexChanged.connect(self._language_changed)
        return folder_row

    def _build_form(self, folder_row: QHBoxLayout) -> None:
        plan = self.plan
        self.form = QFormLayout()
        self.folder_label, self.name_label, self.lang_label = (
            QLabel(self),
            QLabel(self),
            QLabel(self),
        )
        self.folder_label.setBuddy(self.folder)
        self.name_label.setBuddy(self.file_name)
        self.lang_label.setBuddy(self.language)
        self.form.addRow(self.folder_label, folder_row)
        self.form.addRow(self.name_label, self.file_name)
        self.form.addRow(self.lang_label, self.language)

        self.include_comments = QCheckBox(self)
        self.include_comments.setObjectName("includeComments")
        self.include_comments.setEnabled(bool(plan.comments))
        self.form.addRow("", self.include_comments)
        # a submitted or approved plan always exports its final document
        self.final = QCheckBox(self)
        self.final.setObjectName("finalExport")
        self.final.setChecked(is_final(plan))
        self.final.setEnabled(not is_final(plan))
        self.form.addRow("", self.final)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.open_folder_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setObjectName("openFolderButton")
        self.open_folder_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("cancelExportButton")
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.open_folder_button.clicked.connect(self.open_folder)

    # -- texts and state ------------------------------------------------------------------------

    def retranslate(self) -> None:
        t = self.texts
        name = self.template.localize(self.plan.meta.name, t.lang)
        self.setWindowTitle(t("export_files.title", name=name))
        self.formats_group.setTitle(t("export.formats"))
        for kind, box in self.format_boxes.items():
            box.setText(t(f"export.format_{kind}"))
        self.folder_label.setText(t("export.folder"))
        self.name_label.setText(t("export.file_name"))
        self.lang_label.setText(t("export.language"))
        self.include_comments.setText(t("export.comments", count=len(self.plan.comments)))
        self.final.setText(t("export.final"))
        self.browse_button.setText(t("export.browse"))
        self.export_button.setText(t("export.start"))
        self.open_folder_button.setText(t("export.open_folder"))
        self.cancel_button.setText(t("export.cancel"))
        self.close_button.setText(t("export.close"))
        self.fonts.retranslate()

    def _language_changed(self) -> None:
        lang = self.language.currentData()
        other = "en" if lang == "zh" else "zh"
        if self.file_name.text() == default_file_stem(self.plan, other):
            self.file_name.setText(default_file_stem(self.plan, lang))

    def _update_buttons(self) -> None:
        busy = self._thread is not None
        chosen = any(box.isChecked() for box in self.format_boxes.values())
        ready = chosen and bool(self.folder.text().strip()) and bool(self.file_name.text().strip())
        self.export_button.setEnabled(ready and not busy)
        self.cancel_button.setVisible(busy)  # while exporting: stop it, no file written
        self.cancel_button.setEnabled(busy)

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.texts("export.folder"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def targets(self) -> dict[str, Path]:
        folder = Path(self.folder.text().strip()).expanduser()
        stem = self.file_name.text().strip()
        return {
            kind: folder / f"{stem}{SUFFIXES[kind]}"
            for kind, box in self.format_boxes.items()
            if box.isChecked()
        }

    # -- the export -------------------------------------------------------------------------------

    def _fail(self, message: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)

    def start_export(self) -> None:
        if self._thread is not None:
            return
        t = self.texts
        targets = self.targets()
        folder = Path(self.folder.text().strip()).expanduser()
        if not folder.is_dir():
            self._fail(t("export.no_folder", folder=str(folder)))
            return
        existing = [path.name for path in targets.values() if path.exists()]
        if existing:
            answer = QMessageBox.question(
                self, t("export.overwrite_title"), t("export.overwrite", files="\n".join(existing))
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            fonts = self.fonts.chosen() if self.fonts.isChecked() else {}
        except ValueError as exc:
            self._fail(str(exc))
            return
        self.settings.setValue("export/folder", str(folder))
        self.settings.setValue(
            "export/formats", ",".join(k for k, b in self.format_boxes.items() if b.isChecked())
        )
        request = ExportRequest(
            lang=self.language.currentData(),
            fonts=fonts,
            comments=self.include_comments.isChecked(),
            final=self.final.isChecked(),
            **targets,
        )
        self.status.setStyleSheet("")
        self.status.setText(t("export.working"))
        self.progress.setValue(0)
        self.open_folder_button.setEnabled(False)
        # The editor may go on editing meanwhile: the worker exports a copy, rebuilt in its
        # thread from its JSON (a deep copy of a large plan here froze the window), made and
        # read item by item (read in one call, it held up the window ~70 ms).
        snapshot = copy_as_json(self.plan)
        self._thread = QThread(self)
        self._worker = _ExportWorker(snapshot, self.template, request, self.texts.lang, self.repo)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()
        self._update_buttons()

    def _on_progress(self, share: float, what: str) -> None:
        self.progress.setValue(int(share * 1000))
        key = f"export.step_{what}"
        self.status.setText(self.texts(key))

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            self._thread = None
        if self._worker is not None:
            self._worker.deleteLater()
            self._worker = None
        self._update_buttons()

    def _on_finished(self, written: list[str]) -> None:
        snapshot_error = self._worker.snapshot_error if self._worker is not None else ""
        self._stop_thread()
        self.written = written
        self.progress.setValue(1000)
        names = "\n".join(Path(path).name for path in written)
        self.status.setText(self.texts("export.finished", count=len(written), files=names))
        if snapshot_error:  # the files are written; the snapshot could not be kept
            self._fail(self.status.text() + "\n" + snapshot_error)
        self.open_folder_button.setEnabled(True)
        self.open_folder_button.setFocus()
        self.exported.emit(written)

    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.progress.setValue(0)
        self._fail(message)

    def open_folder(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.written[0]).parent)))

    def cancel_export(self) -> None:
        """Stop the running export at its next step; it writes no file."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.texts("export.cancelling"))

    def reject(self) -> None:
        if self._thread is not None:  # closing cancels a running export: nothing is written
            self.cancel_export()
            self._thread.wait()
        super().reject()

    def done(self, result: int) -> None:
        self._stop_thread()
        super().done(result)
