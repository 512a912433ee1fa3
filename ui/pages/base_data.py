"""The base data chapter: each figure with its source, grouped as the template groups them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Location
from forms.derived import derived_values
from forms.plan import Chapter
from forms.template import BaseDataSpec
from forms.values import format_number
from ui.fields import FieldLineEdit
from ui.pages.base import ChapterPage
from ui.provenance_dialog import ProvenanceDialog
from ui.session import PlanSession
from ui.texts import Texts


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
                self._add_row(box, grid, row, spec)
            column.addWidget(box)
        self._build_derived(body, column)
        column.addStretch(1)
        session.item_changed.connect(lambda c, _i: c == "base_data" and self._update_derived())
        self.retranslate()

    def _add_row(self, box: QGroupBox, grid: QGridLayout, row: int, spec: BaseDataSpec) -> None:
        """A figure: its name, value, unit, source and a button for the source's details."""
        session, texts = self.session, self.texts
        label, unit = QLabel(box), QLabel(box)
        edit = FieldLineEdit(session, texts, "base_data", spec.id, "value.text", box)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaximumWidth(90)  # a figure; the rest of the row for its source
        label.setBuddy(edit)
        source = FieldLineEdit(session, texts, "base_data", spec.id, "value.provenance.source", box)
        source.setObjectName(f"source_{spec.id}")
        grid.addWidget(label, row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(unit, row, 2)
        details = QToolButton(box)
        details.setObjectName(f"details_{spec.id}")
        details.setText("…")
        details.clicked.connect(lambda _checked=False, s=spec: self.edit_provenance(s.id, s.name))
        grid.addWidget(source, row, 3)
        grid.addWidget(details, row, 4)
        grid.setColumnStretch(3, 1)
        self.details[spec.id] = details
        self.fields[spec.id] = edit
        self.sources[spec.id] = source
        self.labels.append((label, unit, spec))

    def _build_derived(self, body: QWidget, column: QVBoxLayout) -> None:
        """The figures computed from the base data, read-only."""
        template = self.session.template
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
