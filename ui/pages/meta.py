"""Plan information: name, type, province, base year, language and status."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from forms.checks import Location
from forms.names import single_line
from forms.plan import FIRST_YEAR, LAST_YEAR, PlanStatus
from ui.pages.base import Page
from ui.session import META, PlanSession
from ui.texts import Texts
from workflows.plans import name_problem


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
        self.name.textEdited.connect(self._keep_name)
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

    def _keep_name(self, text: str) -> None:
        """Journal the name at each keystroke: a kill before leaving the field keeps it (put
        back on opening only if it is still a free, valid name)."""
        name = self.session.template.canonical(single_line(text))
        if name:
            self.session.keep_typing(META, "", "name", name)

    def _commit_name(self) -> None:
        name = self.session.template.canonical(single_line(self.name.text()))
        problem = name_problem(self.session.repo, name, except_id=self.session.plan.id)
        if problem is not None:
            self.name_error.setText(problem.message(self.texts.lang))
            self.session.typing_settled(META, "", "name")  # refused: not to be put back
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
