"""The PDF read back with poppler's tools (pdftotext, pdffonts, pdfinfo), not with reportlab."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters import blocks as b
from exporters.document import build_document
from exporters.fonts import FontError, FontFile, FontRole, resolve_fonts
from exporters.pdf import render_pdf
from forms.plan import Plan, PlanStatus
from tests.exporters.conftest import LONG_PARAGRAPH, NASTY_TEXTS, demo_city_plan, template_of

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
MM = 72 / 25.4
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Text without whitespace or bidi marks: table cells and lines wrap anywhere."""
    return "".join(text.translate(BIDI_MARKS).split())


def body_text(path: Path) -> str:
    """The text in drawing order (a table cell stays together), squeezed, without the page
    furniture (draft mark, page numbers) that interrupts text running across pages."""
    text = squeeze(run("pdftotext", "-raw", str(path), "-"))
    return re.sub(r"—\d+—|草稿", "", text)


def export(plan: Plan, tmp_path: Path, lang: str = "zh", name: str = "plan.pdf") -> Path:
    document = build_document(plan, template_of(plan), lang)
    path = tmp_path / name
    path.write_bytes(render_pdf(document, resolve_fonts()))
    return path


@pytest.fixture(scope="module")
def city_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path]:
    """The demo city and its PDF, made once for the module: the tests given ``city_pdf``
    only read the file."""
    plan = demo_city_plan()
    return plan, export(plan, tmp_path_factory.mktemp("city"))


@pytest.fixture
def demo_city(city_made: tuple[Plan, Path]) -> Plan:
    """The demo city ``city_pdf`` was made from (its dates included), a copy for each test:
    a test may change it."""
    return city_made[0].model_copy(deep=True)


@pytest.fixture
def city_pdf(city_made: tuple[Plan, Path]) -> Path:
    return city_made[1]


def page_texts(path: Path) -> list[str]:
    return run("pdftotext", "-layout", str(path), "-").split("\f")


def first_body_page(pages: list[str]) -> int:
    return next(n for n, page in enumerate(pages) if "— 1 —" in page)


def test_every_chapter_title_and_heading_is_in_the_pdf(demo_city: Plan, city_pdf: Path) -> None:
    text = body_text(city_pdf)
    document = build_document(demo_city, template_of(demo_city), "zh")
    for heading in document.headings():
        assert squeeze(heading.full_text) in text, heading
    assert "一、基本情况与工作基础" in text and "（一）经济社会" in text


def test_every_entered_value_is_in_the_pdf(demo_city: Plan, city_pdf: Path) -> None:
    text = body_text(city_pdf)
    for row in demo_city.indicators:
        for value in (
            row.base,
            row.target_2025.basic,
            row.target_2030.basic,
            row.target_2025.stretch,
            row.target_2030.stretch,
        ):
            if value.text:
                assert squeeze(value.text) in text, (row.name_zh, value.text)
        assert squeeze(row.name_zh) in text
    for project in demo_city.projects:
        assert squeeze(project.name) in text
        assert squeeze(project.investment.text) in text
        assert squeeze(project.owner) in text
    for entry in demo_city.base_data:
        if entry.value.text:
            assert squeeze(entry.value.text) in text
    for policy in demo_city.policies:
        assert squeeze(policy.title) in text


def test_generated_target_statement_is_in_official_phrasing(city_pdf: Path) -> None:
    text = body_text(city_pdf)
    assert "到2025年，单位地区生产总值能源消耗较2020年下降14.5%，力争下降15.5%" in text
    assert "非化石能源占能源消费总量比重达到27%左右，力争达到28.0%" in text
    assert "单位地区生产总值二氧化碳排放较2020年下降38%以上，力争下降40.0%" in text
    assert "煤炭消费占能源消费总量比重降至42.0%" in text
    assert "20左右" in text and "38以上（力争40.0）（较2020年）" in text  # the table


