"""Plan + template → :class:`~exporters.blocks.Document`, following the plan's own outline.

Every export format renders this one document, so the PDF and the Word file always say the
same thing.  Generated prose (target statements, the project summary) comes from the jinja2
templates in ``guideline_templates/<id>/prose/``.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from exporters.blocks import (
    BarChart,
    Block,
    Cover,
    Document,
    Heading,
    LineChart,
    PageBreak,
    Paragraph,
    Series,
    Table,
)
from exporters.labels import label, plan_title, qualified, status_mark
from exporters.numbering import Numbering, chinese_numeral, typed_heading_level
from forms.derived import ProjectTotals, derived_values, project_totals
from forms.errors import LocalizedError
from forms.monitoring import indicator_progress, project_progress
from forms.peak import declared_peak, peak_sentence
from forms.plan import Chapter, IndicatorRow, Plan, Value
from forms.qualifiers import Qualifier, official, read_target
from forms.sources import data_numbers, kind_text, quality_text
from forms.targets import display, reading, reference_year, target_of
from forms.template import TEMPLATE_ROOT, ChapterKind, Template, template_folder
from forms.trajectory import (
    ScenarioResult,
    Trajectory,
    assumptions,
    energy_account,
    project_trajectory,
    sector_emissions,
)
from forms.user_cache import cache_folder
from forms.values import english_quantity, format_number, is_bounded, parse_number

# Column widths by language: the target columns hold "2025年目标" on one line; English words
# cannot break anywhere, so the columns of "construction", "infrastructure", "calculated"
# are wider.
_INDICATOR_WIDTHS = {
    "zh": (1.4, 2.2, 4.4, 2.2, 1.8, 2.9, 2.9, 1.7, 2.6),
    "en": (1.15, 3.2, 3.85, 2.35, 1.45, 2.2, 2.2, 2.4, 3.3),
}
_PROJECT_WIDTHS = {
    "zh": (1.3, 3.0, 2.0, 5.0, 2.6, 2.4, 2.3, 2.6, 2.6),
    "en": (1.0, 2.5, 3.7, 3.3, 2.7, 2.4, 2.8, 2.3, 2.3),
}
_SOURCE_WIDTHS = {
    "zh": (4.2, 1.8, 2.0, 5.0, 1.8, 1.4),
    "en": (3.8, 1.6, 2.0, 4.4, 2.1, 2.1),
}


def _pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" and en else zh


_HEADING_NUMBER = re.compile(r"^([（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、])\s*")


def _peak_value_text(plan: Plan) -> str:
    value = declared_peak(plan).value
    return "" if value is None else format_number(value, 1)


_PERIOD = re.compile(
    r"^(?P<start>\d{4})\s*年?(?:\s*[—–\-－~～至到]\s*(?P<end>\d{4})\s*年?)?"
    r"\s*(?P<word>起|以来|以前|之前|前|以后|之后|后)?$"
)
_PERIOD_WORDS = {
    "起": "from",
    "以来": "since",
    "以前": "by",
    "之前": "by",
    "前": "by",  # “2028年前” includes 2028 (see forms.peak)
    "以后": "after",
    "之后": "after",
    "后": "after",
}


def period_text(text: str, lang: str) -> str:
    """A period typed in Chinese — “2024—2030年”, “2024年”, “2024年起” — as an English
    document writes it (“2024–2030”, “2024”, “from 2024”); Chinese, or any other text, as
    typed."""
    found = _PERIOD.match(text.strip()) if lang == "en" else None
    if found is None:
        return text
    start, end, word = found.group("start", "end", "word")
    years = f"{start}–{end}" if end else start
    return f"{_PERIOD_WORDS[word]} {years}" if word else years


def _same_title(heading: str, chapter_title: str) -> bool:
    """Whether a heading (its number aside) says what its chapter's title says."""
    return _HEADING_NUMBER.sub("", heading).strip().casefold() == chapter_title.strip().casefold()


class ProseNotAllowedError(LocalizedError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"指南模板的文字模板使用了不允许的操作（{detail}），导出已停止，未写出任何文件。",
            f"A prose template of the guideline template uses something that is not allowed "
            f"({detail}); the export stopped and wrote nothing.",
        )


