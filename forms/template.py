"""The guideline template: Annex 2 as data, loaded from ``guideline_templates/``.

A template is identified by an id (``annex2-2023``) and a version, and comes in one variant
per pilot type.  Each variant is a TOML file that names a common file it shares with the other
variants (``extends``); see ``guideline_templates/README.md`` for the format.

The loader refuses a malformed template with a :class:`TemplateError` that names the file and
the key, so a province shipping an adjusted template learns exactly what to fix.
"""

# No ``from __future__ import annotations``: the models' annotations are made as objects, not
# left as strings for pydantic to compile and evaluate (141 here: ~9M instructions a command).

import pickle
import re
import shutil
import sys
import tempfile
import zlib
from datetime import date as Date
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from platformdirs import user_data_path
from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import guideline_templates
from forms.errors import LocalizedError, os_reason
from forms.labels import Labelled, Obligation, PilotType
from forms.user_cache import cache_folder, write_cache_file
from forms.values import chinese_date

Language = Literal["zh", "en"]


class Direction(Labelled):
    """Which way an indicator improves."""

    UP = "up", "越高越好", "higher is better"
    DOWN = "down", "越低越好", "lower is better"


class ValueKind(StrEnum):
    """What an indicator's value means.

    ``level``: a value in its own right (a share, a capacity), comparable with the base value.
    ``change``: a cumulative change against a reference year (e.g. "% decrease vs 2020"), which
    has no base value and is not compared with one.
    """

    LEVEL = "level"
    CHANGE = "change"


class ChapterKind(StrEnum):
    TEXT = "text"
    BASE_DATA = "base_data"
    INDICATORS = "indicators"
    TASKS = "tasks"
    PROJECTS = "projects"
    POLICIES = "policies"
    SCHEDULE = "schedule"


def empty_list() -> list[Any]:
    """A new empty list: the models' default for their lists.  Pydantic reads the signature
    of every default factory as it builds a model's validator; the builtin ``list``'s it
    tokenizes from text (5 ms of each command that reads a plan, 2.5 of them compiling
    tokenize's patterns), a function's it reads directly."""
    return []


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


NonEmpty = Annotated[str, Field(min_length=1)]
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")]


class LocalText(_Strict):
    """A user-visible text in both languages."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _words(zh: str, en: str) -> LocalText:
    """A pair of words already checked (not empty): made without building a validator."""
    return LocalText.model_construct(zh=zh, en=en)


class OptionalLocalText(_Strict):
    zh: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Annex2Element(_Strict):
    """One element of the guideline that a plan's outline must cover."""

    id: Ident
    title: LocalText
    pilot_types: list[PilotType] = Field(default_factory=lambda: list(PilotType))


class ChapterSpec(_Strict):
    id: Ident
    kind: ChapterKind
    title: LocalText
    required: bool = True
    covers: list[Ident] = Field(default_factory=empty_list)
    prompts: list[LocalText] = Field(default_factory=empty_list)
    guidance: LocalText
    min_chars: int = Field(default=200, ge=0)


class Category(_Strict):
    id: Ident
    title: LocalText


class ValueRange(_Strict):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


# Defaults made without validating: validating here would build the validators (and look for
# pydantic's plugins) as this module is imported, which only loading a template needs.
_NO_RANGE = ValueRange.model_construct()
_NO_TEXT = OptionalLocalText.model_construct()


class IndicatorSpec(_Strict):
    id: Ident
    name: LocalText
    unit: LocalText
    category: Ident
    direction: Direction
    obligation: Obligation = Obligation.EXPECTED
    value_kind: ValueKind = ValueKind.LEVEL
    range: ValueRange = _NO_RANGE
    pilot_types: list[PilotType] = Field(min_length=1)
    default_department: OptionalLocalText = _NO_TEXT
    note: OptionalLocalText = _NO_TEXT


class BaseDataSpec(_Strict):
    """A base-year figure the plan records (GDP, energy use, a share of the energy mix...)."""

    id: Ident
    name: LocalText
    unit: LocalText
    group: Ident
    required: bool = True
    range: ValueRange = _NO_RANGE
    share_group: Ident | None = None  # members of one share group must sum to 100 %


class BaseDataGroup(_Strict):
    id: Ident
    title: LocalText


