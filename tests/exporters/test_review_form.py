"""The demo plans read back as a provincial reviewer reads them: punctuation at line ends,
units, dates and precision written the way an official document writes them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from reportlab.lib import textsplit

from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.reportlab_fixes import CANNOT_START
from forms.plan import Plan
from forms.values import chinese_date
from tests.exporters.conftest import demo_city_plan, demo_park_plan, template_of
from tests.exporters.test_docx import all_texts

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed (make test does it)"
)


class Read:
    """A demo plan's PDF and Word file as the reviewer reads them, each made once (these
    tests only read them): the PDF through poppler's pdftotext (``mode``: -layout, -raw,
    -bbox), the Word file's texts."""

    def __init__(self, plan: Plan, folder: Path) -> None:
        self.plan, self.folder = plan, folder
        self._pdfs: dict[str, Path] = {}
        self._texts: dict[tuple[str, str], str] = {}
        self._word: dict[str, list[str]] = {}

    def pdftotext(self, lang: str = "zh", mode: str = "-layout") -> str:
        if lang not in self._pdfs:
            document = build_document(self.plan, template_of(self.plan), lang)
            path = self.folder / f"{self.plan.meta.pilot_type.value}-{lang}.pdf"
            path.write_bytes(render_pdf(document, resolve_fonts()))
            self._pdfs[lang] = path
        if (lang, mode) not in self._texts:
            self._texts[lang, mode] = subprocess.run(
                ["pdftotext", mode, str(self._pdfs[lang]), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        return self._texts[lang, mode]

    def pdf_lines(self, lang: str = "zh", mode: str = "-layout") -> list[str]:
        text = self.pdftotext(lang, mode)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def pdf_text(self, lang: str = "zh") -> str:
        """The PDF's text in drawing order without any whitespace: a table cell's lines read
        as one."""
        return "".join("".join(self.pdf_lines(lang, "-raw")).split())

    def word_texts(self, lang: str = "zh") -> list[str]:
        if lang not in self._word:
            document = build_document(self.plan, template_of(self.plan), lang)
            self._word[lang] = all_texts(docx.Document(io.BytesIO(render_docx(document))))
        return list(self._word[lang])


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Read]:
    """``read("demo_city")``, ``read("demo_park")``: the plan's files, made for the module's
    first test that reads them."""
    made: dict[str, Read] = {}
    plans = {"demo_city": demo_city_plan, "demo_park": demo_park_plan}

    def read(which: str) -> Read:
        if which not in made:
            made[which] = Read(plans[which](), tmp_path_factory.mktemp(which))
        return made[which]

    return read


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_no_body_line_begins_with_a_closing_mark_or_ends_with_an_opening_one(
    which: str, read: Callable[[str], Read]
) -> None:
    """The park's page 18 had a line “，2025年完成30家企业改造…” under “…集中再生“绿岛””,
    and the city's page 3 a line ending “…排放总量按“”."""
    lines = read(which).pdf_lines()
    closing = set(CANNOT_START) - set("%‰℃·")  # (a per cent sign starts a table cell)
    starting = [line for line in lines if line[0] in closing]
    ending = [line for line in lines if line[-1] in textsplit.ALL_CANNOT_END]
    assert not starting, starting[:3]
    assert not ending, ending[:3]


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_the_chinese_documents_write_carbon_dioxide_out_as_every_other_unit_does(
    which: str, read: Callable[[str], Read]
) -> None:
    """The key-project table's header said “年减排量（吨CO₂）” where every other table, the
    base data and the department workbook write 吨二氧化碳 / 万吨二氧化碳."""
    pdf, word = read(which).pdf_text(), read(which).word_texts()
    assert "年减排量（吨二氧化碳）" in pdf
    assert "年减排量（吨二氧化碳）" in word
    for text in (pdf, *word):
        assert "CO₂" not in text and "CO2" not in text, text[:80]


def test_the_intensity_table_shows_every_figure_to_three_decimals(
    read: Callable[[str], Read],
) -> None:
    """The park's intensity table read 0.288, 0.63, 16.251, 2.192, 0.503 — one figure with
    two decimals in a column of three (official tables give a column one precision)."""
    lines = read("demo_park").pdf_lines()
    caption = next(
        n for n, line in enumerate(lines) if re.fullmatch(r"基准年（\d{4}年）主要强度指标", line)
    )
    rows = lines[caption + 2 : caption + 7]  # under the caption and the header
    figures = [line.split()[-2] for line in rows]
    assert len(figures) == 5 and all(re.fullmatch(r"\d+\.\d{3}", f) for f in figures), rows
    assert "0.630" in figures
    word = read("demo_park").word_texts()
    table = word.index("单位地区生产总值二氧化碳排放")
    assert word[table + 1] == "0.630"


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_the_chinese_documents_write_dates_as_official_documents_do(
    which: str, read: Callable[[str], Read]
) -> None:
    """The assumptions and the factor's citation read “重点项目清单截至2026-12-03” and
    “（生态环境部 国家统计局公告2024年第12号，2024-04-12）”: now 2026年12月3日, 2024年4月12日."""
    plan = read(which).plan
    pdf, word = read(which).pdf_text(), "".join(read(which).word_texts())
    listed = chinese_date(plan.meta.updated_at)
    for text in (pdf, word):
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), re.findall(r".{20}\d{4}-\d\d-\d\d", text)
        assert "公告2024年第12号，2024年4月12日" in text
        assert f"重点项目清单截至{listed}" in text
    assert re.fullmatch(r"20\d\d年1?\d月[1-3]?\d日", listed)


