"""The emissions-trajectory step: the base-year energy account with the cited electricity
factor, the scenarios, their chart, the sinks beside the energy CO2, and the assumptions.

Everything shown here is computed by :mod:`forms.trajectory` from what the plan holds; the page
only edits the inputs (fuel quantities, own emission factors, the grid factor chosen, growth
rates, the declared peak year) through the session, and recomputes a moment after any of them
changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Location
from forms.plan import FuelUse, GridFactorRef, GrowthAssumption
from forms.template import GridFactor
from forms.trajectory import (
    ACCOUNT_TOLERANCE,
    SCENARIOS,
    EnergyAccount,
    FuelLine,
    ScenarioResult,
    Trajectory,
    account_gaps,
    assumptions,
    declared_peak_year,
    energy_account,
    grid_choice,
    peaks_in_time,
    project_trajectory,
)
from forms.values import format_number
from ui.fields import FieldLineEdit
from ui.pages import Page
from ui.provenance_dialog import ProvenanceDialog
from ui.session import META, PlanSession
from ui.table_model import CollectionTableModel, Column, Index
from ui.texts import Texts
from ui.widgets import ElidedComboBox, configure_table

RECOMPUTE_MS = 150
CHECKS_SHOWN_HERE = {
    "peak_year_invalid",
    "peak_year_before_base",
    "peak_year_after_2030",
    "peak_value_below_projection",
    "peak_later_than_declared",
    "target_not_supported",
    "factor_no_source",
}
# what the check says about the electricity factor, shown under its choice
GRID_CHECKS = ("grid_factor_elsewhere", "grid_factor_unknown", "grid_factor_year")
GRID_CHECKS += ("grid_factor_to_verify",)
INPUTS = {"fuels", "growth", "base_data", "projects", META}  # what the trajectory reads
WARNING_COLOUR = "#8a5a00"
DEFAULT_GREY = QColor("#8a8a8a")
COMPUTED_TINT = QColor("#f1f4f7")
BASELINE_COLOUR = QColor("#8a8a8a")
POLICY_COLOUR = QColor("#1565c0")
DECLARED_COLOUR = QColor("#b3261e")


FUEL_COLUMN_WIDTHS = (128, 76, 60, 62, 66, 66)  # the source column takes what is left
GROWTH_COLUMN_WIDTHS = (84, 104, 104, 110, 120)


def section_title(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet("font-weight: bold; padding-top: 6px;")
    label.setWordWrap(True)
    return label


def _never(_item: BaseModel) -> bool:
    return False


def whole(value: float) -> str:
    """万吨 in a label: thousands separated, no decimals."""
    return f"{value:,.0f}"


def one_decimal(value: float | None) -> str:
    return "" if value is None else format_number(value, 1)


# -- tables --------------------------------------------------------------------------------------


class ComputedColumnsModel(CollectionTableModel):
    """A collection table whose columns with a path starting "@" are computed, read-only."""

    def computed(self, item: BaseModel, key: str, role: int) -> Any:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row())
        if item is None or not index.isValid():
            return None
        column = self.columns[index.column()]
        if not column.path.startswith("@"):
            return super().data(index, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.computed(item, column.path[1:], role)


class FuelTableModel(ComputedColumnsModel):
    """The energy account: one row per template fuel, quantities and own factors editable."""

    def __init__(self, session: PlanSession, texts: Texts) -> None:
        self._account: EnergyAccount | None = None
        order = {fuel.id: n for n, fuel in enumerate(session.template.fuels)}
        super().__init__(
            session,
            texts,
            "fuels",
            [
                Column("fuel.name", "@name", editable=_never),
                Column("fuel.unit", "@unit", editable=_never),
                Column("fuel.quantity", "quantity.text", numeric=True),
                Column("fuel.factor", "emission_factor.text", numeric=True),
                Column("fuel.tce", "@tce", editable=_never, numeric=True),
                Column("fuel.co2", "@co2", editable=_never, numeric=True),
                Column("fuel.source", "@source", editable=_never),
            ],
            lambda: sorted(session.plan.fuels, key=lambda f: order.get(f.id, len(order))),
        )

    def account(self) -> EnergyAccount:
        if self._account is None:
            self._account = energy_account(
                self.session.plan, self.session.template, self.texts.lang
            )
        return self._account

    def line(self, fuel_id: str) -> FuelLine | None:
        return next((ln for ln in self.account().lines if ln.fuel.id == fuel_id), None)

    def invalidate(self) -> None:
        self._account = None
        self._emit_all()

    def _on_item_changed(self, collection: str, item_id: str) -> None:
        self._account = None
        super()._on_item_changed(collection, item_id)

    def _on_rows_changed(self, collection: str) -> None:
        self._account = None
        super()._on_rows_changed(collection)

    def _on_language(self, lang: str) -> None:
        self._account = None
        super()._on_language(lang)

    def computed(self, item: BaseModel, key: str, role: int) -> Any:
        assert isinstance(item, FuelUse)
        line, lang = self.line(item.id), self.texts.lang
        if role == Qt.ItemDataRole.BackgroundRole and key in {"tce", "co2", "source"}:
            return QBrush(COMPUTED_TINT)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if line is None:  # a fuel the template no longer has
            return item.id if key == "name" and role == Qt.ItemDataRole.DisplayRole else None
        if key == "name":
            return line.fuel.name.get(lang)
        if key == "unit":
            return line.fuel.unit.get(lang)
        if key in {"tce", "co2"}:
            return one_decimal(line.tce if key == "tce" else line.co2) or None
        text = line.factor_source
        if line.factor_unit:
            text = f"{line.factor_unit}；{text}" if lang == "zh" else f"{line.factor_unit}; {text}"
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row())
        column = self.columns[index.column()] if index.isValid() else None
        if (
            isinstance(item, FuelUse)
            and column is not None
            and column.path == "emission_factor.text"
            and role
            in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.ToolTipRole,
            )
        ):
            shown = self._factor_data(item, role, index)
            if shown is not NotImplemented:
                return shown
        return super().data(index, role)

    def _factor_data(self, item: FuelUse, role: int, index: Index) -> Any:
        """A blank factor shows the template's in grey; the tooltip says which is used."""
        line = self.line(item.id)
        if line is None:
            return NotImplemented
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.mark(index.row(), index.column()) is not None:
                return NotImplemented
            if line.factor_is_plans_own:
                return self.texts("fuel.own_factor", unit=line.factor_unit)
            if not line.factor:
                return self.texts("fuel.no_factor")
            return self.texts(
                "fuel.default_factor",
                value=format_number(line.factor, 4),
                unit=line.factor_unit,
                source=line.factor_source,
            )
        if not item.emission_factor.is_blank():
            return NotImplemented
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(line.factor, 4) if line.factor else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DEFAULT_GREY)
        font = QFont()
        font.setItalic(True)
        return font