class _ProseSandbox(jinja2.sandbox.SandboxedEnvironment):
    """Prose may come from a province's template: it formats values and never reaches Python."""

    def unsafe_undefined(self, obj: object, attribute: str) -> jinja2.Undefined:
        raise ProseNotAllowedError(f"{type(obj).__name__}.{attribute}")

    def call(self, context: object, obj: object, /, *args: object, **kwargs: object) -> object:
        try:
            return super().call(context, obj, *args, **kwargs)  # type: ignore[arg-type]
        except jinja2.sandbox.SecurityError as exc:
            raise ProseNotAllowedError(str(exc)) from exc


PROSE_CACHE_FORMAT = 1  # raise when the prose environment's options below change


def prose_cache_folder() -> Path:
    return cache_folder(f"prose-{PROSE_CACHE_FORMAT}")


class _ProseCache(jinja2.FileSystemBytecodeCache):
    """Compiled prose templates kept for the next export (compiling them is most of the
    document model's time); jinja2 checks each against its template's source and Python.
    A damaged or unwritable cache only costs the compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(Exception):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


@cache
def _prose_environment(template_id: str) -> jinja2.Environment:
    """The template's own prose, else the bundled sentences, rendered in a sandbox."""
    loaders = [jinja2.FileSystemLoader(template_folder(template_id) / "prose")]
    loaders.append(jinja2.FileSystemLoader(TEMPLATE_ROOT / "annex2-2023" / "prose"))
    env = _ProseSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # plain text; each renderer escapes for its own format
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        bytecode_cache=_ProseCache(str(prose_cache_folder()), "%s.cache"),
    )
    env.filters["num"] = format_number
    env.filters["quantity"] = english_quantity  # English running text: "2.537 million t"
    return env


def render_prose(template_id: str, name: str, lang: str, **context: object) -> str:
    """Render ``prose/<name>.<lang>.j2`` of the template; whitespace collapsed to one line."""
    text = _prose_environment(template_id).get_template(f"{name}.{lang}.j2").render(**context)
    return " ".join(text.split()) if lang == "en" else "".join(text.split())


