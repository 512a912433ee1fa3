"""The Word file read back with python-docx's reader, independently of how it was written."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from exporters import blocks as b
from exporters.document import build_document
from exporters.docx import render_docx
from forms.plan import Plan, PlanStatus
from tests.exporters.conftest import LONG_PARAGRAPH, NASTY_TEXTS, demo_city_plan, template_of


def export(plan: Plan, lang: str = "zh") -> tuple[b.Document, WordDocument]:
    document = build_document(plan, template_of(plan), lang)
    data = render_docx(document)
    assert data[:2] == b"PK"
    return document, docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def city() -> tuple[b.Document, WordDocument]:
    """The demo city's document and its Word file, made once for the module (the tests given
    it only read them)."""
    return export(demo_city_plan())


def heading_paragraphs(word: WordDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def all_texts(word: WordDocument) -> list[str]:
    """Every paragraph's and every table cell's text."""
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def instructions(word: WordDocument) -> list[str]:
    return [el.text or "" for el in word.element.body.iter(qn("w:instrText"))]


def test_every_heading_is_a_builtin_heading_style_in_order(city) -> None:
    document, word = city
    expected = [(f"Heading {h.level}", h.full_text) for h in document.headings()]
    assert heading_paragraphs(word) == expected
    assert ("Heading 1", "一、基本情况与工作基础") in expected
    assert ("Heading 2", "（一）经济社会") in expected


def test_headings_are_not_bold_and_black_in_the_official_fonts(city) -> None:
    _, word = city
    for level, font in ((1, "黑体"), (2, "楷体"), (3, "仿宋"), (4, "仿宋")):
        style = word.styles[f"Heading {level}"]
        fonts = style.element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None
        assert style.font.bold is False
        assert str(style.font.color.rgb) == "000000"
        assert style.font.size.pt == 16
    title = word.styles["Title"]
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.font.size.pt == 22


def test_normal_style_is_fangsong_16_on_an_exact_line(city) -> None:
    _, word = city
    normal = word.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert fonts.get(qn("w:ascii")) == "仿宋"
    assert fonts.get(qn("w:hAnsi")) == "仿宋"
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)


def test_every_paragraph_is_in_the_document(city) -> None:
    document, word = city
    texts = {p.text for p in word.paragraphs}
    paragraphs = [block for block in document.blocks if isinstance(block, b.Paragraph)]
    assert paragraphs
    for block in paragraphs:
        assert block.text in texts, block.text


def test_indented_paragraphs_are_justified_with_a_two_character_indent(city) -> None:
    document, word = city
    by_text = {p.text: p for p in word.paragraphs}
    block = next(
        x for x in document.blocks if isinstance(x, b.Paragraph) and x.indent and not x.note
    )
    paragraph = by_text[block.text]
    first_line = paragraph.paragraph_format.first_line_indent or (
        paragraph.style.paragraph_format.first_line_indent
    )
    assert first_line.pt == pytest.approx(32, abs=0.5)
    assert paragraph.style.base_style.name == "Normal"
    assert str(word.styles["Normal"].paragraph_format.alignment).startswith("JUSTIFY")


def test_every_table_reads_back_cell_by_cell(city) -> None:
    document, word = city
    tables = [
        x.as_table("zh") if isinstance(x, b.LineChart) else x
        for x in document.blocks
        if isinstance(x, b.Table | b.BarChart | b.LineChart)
    ]
    assert len(word.tables) == len(tables)
    for block, table in zip(tables, word.tables, strict=True):
        cells = table_texts(table)
        if isinstance(block, b.Table):
            assert cells[0] == list(block.header)
            assert cells[1:] == [list(row) for row in block.rows]
        else:  # a chart becomes a two-column table of its figures
            assert [row[0] for row in cells[1:]] == list(block.labels)
            values = [float(row[1].replace(",", "")) for row in cells[1:]]
            assert values == pytest.approx(list(block.values))
            assert not any("," in row[1] for row in cells[1:])  # no thousands separators
    captions = {p.text for p in word.paragraphs}
    for block in tables:
        title = block.caption if isinstance(block, b.Table) else block.title
        if title:
            assert title in captions


def test_table_header_rows_repeat_and_are_shaded(city) -> None:
    _, word = city
    assert word.tables
    for table in word.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
            for row in table.rows[1:]
        )
        shading = first.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:shd')}")
        assert shading is not None and shading.get(qn("w:fill")) not in (None, "auto", "FFFFFF")


def test_numeric_columns_are_right_aligned_and_totals_bold(city) -> None:
    document, word = city
    tables = [x for x in document.blocks if isinstance(x, b.Table | b.BarChart | b.LineChart)]
    projects = next(
        (block, table)
        for block, table in zip(tables, word.tables, strict=True)
        if isinstance(block, b.Table) and block.total_rows and "项目" in block.caption
    )
    block, table = projects
    column = next(c for c in range(len(block.header)) if block.is_numeric(c))
    cell = table.rows[1].cells[column]
    assert str(cell.paragraphs[0].alignment).startswith("RIGHT")
    total = table.rows[-1].cells[1].paragraphs[0]
    assert total.runs and all(run.bold for run in total.runs)


def test_page_is_a4_with_official_margins(city) -> None:
    _, word = city
    assert len(word.sections) == 2  # cover and contents, then the numbered body
    for section in word.sections:
        assert section.page_width.mm == pytest.approx(210, abs=0.5)
        assert section.page_height.mm == pytest.approx(297, abs=0.5)
        assert section.top_margin.mm == pytest.approx(37, abs=0.5)
        assert section.left_margin.mm == pytest.approx(28, abs=0.5)
        assert section.right_margin.mm == pytest.approx(26, abs=0.5)
        assert section.bottom_margin.mm == pytest.approx(35, abs=0.5)


def test_settings_update_fields_and_even_odd_footers(city) -> None:
    _, word = city
    settings = word.settings.element
    update = settings.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    assert word.settings.odd_and_even_pages_header_footer


def test_contents_entries_link_to_their_headings_with_a_page_field(city) -> None:
    document, word = city
    texts = [p.text for p in word.paragraphs]
    assert document.contents_title in texts
    # The entries list the chapters, before the body repeats them as headings.
    first_heading = document.headings()[0].full_text
    assert f"{first_heading}\t" in texts and first_heading in texts
    body = word.element.body
    bookmarks = {el.get(qn("w:name")) for el in body.iter(qn("w:bookmarkStart"))}
    pages = [text.split()[1] for text in instructions(word) if text.split()[:1] == ["PAGEREF"]]
    listed = [h for h in document.headings() if h.in_contents and h.level <= 2]
    assert len(pages) == len(listed) and set(pages) <= bookmarks


def test_page_numbers_start_at_one_in_the_body_only(city) -> None:
    _, word = city
    front, body = word.sections
    assert front._sectPr.find(qn("w:footerReference")) is None
    number_type = body._sectPr.find(qn("w:pgNumType"))
    assert number_type is not None and number_type.get(qn("w:start")) == "1"
    for footer, alignment in ((body.footer, "RIGHT"), (body.even_page_footer, "LEFT")):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("—") and paragraph.text.endswith("—")
        assert str(paragraph.alignment).startswith(alignment)
        fields = [el.text for el in footer._element.iter(qn("w:instrText"))]
        assert any(text.strip() == "PAGE" for text in fields)
    footer_style = word.styles["Footer"]
    assert footer_style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert footer_style.font.size.pt == 14


def test_core_properties(city) -> None:
    document, word = city
    properties = word.core_properties
    assert properties.title == document.cover.title
    assert properties.author == document.author
    assert properties.subject == document.subject
    assert properties.language == "zh-CN"


def test_english_build_has_english_headings(demo_city: Plan) -> None:
    document, word = export(demo_city, "en")
    headings = heading_paragraphs(word)
    assert headings == [(f"Heading {h.level}", h.full_text) for h in document.headings()]
    assert headings[0][1] == "1. Base situation and work foundation"
    assert not any("基本情况" in text for _, text in headings)
    assert word.core_properties.language == "en"
    assert document.contents_title in {p.text for p in word.paragraphs}


def test_hostile_text_reads_back_literally(nasty_plan: Plan) -> None:
    _, word = export(nasty_plan)
    texts = all_texts(word)
    joined = "\n".join(texts)
    for text in NASTY_TEXTS:
        assert text in joined, text
    assert LONG_PARAGRAPH in {p.text for p in word.paragraphs}
    assert LONG_PARAGRAPH in texts[len(word.paragraphs) :]  # a project's content cell
    assert "<i>总体要求</i> & “要求”" in joined
    # Nothing was read as markup: the tag is text, not bold formatting.
    assert not any(
        run.bold for p in word.paragraphs if "<b>不是粗体</b>" in p.text for run in p.runs
    )
    project_table = next(t for t in word.tables if len(t.rows) > 300)
    assert len(project_table.rows) == 1 + 300 + 1  # header, projects, total


def test_control_characters_are_replaced_not_fatal(demo_city: Plan) -> None:
    demo_city.chapters[0].text = "控制\x01字符\x08与\ufffe结束"
    _, word = export(demo_city)
    assert "控制\ufffd字符\ufffd与\ufffd结束" in {p.text for p in word.paragraphs}


def mark_texts(word: WordDocument) -> str:
    texts = [p.text for p in word.paragraphs]
    for section in word.sections:
        for header in (section.header, section.even_page_header):
            if not header.is_linked_to_previous:
                texts.extend(p.text for p in header.paragraphs)
    return "\n".join(texts)


def test_the_draft_mark_follows_the_status(demo_city: Plan) -> None:
    demo_city.meta.status = PlanStatus.DRAFT
    document, word = export(demo_city)
    assert document.cover.mark == "草稿"
    assert "草稿" in [p.text for p in word.paragraphs[:3]]  # top of the cover
    assert "草稿" in mark_texts(word)
    demo_city.meta.status = PlanStatus.SUBMITTED
    document, word = export(demo_city)
    assert document.cover.mark == ""
    assert "草稿" not in mark_texts(word)


def test_headings_typed_in_the_text_are_in_the_contents_as_generated_ones_are(city) -> None:
    """The contents listed the generated sub-headings (二、's （一）经济社会) but not the typed
    ones (三、's （一）指导思想): some chapters had their sub-headings listed, others none."""
    _document, word = city
    texts = [p.text for p in word.paragraphs]
    for heading in ("（一）指导思想", "（一）经济社会"):
        entry = next(p for p in word.paragraphs if p.text == f"{heading}\t")
        assert entry.style.name == "toc 2"
        body = next(p for p in word.paragraphs if p.text == heading)
        assert body.style.name == "Heading 2"
        assert body._p.pPr.find(qn("w:outlineLvl")) is None
        assert body._p.find(qn("w:bookmarkStart")) is not None
    assert texts.index("（三）试点定位\t") < texts.index("四、主要目标\t")


def test_the_assumptions_table_and_the_cited_factor_are_in_word(demo_city: Plan) -> None:
    from forms.trajectory import assumptions

    _document, word = export(demo_city)
    tables = [table_texts(t) for t in word.tables]
    table = next(t for t in tables if t[0] == ["项目", "假设"])
    expected = [[a.item, a.value] for a in assumptions(demo_city, template_of(demo_city))]
    assert table[1:] == expected
    account = next(t for t in tables if t[0][0] == "能源品种")
    electricity = next(r for r in account if r[0].startswith("调入电力"))
    assert "0.6451 千克二氧化碳/千瓦时" in electricity and "公告2024年第12号" in electricity[-1]
    series = next(t for t in tables if t[0][:2] == ["年份", "地区生产总值（亿元）"])
    assert series[0][-2:] == ["碳汇（万吨）", "净排放（政策情景，万吨）"]


def test_the_english_file_names_the_templates_departments_in_english(demo_city: Plan) -> None:
    """The English demo city read "Lead department: 市发展改革委（市能源局）" and "市科技局、
    市工业和信息化局": the template's departments now have their English names, one by one; a
    department the template does not know stays as typed."""
    demo_city.measures[0].department = "市科技局、市工业和信息化局"
    demo_city.measures[1].department = "云岚市碳中和研究院"  # typed by the user
    _, word = export(demo_city, "en")
    notes = [p.text for p in word.paragraphs if p.text.startswith("Lead department:")]
    assert notes[0].startswith(
        "Lead department: Municipal science and technology bureau, "
        "Municipal industry and information technology bureau"
    ), notes[0]
    assert notes[1].startswith("Lead department: 云岚市碳中和研究院"), notes[1]
    assert "Lead department: Municipal DRC (municipal energy bureau)" in " ".join(notes)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    indicators = next(t for t in tables if t[0][-1] == "Responsible")
    assert [r[-1] for r in indicators[1:] if re.search(r"[\u4e00-\u9fff]", r[-1])] == []
    schedule = next(t for t in tables if t[0][0] == "When")
    assert [r[-1] for r in schedule[1:] if re.search(r"[\u4e00-\u9fff]", r[-1])] == []
    _, chinese = export(demo_city, "zh")
    assert "牵头单位：市科技局、市工业和信息化局" in "\n".join(p.text for p in chinese.paragraphs)
