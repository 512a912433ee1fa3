"""The plan editor's commands: each opens its dialog (shortcuts, export, comments, versions,
outline, monitoring, higher targets) or exchanges a file (a package's comments, a department's
collection workbook)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from forms.checks import Finding, check_plan
from forms.collect import ImportPreview, departments
from forms.errors import LocalizedError
from forms.parts import changed_collections
from forms.plan import Plan
from ui.background import off_ui_thread, with_progress
from ui.collect_dialogs import ImportPreviewDialog, preview_rows
from ui.comments_dialog import CommentsDialog
from ui.context import AppContext
from ui.higher_targets_dialog import HigherTargetsDialog
from ui.message_text import as_written
from ui.monitoring_dialog import MonitoringDialog
from ui.outline_editor import OutlineDialog
from ui.pages import Page
from ui.session import PlanSession
from ui.shortcuts import ShortcutsDialog
from ui.texts import Texts
from ui.versions_dialog import VersionsDialog
from workflows.collect import apply_collection_import, preview_workbook
from workflows.errors import OperationCancelledError
from workflows.exports import export_collection_workbook, file_stem
from workflows.live import item_states
from workflows.plans import read_package_plan
from workflows.review import merge_package_comments
from workflows.steps import Steps
from workflows.store import worker_repository

if TYPE_CHECKING:  # loaded when first opened: with them come reportlab and jinja2 (~0.2 s)
    from ui.export_dialog import ExportDialog


@dataclass(frozen=True)
class _Applied:
    """A workbook import as its worker left it: the plan read back, its check, the items'
    stored (version, position) read just before, the collections that changed."""

    stored: Plan
    findings: list[Finding]
    states: dict[tuple[str, str], tuple[int, int]]
    changed: list[str]


def _previewed(preview: ImportPreview, texts: Texts) -> tuple[ImportPreview, list]:
    """A workbook's preview and the rows its dialog lists, both made in the worker."""
    return preview, preview_rows(preview, texts)