def test_fonts_are_embedded_truetype_subsets(city_pdf: Path) -> None:
    rows = run("pdffonts", str(city_pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        columns = row.split()
        # name, type, (encoding), emb, sub, uni, object, generation
        assert "TrueType" in row, row
        assert columns[-5:-2] == ["yes", "yes", "yes"], row


def test_a4_pages_with_cover_contents_and_page_numbers(demo_city: Plan, city_pdf: Path) -> None:
    info = run("pdfinfo", str(city_pdf))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    pages = page_texts(city_pdf)
    cover = squeeze(pages[0])
    assert "国家碳达峰试点（云岚市〔示例〕）实施方案" in cover and "草稿" in cover
    assert "目录" in squeeze(pages[1])
    first_body = first_body_page(pages)
    assert first_body > 1
    assert "—1—" in squeeze(pages[first_body]) and "—2—" in squeeze(pages[first_body + 1])
    assert not any("—" in page for page in pages[:first_body])


def test_contents_page_numbers_match_the_pages_of_the_headings(city_pdf: Path) -> None:
    pages = page_texts(city_pdf)
    first_body = first_body_page(pages)
    contents = "\n".join(pages[1:first_body])
    for title in ("二、基础数据", "五、重点任务", "九、保障措施"):
        line = next(line for line in contents.splitlines() if title in line)
        number = int(line.split()[-1])
        page = pages[first_body + number - 1]
        assert title in page, (title, number)


def test_body_text_and_tables_stay_inside_the_margins(city_pdf: Path) -> None:
    """Every word lies within the 156 × 225 mm text block (a hanging comma may overhang)."""
    html = run("pdftotext", "-bbox", str(city_pdf), "-")
    left, right = 28 * MM, (28 + 156) * MM + 16
    top, bottom = 37 * MM - 16 * MM, (37 + 225) * MM + 20 * MM  # draft mark and page number
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)
    assert len(words) > 1000
    for x_min, y_min, x_max, y_max in words:
        assert float(x_min) >= left - 1 and float(x_max) <= right, (x_min, x_max)
        assert float(y_min) >= top and float(y_max) <= bottom, (y_min, y_max)


def test_no_line_starts_with_closing_punctuation(city_pdf: Path) -> None:
    lines = [line.strip() for line in run("pdftotext", str(city_pdf), "-").splitlines()]
    bad = [line for line in lines if line[:1] in set("，。、；：？！）》」』】”")]
    assert not bad, bad[:5]


def test_the_draft_mark_follows_the_status(demo_city: Plan, tmp_path: Path) -> None:
    demo_city.meta.status = PlanStatus.SUBMITTED
    submitted = squeeze(page_texts(export(demo_city, tmp_path))[0])
    assert "草稿" not in submitted
    demo_city.meta.status = PlanStatus.REVISING
    assert "修改稿" in squeeze(page_texts(export(demo_city, tmp_path))[0])


def test_english_export_has_english_headings(demo_city: Plan, tmp_path: Path) -> None:
    text = run("pdftotext", str(export(demo_city, tmp_path, "en")), "-")
    assert "1. Base situation and work foundation" in text
    assert "Contents" in text and "DRAFT" in text


def test_outline_order_is_followed(demo_city: Plan, tmp_path: Path) -> None:
    demo_city.chapters.insert(0, demo_city.chapters.pop(8))  # safeguards first
    demo_city.task_groups[0].title_zh = "实施海上风电倍增行动"
    text = body_text(export(demo_city, tmp_path))
    assert "一、保障措施" in text and "二、基本情况与工作基础" in text
    assert "（一）实施海上风电倍增行动" in text


def test_nasty_input_reads_back_literally(nasty_plan: Plan, tmp_path: Path) -> None:
    path = export(nasty_plan, tmp_path)
    text = body_text(path)
    # Arabic is drawn right to left; only the reading-order extraction gives it back in order.
    reading_order = squeeze(run("pdftotext", str(path), "-"))
    for nasty in NASTY_TEXTS:
        assert squeeze(nasty) in (reading_order if "ع" in nasty else text), nasty
    assert squeeze(LONG_PARAGRAPH) in text
    assert "<i>总体要求</i>&“要求”" in text
    assert "#300" in text  # the last of 300 projects


def test_no_cjk_font_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(FontError) as caught:
        resolve_fonts(directories=[tmp_path])
    assert "apt-get install fonts-wqy-zenhei" in caught.value.message("zh")
    assert "TrueType" in caught.value.message("en")


def test_a_chosen_file_that_is_not_truetype_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "NotoSansCJK-Regular.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 200)
    with pytest.raises(FontError) as caught:
        resolve_fonts({FontRole.BODY: FontFile(fake)})
    assert str(fake) in caught.value.message("zh") and "TrueType" in caught.value.message("zh")


def test_chosen_fonts_are_the_ones_embedded(demo_city: Plan, tmp_path: Path) -> None:
    hei = resolve_fonts()[FontRole.HEADING].file
    chosen = resolve_fonts(dict.fromkeys(FontRole, hei))
    assert all(chosen[role].file == hei for role in FontRole)
    document = build_document(demo_city, template_of(demo_city), "zh")
    path = tmp_path / "chosen.pdf"
    path.write_bytes(render_pdf(document, chosen))
    names = {row.split()[0].split("+")[-1] for row in run("pdffonts", str(path)).splitlines()[2:]}
    assert names == {f"{hei.path.stem}-{hei.index}"} or len(names) == 1, names


def test_a_bar_chart_is_drawn_as_vector_graphics(demo_city: Plan, city_pdf: Path) -> None:
    document = build_document(demo_city, template_of(demo_city), "zh")
    chart = next(block for block in document.blocks if isinstance(block, b.BarChart))
    text = body_text(city_pdf)
    assert squeeze(chart.title) in text
    assert all(squeeze(label) in text for label in chart.labels)


def test_the_trajectory_chart_and_yearly_table_are_in_the_pdf(
    demo_city: Plan, city_pdf: Path
) -> None:
    from forms.trajectory import project_trajectory
    from forms.values import format_number

    text = body_text(city_pdf)
    trajectory = project_trajectory(demo_city, template_of(demo_city))
    policy = trajectory.policy
    assert "碳排放趋势测算" in text and "二氧化碳排放趋势（万吨）" in text
    assert f"峰值：{policy.peak_year}年{format_number(policy.peak_co2, 0)}万吨" in text
    assert f"政策情景下二氧化碳排放预计于{policy.peak_year}年达到峰值" in text
    for point in policy.points:
        assert f"{point.year}" in text and format_number(point.co2, 1) in text
    assert "能源消费与碳排放核算" in text and "2021年江苏省电力平均二氧化碳排放因子" in text


def test_a_source_entered_appears_in_the_sources_annex(demo_city: Plan, tmp_path: Path) -> None:
    from forms.plan import Provenance

    row = next(r for r in demo_city.indicators if r.template_ref == "non_fossil_share")
    row.base.provenance = Provenance(source="《云岚市能源发展报告2021》第12页")
    text = body_text(export(demo_city, tmp_path))
    assert "附表：数据来源" in text
    assert "《云岚市能源发展报告2021》第12页" in text


def test_basic_and_stretch_targets_read_back_from_the_pdf(demo_city: Plan, tmp_path: Path) -> None:
    row = next(r for r in demo_city.indicators if r.template_ref == "energy_intensity_reduction")
    row.target_2025.basic.text, row.target_2025.stretch.text = "15", "16"
    text = body_text(export(demo_city, tmp_path))
    assert "单位地区生产总值能源消耗较2020年下降15%，力争下降16%" in text
    assert "15（力争16）" in text


def test_assumptions_sinks_and_the_cited_factor_are_beside_the_pdf_results(
    demo_city: Plan, city_pdf: Path
) -> None:
    """The assumptions table, the sinks and net columns, and the electricity factor with its
    unit and document, read back with pdftotext."""
    from forms.trajectory import assumptions, project_trajectory
    from forms.values import format_number

    text = body_text(city_pdf)
    assert "测算假设" in text
    for row in assumptions(demo_city, template_of(demo_city)):
        assert squeeze(row.item) in text and squeeze(row.value) in text, row
    assert "0.6451千克二氧化碳/千瓦时" in text  # every factor printed with its unit, in Chinese
    assert "kgCO2" not in text
    assert "《关于发布2021年电力二氧化碳排放因子的公告》" in text
    assert "公告2024年第12号，2024年4月12日" in text
    assert "碳汇（万吨）" in text and "净排放（政策情景，万吨）" in text
    policy = project_trajectory(demo_city, template_of(demo_city)).policy
    last = policy.points[-1]
    assert last.sink > 0 and format_number(last.net, 1) in text
    assert "不抵减能源活动二氧化碳排放" in text
