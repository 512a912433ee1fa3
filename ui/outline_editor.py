"""The plan's own outline: chapters and task groups renamed, added, removed and reordered,
each recording the Annex 2 elements it covers.  Every change is one undoable, saved edit
through the session; the editor's steps and every export follow the outline."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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

from forms.checks import check_plan
from forms.plan import Chapter, TaskGroup
from forms.template import ChapterKind
from ui.session import PlanSession
from ui.texts import Texts


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
        self.new_item, self.removable = new_item, removable
        self.list = QListWidget(self)
        self.list.setObjectName(f"outline_{collection}")
        self.buttons = {key: QPushButton(self) for key in ("add", "remove", "up", "down")}
        for key, button in self.buttons.items():
            button.setObjectName(f"outline_{collection}_{key}")
            button.setAutoDefault(False)  # Enter in a title field must not press Add
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["remove"].clicked.connect(self.remove)
        self.buttons["up"].clicked.connect(lambda: self.move(-1))
        self.buttons["down"].clicked.connect(lambda: self.move(1))
        self.title_zh, self.title_en = QLineEdit(self), QLineEdit(self)
        self.title_zh.setObjectName(f"outline_{collection}_title_zh")
        self.title_en.setObjectName(f"outline_{collection}_title_en")
        self.title_zh.editingFinished.connect(lambda: self._set_title("title_zh", self.title_zh))
        self.title_en.editingFinished.connect(lambda: self._set_title("title_en", self.title_en))
        self.covers = QListWidget(self)
        self.covers.setObjectName(f"outline_{collection}_covers")
        self.covers.itemChanged.connect(self._covers_changed)
        self.own_hint = QLabel(self)
        self.own_hint.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        left.addLayout(row)
        self.form = QFormLayout()
        self.zh_label, self.en_label, self.covers_label = QLabel(self), QLabel(self), QLabel(self)
        self.zh_label.setBuddy(self.title_zh)
        self.en_label.setBuddy(self.title_en)
        self.covers_label.setBuddy(self.covers)
        self.form.addRow(self.zh_label, self.title_zh)
        self.form.addRow(self.en_label, self.title_en)
        self.form.addRow(self.covers_label, self.covers)
        self.form.addRow(self.own_hint)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(self.form, 1)
        self.list.currentRowChanged.connect(lambda _row: self._show_item())
        session.rows_changed.connect(lambda c: c == collection and self.reload())
        session.item_changed.connect(lambda c, _i: c == collection and self._retitle())

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

    def _retitle(self) -> None:
        for n, item in enumerate(self.items()):
            if n < self.list.count():
                self.list.item(n).setText(self._label(item))

    def _show_item(self) -> None:
        item = self.current()
        for widget in (self.title_zh, self.title_en, self.covers):
            widget.setEnabled(item is not None)
        self.title_zh.setText(item.title_zh if item else "")  # type: ignore[attr-defined]
        self.title_en.setText(item.title_en if item else "")  # type: ignore[attr-defined]
        self.covers.blockSignals(True)
        self.covers.clear()
        covered = set(item.covers) if item else set()  # type: ignore[attr-defined]
        for element in self.session.template.elements_for_pilot():
            entry = QListWidgetItem(element.title.get(self.texts.lang))
            entry.setData(Qt.ItemDataRole.UserRole, element.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if element.id in covered else Qt.CheckState.Unchecked
            )
            self.covers.addItem(entry)
        self.covers.blockSignals(False)
        row = self.list.currentRow()
        can_remove = item is not None and self.removable(item)
        self.buttons["remove"].setEnabled(can_remove)
        self.buttons["remove"].setToolTip(
            "" if can_remove or item is None else self.texts("outline.cannot_remove")
        )
        self.buttons["up"].setEnabled(item is not None and row > 0)
        self.buttons["down"].setEnabled(item is not None and row < self.list.count() - 1)

    # -- editing --------------------------------------------------------------------------------

    def _set_title(self, field: str, edit: QLineEdit) -> None:
        item = self.current()
        text = edit.text().strip()
        if item is None or text == getattr(item, field):
            return
        if field == "title_zh" and not text:
            edit.setText(item.title_zh)  # type: ignore[attr-defined]
            return
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
        item = self.new_item()
        row = self.list.currentRow()
        position = row + 1 if row >= 0 else None
        self.session.add_item(self.collection, item, position)
        self.reload(select=item.id)  # type: ignore[attr-defined]
        self.title_zh.setFocus()
        self.title_zh.selectAll()

    def remove(self) -> None:
        item = self.current()
        if item is None or not self.removable(item):
            return
        stack = self.session.undo_stack
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
        stack.beginMacro(f"remove {self.collection}")
        for measure in measures:
            self.session.remove_item("measures", measure.id)
        self.session.remove_item(self.collection, item.id)  # type: ignore[attr-defined]
        stack.endMacro()

    def move(self, delta: int) -> None:
        item = self.current()
        if item is not None and self.session.move_item(
            self.collection,
            item.id,
            delta,  # type: ignore[attr-defined]
        ):
            self.reload(select=item.id)  # type: ignore[attr-defined]

    def retranslate(self) -> None:
        t = self.texts
        for key, button in self.buttons.items():
            button.setText(t(f"outline.{key}"))
        self.zh_label.setText(t("outline.title_zh"))
        self.en_label.setText(t("outline.title_en"))
        self.covers_label.setText(t("outline.covers"))
        self.own_hint.setText(t("outline.own_hint"))
        self.reload()


class OutlineDialog(QDialog):
    """Chapters and task groups of the plan's outline (window-modal, non-blocking)."""

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineDialog")
        self.session, self.texts = session, texts
        self.chapters = OutlineList(
            session,
            texts,
            "chapters",
            lambda: Chapter(title_zh=texts("outline.new_chapter"), required=False),
            lambda item: item.kind == ChapterKind.TEXT,  # type: ignore[attr-defined]
            self,
        )
        self.groups = OutlineList(
            session,
            texts,
            "task_groups",
            lambda: TaskGroup(title_zh=texts("outline.new_group")),
            lambda _item: True,
            self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.chapters, "")
        self.tabs.addTab(self.groups, "")
        self.uncovered = QLabel(self)
        self.uncovered.setObjectName("outlineUncovered")
        self.uncovered.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.uncovered)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        session.rows_changed.connect(lambda _c: self.update_uncovered())
        session.item_changed.connect(lambda _c, _i: self.update_uncovered())
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self.resize(820, 560)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter confirms a title field; it does not close the dialog (Esc does)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def uncovered_elements(self) -> list[str]:
        return [
            f.params["element"]
            for f in check_plan(self.session.plan, self.session.template)
            if f.code == "element_not_covered"
        ]

    def update_uncovered(self) -> None:
        missing = self.uncovered_elements()
        if self.texts.lang == "en":
            names = {e.title.zh: e.title.en for e in self.session.template.annex2_elements}
            missing = [names.get(m, m) for m in missing]
        self.uncovered.setStyleSheet("color: #9a6700;" if missing else "")
        self.uncovered.setText(
            self.texts(
                "outline.uncovered",
                count=len(missing),
                names="、".join(missing) if self.texts.lang == "zh" else ", ".join(missing),
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
