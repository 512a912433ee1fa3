"""The emissions-trajectory step: the base-year energy account with the cited electricity
factor, the scenarios, their chart, the sinks beside the energy CO2, and the assumptions.

Everything shown here is computed by :mod:`forms.trajectory` from what the plan holds; the page
only edits the inputs (fuel quantities, own emission factors, the grid factor chosen, growth
rates, the declared peak year) through the session, and recomputes a moment after any of them
changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Location
from forms.plan import FuelUse, GridFactorRef
from forms.template import GridFactor
from forms.trajectory import (
    ACCOUNT_TOLERANCE,
    EnergyAccount,
    Trajectory,
    account_gaps,
    assumptions,
    declared_peak_year,
    energy_account,
    grid_choice,
    project_trajectory,
)
from forms.values import format_number
from ui.fields import FieldLineEdit
from ui.pages import Page
from ui.provenance_dialog import ProvenanceDialog
from ui.session import META, PlanSession
from ui.texts import Texts
from ui.trajectory_chart import WARNING_COLOUR, TrajectoryChart
from ui.trajectory_result import result_lines
from ui.trajectory_tables import (
    FUEL_COLUMN_WIDTHS,
    GROWTH_COLUMN_WIDTHS,
    FittedTable,
    FuelTableModel,
    GrowthTableModel,
    OneLineDelegate,
    one_decimal,
)
from ui.widgets import ElidedComboBox, tab_leaves

RECOMPUTE_MS = 150
# what the check says about the electricity factor, shown under its choice
GRID_CHECKS = ("grid_factor_elsewhere", "grid_factor_unknown", "grid_factor_year")
GRID_CHECKS += ("grid_factor_to_verify",)
INPUTS = {"fuels", "growth", "base_data", "projects", META}  # what the trajectory reads


def section_title(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet("font-weight: bold; padding-top: 6px;")
    label.setWordWrap(True)
    return label


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

        self._build_account(body, column)
        self._build_grid(body, column)
        column.addWidget(self.account_totals)
        self._build_peak(body, column)
        self._build_growth(body, column)
        self._build_result(body, column)
        self._build_assumptions(body, column)
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

    # -- building ----------------------------------------------------------------------------

    def _build_account(self, body: QWidget, column: QVBoxLayout) -> None:
        """The energy account: fuels, the current factor's detail and its source."""
        session, texts = self.session, self.texts
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

    def _build_grid(self, body: QWidget, column: QVBoxLayout) -> None:
        """The electricity factor: a row of the cited table, with its document."""
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

    def _build_peak(self, body: QWidget, column: QVBoxLayout) -> None:
        """The declared peak year and, optionally, value (stated in every document)."""
        session, texts = self.session, self.texts
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
        row.addStretch(1)
        column.addLayout(row)
        # under the fields, the page's width: beside them it had some 60 px at 1024×768 and
        # stood seven lines tall, a few characters to a line
        column.addWidget(self.peak_hint)

    def _build_growth(self, body: QWidget, column: QVBoxLayout) -> None:
        """The growth assumptions of both scenarios."""
        session, texts = self.session, self.texts
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

    def _build_result(self, body: QWidget, column: QVBoxLayout) -> None:
        """The chart, the result in words and the problems found."""
        texts = self.texts
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

    def _build_assumptions(self, body: QWidget, column: QVBoxLayout) -> None:
        """The assumptions behind the projection, as the exports print them."""
        self.assumptions_title = section_title(body)
        self.assumptions_model = QStandardItemModel(0, 2, self)
        self.assumptions_view = FittedTable(body)
        self.assumptions_view.setObjectName("trajectoryAssumptions")
        self.assumptions_view.setModel(self.assumptions_model)
        self.assumptions_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        tab_leaves(self.assumptions_view)
        self.assumptions_view.horizontalHeader().setVisible(False)
        self.assumptions_view.setColumnWidth(0, 170)
        self.assumptions_view.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.assumptions_title)
        column.addWidget(self.assumptions_view)

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
        lines, problems = result_lines(self.session, self.texts, self.trajectory, declared)
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
                f"{format_number(factor.value, 4)} {factor.unit_in(t.lang)}"
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
