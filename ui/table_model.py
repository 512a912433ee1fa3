"""A table over one collection of the plan (indicators, projects, policies...).

Cells read and write item fields by path through the session, so each cell edit is one undo
step and one save.  A cell the check finds fault with is tinted and carries the finding's
message as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from forms.checks import Severity
from forms.edit import get_field
from forms.errors import LocalizedError
from ui.session import PlanSession
from ui.texts import Texts

Index = QModelIndex | QPersistentModelIndex
ERROR_TINT = QColor("#f9d6d5")
WARNING_TINT = QColor("#fdf0cc")


@dataclass(frozen=True)
class Column:
    header: str  # a key of ui.texts.STRINGS
    path: str  # the field's path in the item
    choices: Callable[[], list[tuple[str, str]]] | None = None  # (stored value, label)
    editable: Callable[[BaseModel], bool] | None = None  # None: always editable
    numeric: bool = False
    multiline: bool = False  # long text: edited in a multi-line editor
    # A field that is not a plain text: how forms/ shows it and reads what was typed back.
    to_text: Callable[[BaseModel, Any], str] | None = None
    from_text: Callable[[BaseModel, str], Any] | None = None

    def finding_field(self) -> str:
        return self.path.removesuffix(".text")


class CollectionTableModel(QAbstractTableModel):
    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        collection: str,
        columns: list[Column],
        rows: Callable[[], list[BaseModel]] | None = None,
    ) -> None:
        super().__init__()
        self.session, self.texts, self.collection, self.columns = (
            session,
            texts,
            collection,
            columns,
        )
        self._rows_source = rows or (lambda: list(getattr(session.plan, collection)))
        self._rows = self._rows_source()
        self._marks: dict[tuple[str, str], tuple[Severity, list[str]]] = {}
        self._findings_seen: object = None
        session.item_changed.connect(self._on_item_changed)
        session.rows_changed.connect(self._on_rows_changed)
        texts.changed.connect(self._on_language)

    # -- structure ------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._rows_source()
        self.endResetModel()

    def item_at(self, row: int) -> BaseModel | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: str) -> int:
        return next((n for n, item in enumerate(self._rows) if item.id == item_id), -1)

    def column_of(self, field: str) -> int:
        return next((n for n, c in enumerate(self.columns) if c.finding_field() == field), 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.texts(self.columns[section].header)
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        column, item = self.columns[index.column()], self.item_at(index.row())
        if item is not None and (column.editable is None or column.editable(item)):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # -- cells ----------------------------------------------------------------------------

    def _label(self, column: Column, value: Any) -> str:
        if value is None:
            return ""
        text = value.value if hasattr(value, "value") else str(value)
        if column.choices:
            return dict(column.choices()).get(text, text)
        return text

    def _refresh_marks(self) -> None:
        findings = self.session.findings()
        if findings is self._findings_seen:
            return
        self._findings_seen = findings
        marks: dict[tuple[str, str], tuple[Severity, list[str]]] = {}
        for finding in findings:
            where = finding.location
            if where.collection != self.collection or not where.item_id or not where.field:
                continue
            if finding.severity is Severity.INFO:
                continue
            key = (where.item_id, where.field)
            severity, messages = marks.get(key, (finding.severity, []))
            messages.append(finding.message(self.texts.lang))
            if finding.severity is Severity.ERROR:
                severity = Severity.ERROR
            marks[key] = (severity, messages)
        self._marks = marks

    def mark(self, row: int, column: int) -> tuple[Severity, list[str]] | None:
        item = self.item_at(row)
        if item is None:
            return None
        self._refresh_marks()
        return self._marks.get((item.id, self.columns[column].finding_field()))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row())
        if item is None or not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = get_field(item, column.path)
            if column.to_text is not None:
                return column.to_text(item, value)
            if role == Qt.ItemDataRole.EditRole and column.choices:
                return value.value if hasattr(value, "value") else value
            return self._label(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            mark = self.mark(index.row(), index.column())
            if mark is None:
                if role == Qt.ItemDataRole.ToolTipRole:
                    text = self.data(index, Qt.ItemDataRole.DisplayRole) or ""
                    return text if len(text) > 20 else None
                return None
            severity, messages = mark
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(messages)
            return QBrush(ERROR_TINT if severity is Severity.ERROR else WARNING_TINT)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            mark = self.mark(index.row(), index.column())
            return "\n".join(mark[1]) if mark else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row())
        if item is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if isinstance(value, str) and not column.choices:
            value = value.replace("\r\n", "\n")
        if column.from_text is not None and isinstance(value, str):
            try:
                value = column.from_text(item, value)
            except LocalizedError as exc:  # forms/ says why it cannot be read
                self.session.edit_refused.emit(exc.message(self.texts.lang))
                return False
        return self.session.edit(self.collection, item.id, column.path, value)

    def keep_typing(self, index: Index, text: str) -> None:
        """Journal what a plain text cell's editor holds, at each keystroke (setData commits)."""
        item = self.item_at(index.row())
        column = self.columns[index.column()]
        if item is None or column.choices or column.from_text is not None:
            return  # a value read from the text is journaled once it is read, on commit
        if isinstance(get_field(item, column.path), str):
            text = text.replace("\r\n", "\n")
            self.session.keep_typing(self.collection, item.id, column.path, text)

    def typing_ended(self, index: Index) -> None:
        """The cell's editor closed: typing it did not commit is forgotten."""
        item = self.item_at(index.row())
        if item is not None and 0 <= index.column() < len(self.columns):
            self.session.typing_settled(self.collection, item.id, self.columns[index.column()].path)

    # -- session signals ------------------------------------------------------------------

    def _on_item_changed(self, collection: str, item_id: str) -> None:
        if collection != self.collection:
            # A change elsewhere can still change findings shown here (e.g. duplicates).
            self._emit_all()
            return
        row = self.row_of(item_id)
        if row < 0:
            self.reload()
            return
        self._emit_all()

    def _emit_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    def _on_rows_changed(self, collection: str) -> None:
        if collection == self.collection:
            self.reload()
        else:
            self._emit_all()

    def _on_language(self, _lang: str) -> None:
        self._findings_seen = None
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        self._emit_all()
