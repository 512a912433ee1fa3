"""A chapter with an intro text above a table of one collection."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QWidget

from forms.checks import Location
from forms.plan import Chapter
from ui.fields import ChoiceDelegate, TextBlockDelegate
from ui.pages.base import ChapterPage
from ui.session import PlanSession
from ui.table_model import CollectionTableModel, Column
from ui.texts import Texts
from ui.widgets import configure_table


class TablePage(ChapterPage):
    """An intro text above a table of one collection, with Add and Remove buttons."""

    collection = ""
    add_key = remove_key = ""
    column_widths: tuple[int, ...] = ()  # initial widths of the first columns

    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        self.text_section.setMaximumHeight(110)
        self.layout_.addWidget(self.text_section)
        self.model = CollectionTableModel(
            session, texts, self.collection, self.columns(), self.rows_source()
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        configure_table(self.view)
        for n, column in enumerate(self.model.columns):
            if column.choices:
                self.view.setItemDelegateForColumn(n, ChoiceDelegate(column.choices, self.view))
            elif column.multiline:
                self.view.setItemDelegateForColumn(n, TextBlockDelegate(self.view))
        self.layout_.addWidget(self.view, 1)
        long_text = [n for n, c in enumerate(self.model.columns) if c.multiline]
        self._wide_column = long_text[0] if long_text else None
        if self._wide_column is not None and self._wide_column < len(self.model.columns) - 1:
            self.view.horizontalHeader().setStretchLastSection(False)
            self.view.viewport().installEventFilter(self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self._rows_unfitted = False
        self.model.modelReset.connect(self._fit_rows)
        for n, width in enumerate(self.column_widths):
            self.view.setColumnWidth(n, width)
        self.retranslate()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._widen_long_text()
        return super().eventFilter(watched, event)

    def _widen_long_text(self) -> None:
        """Give the long-text column the spare width of a wide window (never less than 240)."""
        column = self._wide_column
        if column is None:
            return
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(n) for n in range(header.count()) if n != column)
        width = max(240, self.view.viewport().width() - others)
        if width != header.sectionSize(column):
            header.resizeSection(column, width)
            self.view.resizeRowsToContents()

    def _fit_rows(self) -> None:
        """Rows as high as their text; a hidden table's wait until it shows (fitting a large
        plan's table takes a second or more, and an import resets the tables it changed)."""
        if self.view.isVisible():
            self.view.resizeRowsToContents()
        else:
            self._rows_unfitted = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._rows_unfitted:
            self._rows_unfitted = False
            self.view.resizeRowsToContents()

    def rows_source(self) -> Callable[[], list[BaseModel]] | None:
        return None

    def new_item(self) -> BaseModel:
        raise NotImplementedError

    def retranslate(self) -> None:
        super().retranslate()
        self.add_button.setText(self.texts(self.add_key))
        self.remove_button.setText(self.texts(self.remove_key))
        self.view.setAccessibleName(self.title())

    def add_row(self) -> None:
        item = self.new_item()
        self.session.add_item(self.collection, item)
        row = self.model.row_of(item.id)  # type: ignore[attr-defined]
        first_text = next(
            (n for n, c in enumerate(self.model.columns) if not c.choices and not c.numeric), 0
        )
        index = self.model.index(row, first_text)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def can_remove(self, item: BaseModel) -> bool:
        return True

    def remove_row(self) -> None:
        item = self.model.item_at(self.view.currentIndex().row())
        if item is not None and self.can_remove(item):
            self.session.remove_item(self.collection, item.id)  # type: ignore[attr-defined]

    def focus_location(self, location: Location) -> None:
        row = self.model.row_of(location.item_id or "")
        if row < 0:
            self.text_section.editor.setFocus()
            return
        index = self.model.index(row, self.model.column_of(location.field or ""))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()
