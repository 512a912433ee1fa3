"""The plan's versions: named snapshots taken by hand, before imports and when a package is
exported; what changed since one of them, with changed text marked; a snapshot restored as a
new plan (the current plan is never overwritten from here)."""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from exporters.document import build_document
from forms.attribution import Stamps, stamp_for
from forms.diff import Difference
from forms.errors import LocalizedError
from forms.plan import RevisionNote
from ui.background import off_ui_thread, with_progress
from ui.document_view import DocumentView
from ui.message_text import as_written
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import tab_through_cells, wrap_items
from workflows import versions
from workflows.errors import OperationCancelledError
from workflows.people import display_names, shown_name
from workflows.steps import Steps
from workflows.store import worker_repository

if TYPE_CHECKING:
    from exporters.revisions import Row


def _context(text: str, index: int, count: int, keep: int = 24) -> str:
    """Unchanged text around a change, shortened to the characters next to the changes."""
    if len(text) <= 2 * keep + 1:
        return text
    if index == 0:
        return "…" + text[-keep:]
    if index == count - 1:
        return text[:keep] + "…"
    return text[:keep] + "…" + text[-keep:]


def _by_html(difference: Difference, stamps: Stamps, texts: Texts) -> str:
    stamp = stamp_for(difference, stamps)
    if stamp is None:
        return ""
    who = texts("versions.by", who=stamp.text(texts.lang))
    return f" <span style='color:#5f6368'>{escape(who)}</span>"


def differences_html(
    differences: list[Difference], texts: Texts, stamps: Stamps | None = None
) -> str:
    """The differences as HTML: deleted text struck through in red, inserted text in green;
    who made each and when, where known."""
    if not differences:
        return f"<p>{escape(texts('versions.no_differences'))}</p>"
    rows = []
    for difference in differences:
        head = escape(difference.describe(texts.lang))
        by = _by_html(difference, stamps or {}, texts)
        if difference.spans:
            count = len(difference.spans)
            body = "".join(
                escape(_context(span.new, n, count))
                if span.op == "equal"
                else (f"<s style='color:#b00020'>{escape(span.old)}</s>" if span.old else "")
                + (f"<b style='color:#1a7f37'>{escape(span.new)}</b>" if span.new else "")
                for n, span in enumerate(difference.spans)
            )
            rows.append(f"<p><b>{head}</b>{by}<br/>{body}</p>")
        elif difference.kind == "changed":
            rows.append(
                f"<p><b>{head}</b>{by}：<s style='color:#b00020'>"
                f"{escape(difference.old_text(texts.lang))}</s> → "
                f"<b style='color:#1a7f37'>{escape(difference.new_text(texts.lang))}</b></p>"
            )
        else:
            rows.append(f"<p><b>{head}</b>{by}</p>")
    summary = escape(texts("versions.count", count=len(differences)))
    return f"<p>{summary}</p>" + "".join(rows)


