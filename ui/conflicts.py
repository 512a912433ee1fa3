"""Two people changed the same item: the dialog that shows both and lets the user decide.

Keep mine, take theirs, or merge by hand (an editable text starting from both for each text
field, a choice of side for any other field).  Closing the dialog (Esc) decides nothing: the
edit stays unsaved, the status bar says so and offers to resolve it later.  The rules (what
differs, the merge's start, the merged item) are workflows.conflicts'; this only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.session import PlanSession
from ui.texts import Texts
from workflows.conflicts import (
    Conflict,
    FieldDifference,
    MergeRefusedError,
    differences,
    item_title,
    merged_item,
)

KEEP_MINE, TAKE_THEIRS, MERGED = "mine", "theirs", "merged"
SHORT_TEXT = 60  # a value up to this long fits one line
FIELDS_UNSCROLLED = 4  # more differing fields than this scroll


class ConflictDialog(QDialog):
    """Theirs and mine side by side; ``choice`` (and ``merged``) say what the user decided,
    ``choice`` None when the dialog was closed without deciding."""

    def __init__(self, parent: QWidget | None, texts: Texts, conflict: Conflict) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.texts, self.conflict = texts, conflict
        self.fields = differences(conflict, texts.lang)
        self.choice: str | None = None
        self.merged = None
        self.merge_edits: dict[str, QPlainTextEdit] = {}
        self.merge_picks: dict[str, QComboBox] = {}
        self.setWindowTitle(texts("conflict.title"))
        intro = QLabel(texts("conflict.intro", item=item_title(conflict, texts.lang)), self)
        intro.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._scrolled(self._comparison()))
        self.pages.addWidget(self._scrolled(self._merge_page()))
        self.error = QLabel(self)
        self.error.setObjectName("mergeError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons())
        self._show_page(0)
        self.resize(900, 600)

    # -- the two pages --------------------------------------------------------------------

    def _comparison(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.addWidget(self._heading(self.texts("conflict.field")), 0, 0)
        grid.addWidget(self._heading(self.texts("conflict.theirs")), 0, 1)
        grid.addWidget(self._heading(self.texts("conflict.mine")), 0, 2)
        if self.conflict.removal:
            theirs, mine = self._removal_sides()
            grid.addWidget(self._shown(theirs, "theirs"), 1, 1)
            grid.addWidget(self._shown(mine, "mine"), 1, 2)
        for row, field in enumerate(self.fields, start=1):
            grid.addWidget(QLabel(field.label, page), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._shown(field.theirs, f"theirs:{field.path}"), row, 1)
            grid.addWidget(self._shown(field.mine, f"mine:{field.path}"), row, 2)
            grid.setRowStretch(row, int(_long(field.mine) or _long(field.theirs)))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        if not any(_long(f.mine) or _long(f.theirs) for f in self.fields):
            grid.setRowStretch(grid.rowCount(), 1)
        return page

    def _merge_page(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        note = QLabel(self.texts("conflict.merge_intro"), page)
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 2)
        for row, field in enumerate(self.fields, start=1):
            grid.addWidget(QLabel(field.label, page), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._merge_input(field), row, 1)
            grid.setRowStretch(row, int(field.typed))
        grid.setColumnStretch(1, 1)
        if not any(field.typed for field in self.fields):
            grid.setRowStretch(grid.rowCount(), 1)
        return page

    def _merge_input(self, field: FieldDifference) -> QWidget:
        if field.typed:
            edit = QPlainTextEdit(field.merge, self)
            edit.setObjectName(f"merge:{field.path}")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(self._height_for(field.merge, minimum=2))
            self.merge_edits[field.path] = edit
            return edit
        pick = QComboBox(self)
        pick.setObjectName(f"pick:{field.path}")
        pick.addItem(self.texts("conflict.pick_mine", value=field.mine or self._empty()), True)
        pick.addItem(self.texts("conflict.pick_theirs", value=field.theirs or self._empty()), False)
        self.merge_picks[field.path] = pick
        return pick

    def _buttons(self) -> QHBoxLayout:
        t = self.texts
        self.keep_mine = self._button(t("conflict.keep_mine"), "keepMine", self._keep_mine)
        self.take_theirs = self._button(t("conflict.take_theirs"), "takeTheirs", self._take_theirs)
        self.merge = self._button(t("conflict.merge"), "mergeByHand", lambda: self._show_page(1))
        self.merge.setEnabled(not self.conflict.removal and bool(self.fields))
        self.save_merge = self._button(t("conflict.save_merge"), "saveMerge", self._save_merge)
        self.back = self._button(t("conflict.back"), "backToComparison", lambda: self._show_page(0))
        self.later = self._button(t("conflict.later"), "decideLater", self.reject)
        row = QHBoxLayout()
        for button in (self.back, self.keep_mine, self.take_theirs, self.merge):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_merge)
        row.addWidget(self.later)
        return row

    # -- deciding -------------------------------------------------------------------------

    def _keep_mine(self) -> None:
        self.choice = KEEP_MINE
        self.accept()

    def _take_theirs(self) -> None:
        self.choice = TAKE_THEIRS
        self.accept()

    def _save_merge(self) -> None:
        typed = {path: edit.toPlainText() for path, edit in self.merge_edits.items()}
        picked = {path: bool(pick.currentData()) for path, pick in self.merge_picks.items()}
        try:
            self.merged = merged_item(self.conflict, typed, picked, self.texts.lang)
        except MergeRefusedError as exc:
            self.error.setText(exc.message(self.texts.lang))
            self.error.show()
            return
        self.choice = MERGED
        self.accept()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        merging = index == 1
        for button in (self.keep_mine, self.take_theirs, self.merge):
            button.setVisible(not merging)
        self.save_merge.setVisible(merging)
        self.back.setVisible(merging)
        self.error.hide()
        (self.save_merge if merging else self.keep_mine).setDefault(True)
        if merging and self.merge_edits:
            next(iter(self.merge_edits.values())).setFocus()

    # -- pieces ---------------------------------------------------------------------------

    def _removal_sides(self) -> tuple[str, str]:
        t = self.texts
        if self.conflict.theirs is None:
            return t("conflict.removed_by_them"), item_title(self.conflict, t.lang)
        return item_title(self.conflict, t.lang), t("conflict.removed_by_me")

    def _shown(self, text: str, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text or self._empty(), self)
        view.setObjectName(name)
        view.setReadOnly(True)
        view.setTabChangesFocus(True)
        view.setMinimumHeight(self._height_for(text))
        if not _long(text):
            view.setMaximumHeight(self._height_for(text))
        view.setMinimumWidth(120)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return view

    def _height_for(self, text: str, minimum: int = 1) -> int:
        lines = max(minimum, min(12, len(text) // SHORT_TEXT + text.count("\n") + 1))
        return self.fontMetrics().lineSpacing() * lines + 14

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        return label

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _scrolled(self, page: QWidget) -> QWidget:
        if len(self.fields) <= FIELDS_UNSCROLLED:
            return page
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        return area

    def _empty(self) -> str:
        return self.texts("conflict.empty")


class ConflictResolver(QObject):
    """The editor's side of conflicts: the dialog when a save meets someone else's, and a
    status-bar button while any edit waits for a decision."""

    def __init__(self, window: QMainWindow, session: PlanSession, texts: Texts) -> None:
        super().__init__(window)
        self.window, self.session, self.texts = window, session, texts
        self.dialog: ConflictDialog | None = None
        self.button = QPushButton(window)
        self.button.setObjectName("resolveConflicts")
        self.button.setFlat(True)
        self.button.setStyleSheet("color: #b3261e; text-decoration: underline;")
        self.button.clicked.connect(self.ask_next)
        window.statusBar().addPermanentWidget(self.button)
        session.conflict_found.connect(self._found)
        session.save_state.connect(lambda *_: self.refresh())
        texts.changed.connect(lambda *_: self.refresh())
        self.refresh()

    def _found(self, collection: str, item_id: str) -> None:
        # Asked once the save that met theirs has returned (it may run inside an undo step).
        QTimer.singleShot(0, self, lambda: self.ask((collection, item_id)))

    def ask_next(self) -> None:
        if self.session.conflicts:
            self.ask(next(iter(self.session.conflicts)))

    def ask(self, key: tuple[str, str]) -> None:
        """Show the dialog for ``key``'s conflict (window-modal); its answer is carried out
        when it closes."""
        conflict = self.session.conflict(key)
        if conflict is None or self.dialog is not None:
            return
        self.dialog = ConflictDialog(self.window, self.texts, conflict)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.finished.connect(lambda _result: self._decided(key))
        self.dialog.open()

    def _decided(self, key: tuple[str, str]) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if dialog.choice == KEEP_MINE:
            self.session.keep_mine(key)
        elif dialog.choice == TAKE_THEIRS:
            self.session.take_theirs(key)
        elif dialog.choice == MERGED:
            self.session.save_merged(key, dialog.merged)
        self.refresh()

    def refresh(self) -> None:
        count = len(self.session.conflicts)
        self.button.setVisible(bool(count))
        if count:
            waiting = self.texts("conflict.waiting", count=count)
            self.button.setText(f"{waiting} · {self.texts('conflict.resolve')}")


def _long(text: str) -> bool:
    """A value that needs more than a line: shown in a box that grows with the dialog."""
    return len(text) > SHORT_TEXT or "\n" in text