@pytest.mark.parametrize(
    ("which", "chapter", "typed"),
    [
        ("demo_city", "三、总体要求", ("（一）指导思想", "（二）工作原则", "（三）试点定位")),
        ("demo_city", "九、保障措施", ("（一）加强组织领导", "（五）加强宣传引导")),
        ("demo_park", "一、基本情况与工作基础", ("（一）发展概况", "（五）主要制约")),
    ],
)
def test_the_contents_lists_the_sub_headings_of_every_chapter(
    which: str, chapter: str, typed: tuple[str, ...], read: Callable[[str], Read]
) -> None:
    """The contents gave 二、四、五、七's sub-headings (generated) but none of 三、九 (typed in
    the chapter's text), as if those chapters had none; now each with its page."""
    lines = read(which).pdf_lines()
    body = next(n for n, line in enumerate(lines) if line == "— 1 —")
    contents = [re.sub(r"[ .]+(\d+)$", r" \1", line) for line in lines[:body]]
    at = next(n for n, line in enumerate(contents) if line.startswith(chapter))
    for heading in typed:
        entry = next(line for line in contents[at:] if line.startswith(heading))
        assert re.fullmatch(re.escape(heading) + r" \d+", entry), entry
    word = read(which).word_texts()
    assert all(f"{heading}\t" in word for heading in typed)


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_the_projects_chapter_states_its_totals_once(
    which: str, read: Callable[[str], Read]
) -> None:
    """The demo chapters' own text gave the projects' count, investment and savings, and the
    summary under it gave them again in other words (the park's “总投资约73.0亿元” above
    “总投资73亿元”, “13项” above “13个”): the figures are now said once, by the summary."""
    for text in (read(which).pdf_text(), "".join(read(which).word_texts())):
        body = text[text.rindex("六、重点工程和项目") :]
        before_table = body[: body.index("重点项目清单")]
        assert before_table.count("总投资") == 1, before_table
        assert before_table.count("减少二氧化碳排放") == 1, before_table
        assert "本方案共谋划重点项目13个" in before_table


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_the_document_does_not_speak_of_the_software(
    which: str, read: Callable[[str], Read]
) -> None:
    """A government's plan said its intensities were “由系统根据上述数据自动计算” and, under
    the table, “由基础数据自动计算”: the reader of a submitted plan knows of no system."""
    for text in (read(which).pdf_text(), "".join(read(which).word_texts())):
        assert "自动计算" not in text and "由系统" not in text
        assert "注：以上强度指标根据基础数据计算。" in text


def _word_heights(read: Read) -> list[tuple[float, str]]:
    """Each word's height in points, as poppler reads the PDF: the size it is set in."""
    html = read.pdftotext(mode="-bbox")
    found = re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', html)
    return [(float(m[2]) - float(m[1]), m[3]) for m in found]


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_no_table_cell_is_shrunk_to_type_too_small_to_read(
    which: str, read: Callable[[str], Read]
) -> None:
    """The project table's headers “年节能量（吨标准煤）”, “年减排量（吨二氧化碳）” and an owner
    “云岚节能服务有限公司（合同能源管理）” were set in 6 pt beside 9 pt cells, to keep the
    bracketed phrase on one line; the trajectory table's “净排放（政策情景，万吨）” in 6.7 pt.
    A bracketed phrase now breaks inside rather than shrink its cell by more than a fifth."""
    heights = _word_heights(read(which))
    smallest_table_size = 9.0
    small = [(round(h, 1), w) for h, w in heights if h < smallest_table_size * 0.8 - 0.05]
    assert not small, small[:6]
    words = "".join(w for _, w in heights)
    assert "（吨二氧" in words and "（吨标准" in words  # the headers broken, at full size


def test_english_project_owners_are_not_cut_inside_a_word(read: Callable[[str], Read]) -> None:
    """The English key-project table printed the owner “Municipal housing and urban-rural
    development bureau” in 6 pt and still cut it “urban-rur / al”, “developm / ent”: the
    owner column was narrower than the word."""
    lines = read("demo_city").pdf_lines("en", "-raw")
    table = lines[lines.index("Key projects") :]
    assert "development" in table and "urban-rural" in table
    assert not any(line in {"developm", "ent", "urban-rur", "al"} for line in table)


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_no_line_is_one_chinese_character_alone(which: str, read: Callable[[str], Read]) -> None:
    """Cells ended on a line of one character — “市发展改革 / 委”, “有限公 / 司”, “排放因 /
    子” (twelve in the city, eleven in the park) — and notes on “2024—2030 / 年”."""
    text = read(which).pdftotext()
    alone = [line for line in text.splitlines() if re.fullmatch(r"\s*[\u4e00-\u9fff]\s*", line)]
    assert not alone, alone


@pytest.mark.parametrize("which", ["demo_city", "demo_park"])
def test_no_contents_page_holds_a_lone_entry(which: str, read: Callable[[str], Read]) -> None:
    """The park's contents (47 entries, with the typed sub-headings) ran onto a third page
    holding only “附表：数据来源 …… 30”; a contents line is now 0.85 of a body line."""
    text = read(which).pdftotext()
    pages = text.split("\f")
    body = next(n for n, page in enumerate(pages) if "— 1 —" in page)
    for page in pages[1:body]:
        entries = [line for line in page.splitlines() if re.search(r"\.{3,}\s*\d+\s*$", line)]
        entries += [line for line in page.splitlines() if re.search(r"(\. ){3,}.*\d+\s*$", line)]
        assert len(entries) >= 3, page