class VersionsDialog(QDialog):
    restored = Signal(str)  # the new plan's id

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionsDialog")
        self.session, self.texts = session, texts
        self.changes: versions.Changes | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("snapshotList")
        # "2026-12-03 04:46 · taken by hand · taken by 张三" is wider than the list at
        # 1024×768: it wraps onto another line instead of running under the edge
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        wrap_items(self.list)
        self.view = QTextBrowser(self)
        self.view.setObjectName("differences")
        self.take_button = QPushButton(self)
        self.take_button.setObjectName("takeSnapshot")
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restoreSnapshot")
        self.take_button.clicked.connect(lambda: self.take())
        self.restore_button.clicked.connect(self.restore_as_new)
        self.view_button = QPushButton(self)
        self.view_button.setObjectName("viewSnapshot")
        self.view_button.clicked.connect(lambda: self.view_snapshot())
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportRevisions")
        self.export_button.clicked.connect(lambda: self.export_revisions())
        self.list.currentRowChanged.connect(lambda _row: self.show_differences())
        self.reasons = self._reasons_table()
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.view)
        right.addWidget(self.reasons)
        right.setSizes([300, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 680])
        row = QHBoxLayout()
        row.addWidget(self.take_button)
        row.addWidget(self.view_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.retranslate()
        self.resize(980, 540)

    def _reasons_table(self) -> QTableWidget:
        """The changes since the snapshot, each with the reason typed for it."""
        table = QTableWidget(self)
        table.setObjectName("revisionReasons")
        table.setColumnCount(4)
        table.verticalHeader().setVisible(False)
        tab_through_cells(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.itemChanged.connect(self._reason_changed)
        return table

    def retranslate(self) -> None:
        t = self.texts
        name = self.session.template.localize(self.session.plan.meta.name, t.lang)
        self.setWindowTitle(t("versions.title", name=name))
        self.take_button.setText(t("versions.take"))
        self.restore_button.setText(t("versions.restore"))
        self.view_button.setText(t("versions.view"))
        self.export_button.setText(t("versions.export"))
        self.reasons.setHorizontalHeaderLabels(
            [
                t("versions.col_chapter"),
                t("versions.col_change"),
                t("versions.col_by"),
                t("versions.col_why"),
            ]
        )
        self.close_button.setText(t("export.close"))
        self.reload()

    def reload(self, select: str | None = None, known: versions.Changes | None = None) -> None:
        """The snapshots listed again, ``select`` chosen; ``known``: its changes, when they are
        known without comparing (a snapshot just taken)."""
        self.infos = versions.list_snapshots(self.session.repo, self.session.plan.id)
        names = display_names(self.session.repo)
        self.list.blockSignals(True)  # the differences are shown once, below
        self.list.clear()
        for info in self.infos:
            when = info.created_at.replace("T", " ")[:16]
            kind = self.texts(f"versions.kind.{info.kind.value}")
            who = shown_name(info.taken_by, names)
            taken = f" · {self.texts('versions.taken_by', name=who)}" if who else ""
            item = QListWidgetItem(f"{info.name}\n{when} · {kind}{taken}")
            item.setToolTip(item.text())
            self.list.addItem(item)
        row = next((n for n, i in enumerate(self.infos) if i.id == select), 0)
        self.list.setCurrentRow(row if self.infos else -1)
        self.list.blockSignals(False)
        self.restore_button.setEnabled(bool(self.infos))
        self.view_button.setEnabled(bool(self.infos))
        self.export_button.setEnabled(bool(self.infos))
        self.show_differences(known)

    def current_info(self):
        row = self.list.currentRow()
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def show_differences(self, known: versions.Changes | None = None) -> None:
        """What changed since the selected snapshot: read and compared in a worker (a large
        plan takes a second or more), unless ``known``."""
        info = self.current_info()
        self.differences, self.changes = [], None
        if info is None:
            self.view.setHtml(f"<p>{escape(self.texts('versions.none'))}</p>")
            self._fill_reasons([])
            return
        self.session.flush()
        plan, repo, lang = self.session.plan, self.session.repo, self.texts.lang

        def compare() -> tuple[versions.Changes, list[Row]]:
            from exporters.revisions import revision_rows  # loads openpyxl: in the worker

            with worker_repository(repo) as own:
                changes = versions.changes_since(own, plan, info)
            rows = revision_rows(changes.old, plan, lang, changes.stamps, changes.differences)
            return changes, rows

        if known is not None:
            self.changes, rows = known, []
        else:
            with getattr(self.parent(), "live_view_held", nullcontext)():
                self.changes, rows = off_ui_thread(compare)
        self.differences = self.changes.differences
        self.view.setHtml(differences_html(self.differences, self.texts, self.changes.stamps))
        self._fill_reasons(rows)

    def _fill_reasons(self, rows: list[Row]) -> None:
        """One row per change: its chapter, what changed, who changed it when, and the
        reason (editable)."""
        self.reasons.blockSignals(True)
        self.reasons.setRowCount(len(rows))
        for r, (_n, chapter, what, who, when, why) in enumerate(rows):
            for c, text in enumerate((chapter, what, f"{who} {when}".strip(), why)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c < 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setData(Qt.ItemDataRole.UserRole, self.differences[r].key)
                self.reasons.setItem(r, c, item)
        self.reasons.blockSignals(False)

    def _reason_changed(self, item: QTableWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if not key:
            return
        why = item.text().strip()
        if any(n.id == key for n in self.session.plan.revision_notes):
            self.session.edit("revision_notes", key, "why", why)
        else:
            self.session.add_item("revision_notes", RevisionNote(id=key, why=why))

    def export_revisions(self, folder: str | None = None) -> list[Path]:
        """The revision table since the selected snapshot, as PDF and Excel."""
        info = self.current_info()
        if info is None:
            return []
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.texts("versions.export"))
            if not folder:
                return []
        self.session.flush()
        plan, lang = self.session.plan, self.texts.lang
        stem = versions.revision_file_stem(plan, lang)
        try:
            changes = versions.changes_since(self.session.repo, plan, info)
            written = off_ui_thread(
                partial(
                    versions.export_revisions,
                    changes,
                    plan.model_copy(deep=True),
                    lang,
                    pdf=Path(folder, f"{stem}.pdf"),
                    xlsx=Path(folder, f"{stem}.xlsx"),
                )
            )
        except LocalizedError as exc:
            QMessageBox.warning(self, self.texts("error.title"), as_written(exc.message(lang)))
            return []
        self.view.append(f"<p>{escape(self.texts('versions.exported', folder=folder))}</p>")
        return written

    def take(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.texts("versions.take"), self.texts("versions.name_prompt")
            )
            if not ok:
                return
        self.session.flush()
        plan, repo, t = self.session.plan, self.session.repo, self.texts

        def work(steps: Steps) -> versions.SnapshotInfo:
            with worker_repository(repo) as own:
                return versions.take_snapshot(own, plan, name, steps)

        editor = self.parent()
        held = getattr(editor, "live_view_held", nullcontext)  # others' saves wait meanwhile
        try:
            with held():
                info = with_progress(self, t, t("progress.snapshot"), work)
        except OperationCancelledError:
            return
        except LocalizedError as exc:
            QMessageBox.warning(
                self, self.texts("error.title"), as_written(exc.message(self.texts.lang))
            )
            return
        self.reload(select=info.id, known=versions.Changes(info, plan, []))  # nothing since

    def view_snapshot(self) -> DocumentView | None:
        """The selected snapshot, read-only, as its document."""
        info = self.current_info()
        if info is None:
            return None
        plan = versions.load_snapshot(self.session.repo, info.id)
        document = build_document(plan, self.session.template, self.texts.lang)
        view = DocumentView(
            document, self.texts("versions.view_title", name=info.name), self.texts, self
        )
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open()
        return view

    def restore_as_new(self) -> None:
        info = self.current_info()
        if info is None:
            return
        try:
            new = versions.restore_as_new_plan(self.session.repo, info)
        except LocalizedError as exc:
            QMessageBox.warning(
                self, self.texts("error.title"), as_written(exc.message(self.texts.lang))
            )
            return
        self.restored.emit(new.id)