class EditorCommands(QMainWindow):
    """The Plan and Help menus' commands of :class:`ui.editor.PlanEditor`."""

    plan_restored = Signal(str)  # a snapshot became this new plan

    context: AppContext
    session: PlanSession
    texts: Texts

    def current_page(self) -> Page:
        raise NotImplementedError

    def refresh_progress(self) -> None:
        raise NotImplementedError

    def live_view_held(self) -> AbstractContextManager[None]:
        """Others' saves wait while a worker reads or writes this plan (see LiveView.held)."""
        live = getattr(self, "live_view", None)
        return live.held() if live is not None else nullcontext()

    def show_shortcuts(self) -> ShortcutsDialog:
        """The list of every shortcut (non-blocking)."""
        dialog = ShortcutsDialog(self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_files(self) -> ExportDialog:
        """The Export dialog for this plan as it is now (window-modal, not blocking)."""
        from ui.export_dialog import ExportDialog

        dialog = ExportDialog(
            self.session.plan, self.session.template, self.session.repo, self.texts, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(
            lambda files: self.statusBar().showMessage(
                self.texts("export.finished", count=len(files), files=""), 8000
            )
        )
        dialog.open()
        return dialog

    def import_comments(self, path: str | None = None) -> tuple[int, int] | None:
        """Merge the review comments of a package of this plan (none twice)."""
        t = self.texts
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, t("action.import_comments"), "", t("package.filter")
            )
            if not path:
                return None
        self.session.flush()
        plan, repo, template = self.session.plan, self.session.repo, self.session.template

        def work(steps: Steps) -> tuple[tuple[int, int], Plan, list[Finding]]:
            steps.reached(0.05)
            incoming = read_package_plan(path)
            steps.reached(0.6)
            with worker_repository(repo) as own:  # a shallow copy takes the merged comments
                counts = merge_package_comments(own, plan.model_copy(), incoming)
                stored = own.load_plan(plan.id)
            return counts, stored, check_plan(stored, template)

        try:
            with self.live_view_held():
                counts, stored, findings = with_progress(
                    self, t, t("progress.import_package"), work
                )
        except OperationCancelledError:
            self.statusBar().showMessage(t("progress.cancelled"), 8000)
            return None
        except LocalizedError as exc:
            QMessageBox.warning(self, t("error.title"), as_written(exc.message(t.lang)))
            return None
        self.session.reload(stored, findings)
        self.refresh_progress()
        self.statusBar().showMessage(t("comments.merged", added=counts[0], updated=counts[1]), 8000)
        return counts

    def show_monitoring(self) -> MonitoringDialog:
        """A year's actual values and project progress (non-blocking)."""
        dialog = MonitoringDialog(self.session, self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_comments(self) -> CommentsDialog:
        """Review comments, opened on the current step's chapter (non-blocking)."""
        chapter = getattr(self.current_page(), "chapter", None)
        dialog = CommentsDialog(self.session, self.texts, chapter.id if chapter else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh_progress())
        dialog.open()
        return dialog

    def show_versions(self) -> VersionsDialog:
        """Snapshots, the changes since one, restore as a new plan (non-blocking)."""
        dialog = VersionsDialog(self.session, self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self.plan_restored)
        dialog.open()
        return dialog

    def edit_outline(self) -> OutlineDialog:
        """The outline's chapters and task groups (window-modal, non-blocking)."""
        self.current_page().commit()
        dialog = OutlineDialog(self.session, self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_higher_targets(self) -> HigherTargetsDialog:
        """The national targets and the province's, which the plan records (non-blocking)."""
        dialog = HigherTargetsDialog(self.session, self.texts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def send_collection_workbook(
        self, department: str | None = None, path: str | None = None
    ) -> Path | None:
        """Write a department's collection workbook (asks for the department and the file)."""
        t = self.texts
        if path is None:
            everyone = t("collect.all_departments")
            words = self.session.template  # a default department reads in the interface language
            choice, ok = QInputDialog.getItem(
                self,
                t("collect.department_title"),
                t("collect.department_prompt"),
                [everyone, *(words.localize(d, t.lang) for d in departments(self.session.plan))],
                0,
                True,
            )
            if not ok:
                return None
            department = None if choice in ("", everyone) else words.canonical(choice)
            suggested = file_stem(self.session.plan.meta.name, department or everyone) + ".xlsx"
            path, _ = QFileDialog.getSaveFileName(
                self, t("collect.save_title"), suggested, t("collect.xlsx_filter")
            )
            if not path:
                return None
        try:
            plan = self.session.plan.model_copy(deep=True)
            written = off_ui_thread(
                export_collection_workbook, plan, self.session.template, path, department, None
            )
        except LocalizedError as exc:
            QMessageBox.warning(self, t("error.title"), as_written(exc.message(t.lang)))
            return None
        self.statusBar().showMessage(t("collect.saved", path=str(written)), 8000)
        return written

    def import_collection_workbook(self, path: str | None = None) -> ImportPreviewDialog | None:
        """Read a returned workbook and show its preview; Import applies it."""
        t = self.texts
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, t("collect.open_title"), "", t("collect.xlsx_filter")
            )
            if not path:
                return None
        self.session.flush()
        # no copy of the plan: the progress dialog keeps anyone from editing it meanwhile,
        # and the live view from putting others' saves into it
        plan, template = self.session.plan, self.session.template
        try:
            with self.live_view_held():
                preview, rows = with_progress(
                    self,
                    t,
                    t("progress.read_workbook"),
                    lambda steps: _previewed(
                        preview_workbook(plan, template, path, t.lang, steps), t
                    ),
                )
        except OperationCancelledError:
            self.statusBar().showMessage(t("progress.cancelled"), 8000)
            return None
        except LocalizedError as exc:
            QMessageBox.warning(self, t("error.title"), as_written(exc.message(t.lang)))
            return None
        dialog = ImportPreviewDialog(preview, Path(path).name, t, self, rows)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_import(preview, Path(path).name))
        dialog.open()
        return dialog

    def _apply_import(self, preview: ImportPreview, source: str) -> None:
        """The snapshot and the changed plan written in a worker; Cancel writes neither."""
        t = self.texts
        self.session.flush()
        session = self.session
        plan, repo, template, seen = session.plan, session.repo, session.template, session.versions

        def work(steps: Steps) -> _Applied:
            with worker_repository(repo) as own:
                apply_collection_import(own, plan, preview, source, steps, based_on=seen)
                states = item_states(own, plan.id)  # first: a save in between is seen later
                stored = own.load_plan(plan.id)  # read, checked, compared here, not in the window
            return _Applied(
                stored, check_plan(stored, template), states, changed_collections(plan, stored)
            )

        try:
            with self.live_view_held():
                applied = with_progress(self, t, t("progress.apply_workbook"), work)
        except OperationCancelledError:
            self.statusBar().showMessage(self.texts("progress.cancelled"), 8000)
            return
        except LocalizedError as exc:
            QMessageBox.warning(
                self, self.texts("error.title"), as_written(exc.message(self.texts.lang))
            )
            return
        versions = {key: version for key, (version, _position) in applied.states.items()}
        self.session.reload(
            applied.stored, applied.findings, versions=versions, changed=applied.changed
        )
        live = getattr(self, "live_view", None)
        if live is not None:
            live.caught_up(applied.states)
        self.refresh_progress()
        self.statusBar().showMessage(
            self.texts("collect.done", changes=len(preview.changes), new=len(preview.new_projects)),
            10000,
        )
