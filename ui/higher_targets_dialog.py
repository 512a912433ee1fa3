"""The higher-level targets a pilot measures itself against: the nation's (template data,
shown with their sources) and its province's, which the plan records with their source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.higher_targets import province_rows, references
from ui.session import PlanSession
from ui.table_model import CollectionTableModel, Column
from ui.texts import Texts
from ui.widgets import configure_table


class HigherTargetsDialog(QDialog):
    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("higherTargets")
        self.session, self.texts = session, texts
        session.add_missing("higher_targets", province_rows(session.plan, session.template))
        self.national = QLabel(self)
        self.national.setObjectName("nationalTargets")
        self.national.setWordWrap(True)
        self.national.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        names = {i.id: i for i in session.template.indicators}

        def indicator_names() -> list[tuple[str, str]]:
            return [(key, names[key].name.get(texts.lang)) for key in names]

        self.model = CollectionTableModel(
            session,
            texts,
            "higher_targets",
            [
                Column(
                    "higher.indicator",
                    "indicator",
                    choices=indicator_names,
                    editable=lambda _item: False,
                ),
                Column("higher.year", "year", editable=lambda _item: False),
                Column("higher.value", "value.text", numeric=True),
                Column("higher.source", "value.provenance.source"),
            ],
        )
        self.view = QTableView(self)
        self.view.setObjectName("provinceTargets")
        self.view.setModel(self.model)
        configure_table(self.view)
        self.view.setColumnWidth(0, 260)
        self.view.setColumnWidth(1, 60)
        self.view.setColumnWidth(2, 110)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.national)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self.resize(760, 460)

    def retranslate(self) -> None:
        t, lang = self.texts, self.texts.lang
        province = self.session.plan.meta.province or t("higher.no_province")
        names = {p.name.zh: p.name.get(lang) for p in self.session.template.provinces}
        province = names.get(province, province)
        self.setWindowTitle(t("higher.title"))
        self.close_button.setText(t("export.close"))
        names = {i.id: i.name.get(lang) for i in self.session.template.indicators}
        lines = []
        for ref in references(self.session.plan, self.session.template):
            if ref.level != "national":
                continue
            about = ("左右" if lang == "zh" else " or so") if ref.about else ""
            source = ref.source_en if lang == "en" else ref.source_zh
            lines.append(
                f"• {names.get(ref.indicator, ref.indicator)} {ref.year}: "
                f"{ref.value:g}%{about} — {source}"
            )
        self.national.setText(t("higher.national") + "\n" + "\n".join(lines))
        self.hint.setText(t("higher.hint", province=province))
