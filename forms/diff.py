"""What changed between two versions of a plan: chapters' texts character by character (Chinese
has no word boundaries), and items added, removed, moved or changed field by field."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from forms.labels import Labelled, Scenario
from forms.plan import COLLECTIONS, Plan, PlanStatus, Quality, SourceKind
from forms.qualifiers import Qualifier
from forms.template import Direction, Obligation, PilotType, TemplateError, load_template

# Collections about the plan rather than its content: not differences of the plan itself.
_NOT_CONTENT = {"comments", "revision_notes", "monitoring"}
# Fields that change on every save and say nothing about the content.
_IGNORED_META = {"updated_at", "created_at", "status_history"}
COLLECTION_NAMES = {
    "chapters": ("章节", "chapter"),
    "base_data": ("基础数据", "base data"),
    "indicators": ("指标", "indicator"),
    "task_groups": ("任务分组", "task group"),
    "measures": ("措施", "measure"),
    "projects": ("重点项目", "project"),
    "policies": ("政策", "policy"),
    "milestones": ("进度安排", "milestone"),
    "fuels": ("能源核算", "energy account"),
    "growth": ("增长假设", "growth assumption"),
    "higher_targets": ("上级目标", "higher-level target"),
    "meta": ("方案信息", "plan information"),
}


# Readable names of the fields people change most; other paths are shown as they are.
FIELD_NAMES = {
    "text": ("正文", "text"),
    "title_zh": ("标题", "title"),
    "title_en": ("英文标题", "English title"),
    "intro": ("引言", "introduction"),
    "covers": ("对应指南要素", "Annex 2 elements"),
    "base.text": ("基准值", "base value"),
    "base.provenance.source": ("基准值来源", "source of the base value"),
    "target_2025.basic.text": ("2025年目标", "2025 target"),
    "target_2025.stretch.text": ("2025年力争目标", "2025 stretch target"),
    "target_2030.basic.text": ("2030年目标", "2030 target"),
    "target_2030.stretch.text": ("2030年力争目标", "2030 stretch target"),
    "target_2025.basic.qualifier": ("2025年目标限定词", "2025 target qualifier"),
    "target_2025.stretch.qualifier": ("2025年力争目标限定词", "2025 stretch qualifier"),
    "target_2030.basic.qualifier": ("2030年目标限定词", "2030 target qualifier"),
    "target_2030.stretch.qualifier": ("2030年力争目标限定词", "2030 stretch qualifier"),
    "target_2025.reference_year": ("2025年目标比较年份", "2025 target vs year"),
    "target_2030.reference_year": ("2030年目标比较年份", "2030 target vs year"),
    "target_2025.reference_value.text": ("2025年目标比较年份数值", "2025 target: value then"),
    "target_2030.reference_value.text": ("2030年目标比较年份数值", "2030 target: value then"),
    "department": ("责任单位", "department"),
    "note": ("备注", "note"),
    "name": ("名称", "name"),
    "title": ("标题", "title"),
    "content": ("内容", "content"),
    "investment.text": ("总投资", "investment"),
    "owner": ("责任单位", "owner"),
    "start_year.text": ("开工年份", "start year"),
    "end_year.text": ("完工年份", "end year"),
    "energy_saving.text": ("年节能量", "energy saved"),
    "co2_reduction.text": ("年减排量", "CO2 avoided"),
    "value.text": ("数值", "value"),
    "value.provenance.source": ("数据来源", "source"),
    "quantity.text": ("消费量", "quantity"),
    "declared_peak_year": ("达峰年份", "declared peak year"),
    "status": ("状态", "status"),
    "province": ("省份", "province"),
    "period": ("时间", "period"),
    "timeframe": ("完成时限", "time frame"),
    "name_zh": ("名称", "name"),
    "name_en": ("英文名称", "English name"),
    "unit": ("单位", "unit"),
    "category": ("类别", "category"),
    "obligation": ("属性", "type"),
    "direction": ("方向", "direction"),
    "value_kind": ("指标性质", "kind of value"),
    "range_min": ("合理范围下限", "lowest plausible value"),
    "range_max": ("合理范围上限", "highest plausible value"),
    "field": ("领域", "field"),
    "type": ("类型", "type"),
    "base_year": ("基准年", "base year"),
    "batch": ("批次", "batch"),
    "language": ("方案语言", "plan language"),
    "name_confirmed": ("名称已核实", "name verified"),
    "declared_peak_value": ("达峰峰值", "declared peak value"),
    "scenario": ("情景", "scenario"),
    "base.provenance.kind": ("基准值来源类型", "kind of source of the base value"),
    "base.provenance.quality": ("基准值数据质量", "quality of the base value"),
    "value.provenance.kind": ("数据来源类型", "kind of source"),
    "value.provenance.quality": ("数据质量", "data quality"),
}

# Stored choices shown by their labels, by the last part of the field's path.
_CHOICES: dict[str, type[Labelled]] = {
    "obligation": Obligation,
    "direction": Direction,
    "status": PlanStatus,
    "pilot_type": PilotType,
    "qualifier": Qualifier,
    "kind": SourceKind,
    "quality": Quality,
    "scenario": Scenario,
}
_LANGUAGES = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}
_VALUE_KINDS = {"level": ("水平值", "level"), "change": ("累计变化", "cumulative change")}


def field_name(path: str, lang: str) -> str:
    names = FIELD_NAMES.get(path)
    return (names[1] if lang == "en" else names[0]) if names else path


@dataclass(frozen=True)
class Span:
    """One piece of a text comparison: "equal", "insert", "delete" or "replace"."""

    op: str
    old: str
    new: str


@dataclass(frozen=True)
class Difference:
    kind: str  # "added" | "removed" | "moved" | "changed"
    collection: str
    item_id: str
    label: str  # the item's name, as the newer version has it
    path: str = ""  # the changed field, for "changed"
    old: str = ""
    new: str = ""
    spans: tuple[Span, ...] = field(default=(), compare=False)
    label_en: str = field(default="", compare=False)  # the item's English name, if it has one
    template: tuple[str, str] = field(default=("", ""), compare=False)  # (id, pilot type)

    @property
    def key(self) -> str:
        """Stable across runs: what a reason for the change (修改说明) is filed under."""
        return f"{self.collection}:{self.item_id}:{self.path or self.kind}"

    def describe(self, lang: str = "zh") -> str:
        what = COLLECTION_NAMES.get(self.collection, (self.collection,) * 2)[lang == "en"]
        if lang == "en":
            verbs = {"added": "added", "removed": "removed", "moved": "moved", "changed": "changed"}
            where = f" · {field_name(self.path, lang)}" if self.path else ""
            return f"{what} “{self.label_en or self.label}”{where}: {verbs[self.kind]}"
        verbs = {"added": "新增", "removed": "删除", "moved": "调整顺序", "changed": "修改"}
        where = f" · {field_name(self.path, lang)}" if self.path else ""
        return f"{what}“{self.label}”{where}：{verbs[self.kind]}"

    def old_text(self, lang: str) -> str:
        return self.value_text(self.old, lang)

    def new_text(self, lang: str) -> str:
        return self.value_text(self.new, lang)

    def value_text(self, value: str, lang: str) -> str:
        """A stored value as a reader says it: a choice by its label (约束性 / binding), a
        template's project field, policy type or category by its title, a unit, province or
        department in ``lang``; anything typed, as typed."""
        last = self.path.rsplit(".", 1)[-1]
        pick = 1 if lang == "en" else 0
        if last in _CHOICES and value in {m.value for m in _CHOICES[last]}:
            return _CHOICES[last](value).label(lang)
        if last == "language" and value in _LANGUAGES:
            return _LANGUAGES[value][pick]
        if last == "value_kind" and value in _VALUE_KINDS:
            return _VALUE_KINDS[value][pick]
        try:
            template = load_template(*self.template) if all(self.template) else None
        except TemplateError:
            template = None
        if template is None:
            return value
        titles = {
            ("projects", "field"): template.project_fields,
            ("policies", "type"): template.policy_types,
            ("indicators", "category"): template.indicator_categories,
        }.get((self.collection, last))
        if titles is not None:
            return next((t.title.get(lang) for t in titles if t.id == value), value)
        return template.localize(value, lang)


def text_spans(old: str, new: str) -> tuple[Span, ...]:
    """Character-level differences, with the changed spans marked."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return tuple(Span(op, old[a0:a1], new[b0:b1]) for op, a0, a1, b0, b1 in matcher.get_opcodes())


