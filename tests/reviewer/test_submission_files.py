"""What a provincial reviewer checks first in a submission, read back from the exported PDF,
Word file and workbook of the demo city and the demo park (not from the document model)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from forms.qualifiers import Qualifier
from forms.template import load_template
from tests.reviewer.conftest import Exported

# A year that dates the peak: "2028年前达到峰值", "于2028年达到峰值", "2030年左右达峰",
# "峰值：2028年", "方案达峰年 2028", "达峰年份为2028年" — but not "到2035年仍未达峰".
_YEAR_THEN_PEAK = re.compile(
    r"((?:19|20)\d{2})\s*年[^，,。；;（）()\n未不]{0,10}?(?:碳达峰|达峰|达到峰值|峰值)"
    r"(?!试点|行动|碳中和|工作|专项|领导|负荷)"
)
_LABELLED_PEAK = re.compile(r"(?:峰值[：:]\s*|达峰年\s*|达峰年份为)((?:19|20)\d{2})")
_GROUPED = re.compile(r"\d,\d{3}(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UUID = re.compile(r"\b[0-9a-f]{32}\b")
_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")
_HEADING_NUMBER = re.compile(
    r"^([（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．])"
)


def peak_years(text: str) -> set[int]:
    return {int(y) for p in (_YEAR_THEN_PEAK, _LABELLED_PEAK) for y in p.findall(text)}


def _workbook_texts(exported: Exported) -> list[str]:
    return [
        cell.value
        for ws in exported.workbook
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


# -- one peak story ----------------------------------------------------------------------------


def test_one_peak_year_in_the_pdf(exported: Exported) -> None:
    declared = int(exported.plan.meta.declared_peak_year)
    assert peak_years(exported.pdf_flat) == {declared}


def test_one_peak_year_in_the_word_file(exported: Exported) -> None:
    declared = int(exported.plan.meta.declared_peak_year)
    assert peak_years(exported.word_text().replace("\n", "")) == {declared}


def test_one_peak_year_in_the_workbook_with_a_labelled_cell(exported: Exported) -> None:
    declared = int(exported.plan.meta.declared_peak_year)
    info = exported.workbook.worksheets[0]
    cells = {row[0].value: row[1].value for row in info.iter_rows(min_row=2) if row[0].value}
    assert cells["达峰年份"] == declared
    assert str(cells["峰值（万吨二氧化碳）"]) == exported.plan.meta.declared_peak_value
    years = set().union(*(peak_years(text) for text in _workbook_texts(exported)))
    assert years == {declared}


def test_the_requirements_targets_and_trajectory_each_state_the_peak(exported: Exported) -> None:
    flat = exported.pdf_flat
    year = exported.plan.meta.declared_peak_year
    statement = f"二氧化碳排放总量在{year}年前达到峰值"
    assert flat.count(statement) >= 2  # overall requirements and targets
    assert f"方案确定的达峰年份为{year}年" in flat  # the trajectory
    assert f"预计于{year}年达到峰值" in flat  # and the projection agrees


def test_qualifiers_are_kept_with_their_numbers(exported: Exported) -> None:
    """A target typed "20左右" or "18以下" is never printed as a bare "20" or "18"."""
    words = {
        Qualifier.ABOUT: ("左右",),
        Qualifier.AT_LEAST: ("以上",),
        Qualifier.AT_MOST: ("以内", "以下"),
    }
    qualified = [
        value.qualifier
        for row in exported.plan.indicators
        for target in (row.target_2025, row.target_2030)
        for value in (target.basic, target.stretch)
        if value.qualifier in words
    ]
    assert qualified, "the demo has a qualified target"
    statements = "".join(
        p.text
        for p in exported.word_paragraphs()
        if p.text.startswith(("到2025年，", "到2030年，"))
    )
    for qualifier in set(qualified):
        assert any(word in statements for word in words[qualifier]), qualifier
    assert re.search(r"非化石能源占能源消费总量比重达到\d+%左右", statements)  # city and park


# -- numbers -------------------------------------------------------------------------------------


def test_no_thousands_separators_in_sentences(exported: Exported) -> None:
    pdf_lines = [line for line in exported.pdf_text.splitlines() if _CJK.search(line)]
    word_lines = [p.text for p in exported.word_paragraphs()]
    offending = [line for line in pdf_lines + word_lines if _GROUPED.search(line)]
    assert offending == []


def test_one_number_of_decimals_per_table_column(exported: Exported) -> None:
    checked = 0
    for table in exported.word.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        header, body = rows[0], rows[1:]
        if any("单位" in h for h in header):  # a unit column: each row keeps its own precision
            continue
        for column in range(len(header)):
            decimals = {
                len(m.group(1) or "")
                for row in body
                if (m := _NUMBER.match(row[column].replace("—", "")))
            }
            assert len(decimals) <= 1, (header[column], decimals)
            checked += bool(decimals)
    assert checked >= 3


def test_units_are_in_the_headers_of_figure_tables(exported: Exported) -> None:
    headers = [[c.text for c in t.rows[0].cells] for t in exported.word.tables]
    trajectory = next(h for h in headers if h[0] == "年份")
    assert all("（" in h for h in trajectory[1:])  # 地区生产总值（亿元）…


# -- title, cover, headings ------------------------------------------------------------------


def test_the_title_and_the_batch_on_the_cover(exported: Exported) -> None:
    name = exported.plan.meta.name  # 云岚市（示例）: its brackets are the inner pair, 〔〕
    title = f"国家碳达峰试点（{name.replace('（', '〔').replace('）', '〕')}）实施方案"
    cover = exported.pdf_pages[0].replace(" ", "")
    assert title in cover.replace("\n", "")
    assert "第一批" in cover and "第1批" not in cover
    assert "草稿" in cover  # the draft status
    word_title = next(p.text for p in exported.word_paragraphs() if p.style.name == "Title")
    assert word_title == title
    assert exported.workbook.properties.subject == title
    assert "第一批" in exported.word_text()
    for text in (cover.replace("\n", ""), word_title, exported.workbook.properties.subject):
        assert not re.search(r"（[^）]*（", text), text  # no brackets nested in brackets


def test_the_english_title(exported_en: Exported) -> None:
    name = exported_en.plan.meta.name.replace("（", "[").replace("）", "]")
    word_title = next(p.text for p in exported_en.word_paragraphs() if p.style.name == "Title")
    assert word_title == f"National Carbon Peaking Pilot ({name}) Implementation Plan"
    assert "（" not in word_title


def test_no_heading_repeats_its_chapter(exported: Exported) -> None:
    chapter = ""
    for paragraph in exported.word_paragraphs():
        style = paragraph.style.name
        if not style.startswith("Heading "):
            continue
        text = _HEADING_NUMBER.sub("", paragraph.text).strip()
        if style == "Heading 1":
            chapter = text
        else:
            assert text != chapter, paragraph.text
    assert not re.search(r"[一二三四五六七八九十]、主要目标（一）主要目标", exported.pdf_flat)


def test_no_placeholder_doubled(exported: Exported) -> None:
    for text in (exported.pdf_flat, exported.word_text(), *_workbook_texts(exported)):
        assert text.count("名称待核实") <= 1
    template = load_template("annex2-2023", exported.plan.meta.pilot_type.value)
    assert not [p.name_zh for p in template.pilots if "待核实" in p.name_zh + p.name_en]


# -- no internal ids -------------------------------------------------------------------------


def test_no_internal_ids_in_the_word_file(exported: Exported, tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    exported.word.save(str(path))
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                assert not _UUID.search(archive.read(name).decode("utf-8", "replace")), name


def test_no_internal_ids_in_visible_workbook_cells(exported: Exported) -> None:
    shown = 0
    for ws in exported.workbook:
        if ws.sheet_state != "visible":
            continue
        hidden_columns = {k for k, d in ws.column_dimensions.items() if d.hidden}
        hidden_rows = {k for k, d in ws.row_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if cell.column_letter in hidden_columns or cell.row in hidden_rows:
                    continue
                if isinstance(cell.value, str):
                    shown += 1
                    assert not _UUID.search(cell.value), (ws.title, cell.coordinate)
    assert shown > 100


# -- English ---------------------------------------------------------------------------------

_TEN_THOUSANDS = re.compile(r"\b10k t|\b10,000 t|\b\d{5,}(?:\.\d+)? (?:t|tce)\b")


def test_english_sentences_write_amounts_as_english_does(exported_en: Exported) -> None:
    """“at about 42.85 million t”, “save 1.16 million tce”, “68,000 t of carbon sinks” — not
    “4285 10k t” (万吨 word for word) nor “1159500 tce”; tables keep their unit headers."""
    sentences = [p.text for p in exported_en.word_paragraphs() if p.text.endswith(".")]
    assert any("million t" in s for s in sentences)
    assert [s for s in sentences if _TEN_THOUSANDS.search(s)] == []


def test_english_units_of_ten_thousand_tonnes_are_written_one_way(exported_en: Exported) -> None:
    """The base-data tables said “10,000 tce” and “10,000 tCO2”, the account, the trajectory
    and the headers beside them “10k tce” and “10k t”."""
    text = exported_en.word_text()
    assert "10k tce" in text and "10,000 tce" not in text and "10,000 tCO2" not in text


def test_english_periods_and_percentages_are_written_the_english_way(
    exported_en: Exported,
) -> None:
    """The project table's periods were “2023—2028” (the Chinese dash) and the assumptions
    “growth 6.0 % a year” beside “fall by 14.6%” in the text."""
    text = exported_en.word_text()
    assert "2023–2028" in text and "2023—2028" not in text
    assert " % a year" not in text and "6.0% a year" in text