class GrowthTableModel(ComputedColumnsModel):
    """The scenarios' periods, baseline first; the three rates editable."""

    def __init__(self, session: PlanSession, texts: Texts) -> None:
        park = session.template.trajectory_activity == "industrial_value_added"
        super().__init__(
            session,
            texts,
            "growth",
            [
                Column("growth.scenario", "@scenario", editable=_never),
                Column("growth.period", "@period", editable=_never),
                Column("growth.iva" if park else "growth.gdp", "gdp_growth.text", numeric=True),
                Column("growth.energy", "energy_intensity_decline.text", numeric=True),
                Column("growth.carbon", "carbon_intensity_decline.text", numeric=True),
            ],
            lambda: sorted(
                session.plan.growth, key=lambda g: (SCENARIOS.index(g.scenario), g.start)
            ),
        )

    def computed(self, item: BaseModel, key: str, role: int) -> Any:
        assert isinstance(item, GrowthAssumption)
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "scenario":
                return self.texts(f"scenario.{item.scenario}")
            return self.texts("growth.period_value", start=item.start, end=item.end)
        if role == Qt.ItemDataRole.ForegroundRole and key == "scenario":
            return QBrush(POLICY_COLOUR if item.scenario == "policy" else QColor("#555555"))
        return None

    def row_for(self, scenario: str, year: int) -> int:
        return next(
            (
                n
                for n, item in enumerate(self._rows)
                if isinstance(item, GrowthAssumption)
                and item.scenario == scenario
                and item.start <= year <= item.end
            ),
            -1,
        )


class OneLineDelegate(QStyledItemDelegate):
    """A long text kept to one line, ending in “…” (the full text is in the tooltip)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText  # type: ignore[operator]


class FittedTable(QTableView):
    """A table as tall as its rows (names wrap to a second line), for a scrolling page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        configure_table(self)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setMinimumSectionSize(28)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.sectionResized.connect(lambda *_: self.updateGeometry())
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.horizontalScrollBar().rangeChanged.connect(lambda *_: self.updateGeometry())
        self.horizontalHeader().sectionResized.connect(lambda *_: self.updateGeometry())

    def content_height(self) -> int:
        header = self.horizontalHeader()
        height = header.sizeHint().height() if header.isVisible() else 0
        height += self.verticalHeader().length() + 2 * self.frameWidth()
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        return height + 2

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.content_height())


