"""The document model: numbering, the plan's outline, generated prose."""

from __future__ import annotations

import re

import pytest

from exporters import blocks as b
from exporters.document import build_document, render_prose
from exporters.numbering import chinese_numeral, heading_number, typed_heading_level
from forms.plan import Plan
from tests.exporters.conftest import template_of


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")]
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_heading_numbers_of_the_four_levels() -> None:
    assert [heading_number(level, 2, "zh") for level in (1, 2, 3, 4)] == [
        "二、",
        "（二）",
        "2.",
        "（2）",
    ]


def test_typed_headings_are_recognised_but_sentences_are_not() -> None:
    assert typed_heading_level("（一）指导思想") == 2
    assert typed_heading_level("1. 总体目标") == 3
    assert typed_heading_level("（2）分项目标") == 4
    assert typed_heading_level("（一）坚持稳中求进，统筹发展和减排。") is None
    assert typed_heading_level("2020年，全市实现地区生产总值4520.3亿元") is None


def test_numbering_restarts_below_each_level(demo_city: Plan) -> None:
    document = build_document(demo_city, template_of(demo_city), "zh")
    headings = [h for h in document.headings() if h.number]
    tasks = [h.full_text for h in headings if h.level == 1]
    assert tasks[:3] == ["一、基本情况与工作基础", "二、基础数据", "三、总体要求"]
    measures = [h for h in headings if h.level == 3]
    assert measures[0].number == "1." and any(h.number == "1." for h in measures[1:])


def test_chapters_and_task_groups_follow_the_plan_outline(demo_city: Plan) -> None:
    demo_city.chapters = [c for c in demo_city.chapters if c.template_ref != "schedule"]
    demo_city.task_groups.reverse()
    document = build_document(demo_city, template_of(demo_city), "zh")
    level1 = [h.text for h in document.headings() if h.level == 1 and h.number]
    assert "工作进度安排" not in level1 and len(level1) == 8
    groups = [h.full_text for h in document.headings() if h.level == 2 and h.number]
    assert f"（一）{demo_city.task_groups[0].title_zh}" in groups


def test_an_empty_text_chapter_says_it_is_to_be_written(demo_city: Plan) -> None:
    demo_city.chapters[0].text = ""
    document = build_document(demo_city, template_of(demo_city), "zh")
    index = document.blocks.index(document.headings()[0])
    following = document.blocks[index + 1]
    assert isinstance(following, b.Paragraph) and following.note
    assert "待补充" in following.text


def test_target_statement_in_both_languages() -> None:
    def item(name: str, kind: str, direction: str, basic: str, **more: object) -> dict:
        fields = {"stretch": "", "reference_year": None, "province": False, "at_most": False}
        return {"name": name, "kind": kind, "direction": direction, "basic": basic} | fields | more

    indicators = [
        item(
            "单位地区生产总值能源消耗降低",
            "change",
            "up",
            "15%",
            stretch="16%",
            reference_year=2020,
        ),
        item("单位地区生产总值二氧化碳排放降低", "change", "up", "", province=True),
        item("非化石能源占能源消费总量比重", "level", "up", "22%左右"),
        item("煤炭消费占能源消费总量比重", "level", "down", "40%以内", at_most=True),
    ]
    zh = render_prose("annex2-2023", "targets", "zh", year=2025, indicators=indicators)
    assert zh == (
        "到2025年，单位地区生产总值能源消耗较2020年下降15%，力争下降16%；"
        "单位地区生产总值二氧化碳排放下降确保完成省下达目标任务；"
        "非化石能源占能源消费总量比重达到22%左右；"
        "煤炭消费占能源消费总量比重控制在40%以内。"
    )
    for row, name in zip(
        indicators,
        ("Reduction in energy use per unit of GDP", "CO2", "Non-fossil", "Coal"),
        strict=True,
    ):
        row["name"] = name
    indicators[2]["basic"], indicators[3]["basic"] = "about 22%", "at most 40%"
    en = render_prose("annex2-2023", "targets", "en", year=2025, indicators=indicators)
    assert en == (
        "By 2025: Reduction in energy use per unit of GDP of 15% against 2020, striving for "
        "16%; CO2: meet the target set by the province; Non-fossil reaching about 22%; Coal "
        "kept to at most 40%."
    )


def test_project_summary_sums_the_projects(demo_city: Plan) -> None:
    document = build_document(demo_city, template_of(demo_city), "zh")
    summary = next(
        block.text
        for block in document.blocks
        if isinstance(block, b.Paragraph) and block.text.startswith("本方案共谋划重点项目")
    )
    assert f"重点项目{len(demo_city.projects)}个" in summary and "亿元" in summary


def test_user_text_is_kept_literally_in_blocks(nasty_plan: Plan) -> None:
    document = build_document(nasty_plan, template_of(nasty_plan), "zh")
    texts = [block.text for block in document.blocks if isinstance(block, b.Paragraph)]
    assert "<b>不是粗体</b>" in texts and "A &amp; B &lt; C" in texts


