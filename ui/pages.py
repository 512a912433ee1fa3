"""The editor's pages, one per step: plan information, each chapter by its kind, the check."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from pydantic import BaseModel
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Finding, Location, Severity, count_by_severity
from forms.derived import derived_values, project_totals
from forms.edit import get_field
from forms.names import numbered_name
from forms.plan import (
    FIRST_YEAR,
    LAST_YEAR,
    Chapter,
    IndicatorRow,
    Measure,
    Milestone,
    PlanStatus,
    Policy,
    Project,
)
from forms.targets import display, entered, needs_reference_year, reference_year, typed_year
from forms.template import ChapterKind, ChapterSpec, Obligation
from forms.values import format_number
from ui.fields import ChoiceDelegate, FieldLineEdit, TextBlockDelegate
from ui.provenance_dialog import ProvenanceDialog
from ui.session import META, PlanSession
from ui.table_model import CollectionTableModel, Column
from ui.texts import Texts
from ui.widgets import TextSection, configure_table, guidance_html, wrap_items
from workflows.plans import name_problem


class Page(QWidget):
    """A step of the editor."""

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.texts = session, texts
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)

    title_key = guidance_key = ""  # for steps that are not chapters: keys of ui.texts

    def title(self) -> str:
        return self.texts(self.title_key)

    def guidance(self) -> str:
        return self.texts(self.guidance_key) if self.guidance_key else ""

    def retranslate(self) -> None:
        self.heading.setText(self.title())

    def focus_location(self, location: Location) -> None:
        """Put the keyboard focus on the field a finding points to."""

    def commit(self) -> None:
        """Push any typing still waiting for its pause to the model."""


class ChapterPage(Page):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, parent)
        self.chapter = chapter
        self.spec: ChapterSpec | None = (
            session.template.chapter(chapter.template_ref) if chapter.template_ref else None
        )
        min_chars = self.spec.min_chars if self.spec else 200
        self.text_section = TextSection(session, texts, chapter, min_chars, self)

    def title(self) -> str:
        return self.texts.pick(self.chapter.title_zh, self.chapter.title_en)

    def guidance(self) -> str:
        return guidance_html(self.texts, self.spec)

    def retranslate(self) -> None:
        super().retranslate()
        self.text_section.update_count()
        prompts = self.spec.prompts if self.spec else []
        lines = [self.texts("prompts.placeholder")] if prompts else []
        lines += [f"• {prompt.get(self.texts.lang)}" for prompt in prompts]
        self.text_section.editor.setPlaceholderText("\n".join(lines))
        self.text_section.editor.setAccessibleName(self.title())

    def commit(self) -> None:
        self.text_section.editor.commit()

    def focus_location(self, location: Location) -> None:
        self.text_section.editor.setFocus()


class TextPage(ChapterPage):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        self.layout_.addWidget(self.text_section, 1)
        self.retranslate()


class MetaPage(Page):
    title_key, guidance_key = "step.meta", "guidance.meta"

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(session, texts, parent)
        meta = session.plan.meta
        form = QFormLayout()
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.name = QLineEdit(self._shown(meta.name), self)
        self.name.editingFinished.connect(self._commit_name)
        self.name_error = QLabel(self)
        self.name_error.setStyleSheet("color: #b3261e;")
        # a pilot name taken from the list unverified: ticked once checked (the check asks)
        self.name_verified = QCheckBox(self)
        self.name_verified.setObjectName("nameVerified")
        self.name_verified.setChecked(meta.name_confirmed)
        self.name_verified.setVisible(not meta.name_confirmed)
        self.name_verified.toggled.connect(
            lambda checked: session.edit(META, "", "name_confirmed", checked)
        )
        self.province = QComboBox(self)
        self.province.setEditable(True)
        self._fill_provinces()
        self.province.currentTextChanged.connect(
            lambda text: session.edit(META, "", "province", self._stored(text))
        )
        self.base_year = QSpinBox(self)
        self.base_year.setRange(FIRST_YEAR, LAST_YEAR)
        self.base_year.setValue(meta.base_year)
        self.base_year.valueChanged.connect(lambda year: session.edit(META, "", "base_year", year))
        self.language = QComboBox(self)
        self.status = QComboBox(self)
        self.type_label = QLabel(self)
        self.template_label = QLabel(self)
        self.labels = {
            key: QLabel(self)
            for key in ("name", "type", "province", "base_year", "language", "status", "template")
        }
        form.addRow(self.labels["name"], self.name)
        form.addRow("", self.name_error)
        form.addRow("", self.name_verified)
        form.addRow(self.labels["type"], self.type_label)
        form.addRow(self.labels["province"], self.province)
        form.addRow(self.labels["base_year"], self.base_year)
        form.addRow(self.labels["language"], self.language)
        form.addRow(self.labels["status"], self.status)
        self.history = QLabel(self)
        self.history.setObjectName("statusHistory")
        self.history.setWordWrap(True)
        form.addRow("", self.history)
        form.addRow(self.labels["template"], self.template_label)
        self.labels["name"].setBuddy(self.name)
        self.labels["province"].setBuddy(self.province)
        self.labels["base_year"].setBuddy(self.base_year)
        self.labels["language"].setBuddy(self.language)
        self.labels["status"].setBuddy(self.status)
        self.language.currentIndexChanged.connect(self._commit_language)
        self.status.currentIndexChanged.connect(self._commit_status)
        session.item_changed.connect(self._on_item_changed)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        meta = self.session.plan.meta
        for key, label in self.labels.items():
            label.setText(self.texts(f"meta.{key}"))
        self.name.setAccessibleName(self.texts("meta.name"))
        self.name_verified.setText(self.texts("wizard.confirm_name"))
        self.type_label.setText(self.texts(f"type.{meta.pilot_type.value}"))
        self.template_label.setText(self.session.template.display_name(self.texts.lang))
        if not self.name.hasFocus() and self.name.text() != self._shown(meta.name):
            self.name.setText(self._shown(meta.name))
        self._fill_provinces()
        for combo, values, prefix, current in (
            (self.language, ["zh", "en"], "plan_lang", meta.language),
            (self.status, [s.value for s in PlanStatus], "status", meta.status.value),
        ):
            combo.blockSignals(True)
            combo.clear()
            for value in values:
                combo.addItem(self.texts(f"{prefix}.{value}"), value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._show_history()

    def _shown(self, text: str) -> str:
        """A pilot's or province's name from the template in the interface language."""
        return self.session.template.localize(text, self.texts.lang)

    def _stored(self, text: str) -> str:
        """What was typed as the plan keeps it: "Zhejiang" is stored as 浙江省."""
        return self.session.template.canonical(text.strip())

    def _fill_provinces(self) -> None:
        """The provinces in the interface language (again only when the language changed)."""
        if getattr(self, "_provinces_lang", None) == self.texts.lang:
            return
        self._provinces_lang = self.texts.lang
        self.province.blockSignals(True)
        self.province.clear()
        for province in self.session.template.provinces:
            self.province.addItem(province.name.get(self.texts.lang), province.name.zh)
        self.province.setCurrentText(self._shown(self.session.plan.meta.province))
        self.province.blockSignals(False)

    def _commit_name(self) -> None:
        name = self.session.template.canonical(self.name.text().strip())
        problem = name_problem(self.session.repo, name, except_id=self.session.plan.id)
        if problem is not None:
            self.name_error.setText(problem.message(self.texts.lang))
            return
        self.name_error.clear()
        if name != self.session.plan.meta.name:
            self.session.edit(META, "", "name", name)

    def _commit_language(self) -> None:
        self.session.edit(META, "", "language", self.language.currentData())

    def _commit_status(self) -> None:
        """The new status and the date it changed, as one undo step."""
        status = PlanStatus(self.status.currentData())
        meta = self.session.plan.meta
        if status == meta.status:
            return
        stack = self.session.undo_stack
        stack.beginMacro("status")
        self.session.edit(META, "", "status_history", meta.history_with(status))
        self.session.edit(META, "", "status", status)
        stack.endMacro()
        self._show_history()

    def _show_history(self) -> None:
        changes = self.session.plan.meta.status_history[-4:]
        separator = "；" if self.texts.lang == "zh" else "; "
        self.history.setText(
            separator.join(f"{c.at[:10]} {self.texts(f'status.{c.status.value}')}" for c in changes)
        )

    def _on_item_changed(self, collection: str, _item_id: str) -> None:
        if collection != META:
            return
        meta = self.session.plan.meta
        shown_name = self.session.template.canonical(self.name.text().strip())
        if shown_name != meta.name and not self.name.hasFocus():
            self.name.setText(self._shown(meta.name))
        if self.name_verified.isChecked() != meta.name_confirmed:  # e.g. after an undo
            self.name_verified.blockSignals(True)
            self.name_verified.setChecked(meta.name_confirmed)
            self.name_verified.blockSignals(False)
        self.status.blockSignals(True)
        self.status.setCurrentIndex(max(0, self.status.findData(meta.status.value)))
        self.status.blockSignals(False)
        self._show_history()
        for widget, value in ((self.base_year, meta.base_year),):
            if widget.value() != value:
                widget.blockSignals(True)
                widget.setValue(value)
                widget.blockSignals(False)
        if self.session.template.canonical(self.province.currentText()) != meta.province:
            self.province.blockSignals(True)
            self.province.setCurrentText(self._shown(meta.province))
            self.province.blockSignals(False)
        self.retranslate()

    def commit(self) -> None:
        self._commit_name()

    def focus_location(self, location: Location) -> None:
        target = self.province if location.field == "meta.province" else self.name
        target.setFocus()


class BaseDataPage(ChapterPage):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        self.text_section.setMaximumHeight(110)
        self.layout_.addWidget(self.text_section)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        self.layout_.addWidget(scroll, 1)
        self.fields: dict[str, FieldLineEdit] = {}
        self.sources: dict[str, FieldLineEdit] = {}
        self.details: dict[str, QToolButton] = {}
        self.labels: list[tuple[QLabel, QLabel, object]] = []
        self.group_boxes: list[tuple[QGroupBox, object]] = []
        template = session.template
        for group in template.base_data_groups:
            box = QGroupBox(body)
            grid = QGridLayout(box)
            self.group_boxes.append((box, group))
            items = [s for s in template.base_data if s.group == group.id]
            for row, spec in enumerate(items):
                if session.plan.base_value(spec.id) is None:
                    continue
                label, unit = QLabel(box), QLabel(box)
                edit = FieldLineEdit(session, texts, "base_data", spec.id, "value.text", box)
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.setMaximumWidth(180)
                label.setBuddy(edit)
                source = FieldLineEdit(
                    session, texts, "base_data", spec.id, "value.provenance.source", box
                )
                source.setObjectName(f"source_{spec.id}")
                grid.addWidget(label, row, 0)
                grid.addWidget(edit, row, 1)
                grid.addWidget(unit, row, 2)
                details = QToolButton(box)
                details.setObjectName(f"details_{spec.id}")
                details.setText("…")
                details.clicked.connect(
                    lambda _checked=False, s=spec: self.edit_provenance(s.id, s.name)
                )
                grid.addWidget(source, row, 3)
                grid.addWidget(details, row, 4)
                grid.setColumnStretch(3, 1)
                self.details[spec.id] = details
                self.fields[spec.id] = edit
                self.sources[spec.id] = source
                self.labels.append((label, unit, spec))
            column.addWidget(box)
        self.derived_box = QGroupBox(body)
        self.derived_grid = QGridLayout(self.derived_box)
        self.derived_labels: list[tuple[QLabel, QLabel]] = []
        for row, _spec in enumerate(template.derived_for_pilot()):
            name, value = QLabel(self.derived_box), QLabel(self.derived_box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.derived_grid.addWidget(name, row, 0)
            self.derived_grid.addWidget(value, row, 1)
            self.derived_labels.append((name, value))
        self.derived_grid.setColumnStretch(1, 1)
        column.addWidget(self.derived_box)
        column.addStretch(1)
        session.item_changed.connect(lambda c, _i: c == "base_data" and self._update_derived())
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        lang = self.texts.lang
        for box, group in self.group_boxes:
            box.setTitle(group.title.get(lang))  # type: ignore[attr-defined]
        for label, unit, spec in self.labels:
            label.setText(spec.name.get(lang) + "：" if lang == "zh" else spec.name.get(lang) + ":")  # type: ignore[attr-defined]
            unit.setText(spec.unit.get(lang))  # type: ignore[attr-defined]
            self.fields[spec.id].setAccessibleName(spec.name.get(lang))  # type: ignore[attr-defined]
            source = self.sources[spec.id]  # type: ignore[attr-defined]
            source.setPlaceholderText(self.texts("base.source_placeholder"))
            source.setAccessibleName(self.texts("base.source_of", name=spec.name.get(lang)))  # type: ignore[attr-defined]
            self.details[spec.id].setToolTip(self.texts("prov.details"))  # type: ignore[attr-defined]
        self.derived_box.setTitle(self.texts("base.derived"))
        self._update_derived()

    def edit_provenance(self, item_id: str, name: object) -> ProvenanceDialog:
        """Source, kind, quality and note of one base-data value (window-modal)."""
        dialog = ProvenanceDialog(
            self.session,
            self.texts,
            "base_data",
            item_id,
            "value",
            name.get(self.texts.lang),
            self,  # type: ignore[attr-defined]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _update_derived(self) -> None:
        lang = self.texts.lang
        for (name, value), derived in zip(
            self.derived_labels,
            derived_values(self.session.plan, self.session.template),
            strict=True,
        ):
            name.setText(derived.spec.name.get(lang))
            shown = (
                format_number(derived.value, 4)
                if derived.value is not None
                else self.texts("base.not_available")
            )
            value.setText(f"{shown} {derived.spec.unit.get(lang)}")

    def focus_location(self, location: Location) -> None:
        target = self.fields.get(location.item_id or "")
        if target is None and location.field:  # a share group: its first member
            target = next(
                (
                    self.fields[s.id]
                    for s in self.session.template.base_data
                    if s.share_group == location.field and s.id in self.fields
                ),
                None,
            )
        (target or self.text_section.editor).setFocus()


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
            self.view.viewport().installEventFilter(self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.model.modelReset.connect(self.view.resizeRowsToContents)
        for n, width in enumerate(self.column_widths):
            self.view.setColumnWidth(n, width)
        self.retranslate()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._widen_long_text()
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
            self.view.resizeRowsToContents()

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


class IndicatorsPage(TablePage):
    collection = "indicators"
    add_key, remove_key = "ind.add", "ind.remove"

    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        self.view.setColumnWidth(0, 260)
        for n in range(1, 12):
            self.view.setColumnWidth(n, 80)
        self.view.setColumnWidth(12, 130)
        self.view.setColumnWidth(13, 160)
        self.retranslate()

    def columns(self) -> list[Column]:
        name_path = "name_en" if self.texts.lang == "en" else "name_zh"
        return [
            Column("ind.name", name_path, editable=self._is_custom),
            Column("ind.unit", "unit", editable=self._is_custom, **self._template_words()),
            Column("ind.obligation", "obligation", choices=self._obligations),
            Column("ind.base", "base.text", numeric=True),
            *self._target_columns(2025),
            *self._target_columns(2030),
            Column("ind.department", "department", **self._template_words()),
            Column("ind.base_source", "base.provenance.source", multiline=True),
            Column("ind.note", "note", multiline=True),
        ]

    def _target_columns(self, year: int) -> list[Column]:
        """Basic and stretch ("22左右" typed is 22 + about), the reference year of a reduction
        (2025: 2020 unless changed; 2030: asked for) and the indicator's value in that year."""
        lang = self.texts.lang

        def shown(item: BaseModel, value: object) -> str:
            return display(value, item.unit, lang)  # type: ignore[arg-type, attr-defined]

        def taken(path: str) -> Callable[[BaseModel, str], object]:
            return lambda item, text: entered(get_field(item, path), text, item.unit)  # type: ignore[attr-defined]

        def year_shown(item: BaseModel, _value: object) -> str:
            stated = reference_year(item, year)  # type: ignore[arg-type]
            return "" if stated is None else str(stated)

        path = f"target_{year}"
        return [
            Column(
                f"ind.t{year}",
                f"{path}.basic",
                numeric=True,
                to_text=shown,
                from_text=taken(f"{path}.basic"),
            ),
            Column(
                f"ind.t{year}s",
                f"{path}.stretch",
                numeric=True,
                to_text=shown,
                from_text=taken(f"{path}.stretch"),
            ),
            Column(
                f"ind.t{year}ref",
                f"{path}.reference_year",
                numeric=True,
                editable=self._is_change,
                to_text=year_shown,
                from_text=lambda _item, text: typed_year(text),
            ),
            Column(
                f"ind.t{year}refv",
                f"{path}.reference_value.text",
                numeric=True,
                editable=self._is_change,
            ),
        ]

    def _template_words(self) -> dict[str, Callable[..., str]]:
        """A unit or department copied from the template reads in the interface language
        ("万千瓦" as "10 MW"); its English twin typed back is stored as the Chinese."""
        template, lang = self.session.template, self.texts.lang
        return {
            "to_text": lambda _item, value: template.localize(str(value or ""), lang),
            "from_text": lambda _item, text: template.canonical(text),
        }

    @staticmethod
    def _is_change(item: BaseModel) -> bool:
        return isinstance(item, IndicatorRow) and needs_reference_year(item)

    @staticmethod
    def _is_custom(item: BaseModel) -> bool:
        return isinstance(item, IndicatorRow) and item.is_custom

    def _obligations(self) -> list[tuple[str, str]]:
        return [(o.value, self.texts(f"obligation.{o.value}")) for o in Obligation]

    def retranslate(self) -> None:
        if hasattr(self, "model"):
            self.model.columns = self.columns()
            self.model.reload()
        super().retranslate()

    def can_remove(self, item: BaseModel) -> bool:
        if self._is_custom(item):
            return True
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.texts("ind.not_removable"), 8000)
        return False

    def new_item(self) -> BaseModel:
        taken = {i.name_zh for i in self.session.plan.indicators}
        candidate = numbered_name(self.texts("ind.new_name"), taken)
        return IndicatorRow(name_zh=candidate, name_en=candidate, unit="%", category="energy")


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


