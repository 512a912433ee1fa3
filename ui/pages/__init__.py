"""The editor's pages, one per step: plan information, each chapter by its kind, the check."""

from __future__ import annotations

from forms.template import ChapterKind
from ui.pages.base import ChapterPage, Page, TextPage
from ui.pages.base_data import BaseDataPage
from ui.pages.check import CheckPage
from ui.pages.indicators import IndicatorsPage
from ui.pages.lists import PoliciesPage, ProjectsPage, SchedulePage
from ui.pages.meta import MetaPage
from ui.pages.table import TablePage
from ui.pages.tasks import TasksPage

__all__ = [
    "PAGE_FOR_KIND",
    "BaseDataPage",
    "ChapterPage",
    "CheckPage",
    "IndicatorsPage",
    "MetaPage",
    "Page",
    "PoliciesPage",
    "ProjectsPage",
    "SchedulePage",
    "TablePage",
    "TasksPage",
    "TextPage",
]

PAGE_FOR_KIND: dict[ChapterKind, type[ChapterPage]] = {
    ChapterKind.TEXT: TextPage,
    ChapterKind.BASE_DATA: BaseDataPage,
    ChapterKind.INDICATORS: IndicatorsPage,
    ChapterKind.TASKS: TasksPage,
    ChapterKind.PROJECTS: ProjectsPage,
    ChapterKind.POLICIES: PoliciesPage,
    ChapterKind.SCHEDULE: SchedulePage,
}
