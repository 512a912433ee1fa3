"""The trajectory step's tables: the energy account, the growth rates, and a table that is
as tall as its rows for a scrolling page."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHeaderView,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from forms.plan import FuelUse, GrowthAssumption
from forms.trajectory import SCENARIOS, EnergyAccount, FuelLine, energy_account
from forms.values import format_number
from ui.session import PlanSession
from ui.table_model import CollectionTableModel, Column, Index
from ui.texts import Texts
from ui.trajectory_chart import POLICY_COLOUR
from ui.widgets import configure_table

DEFAULT_GREY = QColor("#8a8a8a")
COMPUTED_TINT = QColor("#f1f4f7")
FUEL_COLUMN_WIDTHS = (128, 76, 60, 62, 66, 66)  # the source column takes what is left
GROWTH_COLUMN_WIDTHS = (84, 104, 104, 110, 120)


def _never(_item: BaseModel) -> bool:
    return False


def one_decimal(value: float | None) -> str:
    return "" if value is None else format_number(value, 1)


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
