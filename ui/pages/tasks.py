"""The tasks chapter: task groups and their measures."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QWidget

from forms.checks import Location
from forms.plan import Chapter, Measure
from ui.pages.table import TablePage
from ui.session import PlanSession
from ui.table_model import Column
from ui.texts import Texts
from ui.widgets import guidance_html, wrap_items


class TasksPage(TablePage):
    collection = "measures"
    add_key, remove_key = "measure.add", "measure.remove"

    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        self.groups = QListWidget()
        wrap_items(self.groups)
        super().__init__(session, texts, chapter, parent)
        self.groups.setParent(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.layout_.removeWidget(self.view)
        splitter.addWidget(self.groups)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 650])
        self.layout_.insertWidget(2, splitter, 1)
        self.groups.currentRowChanged.connect(lambda _row: self._show_group())
        for n, width in enumerate((170, 380, 120)):
            self.view.setColumnWidth(n, width)
        session.item_changed.connect(
            lambda c, _i: c in {"measures", "task_groups"} and self._refresh_groups()
        )
        session.rows_changed.connect(
            lambda c: c in {"measures", "task_groups"} and self._refresh_groups()
        )
        self.retranslate()
        self.groups.setCurrentRow(0)

    def columns(self) -> list[Column]:
        return [
            Column("measure.title", "title"),
            Column("measure.content", "content", multiline=True),
            Column("measure.department", "department"),
            Column("measure.timeframe", "timeframe"),
        ]

    def current_group_id(self) -> str | None:
        item = self.groups.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def rows_source(self) -> Callable[[], list[BaseModel]]:
        return lambda: list(self.session.plan.measures_of(self.current_group_id() or ""))

    def _refresh_groups(self) -> None:
        """The plan's task groups in its outline's order; the selected group stays selected
        when it still exists (groups are renamed, added, removed and moved in the outline)."""
        current, current_id = self.groups.currentRow(), self.current_group_id()
        self.groups.blockSignals(True)
        self.groups.clear()
        for n, group in enumerate(self.session.plan.task_groups):
            count = len([m for m in self.session.plan.measures_of(group.id) if m.content.strip()])
            title = self.texts.pick(group.title_zh, group.title_en)
            item = QListWidgetItem(
                f"{title} ({count})" if self.texts.lang == "en" else f"{title}（{count}）"
            )
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            self.groups.addItem(item)
            if group.id == current_id:
                current = n
        self.groups.setCurrentRow(max(0, min(current, self.groups.count() - 1)))
        self.add_button.setEnabled(self.groups.count() > 0)  # a measure belongs to a group
        self.groups.blockSignals(False)
        self._show_group()

    def _show_group(self) -> None:
        """Load the current group's measures, unless they are already shown (keeps editors)."""
        group_id = self.current_group_id()
        if group_id != getattr(self, "_shown_group", None):
            self._shown_group = group_id
            self.model.reload()

    def retranslate(self) -> None:
        super().retranslate()
        self.groups.setAccessibleName(self.texts("tasks.groups"))
        self._refresh_groups()

    def new_item(self) -> BaseModel:
        return Measure(group_id=self.current_group_id() or "")

    def guidance(self) -> str:
        group_id = self.current_group_id()
        group = next((g for g in self.session.plan.task_groups if g.id == group_id), None)
        area = (
            self.session.template.task_area(group.template_ref)
            if group and group.template_ref
            else None
        )
        extra = ""
        if area is not None:
            lang = self.texts.lang
            extra = (
                f"<h4>{escape(area.title.get(lang))}</h4><p>{escape(area.guidance.get(lang))}</p>"
            )
        return guidance_html(self.texts, self.spec, extra)

    def focus_location(self, location: Location) -> None:
        if location.collection == "measures" and location.item_id:
            measure = next(
                (m for m in self.session.plan.measures if m.id == location.item_id), None
            )
            if measure is not None:
                for row in range(self.groups.count()):
                    if self.groups.item(row).data(Qt.ItemDataRole.UserRole) == measure.group_id:
                        self.groups.setCurrentRow(row)
        super().focus_location(location)
