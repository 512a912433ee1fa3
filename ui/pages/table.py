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
        self.view.viewport().installEventFilter(self)  # a taller or wider table: fit its rows
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
        self._fitted_rows: set[int] = set()
        self._fitting = False
        self.model.modelReset.connect(self._fit_rows)
        self.model.rowsInserted.connect(self._refit)
        self.model.dataChanged.connect(self._refit)
        self.view.verticalScrollBar().valueChanged.connect(self._fit_visible_rows)
        for n, width in enumerate(self.column_widths):
            self.view.setColumnWidth(n, width)
        self.retranslate()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._widen_long_text()
            self._fit_visible_rows()
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
            self._refit()

    def _fit_rows(self) -> None:
        """Rows as high as their text; a hidden table's wait until it shows (fitting a large
        plan's table takes a second or more, and an import resets the tables it changed)."""
        self._fitted_rows.clear()
        if self.view.isVisible():
            self._fit_visible_rows()
        else:
            self._rows_unfitted = True

    def _refit(self, *_changed: object) -> None:
        """Texts or widths changed: rows are fitted again as they come into sight."""
        self._fitted_rows.clear()
        if self.view.isVisible():
            self._fit_visible_rows()

    def _fit_visible_rows(self, *_scrolled: object) -> None:
        """The rows in sight as high as their text; the others as they scroll into sight
        (fitting every row of a large plan's table at once keeps the window frozen). The
        current cell, if in sight, stays in sight."""
        if self._fitting:
            return
        self._fitting = True
        try:
            view, current = self.view, self.view.currentIndex()
            keep = current.isValid() and current.row() in self._rows_in_sight()
            for _ in range(4):  # fitted rows grow: fewer are in sight, or others after a scroll
                unfitted = [r for r in self._rows_in_sight() if r not in self._fitted_rows]
                if not unfitted:
                    return
                for row in unfitted:
                    view.resizeRowToContents(row)
                    self._fitted_rows.add(row)
                if keep:
                    view.updateGeometries()  # the scroll range of the rows' new heights
                    view.scrollTo(current)
        finally:
            self._fitting = False

    def _rows_in_sight(self) -> range:
        view = self.view
        last = view.rowAt(view.viewport().height() - 1)
        last = self.model.rowCount() - 1 if last < 0 else last
        return range(max(0, view.rowAt(0)), last + 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._rows_unfitted = False
        self._fit_visible_rows()

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