def _leaves(value: Any, prefix: str = "") -> dict[str, str]:
    """A model's fields as {dotted path: text}."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        return {prefix: ", ".join(str(v) for v in value)}
    return {prefix: "" if value is None else str(value)}


def _label_en(item: BaseModel) -> str:
    names = (str(getattr(item, n, "") or "") for n in ("title_en", "name_en"))
    return next((name for name in names if name), "")


def _label(item: BaseModel) -> str:
    for name in ("title_zh", "name_zh", "name", "title", "period"):
        text = getattr(item, name, "")
        if text:
            return str(text)
    return str(getattr(item, "id", ""))


def _moved(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Items whose place among the others changed: those outside a longest common order."""
    common = [i for i in new_ids if i in set(old_ids)]
    before = [i for i in old_ids if i in set(new_ids)]
    matcher = difflib.SequenceMatcher(None, before, common, autojunk=False)
    kept = {before[b.a + n] for b in matcher.get_matching_blocks() for n in range(b.size)}
    return set(common) - kept


def diff_plans(old: Plan, new: Plan) -> list[Difference]:
    """Every difference from ``old`` to ``new``, in the newer outline's order."""
    found: list[Difference] = []
    old_meta, new_meta = _leaves(old.meta), _leaves(new.meta)
    for path in sorted(set(old_meta) | set(new_meta)):
        if path in _IGNORED_META or old_meta.get(path) == new_meta.get(path):
            continue
        found.append(
            Difference(
                "changed",
                "meta",
                "",
                new.meta.name,
                path,
                old_meta.get(path, ""),
                new_meta.get(path, ""),
            )
        )
    for collection in COLLECTIONS:
        if collection in _NOT_CONTENT:
            continue
        before = {i.id: i for i in getattr(old, collection)}
        after = {i.id: i for i in getattr(new, collection)}
        moved = _moved(list(before), list(after))
        for item_id, item in after.items():
            if item_id not in before:
                found.append(Difference("added", collection, item_id, _label(item)))
                continue
            if item_id in moved:
                found.append(Difference("moved", collection, item_id, _label(item)))
            old_fields, new_fields = _leaves(before[item_id]), _leaves(item)
            for path in sorted(set(old_fields) | set(new_fields)):
                a, b = old_fields.get(path, ""), new_fields.get(path, "")
                if a == b:
                    continue
                long_text = path in {"text", "content", "intro"} or len(a) + len(b) > 80
                found.append(
                    Difference(
                        "changed",
                        collection,
                        item_id,
                        _label(item),
                        path,
                        a,
                        b,
                        text_spans(a, b) if long_text else (),
                    )
                )
        for item_id, item in before.items():
            if item_id not in after:
                found.append(Difference("removed", collection, item_id, _label(item)))
    return _with_names(found, old, new)


def _with_names(found: list[Difference], old: Plan, new: Plan) -> list[Difference]:
    """Each difference with its item's English name and the template that says what stored
    values mean (for :meth:`Difference.value_text`)."""
    items = {
        (collection, item.id): item
        for plan in (old, new)
        for collection in COLLECTIONS
        for item in getattr(plan, collection, [])
        if isinstance(item, BaseModel) and hasattr(item, "id")
    }
    template = (new.meta.template_id, new.meta.pilot_type.value)
    return [
        replace(
            d,
            label_en=_label_en(items[(d.collection, d.item_id)])
            if (d.collection, d.item_id) in items
            else "",
            template=template,
        )
        for d in found
    ]