@pytest.mark.parametrize(
    ("lang", "city", "park"),
    [
        ("zh", "单位地区生产总值能源消耗和二氧化碳排放", "单位工业增加值能源消耗和二氧化碳排放"),
        ("en", "per unit of GDP fall", "per unit of industrial value added fall"),
    ],
)
def test_the_trajectory_summary_names_what_intensities_are_per(
    demo_city: Plan, demo_park: Plan, lang: str, city: str, park: str
) -> None:
    """A park's projected intensities are per unit of industrial value added, a city's per
    unit of GDP: the summary sentence says which."""

    def texts(plan: Plan) -> str:
        document = build_document(plan, template_of(plan), lang)
        return " ".join(x.text for x in document.blocks if isinstance(x, b.Paragraph))

    assert city in texts(demo_city) and park not in texts(demo_city)
    assert park in texts(demo_park) and city not in texts(demo_park)


def test_an_english_document_names_province_units_and_departments_in_english(
    demo_city: Plan,
) -> None:
    """The plan stores 江苏省, 万千瓦 and 市发展改革委 as copied from the template; the English
    document prints Jiangsu, 10 MW and Municipal DRC, the Chinese one keeps them."""
    template = template_of(demo_city)
    for row in demo_city.indicators:
        row.department = "市发展改革委"  # as a new plan copies it from the template
    english = build_document(demo_city, template, "en")
    assert demo_city.meta.province == "江苏省"
    assert "Jiangsu" in english.cover.lines
    cells = [c for t in english.blocks if isinstance(t, b.Table) for r in t.rows for c in r]
    assert "10 MW" in cells and "万千瓦" not in cells
    indicators = next(t for t in english.blocks if isinstance(t, b.Table) and "Type" in t.header)
    assert {r[-1] for r in indicators.rows} == {"Municipal DRC"}
    chinese = build_document(demo_city, template, "zh")
    zh_cells = [c for t in chinese.blocks if isinstance(t, b.Table) for r in t.rows for c in r]
    assert "江苏省" in chinese.cover.lines and "万千瓦" in zh_cells


def test_an_english_document_of_a_listed_pilot_is_titled_with_its_english_name() -> None:
    from forms.factory import new_plan
    from forms.template import PilotType, load_template

    template = load_template("annex2-2023", "city")
    plan = new_plan("张家口市", PilotType.CITY, province="河北省", template=template)
    english = build_document(plan, template, "en")
    assert "Zhangjiakou" in english.cover.title and "张家口市" not in english.cover.title
    assert english.cover.lines[0] == "Hebei"
    assert "张家口市" in build_document(plan, template, "zh").cover.title


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_project_sinks_are_reported_apart_from_the_co2_avoided(demo_city: Plan, lang: str) -> None:
    """生态保护修复 projects add carbon sinks: the summary and the totals row of the project
    table never count them as CO2 avoided (they have a total row of their own)."""
    template = template_of(demo_city)
    sink_fields = {f.id for f in template.project_fields if f.sink}
    sinks = sum(float(p.co2_reduction.text) for p in demo_city.projects if p.field in sink_fields)
    avoided = sum(
        float(p.co2_reduction.text) for p in demo_city.projects if p.field not in sink_fields
    )
    assert sinks and avoided
    document = build_document(demo_city, template, lang)
    start = "本方案共谋划重点项目" if lang == "zh" else "The plan comprises"
    summary = next(
        x.text for x in document.blocks if isinstance(x, b.Paragraph) and x.text.startswith(start)
    )
    if lang == "zh":
        assert f"减少二氧化碳排放{avoided / 10000:.1f}万吨" in summary
        assert f"新增碳汇{sinks / 10000:.1f}万吨" in summary
    else:
        assert (
            f"avoid {avoided / 1e6:.3f} million t of CO2" in summary
            and f"add {sinks:,.0f} t of carbon sinks" in summary
        )
    table = next(x for x in document.blocks if isinstance(x, b.Table) and x.total_rows == 2)
    totals = table.rows[-2:]
    assert [float(row[-1]) for row in totals] == [avoided, sinks]


def test_english_target_statements_carry_no_chinese_units(demo_city: Plan, demo_park: Plan) -> None:
    """The English document printed "reaching 520 万千瓦": the unit now goes with the
    indicator's name, in English ("Installed renewable power capacity (10 MW) reaching 520")."""
    for plan in (demo_city, demo_park):
        document = build_document(plan, template_of(plan), "en")
        statements = [
            x.text for x in document.blocks if isinstance(x, b.Paragraph) and x.text[:3] == "By "
        ]
        assert len(statements) == 2
        for text in statements:
            assert not re.search(r"[\u4e00-\u9fff]", text), text
    english = " ".join(
        x.text
        for x in build_document(demo_city, template_of(demo_city), "en").blocks
        if isinstance(x, b.Paragraph)
    )
    assert "Installed renewable power capacity (10 MW) reaching 520;" in english