def paragraphs(text: str, lang: str) -> Iterator[Block]:
    """A chapter text as blocks: one paragraph a line; short numbered lines become headings,
    listed in the contents as the generated ones are (else the contents gave the sub-headings
    of some chapters and not of others: 三、总体要求 had none, its （一）–（三） being typed)."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        level = typed_heading_level(line)
        if level is not None:
            yield Heading(level, "", line)
        else:
            yield Paragraph(line)


class _Builder:
    def __init__(self, plan: Plan, template: Template, lang: str) -> None:
        self.plan = plan
        self.template = template
        self.lang = lang
        self.numbering = Numbering(lang)
        self.blocks: list[Block] = []
        self.chapter_title = ""  # the chapter being built: no sub-heading repeats it
        self.final = False  # the final document: no draft mark, no empty chapter

    # -- small helpers ------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return label(key, self.lang, **values)

    def annex(self, title: str) -> None:
        """An annex after the chapters: on a new page, titled but not numbered."""
        self.blocks.append(PageBreak())
        self.blocks.append(Heading(1, "", title))

    def heading(self, level: int, text: str, in_contents: bool = True) -> None:
        self.blocks.append(Heading(level, self.numbering.next(level), text, in_contents))

    def sub_heading(self, key: str, other_key: str) -> None:
        """A generated sub-heading; its other wording when the first repeats the chapter's."""
        text = self.t(key)
        self.heading(2, self.t(other_key) if _same_title(text, self.chapter_title) else text)

    def text(self, text: str, placeholder: bool = False) -> None:
        found = [
            block
            for block in paragraphs(text, self.lang)
            if not (isinstance(block, Heading) and _same_title(block.text, self.chapter_title))
        ]
        if found:
            self.blocks.extend(found)
        elif placeholder:
            self.blocks.append(self.placeholder())

    def note(self, *parts: str) -> None:
        shown = [p for p in parts if p]
        if shown:
            self.blocks.append(
                Paragraph("；".join(shown) if self.lang == "zh" else "; ".join(shown), note=True)
            )

    def target_text(self, row: IndicatorRow, year: int) -> str:
        """A table cell: "14.5（力争15.5）（较2020年）", "22左右", "确保完成省下达目标任务"."""
        target = target_of(row, year)
        basic, stretch = (display(v, row.unit, self.lang) for v in (target.basic, target.stretch))
        text = self.t("stretch", basic=basic, stretch=stretch) if basic and stretch else basic
        text = text or stretch
        reference = reference_year(row, year)
        if text and reference and target.basic.qualifier is not Qualifier.PROVINCE:
            text += f" (vs {reference})" if self.lang == "en" else f"（较{reference}年）"
        return text

    # -- the document ---------------------------------------------------------------------------

    def build(self) -> Document:
        for chapter in self.plan.chapters:
            self.chapter(chapter)
        self.monitoring()
        if getattr(self, "include_comments", False):
            self.comments()
        self.sources()
        meta = self.plan.meta
        today = date.today()
        pilot = self.t("pilot_city" if meta.pilot_type.value == "city" else "pilot_park")
        if meta.batch:
            number = chinese_numeral(meta.batch) if self.lang == "zh" else meta.batch
            batch = self.t("batch", batch=number)
            pilot += f"（{batch}）" if self.lang == "zh" else f" ({batch})"
        lines = [self.template.localize(meta.province, self.lang), pilot]
        if meta.status.value == "submitted":
            lines.append(self.t("submitted_line"))
        name = self.template.localize(meta.name, self.lang)  # a listed pilot: "Zhangjiakou"
        cover = Cover(
            title=plan_title(name, self.lang),
            subtitle=name,
            date=self.t("date", year=today.year, month=today.month),
            mark="" if self.final else status_mark(meta.status.value, self.lang),
            lines=tuple(line for line in lines if line),
        )
        return Document(
            lang=self.lang,
            cover=cover,
            contents_title=self.t("contents"),
            blocks=self.blocks,
            subject=self.template.title.get(self.lang),
        )

    def monitoring(self) -> None:
        """The latest year's monitoring: each indicator against its straight path."""
        years = sorted({e.year for e in self.plan.monitoring})
        if not years:
            return
        year = years[-1]
        rows = []
        for progress in indicator_progress(self.plan, year):
            if progress.actual is None:
                continue
            rows.append(
                (
                    _pick(self.lang, progress.row.name_zh, progress.row.name_en),
                    self.template.localize(progress.row.unit, self.lang),
                    "" if progress.expected is None else format_number(progress.expected, 2),
                    format_number(progress.actual, 2),
                    self.t(progress.state),
                )
            )
        self.annex(self.t("monitoring_heading", year=year))
        projects = project_progress(self.plan, year)
        self.blocks.append(
            Paragraph(
                self.t(
                    "monitoring_projects",
                    year=year,
                    done=projects.counts["done"],
                    under_way=projects.counts["under_way"],
                    not_started=projects.counts["not_started"],
                    spent=format_number(projects.spent, 0),
                    planned=format_number(projects.planned, 0),
                )
            )
        )
        if rows:
            header = tuple(
                self.t(k)
                for k in ("col_indicator", "col_unit", "col_expected", "col_actual", "col_on_track")
            )
            self.blocks.append(
                Table(
                    header,
                    tuple(rows),
                    (5, 2, 2, 2, 2),
                    (False, False, True, True, False),
                    caption=self.t("monitoring_caption", year=year),
                    row_units=True,
                )
            )

    def comments(self) -> None:
        """Review comments and their handling, chapter by chapter."""
        titles = {c.id: _pick(self.lang, c.title_zh, c.title_en) for c in self.plan.chapters}
        names = {
            **{r.id: _pick(self.lang, r.name_zh, r.name_en) for r in self.plan.indicators},
            **{p.id: p.name for p in self.plan.projects},
        }
        rows = [
            (
                titles.get(c.item_id) or names.get(c.item_id, ""),
                c.text,
                c.author,
                self.t("comment_resolved" if c.status == "resolved" else "comment_open"),
                c.reply,
            )
            for c in self.plan.comments
        ]
        if not rows:
            return
        self.annex(self.t("comments_heading"))
        header = tuple(
            self.t(k) for k in ("col_where", "col_comment", "col_author", "col_status", "col_reply")
        )
        self.blocks.append(Table(header, tuple(rows), (3, 6, 2, 1.6, 5)))

    def sources(self) -> None:
        """An annex table of the data numbers that carry a source."""
        rows = [
            (
                number.label(self.lang),
                number.value.text.strip(),
                self.template.localize(number.unit, self.lang),
                number.value.provenance.source.strip(),
                kind_text(number.value.provenance, self.lang),
                quality_text(number.value.provenance, self.lang),
            )
            for number in data_numbers(self.plan, self.template)
            if number.has_source
        ]
        if not rows:
            return
        self.annex(self.t("sources_heading"))
        header = tuple(
            self.t(k)
            for k in (
                "col_item",
                "col_value",
                "col_unit",
                "col_source",
                "col_source_kind",
                "col_quality",
            )
        )
        self.blocks.append(
            Table(
                header,
                tuple(rows),
                _SOURCE_WIDTHS[self.lang],
                (False, True, False, False, False, False),
                row_units=True,
            )
        )

    def chapter(self, chapter: Chapter) -> None:
        self.chapter_title = _pick(self.lang, chapter.title_zh, chapter.title_en)
        numbering = self.numbering.state()
        self.heading(1, self.chapter_title)
        start = len(self.blocks)
        self.chapter_body(chapter)
        if "requirements" in chapter.covers and chapter.kind is ChapterKind.TEXT:
            self.peak_statement()  # the overall requirements state the declared peak
        empty = len(self.blocks) == start or (
            len(self.blocks) == start + 1 and self.blocks[-1] == self.placeholder()
        )
        if empty and self.final:  # a final document leaves an empty optional chapter out
            del self.blocks[start - 1 :]
            self.numbering.restore(numbering)
        elif len(self.blocks) == start:  # never a bare heading
            self.blocks.append(self.placeholder())

    def placeholder(self) -> Paragraph:
        return Paragraph(self.t("to_be_written"), note=True)

    def chapter_body(self, chapter: Chapter) -> None:
        kind = chapter.kind
        structured = kind is not ChapterKind.TEXT
        self.text(chapter.text, placeholder=not structured)
        if kind is ChapterKind.BASE_DATA:
            self.base_data()
        elif kind is ChapterKind.INDICATORS:
            self.indicators()
        elif kind is ChapterKind.TASKS:
            self.tasks()
        elif kind is ChapterKind.PROJECTS:
            self.projects()
        elif kind is ChapterKind.POLICIES:
            self.policies()
        elif kind is ChapterKind.SCHEDULE:
            self.schedule()

    def peak_statement(self) -> None:
        """The plan's declared peak, stated in the one wording every chapter uses."""
        sentence = peak_sentence(self.plan, self.lang)
        if sentence:
            self.blocks.append(Paragraph(sentence))

    # -- structured chapters --------------------------------------------------------------------

    def _source(self, value: Value) -> str:
        return value.provenance.source.strip()

    def base_data(self) -> None:
        year = self.plan.meta.base_year
        header = (self.t("col_item"), self.t("col_value"), self.t("col_unit"), self.t("col_source"))
        for group in self.template.base_data_groups:
            items = [i for i in self.template.base_data if i.group == group.id]
            rows = []
            for item in items:
                value = self.plan.base_value(item.id) or Value()
                rows.append(
                    (
                        item.name.get(self.lang),
                        value.text.strip() or "—",  # a blank cell reads as forgotten
                        item.unit.get(self.lang),
                        self._source(value),
                    )
                )
            if not rows:
                continue
            title = group.title.get(self.lang)
            self.heading(2, title)
            self.blocks.append(
                Table(
                    header,
                    tuple(rows),
                    (4.0, 1.8, 2.2, 5.0),  # a source or unit on one line where it can
                    (False, True, False, False),
                    caption=self.t("base_data_caption", year=year, group=title),
                    row_units=True,
                )
            )
        derived = derived_values(self.plan, self.template)
        if derived:
            title = self.t("derived_heading")
            self.heading(2, title)
            rows = tuple(
                (
                    d.spec.name.get(self.lang),
                    "—" if d.value is None else format_number(d.value, 3, fixed=True),
                    d.spec.unit.get(self.lang),
                )
                for d in derived
            )
            self.blocks.append(
                Table(
                    (self.t("col_item"), self.t("col_value"), self.t("col_unit")),
                    rows,
                    (6, 2, 3),
                    (False, True, False),
                    caption=self.t("base_data_caption", year=year, group=title),
                    row_units=True,
                )
            )
            self.blocks.append(Paragraph(self.t("derived_note"), indent=False, note=True))
        self.energy_account()
        self.trajectory()

    def energy_account(self) -> None:
        account = energy_account(self.plan, self.template, self.lang)
        if not account.filled:
            return
        self.heading(2, self.t("account_heading"))
        rows = [
            (
                line.fuel.name.get(self.lang),
                "" if line.quantity is None else format_number(line.quantity, 2),
                line.fuel.unit.get(self.lang),
                "" if line.tce is None else format_number(line.tce, 1, fixed=True),
                "" if line.co2 is None else format_number(line.co2, 1, fixed=True),
                f"{format_number(line.factor, 4)} {line.factor_unit}".strip()
                if line.factor
                else "—",
                line.factor_source,
            )
            for line in account.lines
        ]
        rows.append(
            (
                self.t("total"),
                "",
                "",
                format_number(account.total_tce or 0, 1, fixed=True),
                format_number(account.total_co2 or 0, 1, fixed=True),
                "",
                "",
            )
        )
        header = tuple(
            self.t(k)
            for k in (
                "col_fuel",
                "col_quantity",
                "col_unit",
                "col_tce",
                "col_co2_total",
                "col_factor",
                "col_factor_source",
            )
        )
        self.blocks.append(
            Table(
                header,
                tuple(rows),
                (2.4, 1.8, 1.8, 1.8, 1.8, 2.8, 4.6),
                (False, True, False, True, True, False, False),
                caption=self.t("account_caption", year=self.plan.meta.base_year),
                total_rows=1,
                row_units=True,
            )
        )
        self.sector_table()

    def sector_table(self) -> None:
        sectors = sector_emissions(self.plan, self.template)
        if sectors:
            names = {b.id: b.name.get(self.lang) for b in self.template.base_data}
            rows = [
                (names[item], format_number(share, 1), format_number(co2, 1))
                for item, share, co2 in sectors
            ]
            self.blocks.append(
                Table(
                    (self.t("col_sector"), self.t("col_energy_share"), self.t("col_co2_total")),
                    tuple(rows),
                    (4, 3, 3),
                    (False, True, True),
                    caption=self.t("sector_caption"),
                )
            )
            self.blocks.append(Paragraph(self.t("sector_note"), indent=False, note=True))

    def trajectory(self) -> None:
        result = project_trajectory(self.plan, self.template)
        if not result.scenarios:
            if result.problems:
                self.heading(2, self.t("trajectory_heading"))
                self.peak_statement()  # declared even where it cannot be projected
                problem = result.problems[0]
                self.blocks.append(
                    Paragraph(
                        problem.message_en if self.lang == "en" else problem.message_zh, note=True
                    )
                )
            return
        self.heading(2, self.t("trajectory_heading"))
        self.trajectory_prose(result)
        policy, baseline = result.policy, result.baseline
        scenarios = [s for s in (baseline, policy) if s is not None]
        self.trajectory_chart(scenarios, policy)
        self.trajectory_table(scenarios, result.activity)
        self.assumptions()

    def trajectory_prose(self, result: Trajectory) -> None:
        policy, baseline = result.policy, result.baseline
        reductions = {}
        if policy is not None:
            for year in (2025, 2030):
                energy, co2 = policy.reduction(year, "energy"), policy.reduction(year, "co2")
                if energy is not None and co2 is not None:
                    reductions[year] = {"energy": energy, "co2": co2}
        end = max(s.points[-1].year for s in result.scenarios.values())
        self.blocks.append(
            Paragraph(
                render_prose(
                    self.plan.meta.template_id,
                    "trajectory",
                    self.lang,
                    base_year=result.base_year,
                    end_year=end,
                    policy_peak=policy.peak_year if policy else None,
                    policy_peak_co2=policy.peak_co2 if policy else None,
                    baseline_peak=baseline.peak_year if baseline else None,
                    declared=declared_peak(self.plan).year or "",
                    declared_value=_peak_value_text(self.plan),
                    reductions=reductions,
                    per_unit=self._per_unit(result.activity),
                )
            )
        )

    def trajectory_chart(
        self, scenarios: list[ScenarioResult], policy: ScenarioResult | None
    ) -> None:
        years = tuple(p.year for p in scenarios[0].points)
        series = tuple(
            Series(
                self.t(f"scenario_{s.scenario}"),
                tuple(p.co2 for p in s.points),
                dashed=s.scenario == "baseline",
            )
            for s in scenarios
        )
        marker = None
        if policy is not None and policy.peak_year is not None:
            marker = (
                policy.peak_year,
                policy.peak_co2,
                self.t(
                    "peak_label", year=policy.peak_year, value=format_number(policy.peak_co2, 0)
                ),
            )
        vertical = None
        declared = declared_peak(self.plan).year
        if declared is not None and years[0] <= declared <= years[-1]:
            vertical = (int(declared), self.t("declared_label", year=int(declared)))
        self.blocks.append(
            LineChart(
                self.t("trajectory_chart"), years, series, self.t("unit_10k_t"), marker, vertical
            )
        )

    def _per_unit(self, activity: str) -> str:
        """What the intensities are per: GDP for a city, industrial value added for a park."""
        if activity == "gdp":
            return "GDP" if self.lang == "en" else "地区生产总值"
        spec = self.template.base_item(activity)
        name = spec.name.get(self.lang) if spec else activity
        return name.lower() if self.lang == "en" else name

    def trajectory_table(self, scenarios: list[ScenarioResult], activity: str) -> None:
        """The yearly series; sinks and the net figure in columns of their own beside CO2."""
        years = tuple(p.year for p in scenarios[0].points)
        reference = scenarios[-1]
        sinks = any(p.sink for p in reference.points)
        rows = []
        for n, year in enumerate(years):
            point = reference.points[n]
            extra = (format_number(point.sink, 1), format_number(point.net, 1)) if sinks else ()
            rows.append(
                (
                    str(year),
                    format_number(point.activity, 1),
                    format_number(point.energy, 1),
                    *(format_number(s.points[n].co2, 1) for s in scenarios),
                    *extra,
                )
            )
        header = (
            self.t("col_year"),
            self.t("col_iva" if activity == "industrial_value_added" else "col_gdp"),
            self.t("col_energy_total"),
            *(
                qualified(self.t("col_co2_total"), self.t(f"scenario_{s.scenario}"), self.lang)
                for s in scenarios
            ),
            *((self.t("col_sink"), self.t("col_net")) if sinks else ()),
        )
        columns = len(header)
        self.blocks.append(
            Table(
                header,
                tuple(rows),
                (1.2, 2, 2) + (2,) * (columns - 3),
                (False,) + (True,) * (columns - 1),
                caption=self.t("trajectory_table"),
            )
        )
        if sinks:
            self.blocks.append(Paragraph(self.t("sink_note"), indent=False, note=True))

    def assumptions(self) -> None:
        """The assumptions behind the projection, as a table beside its results."""
        rows = tuple((a.item, a.value) for a in assumptions(self.plan, self.template, self.lang))
        self.blocks.append(
            Table(
                (self.t("col_item"), self.t("col_assumption")),
                rows,
                (4, 9),
                (False, False),
                caption=self.t("assumptions_caption"),
            )
        )

    def _statement_items(self, rows: list[IndicatorRow], year: int) -> list[dict[str, object]]:
        items: list[dict[str, object]] = []
        for row in rows:
            target = target_of(row, year)
            unit = row.unit.split("（")[0].split("(")[0].strip()
            name = _pick(self.lang, row.name_zh, row.name_en)
            if self.lang == "en" and unit not in ("", "%"):
                # "Installed renewable power capacity (10 MW) reaching 520", not "520 万千瓦"
                # nor "520 10 MW": the unit in English goes with the indicator's name.
                name = f"{name} ({self.template.localize(row.unit, self.lang)})"
                unit = ""
            amounts = []
            for value in (target.basic, target.stretch):
                found = read_target(value.text, row.unit, value.qualifier)
                shown = official(found.number_text, found.qualifier, unit, self.lang)
                amounts.append(value.text.strip() if found.problem else shown)
            basic = reading(row, year)
            if basic.blank:
                continue
            items.append(
                {
                    "name": name,
                    "kind": row.value_kind.value,
                    "direction": row.direction.value,
                    "basic": amounts[0],
                    "stretch": "" if basic.by_province else amounts[1],
                    "reference_year": reference_year(row, year),
                    "province": basic.by_province,
                    "at_most": basic.qualifier is Qualifier.AT_MOST,
                }
            )
        return items

    def indicators(self) -> None:
        rows = self.plan.indicators
        statements = []
        for year in (2025, 2030):
            items = self._statement_items(rows, year)
            if items:
                statements.append(
                    render_prose(
                        self.plan.meta.template_id,
                        "targets",
                        self.lang,
                        year=year,
                        base_year=self.plan.meta.base_year,
                        indicators=items,
                    )
                )
        peak = peak_sentence(self.plan, self.lang)
        if statements or peak:
            self.sub_heading("targets_heading", "targets_heading_other")
            self.blocks.extend(Paragraph(s) for s in statements)
            self.peak_statement()
        if rows:
            self.indicator_table(rows)

    def indicator_table(self, rows: list[IndicatorRow]) -> None:
        categories = {c.id: c.title.get(self.lang) for c in self.template.indicator_categories}
        self.sub_heading("indicator_table_heading", "indicator_caption")
        table_rows = tuple(
            (
                str(n),
                categories.get(row.category, row.category),
                _pick(self.lang, row.name_zh, row.name_en),
                self.template.localize(row.unit, self.lang),
                row.base.text.strip() or "—",  # a reduction has no base level
                self.target_text(row, 2025),
                self.target_text(row, 2030),
                self.t(row.obligation.value),
                self.template.localize_departments(row.department, self.lang),
            )
            for n, row in enumerate(rows, 1)
        )
        header = tuple(
            self.t(k)
            for k in (
                "col_no",
                "col_category",
                "col_indicator",
                "col_unit",
                "col_base",
                "col_2025",
                "col_2030",
                "col_obligation",
                "col_department",
            )
        )
        self.blocks.append(
            Table(
                header,
                table_rows,
                _INDICATOR_WIDTHS[self.lang],
                (False, False, False, False, True, True, True, False, False),
                caption=self.t("indicator_caption"),
                row_units=True,
            )
        )

    def tasks(self) -> None:
        for group in self.plan.task_groups:
            self.heading(2, _pick(self.lang, group.title_zh, group.title_en))
            self.text(group.intro)
            for measure in self.plan.measures_of(group.id):
                title = measure.title.strip()
                if title:
                    self.heading(3, title, in_contents=False)
                self.text(measure.content)
                self.note(
                    self.t("department", value=self.departments(measure.department))
                    if measure.department.strip()
                    else "",
                    self.t("timeframe", value=period_text(measure.timeframe, self.lang))
                    if measure.timeframe.strip()
                    else "",
                )

    def _field_titles(self) -> dict[str, str]:
        return {f.id: f.title.get(self.lang) for f in self.template.project_fields}

    def projects(self) -> None:
        projects = self.plan.projects
        if not projects:
            return
        fields = self._field_titles()
        totals = project_totals(self.plan)
        sinks = self._project_sinks()
        self.projects_prose(fields, totals, sinks)
        self.projects_table(fields, totals, sinks)
        self.projects_chart(fields)

    def _project_sinks(self) -> float:
        """The "CO2 reduction" of projects of a sink field (生态保护修复): carbon sinks, which
        are reported apart and never counted as emissions avoided."""
        sink_fields = {f.id for f in self.template.project_fields if f.sink}
        return sum(
            parse_number(p.co2_reduction.text).number or 0.0
            for p in self.plan.projects
            if p.field in sink_fields
        )

    def projects_prose(self, fields: dict[str, str], totals: ProjectTotals, sinks: float) -> None:
        projects = self.plan.projects
        per_field = Counter(p.field for p in projects)
        self.blocks.append(
            Paragraph(
                render_prose(
                    self.plan.meta.template_id,
                    "projects",
                    self.lang,
                    count=totals.count,
                    investment=totals.investment,
                    energy_saving=totals.energy_saving,
                    co2_reduction=totals.co2_reduction - sinks,
                    sinks=sinks,
                    fields=[
                        {"title": fields.get(f, f), "count": n} for f, n in per_field.items() if f
                    ],
                )
            )
        )

    def projects_table(self, fields: dict[str, str], totals: ProjectTotals, sinks: float) -> None:
        projects = self.plan.projects
        rows = [
            (
                str(n),
                p.name,
                fields.get(p.field, p.field),
                p.content,
                p.investment.text.strip(),
                ("—" if self.lang == "zh" else "–").join(
                    v for v in (p.start_year.text.strip(), p.end_year.text.strip()) if v
                ),
                self.departments(p.owner),
                p.energy_saving.text.strip(),
                p.co2_reduction.text.strip(),
            )
            for n, p in enumerate(projects, 1)
        ]
        rows.append(
            (
                "",
                self.t("total_without_sinks" if sinks else "total"),
                "",
                "",
                format_number(totals.investment),
                "",
                "",
                format_number(totals.energy_saving),
                format_number(totals.co2_reduction - sinks),
            )
        )
        if sinks:  # sinks are reported apart from the emissions avoided
            rows.append(("", self.t("total_sinks"), "", "", "", "", "", "", format_number(sinks)))
        header = tuple(
            self.t(k)
            for k in (
                "col_no",
                "col_project",
                "col_field",
                "col_content",
                "col_investment",
                "col_period",
                "col_owner",
                "col_energy",
                "col_co2",
            )
        )
        self.blocks.append(
            Table(
                header,
                tuple(rows),
                _PROJECT_WIDTHS[self.lang],
                (False, False, False, False, True, False, False, True, True),
                caption=self.t("projects_caption"),
                total_rows=2 if sinks else 1,
            )
        )
        if sinks:
            self.project_sink_note()

    def project_sink_note(self) -> None:
        """Under the project table: the rows whose "CO2 reduction" is a carbon sink."""
        projects = self.plan.projects
        sink_fields = [f for f in self.template.project_fields if f.sink]
        ids = {f.id for f in sink_fields}
        numbers = [str(n) for n, p in enumerate(projects, 1) if p.field in ids]
        titles = [f.title.get(self.lang) for f in sink_fields]
        if self.lang == "zh":
            which, named = "、".join(numbers), "、".join(titles)
        else:  # "no. 13", "nos. 12 and 13", "nos. 3, 5 and 7"
            listed = (
                numbers[0]
                if len(numbers) == 1
                else (f"{', '.join(numbers[:-1])} and {numbers[-1]}")
            )
            which = f"{'no.' if len(numbers) == 1 else 'nos.'} {listed}"
            named = "; ".join(titles).lower()
        self.blocks.append(
            Paragraph(
                self.t("project_sink_note", numbers=which, fields=named),
                indent=False,
                note=True,
            )
        )

    def projects_chart(self, fields: dict[str, str]) -> None:
        projects = self.plan.projects
        investment_by_field: Counter[str] = Counter()
        for p in projects:
            amount = parse_number(p.investment.text).number or 0.0
            if is_bounded(amount):  # an absurd figure (a finding of the check) is not drawn
                investment_by_field[fields.get(p.field, p.field) or "—"] += amount
        shown = [(k, v) for k, v in investment_by_field.most_common() if v > 0]
        if len(shown) > 1:
            # Amounts are in 万元; from 1亿元 up the chart shows 亿元 — never "2000000" on its axis.
            decimals, scale, unit = 0, 1.0, self.t("unit_10k_yuan")
            if shown[0][1] >= 10_000:
                scale, unit = 10_000.0, self.t("unit_100m_yuan")
                decimals = 1 if shown[-1][1] >= 10_000 else 2
            self.blocks.append(
                BarChart(
                    self.t("projects_chart", unit=unit),
                    tuple(k for k, _ in shown),
                    tuple(v / scale for _, v in shown),
                    unit,
                    decimals,
                )
            )

    def departments(self, text: str) -> str:
        """Responsible departments: the template's names in the document's language."""
        return self.template.localize_departments(text, self.lang)

    def policies(self) -> None:
        types = {p.id: p.title.get(self.lang) for p in self.template.policy_types}
        for policy in self.plan.policies:
            title = policy.title.strip() or types.get(policy.type, "")
            self.heading(2, title or "—")
            self.text(policy.content)
            self.note(
                self.t("department", value=self.departments(policy.department))
                if policy.department.strip()
                else ""
            )

    def schedule(self) -> None:
        milestones = self.plan.milestones
        if not milestones:
            return
        rows = tuple(
            (
                period_text(m.period, self.lang),
                "\n".join(part for part in (m.title.strip(), m.content.strip()) if part),
                self.departments(m.department),
            )
            for m in milestones
        )
        self.blocks.append(
            Table(
                (self.t("col_time"), self.t("col_work"), self.t("col_department")),
                rows,
                (2.5, 9, 3),
                caption=self.t("schedule_caption"),
            )
        )


def build_document(
    plan: Plan,
    template: Template,
    lang: str | None = None,
    *,
    comments: bool = False,
    final: bool = False,
) -> Document:
    """The plan as document blocks in ``lang`` (default: the plan's language); with
    ``comments``, an annex of the review comments and how each was handled; ``final``: the
    final document (no draft mark; an empty optional chapter left out, not "（待补充）")."""
    builder = _Builder(plan, template, lang or plan.meta.language)
    builder.include_comments = comments
    builder.final = final
    return builder.build()
