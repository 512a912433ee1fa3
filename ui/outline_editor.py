"""The plan's own outline: chapters and task groups renamed, added, removed and reordered,
each recording the Annex 2 elements it covers.  Every change is one undoable, saved edit
through the session; the editor's steps and every export follow the outline."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms.outline import chapter_removable, new_chapter, new_task_group
from forms.plan import Chapter, TaskGroup
from forms.template import ChapterKind
from ui.session import PlanSession
from ui.shortcuts import bind
from ui.texts import STRINGS, Texts
from ui.widgets import wrap_items

UNCOVERED = "element_not_covered"  # the check's finding for an Annex 2 element left out


class OutlineList(QWidget):
    """One collection of the outline: a list, its buttons, and the selected item's fields."""

    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        collection: str,
        new_item: Callable[[], BaseModel],
        removable: Callable[[BaseModel], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.texts, self.collection = session, texts, collection
        self.list_key = "outline.chapters" if collection == "chapters" else "outline.groups"
        self.new_item, self.removable = new_item, removable
        self.list = QListWidget(self)
        self.list.setObjectName(f"outline_{collection}")
        self.buttons = {key: QPushButton(self) for key in ("add", "remove", "up", "down")}
        for key, button in self.buttons.items():
            button.setObjectName(f"outline_{collection}_{key}")
            button.setAutoDefault(False)
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["remove"].clicked.connect(self.remove)
        self.buttons["up"].clicked.connect(lambda: self.move(-1))
        self.buttons["down"].clicked.connect(lambda: self.move(1))
        self.delete_action = bind(QAction(self.list), "delete")  # Delete removes, as the button
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.remove)
        self.list.addAction(self.delete_action)
        self.note = QLabel(self)  # why the selected item cannot be removed
        self.note.setObjectName(f"outline_{collection}_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        self.title_zh, self.title_en = QLineEdit(self), QLineEdit(self)
        self.title_zh.setObjectName(f"outline_{collection}_title_zh")
        self.title_en.setObjectName(f"outline_{collection}_title_en")
        self.title_zh.editingFinished.connect(self.commit)
        self.title_en.editingFinished.connect(self.commit)
        self.covers = QListWidget(self)
        self.covers.setObjectName(f"outline_{collection}_covers")
        for names in (self.list, self.covers):
            wrap_items(names)  # a long title takes two lines, in either language
        self.covers.itemChanged.connect(self._covers_changed)
        self.own_hint = QLabel(self)
        self.own_hint.setWordWrap(True)

        self._lay_out()
        self.list.currentRowChanged.connect(self._on_row_changed)
        # bound methods: Qt drops the connections when the dialog is deleted
        session.rows_changed.connect(self._on_rows_changed)
        session.item_changed.connect(self._on_item_changed)

    def _lay_out(self) -> None:
        """The list and its buttons on the left, the selected item's fields on the right."""
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        left.addLayout(row)
        left.addWidget(self.note)
        self.zh_label, self.en_label, self.covers_label = QLabel(self), QLabel(self), QLabel(self)
        self.zh_label.setBuddy(self.title_zh)
        self.en_label.setBuddy(self.title_en)
        self.covers_label.setBuddy(self.covers)
        right = QVBoxLayout()  # each label above its field, the covers list taking the height
        for widget in (self.zh_label, self.title_zh, self.en_label, self.title_en):
            right.addWidget(widget)
        right.addWidget(self.covers_label)
        right.addWidget(self.covers, 1)
        right.addWidget(self.own_hint)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    # -- reading --------------------------------------------------------------------------------

    def items(self) -> list[BaseModel]:
        return list(getattr(self.session.plan, self.collection))

    def current(self) -> BaseModel | None:
        row = self.list.currentRow()
        items = self.items()
        return items[row] if 0 <= row < len(items) else None

    def _label(self, item: BaseModel) -> str:
        return self.texts.pick(item.title_zh, item.title_en)  # type: ignore[attr-defined]

    def reload(self, select: str | None = None) -> None:
        current = self.current()
        wanted = select or (current.id if current else None)  # type: ignore[attr-defined]
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for n, item in enumerate(self.items()):
            self.list.addItem(QListWidgetItem(self._label(item)))
            if item.id == wanted:  # type: ignore[attr-defined]
                row = n
        self.list.setCurrentRow(row if self.list.count() else -1)
        self.list.blockSignals(False)
        self._show_item()

    def _on_rows_changed(self, collection: str) -> None:
        if collection == self.collection:
            self.reload()

    def _on_item_changed(self, collection: str, item_id: str) -> None:
        if collection != self.collection:
            return
        for n, item in enumerate(self.items()):
            if n < self.list.count():
                self.list.item(n).setText(self._label(item))
        current = self.current()
        if current is not None and current.id == item_id:  # type: ignore[attr-defined]
            self._show_item()  # e.g. an undo in the editor while the dialog is open

    def _on_row_changed(self, _row: int) -> None:
        self._show_item()

    def _show_item(self) -> None:
        item = self.current()
        shown = item.id if item is not None else None  # type: ignore[attr-defined]
        if shown != getattr(self, "_shown", None):
            self._shown = shown
            self.covers.setCurrentRow(-1)  # another item: no element row left highlighted
        for widget in (self.title_zh, self.title_en, self.covers):
            widget.setEnabled(item is not None)
        for edit, field in ((self.title_zh, "title_zh"), (self.title_en, "title_en")):
            text = getattr(item, field) if item is not None else ""
            if edit.text() != text:
                edit.setText(text)
        self._show_covers(item)
        row = self.list.currentRow()
        can_remove = item is not None and self.removable(item)
        why = "" if can_remove or item is None else self.texts("outline.cannot_remove")
        self.buttons["remove"].setEnabled(can_remove)
        self.buttons["remove"].setToolTip(why)
        self.delete_action.setEnabled(can_remove)
        if item is not None and getattr(item, "kind", None) == ChapterKind.TASKS:
            why = f"{why}\n{self.texts('outline.tasks_hint')}"
        self.note.setText(why)
        self.note.setVisible(bool(why))
        self.buttons["up"].setEnabled(item is not None and row > 0)
        self.buttons["down"].setEnabled(item is not None and row < self.list.count() - 1)

    def _fill_covers(self) -> None:
        """The template's Annex 2 elements for this pilot type, in the interface language."""
        self.covers.blockSignals(True)
        self.covers.clear()
        for element in self.session.template.elements_for_pilot():
            entry = QListWidgetItem(element.title.get(self.texts.lang))
            entry.setData(Qt.ItemDataRole.UserRole, element.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.covers.addItem(entry)
        self.covers.blockSignals(False)

    def _show_covers(self, item: BaseModel | None) -> None:
        covered = set(item.covers) if item else set()  # type: ignore[attr-defined]
        self.covers.blockSignals(True)
        for n in range(self.covers.count()):
            entry = self.covers.item(n)
            state = (
                Qt.CheckState.Checked
                if entry.data(Qt.ItemDataRole.UserRole) in covered
                else Qt.CheckState.Unchecked
            )
            if entry.checkState() != state:
                entry.setCheckState(state)
        self.covers.blockSignals(False)

    # -- editing --------------------------------------------------------------------------------

    def commit(self) -> None:
        """Save the title fields if they differ from the item (Enter, leaving, closing)."""
        item = self.current()
        if item is None:
            return
        for field, edit in (("title_zh", self.title_zh), ("title_en", self.title_en)):
            text = edit.text().strip()
            if text == getattr(item, field):
                continue
            if field == "title_zh" and not text:  # a chapter always has a Chinese title
                edit.setText(item.title_zh)  # type: ignore[attr-defined]
                continue
            self.session.edit(self.collection, item.id, field, text)  # type: ignore[attr-defined]

    def _covers_changed(self) -> None:
        item = self.current()
        if item is None:
            return
        covers = [
            self.covers.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.covers.count())
            if self.covers.item(n).checkState() == Qt.CheckState.Checked
        ]
        self.session.edit(self.collection, item.id, "covers", covers)  # type: ignore[attr-defined]

    def add(self) -> None:
        """A new item after the selected one, its Chinese title ready to be typed over."""
        self.commit()
        item = self.new_item()
        row = self.list.currentRow()
        self.session.add_item(self.collection, item, row + 1 if row >= 0 else None)
        self.reload(select=item.id)  # type: ignore[attr-defined]
        self.title_zh.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_zh.selectAll()

    def remove(self) -> None:
        self.commit()
        item = self.current()
        if item is None or not self.removable(item):
            return
        measures = (
            self.session.plan.measures_of(item.id)  # type: ignore[attr-defined]
            if self.collection == "task_groups"
            else []
        )
        if measures:
            answer = QMessageBox.question(
                self,
                self.texts("outline.remove_title"),
                self.texts("outline.remove_group", name=self._label(item), count=len(measures)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        row = self.list.currentRow()
        stack = self.session.undo_stack
        stack.beginMacro(f"remove {self.collection}")  # one undo puts everything back
        for measure in measures:
            self.session.remove_item("measures", measure.id)
        self.session.remove_item(self.collection, item.id)  # type: ignore[attr-defined]
        stack.endMacro()
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move(self, delta: int) -> None:
        self.commit()
        item = self.current()
        if item is not None and self.session.move_item(
            self.collection,
            item.id,  # type: ignore[attr-defined]
            delta,
        ):
            self.reload(select=item.id)  # type: ignore[attr-defined]

    def retranslate(self) -> None:
        t = self.texts
        for key, button in self.buttons.items():
            button.setText(t(f"outline.{key}"))
        self.list.setAccessibleName(t(self.list_key))
        self.zh_label.setText(t("outline.title_zh"))
        self.en_label.setText(t("outline.title_en"))
        self.covers_label.setText(t("outline.covers"))
        self.own_hint.setText(t("outline.own_hint"))
        self._fill_covers()
        self.reload()


class OutlineDialog(QDialog):
    """Chapters and task groups of the plan's outline (window-modal, non-blocking)."""

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineDialog")
        self.session, self.texts = session, texts
        self.chapters = OutlineList(
            session, texts, "chapters", self._new_chapter, self._chapter_removable, self
        )
        self.groups = OutlineList(
            session, texts, "task_groups", self._new_group, lambda _item: True, self
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.chapters, "")
        self.tabs.addTab(self.groups, "")
        self.uncovered = QLabel(self)
        self.uncovered.setObjectName("outlineUncovered")
        self.uncovered.setWordWrap(True)
        self.uncovered.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.uncovered)
        layout.addWidget(buttons)
        # Ctrl+Z / Ctrl+Y here too (a line edit being typed in keeps its own undo)
        self.undo_action = bind(session.undo_stack.createUndoAction(self), "undo")
        self.redo_action = bind(session.undo_stack.createRedoAction(self), "redo")
        self.addActions([self.undo_action, self.redo_action])
        self.setWindowModality(Qt.WindowModality.WindowModal)
        session.rows_changed.connect(self._on_outline_changed)
        session.item_changed.connect(self._on_item_changed)
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self.resize(860, 580)

    def _new_chapter(self) -> Chapter:
        return new_chapter(self.session.plan, STRINGS["outline.new_chapter"][0])

    def _new_group(self) -> TaskGroup:
        return new_task_group(self.session.plan, STRINGS["outline.new_group"][0])

    @staticmethod
    def _chapter_removable(item: BaseModel) -> bool:
        return chapter_removable(item)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter confirms a title field; it does not close the dialog (Esc does)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        """A title still being typed is kept when the dialog closes."""
        self.chapters.commit()
        self.groups.commit()
        super().done(result)

    def _on_outline_changed(self, collection: str) -> None:
        if collection in {"chapters", "task_groups"}:
            self.update_uncovered()

    def _on_item_changed(self, collection: str, _item_id: str) -> None:
        self._on_outline_changed(collection)

    def uncovered_elements(self) -> list[str]:
        """The Annex 2 elements (in the interface language) that no chapter or group covers."""
        missing = {f.params["element"] for f in self.session.findings() if f.code == UNCOVERED}
        return [
            e.title.get(self.texts.lang)
            for e in self.session.template.elements_for_pilot()
            if e.title.zh in missing
        ]

    def update_uncovered(self) -> None:
        missing = self.uncovered_elements()
        self.uncovered.setStyleSheet("color: #9a6700;" if missing else "")
        self.uncovered.setText(
            self.texts(
                "outline.uncovered",
                count=len(missing),
                names=("、" if self.texts.lang == "zh" else "; ").join(missing),
            )
            if missing
            else self.texts("outline.all_covered")
        )

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("outline.title"))
        self.close_button.setText(t("export.close"))
        self.tabs.setTabText(0, t("outline.chapters"))
        self.tabs.setTabText(1, t("outline.groups"))
        self.chapters.retranslate()
        self.groups.retranslate()
        self.update_uncovered()
