"""The trajectory chart: both scenarios' CO2 to 2035 with the peak and the declared year."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from forms.trajectory import SCENARIOS, ScenarioResult, Trajectory
from ui.texts import Texts

WARNING_COLOUR = "#8a5a00"
BASELINE_COLOUR = QColor("#8a8a8a")
POLICY_COLOUR = QColor("#1565c0")
DECLARED_COLOUR = QColor("#b3261e")


def whole(value: float) -> str:
    """万吨 in a label: thousands separated, no decimals."""
    return f"{value:,.0f}"


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


@dataclass(frozen=True)
class _Axes:
    """Years across and values up, mapped onto the plot's rectangle."""

    plot: QRectF
    first_year: int
    last_year: int
    low: float
    high: float

    def x_of(self, year: float) -> float:
        span = max(self.last_year - self.first_year, 1)
        return self.plot.left() + (year - self.first_year) / span * self.plot.width()

    def y_of(self, value: float) -> float:
        return self.plot.bottom() - (value - self.low) / (self.high - self.low) * self.plot.height()


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
        axes = _Axes(plot, years[0], years[-1], ticks[0], ticks[-1])
        self._draw_value_axis(painter, axes, ticks, tick_labels, line_height)
        self._draw_year_axis(painter, metrics, axes, years)
        # the declared peak year, then the scenarios over it
        declared_x = None
        if self.declared_year is not None and years[0] <= self.declared_year <= years[-1]:
            declared_x = axes.x_of(self.declared_year)
            painter.setPen(QPen(DECLARED_COLOUR, 1.5, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(declared_x, plot.top()), QPointF(declared_x, plot.bottom()))
        lines = self._draw_lines(painter, axes, series)
        # labels last, where they cross no line
        taken: list[QRectF] = []
        policy = next((s for s in series if s.scenario == "policy"), None)
        if policy is not None:
            self._draw_peak(
                painter, metrics, policy, label_area, lines, taken, axes.x_of, axes.y_of
            )
        if declared_x is not None:
            self._draw_declared_label(painter, metrics, declared_x, plot, label_area, lines, taken)

    @staticmethod
    def _draw_value_axis(
        painter: QPainter, axes: _Axes, ticks: list[float], labels: list[str], line_height: int
    ) -> None:
        """Gridlines and their values."""
        plot = axes.plot
        for tick, text in zip(ticks, labels, strict=True):
            y = axes.y_of(tick)
            painter.setPen(QPen(QColor("#e3e3e3"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, y - line_height / 2, plot.left() - 8, line_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    @staticmethod
    def _draw_year_axis(
        painter: QPainter, metrics: QFontMetrics, axes: _Axes, years: list[int]
    ) -> None:
        """A tick a year, labels every 1, 5 or 10 years as they fit."""
        plot, line_height = axes.plot, metrics.height()
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        step_px = plot.width() / max(axes.last_year - axes.first_year, 1)
        label_width = metrics.horizontalAdvance("2035") + 10
        every = next((k for k in (1, 5, 10) if k * step_px >= label_width), 20)
        for year in years:
            x = axes.x_of(year)
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

    @staticmethod
    def _draw_lines(
        painter: QPainter, axes: _Axes, series: list[ScenarioResult]
    ) -> list[list[QPointF]]:
        """Each scenario's line: the baseline dashed grey, the policy solid blue."""
        lines: list[list[QPointF]] = []
        for scenario in series:
            points = [QPointF(axes.x_of(p.year), axes.y_of(p.co2)) for p in scenario.points]
            lines.append(points)
            if scenario.scenario == "baseline":
                pen = QPen(BASELINE_COLOUR, 2, Qt.PenStyle.DashLine)
            else:
                pen = QPen(POLICY_COLOUR, 2.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
        return lines

    def _draw_declared_label(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        declared_x: float,
        plot: QRectF,
        area: QRectF,
        lines: list[list[QPointF]],
        taken: list[QRectF],
    ) -> None:
        """The declared year's label beside its dotted line, low or high, where it fits."""
        text = self.texts("chart.declared", year=self.declared_year)
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
        candidates = [
            QRectF(x, y, width, height)
            for y in (plot.bottom() - height - 4, plot.top() + 4)
            for x in (declared_x + 4, declared_x - 4 - width)
        ]
        box = self._place(candidates, area, lines, taken)
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
