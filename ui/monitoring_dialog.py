"""Monitoring (总结评估): a year's actual indicator values against the straight path to the
targets, and the key projects' progress.  Values are saved with the plan as they are typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms.monitoring import (
    default_monitoring_year,
    entry_for,
    indicator_progress,
    monitoring_years,
    new_entry,
    project_progress,
)
from forms.plan import MonitoringEntry, Value
from forms.values import format_number
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import keep_headers_whole, tab_through_cells

OFF_TRACK = QColor("#fde2e1")
ON_TRACK = QColor("#e3f4e1")
STATUSES = ("not_started", "under_way", "done")


class MonitoringDialog(QDialog):
    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringDialog")
        self.session, self.texts = session, texts
        self.year = QSpinBox(self)
        self.year.setObjectName("monitoringYear")
        years = monitoring_years(session.plan)
        self.year.setRange(years[0], years[-1])
        self.year.setValue(default_monitoring_year(session.plan, date.today()))
        self.year_label = QLabel(self)
        self.year_label.setBuddy(self.year)
        self.indicators = QTableWidget(self)
        self.indicators.setObjectName("monitoringIndicators")
        self.indicators.setColumnCount(5)
        self.projects = QTableWidget(self)
        self.projects.setObjectName("monitoringProjects")
        self.projects.setColumnCount(4)
        for table in (self.indicators, self.projects):
            keep_headers_whole(table)
            tab_through_cells(table)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setObjectName("monitoringSummary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.indicators, "")
        self.tabs.addTab(self.projects, "")
        row = QHBoxLayout()
        row.addWidget(self.year_label)
        row.addWidget(self.year)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.indicators.itemChanged.connect(self._actual_changed)
        self.projects.itemChanged.connect(self._spent_changed)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.retranslate()
        self.resize(900, 560)

    # -- entries ----------------------------------------------------------------------------------

    def entry(self, collection: str, item_id: str) -> MonitoringEntry | None:
        return entry_for(self.session.plan, self.year.value(), collection, item_id)

    def _set(self, collection: str, item_id: str, field: str, value: object) -> None:
        existing = self.entry(collection, item_id)
        if existing is None:
            entry = new_entry(self.year.value(), collection, item_id)
            setattr(entry, field, value)
            self.session.add_item("monitoring", entry)
        else:
            self.session.edit("monitoring", existing.id, field, value)
        self.reload()

    def set_actual(self, row_id: str, text: str) -> None:
        self._set("indicators", row_id, "actual", Value(text=text.strip()))

    def set_project(
        self, project_id: str, status: str | None = None, spent: str | None = None
    ) -> None:
        if status is not None:
            self._set("projects", project_id, "project_status", status)
        if spent is not None:
            self._set("projects", project_id, "spent", Value(text=spent.strip()))

    # -- showing ----------------------------------------------------------------------------------

    def reload(self) -> None:
        t, year = self.texts, self.year.value()
        plan = self.session.plan
        self.indicators.blockSignals(True)
        progress = indicator_progress(plan, year)
        self.indicators.setRowCount(len(progress))
        for r, item in enumerate(progress):
            entry = self.entry("indicators", item.row.id)
            values = (
                t.pick(item.row.name_zh, item.row.name_en),
                self.session.template.localize(item.row.unit, t.lang),
                "" if item.expected is None else format_number(item.expected, 2),
                entry.actual.text if entry else "",
                t(f"monitor.{item.state}") if item.actual is not None else "",
            )
            for c, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if c == 3:
                    cell.setData(Qt.ItemDataRole.UserRole, item.row.id)
                else:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 4 and item.on_track is not None:
                    cell.setBackground(ON_TRACK if item.on_track else OFF_TRACK)
                self.indicators.setItem(r, c, cell)
        self.indicators.blockSignals(False)
        self.projects.blockSignals(True)
        self.projects.setRowCount(len(plan.projects))
        for r, project in enumerate(plan.projects):
            entry = self.entry("projects", project.id)
            for c, text in enumerate((project.name, project.investment.text)):
                cell = QTableWidgetItem(text)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.projects.setItem(r, c, cell)
            combo = QComboBox(self.projects)
            for status in STATUSES:
                combo.addItem(t(f"monitor.{status}"), status)
            current = entry.project_status if entry and entry.project_status else "not_started"
            combo.setCurrentIndex(STATUSES.index(current))
            combo.currentIndexChanged.connect(
                lambda _i, p=project.id, c=combo: self.set_project(p, status=c.currentData())
            )
            self.projects.setCellWidget(r, 2, combo)
            spent = QTableWidgetItem(entry.spent.text if entry else "")
            spent.setData(Qt.ItemDataRole.UserRole, project.id)
            self.projects.setItem(r, 3, spent)
        self.projects.blockSignals(False)
        done = project_progress(plan, year)
        tracked = [p for p in progress if p.on_track is not None]
        self.summary.setText(
            t(
                "monitor.summary",
                year=year,
                on=sum(p.on_track for p in tracked),
                off=sum(not p.on_track for p in tracked),
                done=done.counts["done"],
                under_way=done.counts["under_way"],
                spent=format_number(done.spent, 0),
            )
        )

    def _actual_changed(self, cell: QTableWidgetItem) -> None:
        row_id = cell.data(Qt.ItemDataRole.UserRole)
        if row_id:
            self.set_actual(row_id, cell.text())

    def _spent_changed(self, cell: QTableWidgetItem) -> None:
        project_id = cell.data(Qt.ItemDataRole.UserRole)
        if project_id and cell.column() == 3:
            self.set_project(project_id, spent=cell.text())

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("monitor.title"))
        self.year_label.setText(t("monitor.year"))
        self.tabs.setTabText(0, t("monitor.indicators"))
        self.tabs.setTabText(1, t("monitor.projects"))
        self.close_button.setText(t("export.close"))
        self.indicators.setHorizontalHeaderLabels(
            [
                t("monitor.col_indicator"),
                t("monitor.col_unit"),
                t("monitor.col_path"),
                t("monitor.col_actual"),
                t("monitor.col_state"),
            ]
        )
        self.projects.setHorizontalHeaderLabels(
            [
                t("monitor.col_project"),
                t("monitor.col_planned"),
                t("monitor.col_status"),
                t("monitor.col_spent"),
            ]
        )
        self.reload()
