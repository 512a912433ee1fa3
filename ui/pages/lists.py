"""Chapters that are a list: key projects, policies and the schedule's milestones."""

from __future__ import annotations

from pydantic import BaseModel
from PySide6.QtWidgets import QLabel, QWidget

from forms.derived import project_totals
from forms.plan import Chapter, Milestone, Policy, Project
from forms.values import format_number
from ui.pages.table import TablePage
from ui.session import PlanSession
from ui.table_model import Column
from ui.texts import Texts


class ProjectsPage(TablePage):
    collection = "projects"
    add_key, remove_key = "proj.add", "proj.remove"

    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        self.totals = QLabel()
        super().__init__(session, texts, chapter, parent)
        self.totals.setParent(self)
        self.totals.setObjectName("totalsRow")
        self.totals.setWordWrap(True)
        self.layout_.insertWidget(self.layout_.indexOf(self.view) + 1, self.totals)
        for n, width in enumerate((180, 110, 240, 110, 70, 70, 150, 110, 110)):
            self.view.setColumnWidth(n, width)
        session.item_changed.connect(lambda c, _i: c == "projects" and self.update_totals())
        session.rows_changed.connect(lambda c: c == "projects" and self.update_totals())
        self.retranslate()

    def columns(self) -> list[Column]:
        return [
            Column("proj.name", "name"),
            Column("proj.field", "field", choices=self._fields),
            Column("proj.content", "content", multiline=True),
            Column("proj.investment", "investment.text", numeric=True),
            Column("proj.start", "start_year.text", numeric=True),
            Column("proj.end", "end_year.text", numeric=True),
            Column("proj.owner", "owner"),
            Column("proj.energy", "energy_saving.text", numeric=True),
            Column("proj.co2", "co2_reduction.text", numeric=True),
        ]

    def _fields(self) -> list[tuple[str, str]]:
        return [(f.id, f.title.get(self.texts.lang)) for f in self.session.template.project_fields]

    def new_item(self) -> BaseModel:
        return Project()

    def update_totals(self) -> None:
        totals = project_totals(self.session.plan)
        self.totals.setText(
            self.texts(
                "proj.totals",
                count=totals.count,
                investment=format_number(totals.investment),
                energy=format_number(totals.energy_saving),
                co2=format_number(totals.co2_reduction),
            )
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.update_totals()


class PoliciesPage(TablePage):
    collection = "policies"
    add_key, remove_key = "pol.add", "pol.remove"

    column_widths = (110, 170, 380)

    def columns(self) -> list[Column]:
        return [
            Column("pol.type", "type", choices=self._types),
            Column("pol.title", "title"),
            Column("pol.content", "content", multiline=True),
            Column("pol.department", "department"),
        ]

    def _types(self) -> list[tuple[str, str]]:
        return [(p.id, p.title.get(self.texts.lang)) for p in self.session.template.policy_types]

    def new_item(self) -> BaseModel:
        return Policy()


class SchedulePage(TablePage):
    collection = "milestones"
    add_key, remove_key = "ms.add", "ms.remove"

    column_widths = (100, 150, 380)

    def columns(self) -> list[Column]:
        return [
            Column("ms.period", "period"),
            Column("ms.title", "title"),
            Column("ms.content", "content", multiline=True),
            Column("ms.department", "department"),
        ]

    def new_item(self) -> BaseModel:
        return Milestone()
