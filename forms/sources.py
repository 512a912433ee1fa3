"""Where the plan's numbers come from: the data numbers (base data, indicators' base values,
the energy account's quantities), with or without a recorded source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from forms.plan import Plan, Provenance, Value
from forms.template import Template


@dataclass(frozen=True)
class SourcedNumber:
    collection: str
    item_id: str
    field: str  # the path of the Value in the item
    label_zh: str
    label_en: str
    unit: str
    value: Value

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    @property
    def has_source(self) -> bool:
        return bool(self.value.provenance.source.strip())


def data_numbers(plan: Plan, template: Template) -> Iterator[SourcedNumber]:
    """Every data number the plan holds (blank ones left out)."""
    specs = {b.id: b for b in template.base_data}
    for entry in plan.base_data:
        spec = specs.get(entry.id)
        if spec is not None and not entry.value.is_blank():
            yield SourcedNumber(
                "base_data",
                entry.id,
                "value",
                spec.name.zh,
                spec.name.en,
                spec.unit.zh,
                entry.value,
            )
    for row in plan.indicators:
        if not row.base.is_blank():
            yield SourcedNumber(
                "indicators",
                row.id,
                "base",
                f"{row.name_zh}（基准值）",
                f"{row.name_en or row.name_zh} (base value)",
                row.unit,
                row.base,
            )
    fuels = {f.id: f for f in template.fuels}
    for use in plan.fuels:
        fuel = fuels.get(use.id)
        if fuel is not None and not use.quantity.is_blank():
            yield SourcedNumber(
                "fuels",
                use.id,
                "quantity",
                f"{fuel.name.zh}消费量",
                f"{fuel.name.en} used",
                fuel.unit.zh,
                use.quantity,
            )


def kind_text(provenance: Provenance, lang: str) -> str:
    if provenance.kind is None:
        return ""
    return provenance.kind.label(lang)


def quality_text(provenance: Provenance, lang: str) -> str:
    if provenance.quality is None:
        return ""
    return provenance.quality.label(lang)