# -- the chart -----------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """3 to ``most`` round values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0, 2.0]
    if high - low < 1e-9:
        pad = abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
    exponent = math.floor(math.log10((high - low) / most))
    while True:
        for mult in (1, 2, 2.5, 5):
            step = mult * 10.0**exponent
            first = math.floor(low / step) * step
            last = math.ceil(high / step) * step
            count = round((last - first) / step) + 1
            if count <= most:
                while count < 3:
                    last += step
                    count += 1
                return [first + n * step for n in range(count)]
        exponent += 1


class TrajectoryChart(QWidget):
    """Both scenarios' CO2 to 2035, drawn with QPainter; ``trajectory`` is the one last shown."""

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.setObjectName("trajectoryChart")
        self.trajectory: Trajectory | None = None
        self.declared_year: int | None = None
        self.axis_labels: list[str] = []
        self.setMinimumHeight(300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(560, 300)

    def set_data(self, trajectory: Trajectory, declared_year: int | None) -> None:
        self.trajectory, self.declared_year = trajectory, declared_year
        self.setAccessibleName(self.texts("chart.title"))
        self.update()

    # -- drawing ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#c8c8c8"), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(frame)
        series = self._series()
        if not series:
            painter.setPen(QColor(WARNING_COLOUR))
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, self.texts("chart.empty"))
            painter.end()
            return
        self._draw(painter, series)
        painter.end()

    def _series(self) -> list[ScenarioResult]:
        if self.trajectory is None:
            return []
        return [s for name in SCENARIOS if (s := self.trajectory.scenarios.get(name)) and s.points]

    def _draw(self, painter: QPainter, series: list[ScenarioResult]) -> None:
        metrics = QFontMetrics(self.font())
        line_height = metrics.height()
        values = [p.co2 for s in series for p in s.points]
        ticks = nice_ticks(min(0.0, *values), max(0.0, *values))  # the value axis starts at 0
        years = [p.year for p in series[0].points]
        first_year, last_year = years[0], years[-1]
        tick_labels = [whole(t) for t in ticks]
        self.axis_labels = tick_labels  # as drawn, bottom to top
        left = 12 + max(metrics.horizontalAdvance(text) for text in tick_labels) + 8
        header_bottom = self._draw_header(painter, metrics, line_height)
        top = header_bottom + line_height + 10  # room for a label above the highest point
        right = metrics.horizontalAdvance("2035") / 2 + 10  # the last year's label fits
        plot = QRectF(
            left, top, self.width() - left - right, self.height() - top - line_height - 16
        )
        label_area = QRectF(plot.left(), header_bottom + 4, plot.width(), 0)
        label_area.setBottom(plot.bottom())
        low, high = ticks[0], ticks[-1]

        def x_of(year: float) -> float:
            span = max(last_year - first_year, 1)
            return plot.left() + (year - first_year) / span * plot.width()

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        # value axis: gridlines and labels
        for tick, text in zip(ticks, tick_labels, strict=True):
            y = y_of(tick)
            painter.setPen(QPen(QColor("#e3e3e3"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, y - line_height / 2, left - 8, line_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        # year axis: a tick a year, labels every 1, 5 or 10 years as they fit
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        step_px = plot.width() / max(last_year - first_year, 1)
        label_width = metrics.horizontalAdvance("2035") + 10
        every = next((k for k in (1, 5, 10) if k * step_px >= label_width), 20)
        for year in years:
            x = x_of(year)
            labelled = year % every == 0
            painter.setPen(QPen(QColor("#888888"), 1))
            length = 5 if labelled else 3
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + length))
            if labelled:
                painter.setPen(QColor("#555555"))
                painter.drawText(
                    QRectF(x - label_width / 2, plot.bottom() + 6, label_width, line_height),
                    Qt.AlignmentFlag.AlignCenter,
                    str(year),
                )
        # the declared peak year, then the scenarios over it
        declared_x = None
        if self.declared_year is not None and first_year <= self.declared_year <= last_year:
            declared_x = x_of(self.declared_year)
            painter.setPen(QPen(DECLARED_COLOUR, 1.5, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(declared_x, plot.top()), QPointF(declared_x, plot.bottom()))
        lines: list[list[QPointF]] = []
        for scenario in series:
            points = [QPointF(x_of(p.year), y_of(p.co2)) for p in scenario.points]
            lines.append(points)
            if scenario.scenario == "baseline":
                pen = QPen(BASELINE_COLOUR, 2, Qt.PenStyle.DashLine)
            else:
                pen = QPen(POLICY_COLOUR, 2.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
        # labels last, where they cross no line
        taken: list[QRectF] = []
        policy = next((s for s in series if s.scenario == "policy"), None)
        if policy is not None:
            self._draw_peak(painter, metrics, policy, label_area, lines, taken, x_of, y_of)
        if declared_x is not None and self.declared_year is not None:
            text = self.texts("chart.declared", year=self.declared_year)
            width, height = metrics.horizontalAdvance(text) + 8, line_height + 2
            candidates = [
                QRectF(x, y, width, height)
                for y in (plot.bottom() - height - 4, plot.top() + 4)
                for x in (declared_x + 4, declared_x - 4 - width)
            ]
            box = self._place(candidates, label_area, lines, taken)
            self._label(painter, box, text, DECLARED_COLOUR)

    def _draw_header(self, painter: QPainter, metrics: QFontMetrics, line_height: int) -> float:
        """The unit on the left, the legend on the right; returns where they end."""
        y = 10
        painter.setPen(QColor("#555555"))
        painter.drawText(QRectF(12, y, self.width() / 2, line_height), self.texts("chart.unit"))
        entries: list[tuple[str, QPen]] = [
            (self.texts("scenario.baseline"), QPen(BASELINE_COLOUR, 2, Qt.PenStyle.DashLine)),
            (self.texts("scenario.policy"), QPen(POLICY_COLOUR, 2.5)),
        ]
        if self.declared_year is not None:
            entries.append(
                (
                    self.texts("chart.declared", year=self.declared_year),
                    QPen(DECLARED_COLOUR, 1.5, Qt.PenStyle.DotLine),
                )
            )
        sample, gap = 22, 14
        total = sum(sample + 5 + metrics.horizontalAdvance(text) for text, _ in entries)
        total += gap * (len(entries) - 1)
        x = max(12.0, self.width() - 16 - total)
        if x < 12 + metrics.horizontalAdvance(self.texts("chart.unit")) + gap:
            y += line_height + 4  # too narrow: the legend goes below the unit
            x = 12.0
        middle = y + line_height / 2
        for text, pen in entries:
            painter.setPen(pen)
            painter.drawLine(QPointF(x, middle), QPointF(x + sample, middle))
            x += sample + 5
            painter.setPen(QColor("#333333"))
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(x, y, width + 2, line_height), text)
            x += width + gap
        return y + line_height

    def _draw_peak(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        policy: ScenarioResult,
        area: QRectF,
        lines: list[list[QPointF]],
        taken: list[QRectF],
        x_of: Callable[[float], float],
        y_of: Callable[[float], float],
    ) -> None:
        height = metrics.height() + 2
        if policy.peak_year is None or policy.peak_co2 is None:
            text = self.texts("chart.no_peak", end=policy.points[-1].year)
            width = metrics.horizontalAdvance(text) + 8
            end = QPointF(x_of(policy.points[-1].year), y_of(policy.points[-1].co2))
            candidates = [
                QRectF(end.x() - width, end.y() - height - 8, width, height),
                QRectF(end.x() - width, end.y() + 8, width, height),
                QRectF(area.right() - width, area.top(), width, height),
            ]
            box = self._place(candidates, area, lines, taken)
            self._label(painter, box, text, POLICY_COLOUR)
            taken.append(box)
            return
        point = QPointF(x_of(policy.peak_year), y_of(policy.peak_co2))
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(POLICY_COLOUR)
        painter.drawEllipse(point, 5, 5)
        text = self.texts("chart.peak", year=policy.peak_year, value=whole(policy.peak_co2))
        width = metrics.horizontalAdvance(text) + 8
        candidates = [
            QRectF(x, y, width, height)
            for y in (
                point.y() - height - 8,
                point.y() + 8,
                point.y() - height - 30,
                point.y() + 28,
                point.y() + 48,
            )
            for x in (point.x() - width / 2, point.x() + 6, point.x() - width - 6)
        ]
        for box in candidates:  # keep it inside the plot sideways
            box.moveLeft(min(max(box.left(), area.left()), area.right() - width))
        box = self._place(candidates, area, lines, taken)
        gap_above, gap_below = point.y() - box.bottom(), box.top() - point.y()
        if max(gap_above, gap_below) > 12:  # set apart from its dot: a thin leader
            painter.setPen(QPen(POLICY_COLOUR, 1))
            end_y = box.bottom() if gap_above > 0 else box.top()
            end_x = min(max(point.x(), box.left() + 4), box.right() - 4)
            painter.drawLine(point, QPointF(end_x, end_y))
        self._label(painter, box, text, POLICY_COLOUR)
        taken.append(box)

    @staticmethod
    def _place(
        candidates: list[QRectF], area: QRectF, lines: list[list[QPointF]], taken: list[QRectF]
    ) -> QRectF:
        """The first candidate inside ``area`` that covers no line and no other label."""

        def covers_a_line(box: QRectF) -> bool:
            margin = box.adjusted(-2, -2, 2, 2)
            for points in lines:
                for a, b in pairwise(points):
                    for n in range(13):
                        if margin.contains(a + (b - a) * (n / 12)):
                            return True
            return False

        for box in candidates:
            if (
                area.contains(box)
                and not any(box.intersects(other) for other in taken)
                and not covers_a_line(box)
            ):
                return box
        inside = [box for box in candidates if area.contains(box)]
        return (inside or candidates)[0]

    @staticmethod
    def _label(painter: QPainter, box: QRectF, text: str, colour: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRect(box)
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


# -- the page ------------------------------------------------------------------------------------


class TrajectoryPage(Page):
    """碳排放测算: the account, the declared peak year, the scenarios, the chart, the result."""

    title_key, guidance_key = "step.trajectory", "guidance.trajectory"

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(session, texts, parent)
        self.trajectory: Trajectory | None = None
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        self.layout_.addWidget(self.scroll, 1)

        # the energy account
        self.account_title = section_title(body)
        self.fuel_model = FuelTableModel(session, texts)
        self.fuel_view = FittedTable(body)
        self.fuel_view.setModel(self.fuel_model)
        header = self.fuel_view.horizontalHeader()
        header.setMinimumSectionSize(56)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(len(FUEL_COLUMN_WIDTHS), QHeaderView.ResizeMode.Stretch)
        for n, width in enumerate(FUEL_COLUMN_WIDTHS):
            self.fuel_view.setColumnWidth(n, width)
        self.fuel_view.setItemDelegateForColumn(
            len(FUEL_COLUMN_WIDTHS), OneLineDelegate(self.fuel_view)
        )
        self.factor_detail = QLabel(body)
        self.factor_detail.setObjectName("factorDetail")
        self.factor_detail.setWordWrap(True)
        self.factor_detail.setStyleSheet("color: #555555;")
        self.fuel_view.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self.account_totals = QLabel(body)
        self.account_totals.setObjectName("accountTotals")
        self.account_totals.setWordWrap(True)
        self.factor_source = QPushButton(body)
        self.factor_source.setObjectName("factorSource")
        self.factor_source.clicked.connect(self.edit_factor_source)
        detail_row = QHBoxLayout()
        detail_row.addWidget(self.factor_detail, 1)
        detail_row.addWidget(self.factor_source, 0, Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.account_title)
        column.addWidget(self.fuel_view)
        column.addLayout(detail_row)

        # the electricity factor: a row of the cited table, with its document
        grid_row = QHBoxLayout()
        self.grid_label = QLabel(body)
        self.grid_combo = ElidedComboBox(body)
        self.grid_combo.setObjectName("gridFactor")
        self.grid_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.grid_combo.setMinimumContentsLength(24)
        self.grid_combo.activated.connect(self._grid_chosen)
        self.grid_label.setBuddy(self.grid_combo)
        grid_row.addWidget(self.grid_label)
        grid_row.addWidget(self.grid_combo, 1)
        column.addLayout(grid_row)
        self.grid_document = QLabel(body)
        self.grid_document.setObjectName("gridDocument")
        self.grid_document.setWordWrap(True)
        self.grid_document.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid_document.setStyleSheet("color: #555555;")
        self._grid_options: list[GridFactor] = []
        column.addWidget(self.grid_document)
        column.addWidget(self.account_totals)

        # the declared peak year
        row = QHBoxLayout()
        self.peak_label = QLabel(body)
        self.peak_year = FieldLineEdit(session, texts, META, "", "declared_peak_year", body)
        self.peak_year.setObjectName("declaredPeakYear")
        self.peak_year.setMaximumWidth(90)
        self.peak_year.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.peak_label.setBuddy(self.peak_year)
        # the declared peak value (optional), stated with the year in every document
        self.peak_value_label = QLabel(body)
        self.peak_value = FieldLineEdit(session, texts, META, "", "declared_peak_value", body)
        self.peak_value.setObjectName("declaredPeakValue")
        self.peak_value.setMaximumWidth(90)
        self.peak_value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.peak_value_label.setBuddy(self.peak_value)
        self.peak_hint = QLabel(body)
        self.peak_hint.setWordWrap(True)
        self.peak_hint.setStyleSheet("color: #555555;")
        row.addWidget(self.peak_label)
        row.addWidget(self.peak_year)
        row.addWidget(self.peak_value_label)
        row.addWidget(self.peak_value)
        row.addWidget(self.peak_hint, 1)
        column.addLayout(row)

        # the growth assumptions
        self.growth_title = section_title(body)
        self.growth_model = GrowthTableModel(session, texts)
        self.growth_view = FittedTable(body)
        self.growth_view.setModel(self.growth_model)
        for n, width in enumerate(GROWTH_COLUMN_WIDTHS):
            self.growth_view.setColumnWidth(n, width)
        self.growth_view.setMaximumWidth(sum(GROWTH_COLUMN_WIDTHS) + 6)  # a few rates, not a sheet
        self.growth_hint = QLabel(body)
        self.growth_hint.setWordWrap(True)
        self.growth_hint.setStyleSheet("color: #555555;")
        for widget in (self.growth_title, self.growth_view, self.growth_hint):
            column.addWidget(widget)

        # the chart and the result
        self.chart = TrajectoryChart(texts, body)
        column.addWidget(self.chart)
        self.result = QLabel(body)
        self.result.setObjectName("trajectoryResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet(
            "QLabel { padding: 6px; background: #eef3f8; border-left: 3px solid #1565c0; }"
        )
        self.problems = QLabel(body)
        self.problems.setObjectName("trajectoryProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet(f"color: {WARNING_COLOUR};")
        column.addWidget(self.result)
        column.addWidget(self.problems)

        # the assumptions behind the projection, as the exports print them
        self.assumptions_title = section_title(body)
        self.assumptions_model = QStandardItemModel(0, 2, self)
        self.assumptions_view = FittedTable(body)
        self.assumptions_view.setObjectName("trajectoryAssumptions")
        self.assumptions_view.setModel(self.assumptions_model)
        self.assumptions_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.assumptions_view.horizontalHeader().setVisible(False)
        self.assumptions_view.setColumnWidth(0, 170)
        self.assumptions_view.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.assumptions_title)
        column.addWidget(self.assumptions_view)
        column.addStretch(1)
        for view in (self.fuel_view, self.growth_view):
            view.model().modelReset.connect(view.updateGeometry)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_MS)
        self._timer.timeout.connect(self.recompute)
        session.item_changed.connect(lambda c, _i: c in INPUTS and self._timer.start())
        session.item_changed.connect(lambda c, _i: c == META and self.fuel_model.invalidate())
        session.rows_changed.connect(lambda c: c in INPUTS and self._timer.start())
        self.retranslate()

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        t = self.texts
        self.fuel_view.setAccessibleName(t("traj.account", year=self.session.plan.meta.base_year))
        self.peak_label.setText(t("traj.peak_year"))
        self.peak_year.setAccessibleName(t("traj.peak_year").replace("&", "").rstrip("：:"))
        self.peak_value_label.setText(t("traj.peak_value"))
        self.peak_value.setAccessibleName(t("traj.peak_value").replace("&", "").rstrip("：:"))
        self.peak_hint.setText(t("traj.peak_year_hint"))
        self.growth_title.setText(t("traj.growth"))
        self.growth_view.setAccessibleName(t("traj.growth"))
        self.growth_hint.setText(t("traj.growth_hint"))
        self.factor_source.setText(t("traj.factor_source"))
        self.grid_label.setText(t("traj.grid"))
        self.grid_combo.setAccessibleName(t("traj.grid").replace("&", "").rstrip("：:"))
        self.assumptions_title.setText(t("traj.assumptions"))
        self.assumptions_view.setAccessibleName(t("traj.assumptions"))
        self.chart.setAccessibleName(t("chart.title"))
        self.recompute()

    # -- computing ---------------------------------------------------------------------------

    def declared_year(self) -> int | None:
        return declared_peak_year(self.session.plan)

    def recompute(self) -> None:
        """Compute the account and the trajectory again and show them."""
        self._timer.stop()
        plan, template = self.session.plan, self.session.template
        self.trajectory = project_trajectory(plan, template)
        account = energy_account(plan, template, self.texts.lang)
        self.account_title.setText(self.texts("traj.account", year=plan.meta.base_year))
        self._show_totals(account)
        self._show_detail()
        self._show_grid(account)
        self._show_assumptions()
        if not self.peak_year.hasFocus() and self.peak_year.text() != plan.meta.declared_peak_year:
            self.peak_year.setText(plan.meta.declared_peak_year)  # e.g. after an import
        if (
            not self.peak_value.hasFocus()
            and self.peak_value.text() != plan.meta.declared_peak_value
        ):
            self.peak_value.setText(plan.meta.declared_peak_value)
        declared = self.declared_year()
        self.chart.set_data(self.trajectory, declared)
        lines, problems = self._result_lines(self.trajectory, declared)
        self.result.setText("\n".join(lines))
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.chart.setAccessibleDescription(self.result.text())

    def current_fuel(self) -> FuelUse | None:
        item = self.fuel_model.item_at(max(self.fuel_view.currentIndex().row(), 0))
        return item if isinstance(item, FuelUse) else None

    def edit_factor_source(self) -> ProvenanceDialog | None:
        """Source, kind, quality and note of the current fuel's own factor (window-modal)."""
        item = self.current_fuel()
        line = self.fuel_model.line(item.id) if item is not None else None
        if item is None or line is None:
            return None
        dialog = ProvenanceDialog(
            self.session,
            self.texts,
            "fuels",
            item.id,
            "emission_factor",
            line.fuel.name.get(self.texts.lang),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _show_detail(self) -> None:
        """The current fuel's emission factor and its source in full, under the table."""
        item = self.current_fuel()
        line = self.fuel_model.line(item.id) if item is not None else None
        self.factor_source.setEnabled(line is not None and line.factor_is_plans_own)
        if line is None:
            self.factor_detail.clear()
            return
        fuel = line.fuel.name.get(self.texts.lang)
        if not line.factor:
            self.factor_detail.setText(self.texts("fuel.detail_none", fuel=fuel))
            return
        self.factor_detail.setText(
            self.texts(
                "fuel.detail",
                fuel=fuel,
                value=format_number(line.factor, 4),
                unit=line.factor_unit,
                source=line.factor_source,
            )
        )

    def _show_grid(self, account: EnergyAccount) -> None:
        """The factors the plan may use, the one it uses selected, and its document."""
        t, plan, template = self.texts, self.session.plan, self.session.template
        choice = grid_choice(plan, template)
        default = template.default_grid_factor(plan.meta.province, plan.meta.base_year)
        self._grid_options = template.grid_factors_for(plan.meta.province)
        self.grid_combo.blockSignals(True)
        self.grid_combo.clear()
        for factor in self._grid_options:
            gap = "　" if t.lang == "zh" else "  "
            text = (
                f"{template.grid_factor_name(factor, t.lang)}{gap}"
                f"{format_number(factor.value, 4)} {factor.unit}"
                + (t("traj.grid_verify") if factor.to_verify else "")
            )
            self.grid_combo.addItem(text + (t("traj.grid_default") if factor == default else ""))
        if choice.factor in self._grid_options:
            self.grid_combo.setCurrentIndex(self._grid_options.index(choice.factor))
        self.grid_combo.blockSignals(False)
        self.grid_combo.setToolTip(self.grid_combo.currentText())
        own = any(
            line.factor_is_plans_own and line.fuel.emission_factor == "grid"
            for line in account.lines
        )
        lines = []
        if own:
            lines.append(t("traj.grid_own"))
        if choice.document is not None:
            lines.append(t("traj.grid_document", document=choice.document.citation(t.lang)))
        if not own:
            findings = self.session.findings()
            lines += [f.message(t.lang) for f in findings if f.code in GRID_CHECKS]
        self.grid_document.setText("\n".join(lines))

    def _grid_chosen(self, index: int) -> None:
        """Record the factor picked (undoable, saved at once)."""
        if not 0 <= index < len(self._grid_options):
            return
        factor = self._grid_options[index]
        document = self.session.template.grid_document(factor.document)
        ref = GridFactorRef(
            year=factor.year,
            level=factor.level,
            region=factor.region,
            series=factor.series,
            document=document.number if document else factor.document,
        )
        self.session.edit(META, "", "grid_factor", ref, merge=True)  # one step per visit

    def _show_assumptions(self) -> None:
        rows = assumptions(self.session.plan, self.session.template, self.texts.lang)
        self.assumptions_model.setRowCount(0)
        for row in rows:
            items = [QStandardItem(row.item), QStandardItem(row.value)]
            for item in items:
                item.setEditable(False)
                item.setToolTip(row.value)
            self.assumptions_model.appendRow(items)
        self.assumptions_view.updateGeometry()

    def _show_totals(self, account: EnergyAccount) -> None:
        t, plan = self.texts, self.session.plan
        if not account.filled:
            self.account_totals.setText(t("traj.account_empty"))
            self.account_totals.setStyleSheet("QLabel { padding: 4px; }")
            return
        gaps = account_gaps(plan, self.session.template)  # the check's own comparison
        off = any(gap.too_far for gap in gaps)
        shown: dict[str, str] = {}
        for key, gap in zip(("tce", "co2"), gaps, strict=True):
            missing = t("base.not_available")
            shown[key] = format_number(gap.typed, 1) if gap.typed is not None else missing
            shown[f"d{key}"] = missing if gap.share is None else f"{gap.share * 100:.1f}%"
        lines = [
            t(
                "traj.totals",
                tce=one_decimal(account.total_tce),
                co2=one_decimal(account.total_co2),
            ),
            t("traj.compare", **shown),
        ]
        if off:
            lines.append(t("traj.compare_off", tolerance=format_number(ACCOUNT_TOLERANCE * 100)))
        self.account_totals.setText("\n".join(lines))
        colour = f"color: {WARNING_COLOUR};" if off else ""
        self.account_totals.setStyleSheet(
            f"QLabel {{ font-weight: bold; padding: 4px; background: #eef3f8; {colour} }}"
        )

    def _result_lines(
        self, trajectory: Trajectory, declared: int | None
    ) -> tuple[list[str], list[str]]:
        t, lang = self.texts, self.texts.lang
        lines: list[str] = []
        problems = [p.message_en if lang == "en" else p.message_zh for p in trajectory.problems]
        for key, scenario in (("policy", trajectory.policy), ("baseline", trajectory.baseline)):
            if scenario is None:
                continue
            if scenario.peak_year is not None and scenario.peak_co2 is not None:
                lines.append(
                    t(f"traj.{key}_peak", year=scenario.peak_year, value=whole(scenario.peak_co2))
                )
            else:
                last = scenario.points[-1]
                lines.append(t(f"traj.{key}_rising", end=last.year, value=whole(last.co2)))
        policy = trajectory.policy
        if policy is not None:

            def percent(year: int, what: str) -> str:
                value = policy.reduction(year, what)
                return f"{value:.1f}%" if value is not None else t("base.not_available")

            spec = self.session.template.base_item(trajectory.activity)
            per = "GDP" if trajectory.activity == "gdp" else (spec.name.get(lang) if spec else "")
            if lang == "en" and trajectory.activity != "gdp":
                per = per.lower()
            elif lang == "zh" and trajectory.activity == "gdp":
                per = "地区生产总值"
            lines.append(
                t(
                    "traj.reductions",
                    per=per,
                    base=trajectory.base_year,
                    e25=percent(2025, "energy"),
                    e30=percent(2030, "energy"),
                    c25=percent(2025, "co2"),
                    c30=percent(2030, "co2"),
                )
            )
            if declared is not None and peaks_in_time(policy.peak_year, declared):
                lines.append(t("traj.declared_ok", declared=declared))
            lines.append(self._sinks_line(policy, trajectory.base_year))
        # what the check says about the declared year and the targets, as it says it there
        problems += [
            f.message(lang) for f in self.session.findings() if f.code in CHECKS_SHOWN_HERE
        ]
        if not lines:
            lines.append(t("traj.none"))
        return lines, problems

    def _sinks_line(self, policy: ScenarioResult, base_year: int) -> str:
        """Sinks on a line of their own, with the net figure beside the energy CO2."""
        first, last = policy.points[0], policy.points[-1]
        at_2030 = policy.at(2030) or last
        return self.texts(
            "traj.sinks",
            base=base_year,
            s0=one_decimal(first.sink),
            s30=one_decimal(at_2030.sink),
            end=last.year,
            send=one_decimal(last.sink),
            n30=whole(at_2030.net),
            nend=whole(last.net),
        )

    # -- the editor's hooks ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fuel_model.invalidate()  # base data, province or projects may have changed
        self.recompute()

    def commit(self) -> None:
        self.peak_year.commit()

    def focus_location(self, location: Location) -> None:
        if location.field == "meta.declared_peak_year":
            self.scroll.ensureWidgetVisible(self.peak_year)
            self.peak_year.setFocus()
            return
        view, model = self.fuel_view, self.fuel_model
        if location.collection == "growth":
            view, model = self.growth_view, self.growth_model
        row = model.row_of(location.item_id or "")
        if row >= 0:
            field = location.field or ""
            if field.startswith("emission_factor."):  # its source: the factor's cell
                field = "emission_factor"
            index = model.index(row, model.column_of(field))
            view.setCurrentIndex(index)
        self.scroll.ensureWidgetVisible(view)
        if location.field == "trajectory":
            self.scroll.ensureWidgetVisible(self.problems)
        view.setFocus()
