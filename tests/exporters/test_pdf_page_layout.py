"""Page layout a reviewer notices: a table's end alone on a page, contents leaders, line breaks."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters import blocks as b
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from forms.plan import Plan
from tests.exporters.test_pdf import export

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)
NOTE = "注：本表数据为测算值"


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def document(rows: int, total: bool, note: bool) -> b.Document:
    """A paragraph, then a table of ``rows`` rows (and a total row) and a note."""
    body = [(f"行{n}", f"{n}.0") for n in range(1, rows + 1)]
    if total:
        body.append(("合计", "9999.0"))
    blocks: list[b.Block] = [b.Paragraph("正文段落。" * 40)]
    blocks.append(
        b.Table(("项目", "数值"), tuple(body), (3, 1), (False, True), total_rows=int(total))
    )
    if note:
        blocks.append(b.Paragraph(NOTE, indent=False, note=True))
    cover = b.Cover("题目", "", "")
    return b.Document("zh", cover, "目录", blocks, front_matter=False)


def page_with(pages: list[str], text: str) -> str:
    return next(page for page in pages if text in page)


@pytest.mark.parametrize("rows", range(30, 62))
def test_a_total_row_never_starts_a_page_alone(rows: int, tmp_path: Path) -> None:
    pages = pages_of(render_pdf(document(rows, total=True, note=False), resolve_fonts()), tmp_path)
    assert "行" in page_with(pages, "合计").split("合计")[0].split("数值", 1)[1]


@pytest.mark.parametrize("rows", range(30, 62))
def test_a_note_under_a_table_never_starts_a_page_alone(rows: int, tmp_path: Path) -> None:
    pages = pages_of(render_pdf(document(rows, total=False, note=True), resolve_fonts()), tmp_path)
    assert "行" in page_with(pages, NOTE)
    text = "".join(pages)
    assert all(f"行{n}" in text for n in range(1, rows + 1))


def test_the_demo_city_has_no_page_of_a_lone_note_or_total(demo_city: Plan, tmp_path: Path) -> None:
    pdf = export(demo_city, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    for page in pages:
        content = [line.strip() for line in page.splitlines() if line.strip()]
        content = [line for line in content if line != "草稿" and not line.startswith("—")]
        assert not (content and content[0].startswith("注：")), page
    last = demo_city.projects[-1].investment.text
    total = format(sum(int(p.investment.text) for p in demo_city.projects))
    assert last in page_with(pages, total).split(total)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contents_dot_leaders_start_just_after_each_entry(
    demo_city: Plan, tmp_path: Path, lang: str
) -> None:
    """The English contents drew dots over the end of each entry ("foundation", "society"):
    the spaces between words were not measured; behind Chinese titles they began far away."""
    pdf = export(demo_city, tmp_path, lang)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "2", "-l", "3", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    checked = 0
    for page in html.split("<page ")[1:]:
        words = [
            (float(x0), float(y0), float(x1), text)
            for x0, y0, x1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                page,
            )
        ]
        dots = [(x0, y0) for x0, y0, _x1, text in words if text == "."]
        for y in sorted({round(y0) for _x0, y0 in dots}):
            line_dots = [x0 for x0, y0 in dots if round(y0) == y]
            entry = [x1 for _x0, y0, x1, text in words if text != "." and 0 < y - y0 < 6]
            end = max(x1 for x1 in entry if x1 < max(line_dots))
            gap = min(line_dots) - end
            assert 0 < gap < 28, (y, gap)  # after the entry, within two characters of it
            checked += 1
    assert checked > 20


def test_chinese_text_in_an_english_pdf_breaks_lines_the_chinese_way(
    demo_city: Plan, tmp_path: Path
) -> None:
    """The English PDF broke the user's Chinese paragraphs like English: lines began with
    "，" or "、" and "3868.4" was cut into "3" and "868.4"."""
    pdf = export(demo_city, tmp_path, "en")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    starts = set("，。、；：？！）》」』】”%")
    assert not [line for line in lines if line[:1] in starts and len(line) > 1]  # "%": a unit
    assert "3905.3万吨" in "".join(lines)


@pytest.mark.parametrize(
    ("lang", "whole"),
    [
        ("zh", ["2025年目标", "2030年目标", "市发展改革委、市统计局测算", "万吨二氧化碳"]),
        ("en", ["infrastructure", "calculated", "construction"]),
    ],
)
def test_table_words_are_not_cut_in_narrow_columns(
    demo_city: Plan, tmp_path: Path, lang: str, whole: list[str]
) -> None:
    """Headers and words a reviewer reads whole: "2025年目/标" in the indicator table, and in
    English "infrastruc/ture" (project field), "calculate/d" (source quality), "constructio/n"."""
    pdf = export(demo_city, tmp_path, lang)
    lines = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for word in whole:
        assert any(word in line for line in lines), word


def test_english_notes_are_not_stretched(demo_city: Plan, tmp_path: Path) -> None:
    """ "Lead   department:   市交通运输局;   Time   frame:" — a justified English note spread its
    words over the line; words of a note are now one space apart."""
    pdf = export(demo_city, tmp_path, "en")
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    gaps = [
        float(after[0]) - float(before[1])
        for before, after in itertools.pairwise(words)
        if before[2] == "Lead" and after[2] == "department:"
    ]
    assert len(gaps) > 10
    assert max(gaps) < 8  # one space of the 14 pt note font


def test_a_long_chinese_cover_title_never_ends_a_line_with_an_opening_bracket(
    demo_park: Plan, tmp_path: Path
) -> None:
    """The demo park's cover title ended its first line with "（":
    "国家碳达峰试点（云岚高新技术产业开发区（" / "示例））实施方案" (now titled with 〔示例〕)."""
    pdf = export(demo_park, tmp_path)
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in cover.splitlines() if line.strip()]
    title = [line for line in lines if line.startswith("国家碳达峰试点（")]
    assert title and len(title[0]) < len("国家碳达峰试点（云岚高新技术产业开发区〔示例〕）实施方案")
    assert not [line for line in lines if line[-1] in "（(“《〔"]


@pytest.mark.parametrize("characters", range(27 * 20, 27 * 23, 9))
def test_a_department_note_never_starts_a_page_alone(characters: int, tmp_path: Path) -> None:
    """The demo park's page 29 began with "牵头单位：园区管委会市场监督管理局", the note of a
    measure whose text ended on page 28: the measure's last lines now go with its note."""
    note = "牵头单位：园区管委会市场监督管理局"
    blocks: list[b.Block] = [
        b.Paragraph(("正文测试" * characters)[:characters]),
        b.Paragraph(note, note=True),
    ]
    document = b.Document("zh", b.Cover("题目", "", ""), "目录", blocks, front_matter=False)
    pages = pages_of(render_pdf(document, resolve_fonts()), tmp_path)
    assert re.search("[正文测试]", page_with(pages, note).split(note)[0])  # a line of the text


