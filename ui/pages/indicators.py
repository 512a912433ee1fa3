"""The indicators chapter: targets for 2025 and 2030 with their reference years."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from PySide6.QtWidgets import QMainWindow, QWidget

from forms.edit import get_field
from forms.names import numbered_name
from forms.plan import Chapter, IndicatorRow
from forms.targets import display, entered, needs_reference_year, reference_year, typed_year
from forms.template import Obligation
from ui.pages.table import TablePage
from ui.session import PlanSession
from ui.table_model import Column
from ui.texts import Texts


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