class DerivedSpec(_Strict):
    """A figure computed from base data, never typed: numerator × share % / denominator × scale.

    ``share`` (a base-data id holding a %) takes part of the numerator, e.g. industry's share
    of energy use for the energy per unit of industrial value added of a city."""

    id: Ident
    name: LocalText
    unit: LocalText
    numerator: Ident
    denominator: Ident
    share: Ident | None = None
    scale: float = 1.0
    pilot_types: list[PilotType] = Field(default_factory=lambda: list(PilotType))


class TaskArea(_Strict):
    id: Ident
    title: LocalText
    covers: list[Ident] = Field(default_factory=empty_list)
    guidance: LocalText


class ProjectField(_Strict):
    id: Ident
    title: LocalText
    sink: bool = False  # its projects' "CO2 reduction" is a carbon sink, reported apart


class PolicyType(_Strict):
    id: Ident
    title: LocalText


class Pilot(_Strict):
    """One pilot of a published batch."""

    name_zh: NonEmpty
    name_en: NonEmpty
    province: NonEmpty  # the Chinese name of the province, as in ``provinces``
    pilot_type: PilotType
    batch: int = Field(ge=1)
    name_confirmed: bool = True


class Province(_Strict):
    name: LocalText
    grid_region: Ident | None = None


class Source(_Strict):
    zh: NonEmpty
    en: NonEmpty


class ConversionFactor(_Strict):
    """Energy conversion to standard coal: ``kgce_per_unit`` per one physical unit."""

    id: Ident
    name: LocalText
    unit: LocalText
    kgce_per_unit: float = Field(gt=0)
    source: Source


class EmissionFactor(_Strict):
    id: Ident
    name: LocalText
    unit: LocalText
    value: float = Field(ge=0)
    year: int | None = None
    source: Source


GridLevel = Literal["national", "regional", "provincial"]
GRID_LEVELS: tuple[GridLevel, ...] = ("provincial", "regional", "national")  # nearest first


class GridFactorDocument(_Strict):
    """The publication a grid factor comes from: title, number and date."""

    id: Ident
    title: NonEmpty
    number: NonEmpty
    date: Date
    publisher: LocalText
    title_en: str = ""  # the title in English (the citation falls back to the Chinese one)
    number_en: str = ""

    def citation(self, lang: str) -> str:
        if lang == "en":
            title, number = self.title_en or self.title, self.number_en or self.number
            return f"“{title}” ({number}, {self.date.isoformat()})"
        return f"《{self.title}》（{self.number}，{chinese_date(self.date)}）"


class GridRegion(_Strict):
    id: Ident
    name: LocalText


class GridFactor(_Strict):
    """One published electricity CO2 factor; ``region`` is "national", a grid-region id or a
    province's Chinese name; ``series`` tells the national series apart."""

    year: int = Field(ge=2000, le=2100)
    level: GridLevel
    region: NonEmpty
    series: Ident = "average"
    value: float = Field(gt=0)
    unit: NonEmpty
    document: Ident  # a grid_factor_documents id: every value carries its document
    to_verify: bool = False

    def unit_in(self, lang: str) -> str:
        """The unit as a document in ``lang`` writes it: a Chinese table says
        “千克二氧化碳/千瓦时” as it says “千克二氧化碳/千克” of coal, not “kgCO2/kWh”; a unit not
        known here is shown as the template writes it."""
        key = self.unit.replace(" ", "").replace("₂", "2").casefold()
        words = _GRID_UNIT_WORDS.get(key)
        return self.unit if words is None else words[0 if lang == "zh" else 1]


_GRID_UNIT_WORDS = {
    "kgco2/kwh": ("千克二氧化碳/千瓦时", "kgCO2/kWh"),
    "tco2/mwh": ("吨二氧化碳/兆瓦时", "tCO2/MWh"),
    "tco2/kwh": ("吨二氧化碳/千瓦时", "tCO2/kWh"),
    "tco2/万kwh": ("吨二氧化碳/万千瓦时", "tCO2 per 10,000 kWh"),
}


class Fuel(_Strict):
    """A fuel of the base-year energy account, converted with the template's factors."""

    id: Ident
    name: LocalText
    unit: LocalText
    conversion_factor: Ident  # a conversion_factors id
    emission_factor: Ident | None = None  # an emission_factors id, "grid", or none (zero)
    scale: float = Field(default=1.0, gt=0)  # quantity × factor → 万吨 (see common.toml)


class PeriodDefault(_Strict):
    start: int
    end: int
    gdp_growth: str
    energy_intensity_decline: str
    carbon_intensity_decline: str