def test_the_english_monitoring_annex_states_investment_in_the_documents_unit(
    demo_city: Plan,
) -> None:
    """It read "CNY 0 ten thousand spent of 2434000 planned"."""
    from forms.plan import MonitoringEntry, Value

    row = demo_city.indicators[0]
    demo_city.monitoring.append(
        MonitoringEntry(
            id=f"2024:indicators:{row.id}",
            year=2024,
            collection="indicators",
            item_id=row.id,
            actual=Value(text="10"),
        )
    )
    document = build_document(demo_city, template_of(demo_city), "en")
    annex = next(
        x.text
        for x in document.blocks
        if isinstance(x, b.Paragraph) and "key projects were" in x.text
    )
    assert "ten thousand" not in annex and "(CNY 10k)" in annex


def test_the_english_trajectory_summary_dates_the_declared_peak_inclusively(
    demo_city: Plan,
) -> None:
    """It read "CO2 emissions peak in 2028 … The plan declares a peak before 2028"."""
    document = build_document(demo_city, template_of(demo_city), "en")
    text = " ".join(x.text for x in document.blocks if isinstance(x, b.Paragraph))
    year = demo_city.meta.declared_peak_year
    assert f"peak no later than {year}" in text and f"peak before {year}" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trajectory_summary_states_its_reductions_with_one_precision(
    demo_city: Plan, lang: str
) -> None:
    """It read "下降28.1%和42%": a figure whose decimal is 0 lost it beside one that kept it."""
    document = build_document(demo_city, template_of(demo_city), lang)
    start = "按照基准年" if lang == "zh" else "Projected from"
    text = next(
        x.text for x in document.blocks if isinstance(x, b.Paragraph) and x.text.startswith(start)
    )
    reductions = re.findall(r"(\d+(?:\.\d+)?)%", text)
    assert len(reductions) == 4 and all(re.fullmatch(r"\d+\.\d", r) for r in reductions), text


def test_base_data_tables_have_captions_and_no_blank_values(demo_city: Plan) -> None:
    """The intensity table was the only base-data table without a caption, and a value not
    given (生态系统碳汇量; a reduction target's base) showed an empty cell: now "—"."""
    document = build_document(demo_city, template_of(demo_city), "zh")
    tables = [x for x in document.blocks if isinstance(x, b.Table)]
    year = demo_city.meta.base_year
    derived = next(t for t in tables if t.header == ("项目", "数值", "单位"))
    assert derived.caption == f"基准年（{year}年）主要强度指标"
    emissions = next(t for t in tables if "碳排放" in t.caption and len(t.header) == 4)
    assert dict((r[0], r[1]) for r in emissions.rows)["生态系统碳汇量"] == "—"
    indicators = next(t for t in tables if t.caption == "主要目标指标表")
    assert all(r[4] for r in indicators.rows) and indicators.rows[0][4] == "—"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_project_table_says_which_rows_give_sinks(demo_city: Plan, lang: str) -> None:
    """Rows 12 and 13 (生态保护修复) show their sinks in the CO2 column, which the total row
    leaves out: a note under the table says so, before anything else."""
    document = build_document(demo_city, template_of(demo_city), lang)
    blocks = document.blocks
    table = next(n for n, x in enumerate(blocks) if isinstance(x, b.Table) and x.total_rows == 2)
    note = blocks[table + 1]
    assert isinstance(note, b.Paragraph) and note.note
    if lang == "zh":
        assert note.text.startswith("注：序号12、13为生态保护修复项目")
        assert "新增碳汇" in note.text and "不计入合计" in note.text
    else:
        assert note.text.startswith("Note: the CO2 column of nos. 12 and 13 (ecological")


@pytest.mark.parametrize(
    ("typed", "english"),
    [
        ("2024—2030年", "2024–2030"),
        ("2024年", "2024"),
        ("2024年起", "from 2024"),
        ("2025年前", "by 2025"),
        ("2024-2030", "2024–2030"),
        ("近期", "近期"),  # not a period: as typed
    ],
)
def test_periods_typed_in_chinese_read_as_english(typed: str, english: str) -> None:
    from exporters.document import period_text

    assert period_text(typed, "en") == english
    assert period_text(typed, "zh") == typed


def test_the_english_document_has_no_year_word_in_time_frames_and_schedule(
    demo_city: Plan,
) -> None:
    """“Time frame: 2024—2030年” and a schedule stage “2026—2027年” in English sentences."""
    document = build_document(demo_city, template_of(demo_city), "en")
    notes = [x.text for x in document.blocks if isinstance(x, b.Paragraph) and x.note]
    frames = [n.split("Time frame: ", 1)[1] for n in notes if "Time frame: " in n]
    assert frames and not [f for f in frames if "年" in f]
    assert "2024–2030" in frames
    schedule = next(x for x in document.blocks if isinstance(x, b.Table) and x.header[0] == "When")
    assert [row[0] for row in schedule.rows] == ["2024", "2025", "2026–2027", "2028–2029", "2030"]