@pytest.mark.parametrize("kind", ["city", "park"])
def test_english_indicator_table_words_keep_the_table_size(
    demo_city: Plan, demo_park: Plan, tmp_path: Path, kind: str
) -> None:
    """The English indicator table shrank "Responsible", "development" (Park economic
    development bureau) and "construction" to 7 pt in its 9 pt cells: the columns are sized
    for the English words now."""
    plan = demo_city if kind == "city" else demo_park
    pdf = export(plan, tmp_path, "en")
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the indicator table's pages (its header repeats “Responsible”): the project table's
    # owners are sized apart (“…urban-rural development bureau”, whole at 7.2 pt)
    html = "".join(page for page in html.split("<page") if ">Responsible<" in page)
    words = "Responsible|development|construction|vehicles"
    heights = [
        float(y1) - float(y0)
        for y0, y1 in re.findall(
            rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(?:{words})<', html
        )
    ]
    assert heights and min(heights) > 8.5, heights


def _heading_over_a_paragraph(lines_before: int) -> b.Document:
    """A paragraph of about ``lines_before`` lines, then a heading over a ten-line paragraph."""
    blocks: list[b.Block] = [
        b.Paragraph("甲" * (28 * lines_before - 6)),
        b.Heading(2, "（一）", "小节标题", in_contents=False),
        b.Paragraph("乙" * (28 * 10 - 6)),
    ]
    return b.Document("zh", b.Cover("题目", "", ""), "目录", blocks, front_matter=False)


