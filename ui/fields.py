"""Line edits and delegates bound to one field of the plan through the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from forms.checks import Severity
from ui.live_text import replace_line_text
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import leave_table, tab_leaving

INVALID_STYLE = "QLineEdit { background: #f9d6d5; }"
WARNING_STYLE = "QLineEdit { background: #fdf0cc; }"


def leave_undo_to_the_plan(event: QEvent, commit: Callable[[], None]) -> bool:
    """Let Ctrl+Z / Ctrl+Shift+Z reach the plan's undo stack instead of a widget's own undo.

    Text widgets claim these keys (ShortcutOverride) for their private undo; refusing the claim
    lets the window's Undo and Redo actions fire, after the widget's typing is committed.
    """
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if not (
        event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
    ):
        return False
    commit()
    event.ignore()
    return True


class FieldLineEdit(QLineEdit):
    """Edits one field: each keystroke journaled, committed after a short pause; marked when the
    check objects to it."""

    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        collection: str,
        item_id: str,
        path: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.texts = session, texts
        self.collection, self.item_id, self.path = collection, item_id, path
        self.setText(str(session.value(collection, item_id, path) or ""))
        # a value wider than the field reads from its beginning (setText leaves the cursor at
        # the end: a source showed as “鉴2021》表2-1” instead of “《云岚统计年鉴2021》…”)
        self.setCursorPosition(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.commit)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self.commit)
        session.item_changed.connect(self._on_item_changed)
        session.rows_changed.connect(lambda _c: self.refresh_mark())
        self.refresh_mark()

    def event(self, event: QEvent) -> bool:
        if leave_undo_to_the_plan(event, self.commit):
            return False
        return super().event(event)

    def _on_text_edited(self, text: str) -> None:
        self.session.keep_typing(self.collection, self.item_id, self.path, text)
        self._timer.start()

    def commit(self) -> None:
        self._timer.stop()
        if self.session.value(self.collection, self.item_id, self.path) != self.text():
            self.session.edit(self.collection, self.item_id, self.path, self.text())
        else:
            self.session.typing_settled(self.collection, self.item_id, self.path)

    def _on_item_changed(self, collection: str, item_id: str) -> None:
        if collection == self.collection and item_id == self.item_id:
            value = str(self.session.value(self.collection, self.item_id, self.path) or "")
            if value != self.text():
                replace_line_text(self, value)  # the cursor and selection stay put
        self.refresh_mark()

    def refresh_mark(self) -> None:
        field = self.path.removesuffix(".text").removesuffix(".value")
        marks = [
            f
            for f in self.session.findings()
            if f.location.collection == self.collection
            and f.location.item_id == self.item_id
            and (f.location.field or "").removesuffix(".text") in {field, self.path}
            and f.severity is not Severity.INFO
        ]
        if not marks:
            self.setStyleSheet("")
            self.setToolTip("")
            self.setAccessibleDescription("")
            return
        error = any(f.severity is Severity.ERROR for f in marks)
        self.setStyleSheet(INVALID_STYLE if error else WARNING_STYLE)
        message = "\n".join(f.message(self.texts.lang) for f in marks)
        self.setToolTip(message)
        self.setAccessibleDescription(message)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for a column whose values come from a fixed list (stored value, label)."""

    def __init__(
        self, choices: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value: Any = index.data()
        edit_value = index.model().data(index, 2)  # EditRole
        position = editor.findData(edit_value if edit_value is not None else value)
        editor.setCurrentIndex(max(position, 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData())


TYPED = "peakplanTyped"  # a cell editor holding typing not yet committed


def typed_into(editor: QWidget) -> bool:
    """Whether the person typed into this open cell editor (what it holds is theirs)."""
    return bool(editor.property(TYPED))


class TypingDelegate(QStyledItemDelegate):
    """A cell editor whose typing is journaled at each keystroke (through the model's
    ``keep_typing``), as a field's is: a long cell survives a crash before it is committed.
    Closing the editor without committing (Escape) forgets that typing."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        self.watch_typing(editor, index)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if not typed_into(editor):  # others' saves shown live never overwrite typing
            super().setEditorData(editor, index)

    @staticmethod
    def watch_typing(editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        keep = getattr(index.model(), "keep_typing", None)
        if keep is None:
            return
        cell = QPersistentModelIndex(index)

        def typed(text: str) -> None:
            editor.setProperty(TYPED, text != str(cell.data(Qt.ItemDataRole.EditRole) or ""))
            keep(cell, text)

        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(typed)
        elif isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(lambda: typed(editor.toPlainText()))

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        ended = getattr(index.model(), "typing_ended", None)
        if ended is not None:
            ended(index)
        super().destroyEditor(editor, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Tab in the table's last cell (Shift+Tab in its first) commits the typing and goes
        on to the control after (before) the table; Qt's editor went round to the first
        cell and opened it, so typing cell after cell never left the table."""
        view = self.parent()
        if isinstance(editor, QWidget) and isinstance(view, QAbstractItemView):
            backwards = tab_leaving(view, event)
            if backwards is not None:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
                leave_table(view, backwards)
                return True
        return super().eventFilter(editor, event)


class TextBlockDelegate(TypingDelegate):
    """A multi-line editor for a long text cell (a measure's or a project's content).

    Enter starts a new line; Tab, Ctrl+Enter or leaving the cell commits; Escape cancels.
    The editor grows below the cell so several lines are visible while typing.
    """

    MIN_HEIGHT = 120

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        self.watch_typing(editor, index)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        if typed_into(editor):
            return
        if editor.toPlainText() != (index.data(Qt.ItemDataRole.EditRole) or ""):
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText())

    def updateEditorGeometry(
        self,
        editor: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), self.MIN_HEIGHT))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            isinstance(editor, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)
