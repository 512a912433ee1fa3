"""A row of a list of plans (name, type, province, status, completeness, date), shared by the
start window and the trash; the plan operations, loaded on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QHeaderView, QMessageBox, QTableView, QWidget

from forms.errors import LocalizedError
from ui.context import AppContext
from ui.message_text import as_written
from ui.texts import Texts

if TYPE_CHECKING:  # the plan machinery loads after the window is shown, or when first used
    from types import ModuleType

    from workflows.store import PlanSummary

ID_ROLE = Qt.ItemDataRole.UserRole


def plan_operations() -> ModuleType:
    """The plan operations, loaded on first use (not before the start window shows)."""
    from workflows import plans

    return plans


def summary_row(
    context: AppContext, plan: PlanSummary, deleted: bool = False
) -> list[QStandardItem]:
    from forms.template import load_template

    t = context.texts
    words = load_template()  # pilots' and provinces' names in the interface language
    values = [
        words.localize(plan.name, t.lang),
        t(f"type.{plan.pilot_type}") if plan.pilot_type in {"city", "park"} else plan.pilot_type,
        words.localize(plan.province, t.lang),
        t(f"status.{plan.status}") if f"status.{plan.status}" else plan.status,
        "" if plan.completeness is None else f"{plan.completeness:.0%}",
        (plan.deleted_at if deleted else plan.updated_at or "").replace("T", " ")[:16],
    ]
    items = [QStandardItem(v) for v in values]
    for item in items:
        item.setEditable(False)
        item.setData(plan.id, ID_ROLE)
    items[4].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return items


def fit_plan_columns(view: QTableView) -> None:
    """The name takes the room left; the other columns are as wide as their words and the
    date (set again after each fill: a model cleared forgets its columns' modes)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def plan_list_headers(texts: Texts, last: str) -> list[str]:
    """Column titles of a list of plans; ``last`` is the date column (edited or deleted)."""
    keys = ("col.name", "col.type", "col.province", "col.status", "col.completeness", last)
    return [texts(key) for key in keys]


def show_error(parent: QWidget, context: AppContext, error: LocalizedError | str) -> None:
    text = error if isinstance(error, str) else error.message(context.texts.lang)
    QMessageBox.warning(parent, context.texts("error.title"), as_written(text))