class CheckPage(Page):
    """The plan's findings; activating one jumps to its field."""

    jump = Signal(object)  # Location
    title_key, guidance_key = "step.check", "guidance.check"

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(session, texts, parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.hint = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._activated)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.hint.setText(self.texts("check.hint"))
        self.tree.setHeaderLabels([self.texts("col.status"), self.texts("step.check")])
        self.tree.setAccessibleName(self.texts("step.check"))
        self.refresh()

    def refresh(self) -> None:
        findings = self.session.findings()
        counts = count_by_severity(findings)
        overall, _ = self.session.completeness()
        self.summary.setText(
            self.texts(
                "check.summary",
                percent=f"{overall:.0%}",
                errors=counts[Severity.ERROR],
                warnings=counts[Severity.WARNING],
                infos=counts[Severity.INFO],
            )
        )
        self.tree.clear()
        colours = {Severity.ERROR: "#b3261e", Severity.WARNING: "#8a5a00", Severity.INFO: "#555555"}
        for finding in findings:
            item = QTreeWidgetItem(
                [self.texts(f"severity.{finding.severity.value}"), finding.message(self.texts.lang)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, finding)
            item.setToolTip(1, finding.message(self.texts.lang))
            item.setForeground(0, QColor(colours[finding.severity]))
            self.tree.addTopLevelItem(item)
        if not findings:
            self.tree.addTopLevelItem(QTreeWidgetItem(["", self.texts("check.none")]))
        self.tree.resizeColumnToContents(0)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.jump.emit(finding.location)

    def focus_location(self, location: Location) -> None:
        self.tree.setFocus()


PAGE_FOR_KIND: dict[ChapterKind, type[ChapterPage]] = {
    ChapterKind.TEXT: TextPage,
    ChapterKind.BASE_DATA: BaseDataPage,
    ChapterKind.INDICATORS: IndicatorsPage,
    ChapterKind.TASKS: TasksPage,
    ChapterKind.PROJECTS: ProjectsPage,
    ChapterKind.POLICIES: PoliciesPage,
    ChapterKind.SCHEDULE: SchedulePage,
}
