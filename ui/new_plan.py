"""The new-plan wizard: pilot type, then the pilot (from the first-batch list or typed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from forms.errors import LocalizedError
from forms.names import NameRequiredError, name_confirmed, offered_unconfirmed, pilot_batch
from forms.plan import FIRST_YEAR, LAST_YEAR, Plan, PlanMeta
from forms.template import (
    Pilot,
    PilotType,
    Template,
    available_templates,
    load_template,
    template_name,
)
from ui.context import AppContext
from workflows.plans import NewPlanAnswers, create_plan, name_problem


class TypePage(QWizardPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        t = context.texts
        self.setTitle(t("wizard.type.title"))
        self.setSubTitle(t("wizard.type.subtitle"))
        layout = QVBoxLayout(self)
        self.city = QRadioButton(t("wizard.type.city"), self)
        self.park = QRadioButton(t("wizard.type.park"), self)
        self.city.setObjectName("typeCity")
        self.park.setObjectName("typePark")
        self.city.setChecked(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.city)
        self.group.addButton(self.park)
        layout.addWidget(self.city)
        layout.addWidget(self.park)
        layout.addStretch(1)

    def pilot_type(self) -> PilotType:
        return PilotType.PARK if self.park.isChecked() else PilotType.CITY


class DetailsPage(QWizardPage):
    def __init__(
        self, context: AppContext, type_page: TypePage, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.type_page = context, type_page
        t = context.texts
        self.setTitle(t("wizard.details.title"))
        self.setSubTitle(t("wizard.details.subtitle"))
        form = QFormLayout(self)
        self.pilot = QComboBox(self)
        self.pilot.setObjectName("pilotName")
        self.pilot.setEditable(True)
        self.pilot.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.province = QComboBox(self)
        self.province.setObjectName("province")
        self.province.setEditable(True)
        self.base_year = QSpinBox(self)
        self.base_year.setObjectName("baseYear")
        self.base_year.setRange(FIRST_YEAR, LAST_YEAR)
        self.base_year.setValue(PlanMeta.model_fields["base_year"].default)
        self.language = QComboBox(self)
        self.language.setObjectName("planLanguage")
        self.language.addItem(t("plan_lang.zh"), "zh")
        self.language.addItem(t("plan_lang.en"), "en")
        self.template = QComboBox(self)
        self.template.setObjectName("template")
        for template_id, _version in available_templates():
            self.template.addItem(template_name(template_id, t.lang), template_id)
        self.words: Template | None = None  # the chosen template: names in both languages
        # a park whose name is not confirmed: the user confirms it or corrects it
        self.name_hint = QLabel(t("wizard.unconfirmed_hint"), self)
        self.name_hint.setObjectName("unconfirmedHint")
        self.name_hint.setWordWrap(True)
        self.confirm = QCheckBox(t("wizard.confirm_name"), self)
        self.confirm.setObjectName("confirmName")
        self.name_hint.hide()
        self.confirm.hide()
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        rows = (
            ("wizard.pilot", self.pilot),
            ("wizard.province", self.province),
            ("wizard.base_year", self.base_year),
            ("wizard.language", self.language),
            ("wizard.template", self.template),
        )
        for key, widget in rows:
            label = QLabel(t(key), self)
            label.setBuddy(widget)
            widget.setAccessibleName(t(key).replace("(&", "(").replace("&", "").rstrip("：:"))
            form.addRow(label, widget)
            if widget is self.pilot:
                form.addRow("", self.name_hint)
                form.addRow("", self.confirm)
        form.addRow("", self.error)
        self.pilot.currentIndexChanged.connect(self._pilot_chosen)
        self.pilot.editTextChanged.connect(self._name_edited)

    def initializePage(self) -> None:
        pilot_type = self.type_page.pilot_type()
        template = load_template(self.template.currentData() or "annex2-2023", pilot_type.value)
        self.words, lang = template, self.context.texts.lang
        self.pilot.blockSignals(True)
        self.pilot.clear()
        unconfirmed = self.context.texts("wizard.unconfirmed")
        for pilot in template.pilots:
            if pilot.pilot_type is pilot_type:
                label = pilot.name_en if lang == "en" else pilot.name_zh
                if not pilot.name_confirmed:
                    label += f" {unconfirmed}"
                self.pilot.addItem(label, pilot)
        self.pilot.setCurrentIndex(-1)
        self.pilot.setEditText("")
        self.pilot.blockSignals(False)
        self.province.clear()
        for province in template.provinces:
            self.province.addItem(province.name.get(lang), province.name.zh)
        self.province.setCurrentIndex(-1)

    def _shown(self, text: str) -> str:
        return self.words.localize(text, self.context.texts.lang) if self.words else text

    def _stored(self, text: str) -> str:
        """A pilot's or province's name as the plan keeps it (Chinese), however it was shown."""
        return self.words.canonical(text) if self.words else text

    def _pilot_chosen(self, index: int) -> None:
        pilot = self.pilot.itemData(index)
        if pilot is not None:
            self.province.setCurrentText(self._shown(pilot.province))
            self.pilot.setEditText(self._shown(pilot.name_zh))
        self.confirm.setChecked(False)
        self._name_edited(self.pilot.currentText())

    def _name_edited(self, _text: str) -> None:
        unconfirmed = self._unconfirmed_pilot() is not None
        self.name_hint.setVisible(unconfirmed)
        self.confirm.setVisible(unconfirmed)
        self.completeChanged.emit()

    def _chosen_pilot(self) -> Pilot | None:
        return self.pilot.itemData(self.pilot.currentIndex())

    def _unconfirmed_pilot(self) -> Pilot | None:
        """The chosen pilot when its name is not confirmed and still the one offered."""
        pilot = self._chosen_pilot()
        return pilot if offered_unconfirmed(pilot, self.pilot_name()) else None

    def name_confirmed(self) -> bool:
        """False while an unconfirmed name is kept as offered and not ticked as checked;
        a corrected (edited) name counts as confirmed."""
        return name_confirmed(self._chosen_pilot(), self.pilot_name(), self.confirm.isChecked())

    def pilot_name(self) -> str:
        """The name the plan gets: a listed pilot's official (Chinese) name, else as typed."""
        return self._stored(self.pilot.currentText().strip())

    def province_name(self) -> str:
        return self._stored(self.province.currentText().strip())

    def isComplete(self) -> bool:
        problem = name_problem(self.context.repo, self.pilot_name())
        shown = problem is not None and not isinstance(problem, NameRequiredError)
        self.error.setText(problem.message(self.context.texts.lang) if shown else "")
        return problem is None

    def batch(self) -> int | None:
        """The chosen pilot's batch; kept when an unconfirmed park name is corrected."""
        return pilot_batch(self._chosen_pilot(), self.pilot_name())


class NewPlanWizard(QWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(context.texts("wizard.title"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.type_page = TypePage(context, self)
        self.details_page = DetailsPage(context, self.type_page, self)
        self.addPage(self.type_page)
        self.addPage(self.details_page)
        self.created: Plan | None = None
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.resize(620, 440)

    def accept(self) -> None:
        page = self.details_page
        template_id = page.template.currentData() or "annex2-2023"
        pilot_type = self.type_page.pilot_type()
        answers = NewPlanAnswers(
            page.pilot_name(),
            pilot_type,
            province=page.province_name(),
            base_year=page.base_year.value(),
            language=page.language.currentData(),
            batch=page.batch(),
            template_id=template_id,
            name_confirmed=page.name_confirmed(),
        )
        try:
            plan = create_plan(self.context.repo, answers)
        except LocalizedError as exc:
            page.error.setText(exc.message(self.context.texts.lang))
            return
        self.created = plan
        super().accept()