class ScenarioDefault(_Strict):
    scenario: Literal["baseline", "policy"]
    periods: list[PeriodDefault] = Field(min_length=1)


class ReferenceTarget(_Strict):
    """A higher-level target (national or provincial) with its source."""

    level: Literal["national", "province"]
    region: str = ""  # the province's Chinese name for provincial targets
    indicator: Ident  # a template indicator id
    year: int
    value: float
    about: bool = False  # 左右
    source: Source


class Template(_Strict):
    id: Ident
    version: NonEmpty
    pilot_type: PilotType
    title: LocalText
    name: LocalText | None = None  # how people call it ("编制指南（2023年版）"); else the title
    annex2_elements: list[Annex2Element]
    chapters: list[ChapterSpec] = Field(min_length=1)
    indicator_categories: list[Category]
    indicators: list[IndicatorSpec]
    base_data_groups: list[BaseDataGroup]
    base_data: list[BaseDataSpec]
    derived: list[DerivedSpec] = Field(default_factory=empty_list)
    task_areas: list[TaskArea] = Field(min_length=1)
    project_fields: list[ProjectField] = Field(min_length=1)
    policy_types: list[PolicyType] = Field(min_length=1)
    provinces: list[Province]
    pilots: list[Pilot]
    departments: list[LocalText] = Field(default_factory=empty_list)
    conversion_factors: list[ConversionFactor]
    emission_factors: list[EmissionFactor]
    fuels: list[Fuel] = Field(default_factory=empty_list)
    scenario_defaults: list[ScenarioDefault] = Field(default_factory=empty_list)
    reference_targets: list[ReferenceTarget] = Field(default_factory=empty_list)
    grid_factors: list[GridFactor] = Field(default_factory=empty_list)
    grid_factor_documents: list[GridFactorDocument] = Field(default_factory=empty_list)
    grid_regions: list[GridRegion] = Field(default_factory=empty_list)
    # the base-data id whose growth drives the trajectory: GDP for a city, industrial value
    # added for a park (whose intensity targets are per unit of industrial value added)
    trajectory_activity: Ident = "gdp"

    # -- names in the reader's language ------------------------------------------------------

    def display_name(self, lang: str) -> str:
        """The template as a user reads it: its name, never its id and version."""
        return (self.name or self.title).get(lang)

    @cached_property
    def _vocabulary(self) -> dict[str, LocalText]:
        """Chinese words a plan copies from the template (units, provinces, pilot names,
        departments), each with its English twin."""
        words: dict[str, LocalText] = {}
        specs = [*self.indicators, *self.base_data, *self.derived, *self.fuels]
        specs += [*self.conversion_factors, *self.emission_factors]
        for spec in specs:
            words.setdefault(spec.unit.zh, spec.unit)
        for province in self.provinces:
            words.setdefault(province.name.zh, province.name)
        for pilot in self.pilots:
            words.setdefault(pilot.name_zh, _words(pilot.name_zh, pilot.name_en))
        for indicator in self.indicators:
            department = indicator.default_department
            if department.zh and department.en:
                words.setdefault(department.zh, _words(department.zh, department.en))
        for department in self.departments:
            words.setdefault(department.zh, department)
        return words

    def localize(self, text: str, lang: str) -> str:
        """A unit, province, pilot name or department copied from the template, in ``lang``
        ("万千瓦" → "10 MW", "江苏省" → "Jiangsu"); any other text as it was typed."""
        word = self._vocabulary.get(text.strip()) if lang == "en" else None
        return word.en if word else text

    def localize_departments(self, text: str, lang: str) -> str:
        """Responsible departments ("市科技局、市工业和信息化局"), each known one in ``lang``:
        "Municipal science and technology bureau, Municipal industry and …"; the text as typed
        when none is the template's."""
        if lang != "en" or not text.strip():
            return text
        parts = [part.strip() for part in text.split("、")]
        shown = [self.localize(part, lang) for part in parts]
        return ", ".join(shown) if shown != parts else text

    def canonical(self, text: str) -> str:
        """What ``localize`` shows, back as the plan stores it (Chinese): "10 MW" → "万千瓦"."""
        stripped = text.strip()
        if stripped in self._vocabulary:
            return stripped
        return next((w.zh for w in self._vocabulary.values() if w.en == stripped), text)

    # -- look-ups ---------------------------------------------------------------------------

    def chapter(self, chapter_id: str) -> ChapterSpec | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def indicator(self, indicator_id: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def base_item(self, item_id: str) -> BaseDataSpec | None:
        return next((b for b in self.base_data if b.id == item_id), None)

    def task_area(self, area_id: str) -> TaskArea | None:
        return next((a for a in self.task_areas if a.id == area_id), None)

    def conversion(self, factor_id: str) -> ConversionFactor | None:
        return next((c for c in self.conversion_factors if c.id == factor_id), None)

    def emission(self, factor_id: str) -> EmissionFactor | None:
        return next((e for e in self.emission_factors if e.id == factor_id), None)

    def grid_document(self, document_id: str) -> GridFactorDocument | None:
        return next((d for d in self.grid_factor_documents if d.id == document_id), None)

    def grid_region_of(self, province: str) -> GridRegion | None:
        region = next((p.grid_region for p in self.provinces if p.name.zh == province), None)
        return next((r for r in self.grid_regions if r.id == region), None)

    def grid_factors_for(self, province: str) -> list[GridFactor]:
        """The factors a plan in ``province`` may use: its own, its grid's, the national ones;
        nearest level first, newest year first."""
        region = self.grid_region_of(province)
        wanted = {"provincial": province, "regional": region.id if region else None}
        rows = [
            f for f in self.grid_factors if f.level == "national" or wanted.get(f.level) == f.region
        ]
        return sorted(rows, key=lambda f: (GRID_LEVELS.index(f.level), f.series, -f.year))

    def grid_factor(
        self, year: int, level: str, region: str, series: str = "average"
    ) -> GridFactor | None:
        return next(
            (
                f
                for f in self.grid_factors
                if (f.year, f.level, f.region, f.series) == (year, level, region, series)
            ),
            None,
        )

    def default_grid_factor(self, province: str, base_year: int) -> GridFactor | None:
        """The published year nearest ``base_year`` and not after it (the earliest one when
        the base year comes before every publication); at that year the province's factor,
        else its grid's, else the national average."""
        candidates = [f for f in self.grid_factors_for(province) if f.series == "average"]
        years = sorted({f.year for f in candidates})
        if not years:
            return None
        year = max((y for y in years if y <= base_year), default=years[0])
        return next((f for f in candidates if f.year == year), None)

    def grid_factor_name(self, factor: GridFactor, lang: str) -> str:
        """ "2021年江苏省电力平均二氧化碳排放因子" and its English twin (no closing mark at the
        end, so a "；" after it never has to start a printed line)."""
        if factor.level == "provincial":
            province = next((p.name for p in self.provinces if p.name.zh == factor.region), None)
            where_zh = f"{factor.region}电力平均"
            where_en = f"{province.en if province else factor.region} electricity"
        elif factor.level == "regional":
            region = next((r for r in self.grid_regions if r.id == factor.region), None)
            where_zh = f"{region.name.zh if region else factor.region}平均"
            where_en = region.name.en if region else factor.region
        else:
            where_zh, where_en = "全国电力平均", "National electricity"
        if factor.series == "excluding_market_non_fossil":
            where_zh = "不包括市场化交易非化石能源电量的全国电力平均"
            where_en = "National electricity (excluding market-traded non-fossil power)"
        elif factor.series == "fossil_only":
            where_zh, where_en = "全国化石能源电力", "National fossil-fired electricity"
        if lang == "en":
            return f"{where_en} CO2 factor of {factor.year}"
        return f"{factor.year}年{where_zh}二氧化碳排放因子"

    def indicators_for_pilot(self) -> list[IndicatorSpec]:
        return [i for i in self.indicators if self.pilot_type in i.pilot_types]

    def derived_for_pilot(self) -> list[DerivedSpec]:
        return [d for d in self.derived if self.pilot_type in d.pilot_types]

    def elements_for_pilot(self) -> list[Annex2Element]:
        return [e for e in self.annex2_elements if self.pilot_type in e.pilot_types]


class TemplateError(LocalizedError):
    """A template file is missing or malformed; the message names the file and the key."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"指南模板有误：{detail}", f"Malformed guideline template: {detail}")
        self.detail = detail


# -- loading ---------------------------------------------------------------------------------

TEMPLATE_ROOT = Path(guideline_templates.__file__).parent
APP_NAME = "PeakPlan"  # as storage.paths: the user data folder's name


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only to parse a template: a command reads it back from the cache

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML: {exc}") from exc


def _merge_by_id(base: list[Any], override: list[Any], path: Path, key: str) -> list[Any]:
    """Entries of ``override`` replace keys of the ``base`` entry with the same id, or append."""
    merged = [dict(entry) for entry in base]
    index = {entry.get("id"): n for n, entry in enumerate(merged)}
    for n, entry in enumerate(override):
        if not isinstance(entry, dict) or "id" not in entry:
            raise TemplateError(f"{path}: {key}[{n}]: an entry needs an 'id'")
        if entry["id"] in index:
            merged[index[entry["id"]]].update(entry)
        else:
            merged.append(dict(entry))
    return merged


def _format_location(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """Turn a pydantic location into ``chapters[3] (id=targets).title.zh``."""
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id={node['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def _check_references(template: Template) -> list[str]:
    """Cross-references a schema cannot express: unique ids, known categories and elements."""
    provinces = {p.name.zh for p in template.provinces}
    problems = _duplicate_ids(template) + _check_outline_references(template)
    problems += _check_data_references(template, provinces)
    problems += _check_grid_factors(template, provinces)
    base_ids = {b.id for b in template.base_data}
    if template.trajectory_activity not in base_ids:
        problems.append(f"trajectory_activity: unknown base data '{template.trajectory_activity}'")
    kinds = [c.kind for c in template.chapters]
    for kind in ChapterKind:
        if kind is not ChapterKind.TEXT and kinds.count(kind) > 1:
            problems.append(f"chapters: more than one chapter of kind '{kind.value}'")
    return problems


def _duplicate_ids(template: Template) -> list[str]:
    problems: list[str] = []

    def unique(key: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for n, ident in enumerate(ids):
            if ident in seen:
                problems.append(f"{key}[{n}].id: duplicate id '{ident}'")
            seen.add(ident)

    unique("chapters", [c.id for c in template.chapters])
    unique("indicators", [i.id for i in template.indicators])
    unique("base_data", [b.id for b in template.base_data])
    unique("task_areas", [a.id for a in template.task_areas])
    unique("project_fields", [f.id for f in template.project_fields])
    unique("policy_types", [p.id for p in template.policy_types])
    unique("annex2_elements", [e.id for e in template.annex2_elements])
    return problems


def _check_outline_references(template: Template) -> list[str]:
    """Chapters and task areas cover known elements; indicators and data name known groups."""
    problems: list[str] = []
    elements = {e.id for e in template.annex2_elements}
    categories = {c.id for c in template.indicator_categories}
    groups = {g.id for g in template.base_data_groups}
    for n, chapter in enumerate(template.chapters):
        for ref in chapter.covers:
            if ref not in elements:
                problems.append(f"chapters[{n}] (id={chapter.id}).covers: unknown element '{ref}'")
    for n, area in enumerate(template.task_areas):
        for ref in area.covers:
            if ref not in elements:
                problems.append(f"task_areas[{n}] (id={area.id}).covers: unknown element '{ref}'")
    for n, indicator in enumerate(template.indicators):
        if indicator.category not in categories:
            problems.append(
                f"indicators[{n}] (id={indicator.id}).category: unknown category "
                f"'{indicator.category}'"
            )
    for n, item in enumerate(template.base_data):
        if item.group not in groups:
            problems.append(f"base_data[{n}] (id={item.id}).group: unknown group '{item.group}'")
    return problems


def _check_data_references(template: Template, provinces: set[str]) -> list[str]:
    """Derived data, pilots, reference targets and fuels name things the template has."""
    problems: list[str] = []
    base_ids = {b.id for b in template.base_data}
    for n, derived in enumerate(template.derived):
        for key in ("numerator", "denominator", "share"):
            if getattr(derived, key) not in base_ids | {None}:
                problems.append(
                    f"derived[{n}] (id={derived.id}).{key}: unknown base data "
                    f"'{getattr(derived, key)}'"
                )
    for n, pilot in enumerate(template.pilots):
        if pilot.province not in provinces:
            problems.append(f"pilots[{n}].province: unknown province '{pilot.province}'")
    indicator_ids = {i.id for i in template.indicators}
    for n, target in enumerate(template.reference_targets):
        if target.indicator not in indicator_ids:
            problems.append(
                f"reference_targets[{n}].indicator: unknown indicator '{target.indicator}'"
            )
    conversions = {c.id for c in template.conversion_factors}
    emissions = {e.id for e in template.emission_factors} | {"grid"}
    for n, fuel in enumerate(template.fuels):
        if fuel.conversion_factor not in conversions:
            problems.append(
                f"fuels[{n}] (id={fuel.id}).conversion_factor: unknown '{fuel.conversion_factor}'"
            )
        if fuel.emission_factor is not None and fuel.emission_factor not in emissions:
            problems.append(
                f"fuels[{n}] (id={fuel.id}).emission_factor: unknown '{fuel.emission_factor}'"
            )
    return problems


def _check_grid_factors(template: Template, provinces: set[str]) -> list[str]:
    """Every grid factor names a known document and a known region."""
    problems: list[str] = []
    documents = {d.id for d in template.grid_factor_documents}
    regions = {r.id for r in template.grid_regions}
    for n, factor in enumerate(template.grid_factors):
        where = f"grid_factors[{n}] ({factor.year} {factor.level} {factor.region})"
        if factor.document not in documents:
            problems.append(
                f"{where}.document: unknown document '{factor.document}' "
                "(every factor needs the document that published it)"
            )
        known = {"national": {"national"}, "regional": regions, "provincial": provinces}
        if factor.region not in known[factor.level]:
            problems.append(f"{where}.region: unknown {factor.level} region '{factor.region}'")
    if regions:
        for n, province in enumerate(template.provinces):
            if province.grid_region is not None and province.grid_region not in regions:
                problems.append(
                    f"provinces[{n}].grid_region: unknown grid region '{province.grid_region}'"
                )
    return problems


def _include(data: dict[str, Any], folder: Path, path: Path, origins: dict[str, Path]) -> None:
    """Add the top-level keys of the files named in ``includes`` (same folder, e.g. the grid
    factor table), noting in ``origins`` which file each came from; a key given twice is an
    error."""
    includes = data.pop("includes", [])
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise TemplateError(f"{path}: includes: must be a list of file names")
    for name in includes:
        if Path(name).name != name or name.startswith("."):
            raise TemplateError(f"{path}: includes: '{name}' must be a file in the same folder")
        included = folder / name
        for key, value in _read_toml(included).items():
            if key in data:
                raise TemplateError(f"{included}: {key}: already given in {path.name}")
            data[key] = value
            origins[key] = included


def load_template_file(path: Path) -> Template:
    """Load one pilot-type variant, merged with the common file it ``extends``."""
    path = Path(path)
    data = _read_toml(path)
    extends = data.pop("extends", None)
    origins: dict[str, Path] = {}  # top-level keys read from an included file
    if extends is not None:
        if not isinstance(extends, str) or Path(extends).name != extends or extends in {"..", "."}:
            raise TemplateError(f"{path}: extends: must be a file name in the same folder")
        common_path = path.parent / extends
        merged = _read_toml(common_path)
        _include(merged, path.parent, common_path, origins)
        for key, value in data.items():
            if key == "chapters" and isinstance(value, list):
                merged[key] = _merge_by_id(merged.get(key, []), value, path, key)
            else:
                merged[key] = value
        data = merged
    else:
        _include(data, path.parent, path, origins)
    try:
        template = Template.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _format_location(tuple(first["loc"]), data)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        origin = origins.get(str(first["loc"][0]), path) if first["loc"] else path
        raise TemplateError(f"{origin}: {where}: {first['msg']}{more}") from exc
    problems = _check_references(template)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        key = problems[0].split("[")[0].split(".")[0].split(":")[0]
        raise TemplateError(f"{origins.get(key, path)}: {problems[0]}{more}")
    return template


class UnknownTemplateError(TemplateError):
    """A plan names a template that is neither bundled nor installed here."""

    def __init__(self, template_id: str) -> None:
        LocalizedError.__init__(
            self,
            f"找不到指南模板“{template_id}”：本机未安装。若这是省里下发的调整模板，请先安装："
            f"在开始窗口选择“文件 ▸ 安装指南模板”，或运行 peakplan install-template 模板文件夹。",
            f"The guideline template “{template_id}” was not found: it is not installed here. "
            "If your province issued it, install it first: File ▸ Install a guideline template "
            "in the start window, or peakplan install-template FOLDER.",
        )
        self.detail = template_id


class InvalidTemplateIdError(TemplateError):
    """A template id that is a path (or any other non-name): refused before any file access."""

    def __init__(self, template_id: object) -> None:
        shown = str(template_id)[:120]
        LocalizedError.__init__(
            self,
            f"指南模板编号“{shown}”无效：编号是模板的名称（小写字母、数字、-、_），不是路径。"
            "该方案未被使用。",
            f"The guideline template id “{shown}” is invalid: an id is a template's name "
            "(lower-case letters, digits, - and _), not a path. The plan was not used.",
        )
        self.detail = shown


TEMPLATE_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
PROSE_FILE = re.compile(r"^[a-z0-9_]+\.(zh|en)\.j2$")


def installed_templates_root() -> Path:
    """Where templates installed on purpose live (the user data folder, not the program)."""
    return user_data_path(APP_NAME, appauthor=False) / "templates"


def _check_id(template_id: object) -> str:
    if not isinstance(template_id, str) or not TEMPLATE_ID.fullmatch(template_id):
        raise InvalidTemplateIdError(template_id)
    return template_id


def _inside(folder: Path, root: Path) -> bool:
    return folder.resolve().is_relative_to(root.resolve())


def template_folder(template_id: str) -> Path:
    """The folder of a known template: bundled first, then installed; never anything else."""
    _check_id(template_id)
    for root in (TEMPLATE_ROOT, installed_templates_root()):
        folder = root / template_id
        if folder.is_dir() and _inside(folder, root):
            return folder.resolve()
    raise UnknownTemplateError(template_id)


def template_path(template_id: str, pilot_type: str) -> Path:
    if pilot_type not in {p.value for p in PilotType}:
        raise TemplateError(f"unknown pilot type '{pilot_type}' (city or park)")
    return template_folder(template_id) / f"{pilot_type}.toml"


TEMPLATE_CACHE_FORMAT = 1  # raise when what is cached changes shape


def template_cache_folder() -> Path:
    return cache_folder("templates")


def _file_stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


def _template_stamp(path: Path) -> tuple[object, ...]:
    """What a loaded template depends on: every TOML file of its folder (a variant, the file
    it extends and those included, all in one folder), this loader and its libraries."""
    try:
        code = _file_stamp(Path(__file__))
    except OSError:  # a bundle's modules are not files: a new bundle is a new executable
        code = _file_stamp(Path(sys.executable))
    files = tuple(_file_stamp(f) for f in sorted(path.parent.glob("*.toml")))
    return (TEMPLATE_CACHE_FORMAT, sys.version, PYDANTIC_VERSION, code, str(path), files)


def _cache_file(path: Path, stamp: tuple[object, ...]) -> Path:
    """One file per template variant and program (its code and libraries): two checkouts or
    versions of PeakPlan sharing the cache folder keep their own files, not rewrite one."""
    program = zlib.crc32(repr(stamp[:4]).encode())  # the stamp without the template's files
    return template_cache_folder() / f"{path.parent.name}-{path.stem}-{program:08x}.pickle"


def _read_cached(path: Path, stamp: tuple[object, ...]) -> Template | None:
    """The template as loaded last time from these very files, or None (absent, stale or
    unreadable: a damaged cache is loaded again, never fatal)."""
    try:
        with open(_cache_file(path, stamp), "rb") as handle:
            stored, template = pickle.load(handle)
        return template if stored == stamp and isinstance(template, Template) else None
    except Exception:
        return None


def _write_cached(path: Path, stamp: tuple[object, ...], template: Template) -> None:
    # not written (an unwritable cache folder): the next process loads it again
    write_cache_file(
        _cache_file(path, stamp),
        lambda handle: pickle.dump((stamp, template), handle, protocol=pickle.HIGHEST_PROTOCOL),
    )


@cache
def _load_cached(path: Path, stamp: tuple[object, ...]) -> Template:
    """Parsing and validating the TOML files took 20–40 ms of every command that reads a
    plan: the result is kept in the user cache folder for the next process."""
    template = _read_cached(path, stamp)
    if template is None:
        template = load_template_file(path)
        _write_cached(path, stamp, template)
    return template


def load_template(template_id: str = "annex2-2023", pilot_type: str = "city") -> Template:
    """The known template ``template_id`` for ``pilot_type`` (cached until its files change)."""
    path = template_path(template_id, pilot_type)
    try:
        stamp = _template_stamp(path)
    except OSError as exc:
        raise TemplateError(f"{path}: template '{template_id}' not found") from exc
    template = _load_cached(path, stamp)
    if template.id != template_id:
        raise TemplateError(f"{path}: id: '{template.id}' differs from its folder '{template_id}'")
    return template


def available_templates() -> list[tuple[str, str]]:
    """(template id, version) of every bundled, then every installed template."""
    found: dict[str, str] = {}
    for root in (TEMPLATE_ROOT, installed_templates_root()):
        folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        for folder in folders:
            name = folder.name
            if name in found or not TEMPLATE_ID.fullmatch(name):
                continue
            variants = [t.value for t in PilotType if (folder / f"{t.value}.toml").exists()]
            if not variants:
                continue
            try:
                found[name] = load_template(name, variants[0]).version
            except TemplateError:
                continue  # a broken installed template is reported when a plan uses it
    return list(found.items())


def template_name(template_id: str, lang: str) -> str:
    """A template as a user reads it ("Guideline (2023 edition)"); its id when it cannot load."""
    for variant in PilotType:
        try:
            return load_template(template_id, variant.value).display_name(lang)
        except TemplateError:
            continue
    return template_id


# -- installing a province's template --------------------------------------------------------


def _regular_file(path: Path, shown: str) -> Path:
    if path.is_symlink() or not path.is_file():
        raise TemplateError(f"{shown}: must be a regular file (not a link or a folder)")
    return path


def _template_files(source: Path) -> tuple[str, list[str]]:
    """Validate the template in ``source``; return its id and the files that make it up."""
    variants = [f"{p.value}.toml" for p in PilotType if (source / f"{p.value}.toml").exists()]
    if not variants:
        raise TemplateError(f"{source}: no city.toml or park.toml")
    names: list[str] = []
    ids: set[str] = set()
    for variant in variants:
        path = _regular_file(source / variant, str(source / variant))
        ids.add(load_template_file(path).id)
        extends = _read_toml(path).get("extends")
        files = [path]
        if isinstance(extends, str):
            _regular_file(source / extends, str(source / extends))
            names.append(extends)
            files.append(source / extends)
        names.append(variant)
        for read in files:  # the files they include (e.g. the grid factor table)
            for name in _read_toml(read).get("includes", []):
                _regular_file(source / name, str(source / name))
                names.append(name)
    if len(ids) != 1:
        raise TemplateError(f"{source}: the variants name different ids {sorted(ids)}")
    prose = source / "prose"
    if prose.exists():
        from jinja2 import TemplateSyntaxError  # only installing a template checks its prose
        from jinja2.sandbox import SandboxedEnvironment

        env = SandboxedEnvironment()
        for path in sorted(prose.iterdir()):
            shown = str(path)
            if not PROSE_FILE.fullmatch(path.name):
                raise TemplateError(f"{shown}: unexpected file (prose/NAME.zh.j2 or .en.j2)")
            try:
                env.parse(_regular_file(path, shown).read_text(encoding="utf-8"))
            except (TemplateSyntaxError, UnicodeDecodeError) as exc:
                raise TemplateError(f"{shown}: {exc}") from exc
            names.append(f"prose/{path.name}")
    return ids.pop(), sorted(set(names))


class TemplateInstallError(LocalizedError):
    def __init__(self, root: Path, exc: OSError) -> None:
        zh, en = os_reason(exc)
        super().__init__(
            f"无法把指南模板安装到“{root}”：{zh}。未作任何改动。",
            f"Cannot install the guideline template into “{root}”: {en}. Nothing was changed.",
        )


def _copy_into(root: Path, template_id: str, source: Path, names: list[str]) -> bool:
    """Copy ``names`` into ``root/template_id`` all at once (staged, then renamed)."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    target, old = root / template_id, staging.with_name(staging.name + "-old")
    try:
        (staging / "prose").mkdir()
        for name in names:
            shutil.copyfile(source / name, staging / name, follow_symlinks=False)
        replaced = target.exists()
        if replaced:
            target.rename(old)
        try:
            staging.rename(target)
        except OSError:
            if replaced:
                old.rename(target)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return replaced


def install_template(source: Path) -> tuple[Template, bool]:
    """Validate the template in folder ``source`` and copy it into the user's templates.

    Returns the installed (city, else park) variant and whether an earlier install of the same
    id was replaced.  A bundled id cannot be replaced; nothing is written unless all is valid.
    """
    source = Path(source)
    if not source.is_dir():
        raise TemplateError(f"{source}: not a folder")
    template_id, names = _template_files(source)
    if (TEMPLATE_ROOT / template_id).exists():
        raise TemplateError(f"{source}: id '{template_id}' is a bundled template's; choose another")
    root = installed_templates_root()
    try:
        replaced = _copy_into(root, template_id, source, names)
    except OSError as exc:
        raise TemplateInstallError(root, exc) from exc
    variant = "city" if (root / template_id / "city.toml").exists() else "park"
    return load_template(template_id, variant), replaced
