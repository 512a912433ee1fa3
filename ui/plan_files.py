"""The start window's plan files: a plan's JSON and a submission package, read or written
in a worker with progress and Cancel (a cancelled one stores and writes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QFileDialog

from forms.errors import LocalizedError
from ui.background import with_progress
from ui.plan_rows import plan_operations, show_error

if TYPE_CHECKING:
    from forms.plan import Plan
    from workflows.steps import Steps

Result = TypeVar("Result")


class PlanFileActions:
    """Import a plan's JSON file or a package, export a plan's JSON: mixed into StartWindow,
    whose texts, context, status bar, selection and reload it uses."""

    def _with_progress(self, working: str, work: Callable[[Steps], Result]) -> Result | None:
        """``work`` in a worker; a cancel or a failure is said, and gives None."""
        from workflows.errors import OperationCancelledError

        try:
            return with_progress(self, self.texts, self.texts(working), work)
        except OperationCancelledError:
            self.statusBar().showMessage(self.texts("progress.cancelled"), 8000)
        except LocalizedError as exc:
            show_error(self, self.context, exc)
        return None

    def import_json(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.texts("import.title"), "", self.texts("import.filter")
            )
        if path:
            self._import_file("import_json_file", path, "progress.import_json", "import.done")

    def _import_file(self, importer: str, path: str, working: str, done: str) -> None:
        """Read and store a plan in a worker, with progress and Cancel (which stores nothing)."""
        from workflows.store import worker_repository

        operation = getattr(plan_operations(), importer)

        def work(steps: Steps) -> Plan:
            with worker_repository(self.context.repo) as repo:
                return operation(repo, path, steps=steps)

        plan = self._with_progress(working, work)
        if plan is None:
            return
        self.reload(plan.id)
        self.statusBar().showMessage(self.texts(done, name=plan.meta.name), 8000)

    def export_json(self, path: str | None = None) -> None:
        plan_id = self.selected_id()
        if not plan_id:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.texts("export.title"),
                f"{self.selected_name()}.json",
                self.texts("import.filter"),
            )
        if not path:
            return
        from workflows.exports import export_json
        from workflows.store import worker_repository

        def work(steps: Steps) -> bool:  # read and written in a worker: a large plan's JSON
            steps.reached(0.05)
            with worker_repository(self.context.repo) as repo:
                plan = repo.load_current(plan_id)
            steps.reached(0.5)
            export_json(plan, path)  # whole or not at all
            return True

        if not self._with_progress("progress.export_json", work):
            return
        self.statusBar().showMessage(self.texts("export.done", path=path), 8000)

    def import_package(self, path: str | None = None) -> None:
        """Verify a submission package from another machine and add its plan."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.texts("package.open_title"), "", self.texts("package.filter")
            )
        if path:
            self._import_file(
                "import_package_file", path, "progress.import_package", "package.done"
            )