@pytest.mark.parametrize("lines_before", range(12, 22))
def test_a_heading_goes_with_the_first_lines_under_it_not_with_all_of_them(
    lines_before: int, tmp_path: Path
) -> None:
    """A heading kept with the whole ten-line paragraph under it left up to nine lines of a
    page empty (the demo park's page 1); it now stays where two lines of the paragraph fit
    under it, and is never the last line of a page."""
    pages = pages_of(render_pdf(_heading_over_a_paragraph(lines_before), resolve_fonts()), tmp_path)
    first = pages[0]
    room = 22 - sum("甲" in line for line in first.splitlines())  # 22 lines a page
    on_first = "小节标题" in first
    if on_first:
        under = first.split("小节标题", 1)[1]
        assert sum("乙" in line for line in under.splitlines()) >= 2  # never a heading alone
    if room >= 4:  # a line above the heading, the heading and two lines of the paragraph
        assert on_first, (lines_before, room)


def _table_after_a_paragraph(lines_before: int, rows: int) -> b.Document:
    body = tuple((f"行{n}", f"{n}.0") for n in range(1, rows + 1))
    blocks: list[b.Block] = [
        b.Paragraph("甲" * (28 * lines_before - 6)),
        b.Table(("项目", "数值"), body, (3, 1), (False, True), caption="表题"),
    ]
    return b.Document("zh", b.Cover("题目", "", ""), "目录", blocks, front_matter=False)


def test_a_table_longer_than_a_page_starts_under_its_caption_where_it_is(tmp_path: Path) -> None:
    """A caption was kept with all of its table: a table of several pages went whole to the
    next page, leaving the English city's page 26 with the one word “below.”."""
    pages = pages_of(render_pdf(_table_after_a_paragraph(5, 80), resolve_fonts()), tmp_path)
    assert "表题" in pages[0] and "行1 " in pages[0]
    assert "行80" in pages[-1]


def test_a_table_that_fits_a_page_is_not_split_to_fill_one(tmp_path: Path) -> None:
    pages = pages_of(render_pdf(_table_after_a_paragraph(12, 20), resolve_fonts()), tmp_path)
    assert "表题" not in pages[0]
    assert "行1 " in pages[1] and "行20" in pages[1]


@pytest.mark.parametrize("before", range(16, 22))
@pytest.mark.parametrize("lines", [3, 5])
def test_a_paragraphs_last_line_never_starts_a_page_alone(
    before: int, lines: int, tmp_path: Path
) -> None:
    """reportlab let a paragraph's last line go alone to the next page: the English city's
    page 26 began with the one word “below.”."""
    blocks: list[b.Block] = [
        b.Paragraph("甲" * (28 * before - 20)),
        b.Paragraph("乙" * (28 * lines - 20)),
        b.Paragraph("丙" * 100),
    ]
    document = b.Document("zh", b.Cover("题目", "", ""), "目录", blocks, front_matter=False)
    pages = pages_of(render_pdf(document, resolve_fonts()), tmp_path)
    for page in pages:
        assert sum("乙" in line for line in page.splitlines()) != 1, page


@pytest.mark.parametrize("lines_before", range(14, 22))
@pytest.mark.parametrize("lines_under", [2, 3, 4, 5])
def test_a_heading_over_a_short_paragraph_is_never_left_alone(
    lines_before: int, lines_under: int, tmp_path: Path
) -> None:
    blocks: list[b.Block] = [
        b.Paragraph("甲" * (28 * lines_before - 6)),
        b.Heading(2, "（一）", "小节标题", in_contents=False),
        b.Paragraph("乙" * (28 * lines_under - 20)),
    ]
    document = b.Document("zh", b.Cover("题目", "", ""), "目录", blocks, front_matter=False)
    pages = pages_of(render_pdf(document, resolve_fonts()), tmp_path)
    page = page_with(pages, "小节标题")
    assert sum("乙" in line for line in page.split("小节标题", 1)[1].splitlines()) >= 2


def test_the_large_plan_is_laid_out(tmp_path: Path) -> None:
    """A measure's text filling the rest of a page to within 1e-13 pt was taken as too tall
    for its note yet laid out, and drawing it failed (“does not fit on a page”)."""
    from bench.large_plan import large_plan
    from exporters.document import build_document
    from forms.template import load_template

    plan = large_plan()
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    pdf = render_pdf(build_document(plan, template, "zh"), resolve_fonts())
    assert len(pages_of(pdf, tmp_path)) > 250
