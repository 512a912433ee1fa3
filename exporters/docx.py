"""The document as a Word file (.docx) laid out after GB/T 9704, with python-docx.

A4; top margin 37 mm, left (binding) margin 28 mm, right 26 mm, bottom 35 mm (text block
156 × 225 mm); body 仿宋 16 pt on an exact 28.95 pt line (22 lines a page); title 方正小标宋简体
22 pt; headings in the built-in styles "Heading 1".."Heading 4" (黑体, 楷体, 仿宋, 仿宋), so
Word's navigation pane and contents work; page numbers "— n —" in 宋体 14 pt, right on odd
and left on even pages, starting at 1 on the first body page.

Fonts are named, not embedded: Word and WPS resolve them on the reader's machine.  They are
set on the styles (Latin and East Asian slots), never per run.  The body is written as XML
elements directly: python-docx's table API walks the table for every cell it is asked for.
Every text goes in as a plain run, so nothing a user types is read as markup.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Mm
from docx.styles.style import BaseStyle
from docx.styles.styles import Styles
from lxml import etree

from exporters import blocks as b
from exporters.labels import label
from exporters.text import xml_safe
from forms.values import format_number

# -- page and type (twips: 1/20 pt; half-points for font sizes) ----------------------------------

TOP_MM, LEFT_MM, RIGHT_MM, BOTTOM_MM = 37, 28, 26, 35
BLOCK_WIDTH = round(156 * 1440 / 25.4)  # 8844 twips
LINE = 579  # 28.95 pt, exact: 22 lines in the 225 mm text block
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
NUMBER_PT = 14.0  # 4号
NOTE_PT = 14.0
TABLE_PT = 10.5  # 5号
TABLE_PT_WIDE = 9.0  # tables of seven columns or more
INDENT = 640  # two characters of the body size
RED = "C00000"
GREY = "404040"
HEADER_FILL = "E6E6E6"

FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = "仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"
# Latin letters in English documents: CJK fonts' own Latin glyphs look typewritten.
_LATIN_EN = {
    FANGSONG: "Times New Roman",
    KAITI: "Times New Roman",
    XIAOBIAOSONG: "Times New Roman",
    HEITI: "Arial",
    SONGTI: "Times New Roman",
}

_ALIGN = {b.Align.JUSTIFY: None, b.Align.CENTER: "center", b.Align.RIGHT: "right"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Qualified names, built once: the body has tens of thousands of elements.
_W_P, _W_PPR, _W_R, _W_RPR, _W_T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")
_W_PSTYLE, _W_JC, _W_VAL, _W_BR, _W_TAB = (
    qn("w:pStyle"),
    qn("w:jc"),
    qn("w:val"),
    qn("w:br"),
    qn("w:tab"),
)
_W_TC, _W_TCPR, _W_TCW, _W_TR, _W_TRPR = (
    qn("w:tc"),
    qn("w:tcPr"),
    qn("w:tcW"),
    qn("w:tr"),
    qn("w:trPr"),
)
_W_W, _W_TYPE, _W_SHD, _W_VALIGN = qn("w:w"), qn("w:type"), qn("w:shd"), qn("w:vAlign")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Schema order of the children of <w:pPr> and <w:settings> that are written here.
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _el(tag: str, parent: etree._Element | None = None, **attrs: object) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes (``space`` is xml:space)."""
    attrib = {
        (_XML_SPACE if key == "space" else qn(f"w:{key}")): str(value)
        for key, value in attrs.items()
    }
    if parent is None:
        return OxmlElement(f"w:{tag}", attrs=attrib)
    return etree.SubElement(parent, qn(f"w:{tag}"), attrib)


def _add_text(run: etree._Element, text: str) -> None:
    """Plain text into a run: line breaks become <w:br/>, tabs <w:tab/>; never markup."""
    for n, line in enumerate(_LINE_BREAK.split(text)):
        if n:
            etree.SubElement(run, _W_BR)
        for m, part in enumerate(line.split("\t")):
            if m:
                etree.SubElement(run, _W_TAB)
            if part:
                t = etree.SubElement(run, _W_T, {_XML_SPACE: "preserve"})
                t.text = part


def _paragraph(
    style: str,
    text: str = "",
    *,
    jc: str | None = None,
    break_before: bool = False,
    run_props: etree._Element | None = None,
    parent: etree._Element | None = None,
) -> etree._Element:
    p = OxmlElement("w:p") if parent is None else etree.SubElement(parent, _W_P)
    ppr = etree.SubElement(p, _W_PPR)
    etree.SubElement(ppr, _W_PSTYLE, {_W_VAL: style})
    if break_before:
        _el("pageBreakBefore", ppr)
    if jc:
        etree.SubElement(ppr, _W_JC, {_W_VAL: jc})
    if text:
        run = etree.SubElement(p, _W_R)
        if run_props is not None:
            run.append(deepcopy(run_props))
        _add_text(run, xml_safe(text))
    return p


def _field(parent: etree._Element, instruction: str, result: str = "") -> None:
    """A complex field (begin, instruction, separate, cached result, end) as runs."""
    _el("fldChar", _el("r", parent), fldCharType="begin", dirty="true")
    _el("instrText", _el("r", parent), space="preserve").text = instruction
    _el("fldChar", _el("r", parent), fldCharType="separate")
    if result:
        _add_text(_el("r", parent), result)
    _el("fldChar", _el("r", parent), fldCharType="end")


# -- styles --------------------------------------------------------------------------------------


def _rpr(
    font: str,
    size: float,
    lang: str,
    *,
    bold: bool | None = False,
    color: str | None = "000000",
    border: str | None = None,
) -> etree._Element:
    """Run properties naming ``font`` in the Latin and East Asian slots."""
    latin = _LATIN_EN.get(font, font) if lang == "en" else font
    rpr = _el("rPr")
    _el("rFonts", rpr, ascii=latin, hAnsi=latin, eastAsia=font)
    if bold is not None:
        _el("b", rpr, val=int(bold))
        _el("bCs", rpr, val=int(bold))
        _el("i", rpr, val=0)
        _el("iCs", rpr, val=0)
    if color:
        _el("color", rpr, val=color)
    _el("sz", rpr, val=round(size * 2))
    _el("szCs", rpr, val=round(size * 2))
    if border:
        _el("bdr", rpr, val="single", sz=12, space=2, color=border)
    return rpr


def _ppr(
    *,
    keep_next: bool = False,
    line: int | None = LINE,
    before: int = 0,
    after: int = 0,
    first_line: int | None = 0,
    left: int = 0,
    jc: str | None = None,
    outline: int | None = None,
    tabs: tuple[tuple[str, int, str], ...] = (),
) -> etree._Element:
    """Paragraph properties; ``line`` is an exact line height in twips, None for single."""
    ppr = _el("pPr")
    if keep_next:
        _el("keepNext", ppr)
        _el("keepLines", ppr)
    if tabs:
        tabs_el = _el("tabs", ppr)
        for kind, position, leader in tabs:
            _el("tab", tabs_el, val=kind, pos=position, leader=leader)
    # Said explicitly: without it LibreOffice drops a full-width comma or full stop that
    # falls at a line end when it converts the file to PDF (seen with 7.4).
    _el("overflowPunct", ppr, val=1)
    if line is None:
        _el("spacing", ppr, before=before, after=after, line=240, lineRule="auto")
    else:
        _el("spacing", ppr, before=before, after=after, line=line, lineRule="exact")
    if first_line is not None:
        _el("ind", ppr, left=left, firstLine=first_line)
    if jc:
        _el("jc", ppr, val=jc)
    if outline is not None:
        _el("outlineLvl", ppr, val=outline)
    return ppr


def _define(style: BaseStyle, ppr: etree._Element, rpr: etree._Element) -> str:
    """Replace a paragraph style's formatting; the style's id."""
    element = style.element
    for child in element.findall(qn("w:pPr")) + element.findall(qn("w:rPr")):
        element.remove(child)
    element.append(ppr)
    element.append(rpr)
    return style.style_id


class _Styles:
    """The styles of the document, defined once; attributes are style ids."""

    def __init__(self, word: WordDocument, lang: str) -> None:
        self._styles = word.styles
        _set_defaults(word.styles, lang)
        self._define_text(lang)
        self._define_front(lang)
        self._define_tables(lang)

    def _existing(self, name: str) -> BaseStyle:
        return self._styles[name]

    def _new(self, name: str) -> BaseStyle:
        style = self._styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self._styles["Normal"]
        return style

    def _define_text(self, lang: str) -> None:
        """Body text, notes and headings."""
        existing, new = self._existing, self._new
        self.normal = _define(
            existing("Normal"), _ppr(jc="both", first_line=None), _rpr(FANGSONG, BODY_PT, lang)
        )
        self.body = _define(
            new("Body Indent"), _ppr(first_line=INDENT), _rpr(FANGSONG, BODY_PT, lang)
        )
        self.note = _define(
            new("Note"),
            _ppr(line=round(LINE * 0.85), first_line=INDENT),
            _rpr(FANGSONG, NOTE_PT, lang, color=GREY),
        )
        heading_fonts = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
        self.headings = {
            level: _define(
                existing(f"Heading {level}"),
                _ppr(keep_next=True, first_line=INDENT, outline=level - 1),
                _rpr(font, BODY_PT, lang),
            )
            for level, font in heading_fonts.items()
        }

    def _define_front(self, lang: str) -> None:
        """Title, cover, draft mark and table of contents."""
        existing, new = self._existing, self._new
        title = existing("Title")
        _define(
            title,
            _ppr(line=round(TITLE_PT * 1.6 * 20), jc="center"),
            _rpr(XIAOBIAOSONG, TITLE_PT, lang),
        )
        self.title = title.style_id
        self.cover_line = _define(
            new("Cover Line"), _ppr(jc="center"), _rpr(FANGSONG, BODY_PT, lang)
        )
        self.mark = _define(
            new("Draft Mark"),
            _ppr(line=None, jc="right"),
            _rpr(HEITI, 18, lang, color=RED, border=RED),
        )
        self.contents_title = _define(
            new("Contents Title"),
            _ppr(after=LINE // 2, jc="center"),
            _rpr(HEITI, BODY_PT, lang),
        )
        leader = (("right", BLOCK_WIDTH, "dot"),)
        line = round(LINE * 0.85)  # as the PDF's contents
        self.toc = {
            1: _define(
                new("toc 1"), _ppr(line=line, tabs=leader, jc="left"), _rpr(HEITI, 14, lang)
            ),
            2: _define(
                new("toc 2"),
                _ppr(line=line, tabs=leader, left=560, jc="left"),
                _rpr(FANGSONG, 14, lang),
            ),
        }

    def _define_tables(self, lang: str) -> None:
        """Captions, cells, page header and footer."""
        existing, new = self._existing, self._new
        self.caption = _define(
            new("Table Caption"),
            _ppr(keep_next=True, line=400, before=120, jc="center"),
            _rpr(HEITI, 12, lang),
        )
        self.cells: dict[float, tuple[str, str]] = {}
        for size, suffix in ((TABLE_PT, ""), (TABLE_PT_WIDE, " Small")):
            self.cells[size] = (
                _define(
                    new(f"Table Text{suffix}"),
                    _ppr(line=None, jc="left"),
                    _rpr(FANGSONG, size, lang),
                ),
                _define(
                    new(f"Table Header{suffix}"),
                    _ppr(line=None, jc="center"),
                    _rpr(HEITI, size, lang, bold=True),
                ),
            )
        self.total_run = _rpr(HEITI, TABLE_PT, lang, bold=True, color=None)
        for child in self.total_run.findall(qn("w:sz")) + self.total_run.findall(qn("w:szCs")):
            self.total_run.remove(child)  # the size stays the cell style's
        self.footer = _define(existing("Footer"), _ppr(line=None), _rpr(SONGTI, NUMBER_PT, lang))
        self.header = _define(
            existing("Header"), _ppr(line=None, jc="right"), _rpr(HEITI, 10.5, lang, color=RED)
        )


def _set_defaults(styles: Styles, lang: str) -> None:
    """Document defaults: no theme fonts, which would win over the fonts named here."""
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None:
            for attr in _THEME_FONT_ATTRS:
                fonts.attrib.pop(qn(attr), None)
            latin = _LATIN_EN[FANGSONG] if lang == "en" else FANGSONG
            fonts.set(qn("w:ascii"), latin)
            fonts.set(qn("w:hAnsi"), latin)
            fonts.set(qn("w:eastAsia"), FANGSONG)
        language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if language is not None:
            # Latin text (digits too) in English: with zh-CN, LibreOffice broke numbers
            # across lines ("约3" ∣ "868.4万吨"); Chinese text stays zh-CN.
            language.set(qn("w:val"), "en-US")
            language.set(qn("w:eastAsia"), "zh-CN")


def _table_element(widths: list[int]) -> etree._Element:
    """An empty grid table of the given column widths (twips), fixed layout, thin borders."""
    tbl = _el("tbl")
    tblpr = _el("tblPr", tbl)
    _el("tblStyle", tblpr, val="TableGrid")
    _el("tblW", tblpr, w=BLOCK_WIDTH, type="dxa")
    _el("jc", tblpr, val="center")
    borders = _el("tblBorders", tblpr)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _el(side, borders, val="single", sz=4, space=0, color="000000")
    _el("tblLayout", tblpr, type="fixed")
    margins = _el("tblCellMar", tblpr)
    for side, twips in (("top", 29), ("left", 57), ("bottom", 29), ("right", 57)):
        _el(side, margins, w=twips, type="dxa")
    _el(
        "tblLook",
        tblpr,
        val="0020",
        firstRow=1,
        lastRow=0,
        firstColumn=0,
        lastColumn=0,
        noHBand=1,
        noVBand=1,
    )
    grid = _el("tblGrid", tbl)
    for w in widths:
        _el("gridCol", grid, w=w)
    return tbl


# -- the document --------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: b.Document, word: WordDocument) -> None:
        self.document = document
        self.lang = document.lang
        self.word = word
        self.styles = _Styles(word, document.lang)
        self.out: list[etree._Element] = []
        self.pending_break = False
        # Bookmarks of the headings the contents list, for their page numbers.
        self.bookmarks = {
            id(h): f"_Toc{n:09d}"
            for n, h in enumerate(document.headings(), 1)
            if h.in_contents and h.level <= 2
        }

    # -- front matter ---------------------------------------------------------------------------

    def cover(self) -> None:
        cover, s = self.document.cover, self.styles
        if cover.mark:
            self.out.append(_paragraph(s.mark, cover.mark))
        title = _paragraph(s.title, cover.title)
        _spacing_before(title, round(60 / 25.4 * 1440) if not cover.mark else 3000)
        self.out.append(title)
        for n, line in enumerate(cover.lines):
            p = _paragraph(s.cover_line, line)
            if n == 0:
                _spacing_before(p, round(30 / 25.4 * 1440))
            self.out.append(p)
        date = _paragraph(s.cover_line, cover.date)
        _spacing_before(date, round(40 / 25.4 * 1440))
        self.out.append(date)

    def contents(self) -> None:
        """The contents: the level 1–2 headings, each linked to a bookmark on its heading
        and followed by a PAGEREF field giving that heading's page.

        Not a TOC field: LibreOffice shows a TOC field's cached result as it is (so without
        page numbers when converting to PDF), while it lays out PAGEREF fields like Word and
        WPS, which update them on opening (``updateFields``).
        """
        s = self.styles
        self.out.append(
            _paragraph(s.contents_title, self.document.contents_title, break_before=True)
        )
        entries = [h for h in self.document.headings() if id(h) in self.bookmarks] or [None]
        paragraphs = [_paragraph(s.toc[1] if h is None else s.toc[h.level]) for h in entries]
        for p, heading in zip(paragraphs, entries, strict=True):
            if heading is None:
                continue
            bookmark = self.bookmarks[id(heading)]
            link = _el("hyperlink", p, anchor=bookmark, history=1)
            _add_text(_el("r", link), xml_safe(heading.full_text))
            _add_text(_el("r", link), "\t")
            _field(link, f" PAGEREF {bookmark} ")  # the heading's page, as laid out
        self.out.extend(paragraphs)

    # -- body -----------------------------------------------------------------------------------

    def _take_break(self) -> bool:
        pending, self.pending_break = self.pending_break, False
        return pending

    def block(self, block: b.Block) -> None:
        s = self.styles
        if isinstance(block, b.Heading):
            level = min(max(block.level, 1), 4)
            p = _paragraph(s.headings[level], block.full_text, break_before=self._take_break())
            if not block.in_contents and level <= 2:  # typed in the text: not in the contents
                _insert_ppr_child(p.find(_W_PPR), _el("outlineLvl", val="9"))
            bookmark = self.bookmarks.get(id(block))
            if bookmark is not None:
                number = str(int(bookmark.removeprefix("_Toc")))
                p.find(_W_PPR).addnext(_el("bookmarkStart", id=number, name=bookmark))
                _el("bookmarkEnd", p, id=number)
            self.out.append(p)
        elif isinstance(block, b.Paragraph):
            style = s.note if block.note else s.body if block.indent else s.normal
            self.out.append(
                _paragraph(
                    style, block.text, jc=_ALIGN[block.align], break_before=self._take_break()
                )
            )
        elif isinstance(block, b.Table):
            self.table(block)
        elif isinstance(block, b.BarChart):
            self.table(self.chart_table(block))
        elif isinstance(block, b.LineChart):  # Word gets the chart's numbers as a table
            self.table(block.as_table(self.lang))
        elif isinstance(block, b.PageBreak):
            if self.pending_break:  # two breaks in a row: an empty page
                p = _el("p")
                _el("br", _el("r", p), type="page")
                self.out.append(p)
            self.pending_break = True
        else:
            raise TypeError(f"unknown block {block!r}")

    def chart_table(self, chart: b.BarChart) -> b.Table:
        """python-docx draws no charts: the chart's figures as a two-column table."""
        value = label("col_value", self.lang)
        if chart.unit:
            value += f" ({chart.unit})" if self.lang == "en" else f"（{chart.unit}）"
        return b.Table(
            (label("col_item", self.lang), value),
            tuple(
                (name, format_number(number, chart.decimals, fixed=True))
                for name, number in zip(chart.labels, chart.values, strict=False)
            ),
            (3, 1),
            (False, True),
            caption=chart.title,
        )

    def table(self, table: b.Table) -> None:
        s = self.styles
        break_before = self._take_break()
        if table.caption:
            self.out.append(_paragraph(s.caption, table.caption, break_before=break_before))
        elif break_before:
            p = _el("p")
            _el("br", _el("r", p), type="page")
            self.out.append(p)
        columns = len(table.header)
        size = TABLE_PT_WIDE if columns >= 7 else TABLE_PT
        cell_style, head_style = s.cells[size]
        total = sum(table.widths) or 1.0
        widths = [round(w / total * BLOCK_WIDTH) for w in table.widths]
        widths[-1] += BLOCK_WIDTH - sum(widths)
        width_text = [str(w) for w in widths]
        aligns = ["right" if table.is_numeric(c) else None for c in range(columns)]

        tbl = _table_element(widths)

        def row(texts: tuple[str, ...], header: bool, bold: bool) -> None:
            tr = etree.SubElement(tbl, _W_TR)
            trpr = etree.SubElement(tr, _W_TRPR)
            if header or max(map(len, texts), default=0) <= 300:
                _el("cantSplit", trpr)  # a long row may still run across pages
            if header:
                _el("tblHeader", trpr)  # repeated at the top of every page
            for c, text in enumerate(texts):
                tc = etree.SubElement(tr, _W_TC)
                tcpr = etree.SubElement(tc, _W_TCPR)
                etree.SubElement(tcpr, _W_TCW, {_W_W: width_text[c], _W_TYPE: "dxa"})
                if header:
                    _el("shd", tcpr, val="clear", color="auto", fill=HEADER_FILL)
                etree.SubElement(tcpr, _W_VALIGN, {_W_VAL: "center"})
                style = head_style if header else cell_style
                jc = None if header else aligns[c]
                lines = _LINE_BREAK.split(text) if text else [""]
                for line in lines:
                    _paragraph(
                        style,
                        line,
                        jc=jc,
                        run_props=s.total_run if bold else None,
                        parent=tc,
                    )

        row(table.header, True, False)
        first_total = len(table.rows) - table.total_rows
        for r, texts in enumerate(table.rows):
            row(texts, False, r >= first_total)
        self.out.append(tbl)
        # Two tables in a row would merge into one: a small paragraph keeps them apart.
        spacer = _paragraph(s.normal)
        _spacing_line(spacer, LINE // 2)
        self.out.append(spacer)

    def body(self) -> None:
        for block in self.document.blocks:
            self.block(block)


def _spacing_before(p: etree._Element, twips: int) -> None:
    ppr = p.find(_W_PPR)
    spacing = _el("spacing", before=twips)
    _insert_ppr_child(ppr, spacing)


def _spacing_line(p: etree._Element, twips: int) -> None:
    ppr = p.find(_W_PPR)
    spacing = _el("spacing", before=0, after=0, line=twips, lineRule="exact")
    _insert_ppr_child(ppr, spacing)


def _insert_ppr_child(ppr: etree._Element, child: etree._Element) -> None:
    """Insert ``child`` into ``ppr`` at its place in the schema order."""
    order = _PPR_ORDER.index(etree.QName(child).localname)
    for n, existing in enumerate(ppr):
        if _PPR_ORDER.index(etree.QName(existing).localname) > order:
            ppr.insert(n, child)
            return
    ppr.append(child)


def _page_number(parent: etree._Element, style: str, odd: bool) -> None:
    """ "— n —" with a PAGE field, indented one character from the outer edge."""
    for child in list(parent):
        parent.remove(child)
    p = _el("p", parent)
    ppr = _el("pPr", p)
    _el("pStyle", ppr, val=style)
    if odd:
        _el("ind", ppr, right=round(NUMBER_PT * 20))
        _el("jc", ppr, val="right")
    else:
        _el("ind", ppr, left=round(NUMBER_PT * 20))
        _el("jc", ppr, val="left")
    _el("t", _el("r", p), space="preserve").text = "— "
    _field(p, " PAGE ", "1")
    _el("t", _el("r", p), space="preserve").text = " —"


def _mark_header(parent: etree._Element, style: str, mark: str) -> None:
    for child in list(parent):
        parent.remove(child)
    _paragraph(style, mark, parent=parent)


def _settings(word: WordDocument, lang: str) -> None:
    word.settings.odd_and_even_pages_header_footer = True
    settings = word.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = _el("updateFields")
        successor = next(
            (
                child
                for child in settings
                if etree.QName(child).localname in _SETTINGS_AFTER_UPDATE_FIELDS
            ),
            None,
        )
        if successor is None:
            settings.append(update)
        else:
            successor.addprevious(update)
    update.set(qn("w:val"), "true")
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US" if lang == "en" else "zh-CN")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


CORE_PROPERTY_LIMIT = 255  # characters: Word's (and python-docx's) limit for title, subject…


def _core_property(text: str) -> str:
    """``text`` for a core property, cut with an ellipsis at Word's limit (the document's own
    text keeps it whole)."""
    text = xml_safe(text)
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1] + "…"


def render_docx(document: b.Document) -> bytes:
    """The .docx bytes of ``document``: cover, contents (a TOC field), numbered body."""
    word = docx.Document()
    writer = _Writer(document, word)
    _settings(word, document.lang)

    body_section = word.sections[0]
    body_section.page_width, body_section.page_height = Mm(210), Mm(297)
    body_section.top_margin, body_section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    body_section.left_margin, body_section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    body_section.header_distance, body_section.footer_distance = Mm(20), Mm(21.5)
    body_section.gutter = Mm(0)
    # The cover and contents: the same page, no header or footer, no page numbers.
    front_sectpr = deepcopy(body_section._sectPr)

    # The body: numbered from 1, "— n —" outside on odd and even pages.
    sectpr = body_section._sectPr
    pg_num = _el("pgNumType", start=1, fmt="decimal")
    cols = sectpr.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(pg_num)
    else:
        sectpr.find(qn("w:pgMar")).addnext(pg_num)
    for footer, odd in ((body_section.footer, True), (body_section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _page_number(footer._element, writer.styles.footer, odd)
    if document.cover.mark:
        for header in (body_section.header, body_section.even_page_header):
            header.is_linked_to_previous = False
            _mark_header(header._element, writer.styles.header, document.cover.mark)

    writer.cover()
    writer.contents()
    # The section break: a paragraph one point high at the end of the contents.
    section_break = _paragraph(writer.styles.normal)
    _spacing_line(section_break, 20)
    section_break.find(_W_PPR).append(front_sectpr)
    writer.out.append(section_break)
    writer.body()

    for element in writer.out:
        sectpr.addprevious(element)

    properties = word.core_properties
    properties.title = _core_property(document.cover.title)
    properties.author = _core_property(document.author)
    properties.last_modified_by = _core_property(document.author)
    properties.subject = _core_property(document.subject)
    properties.comments = ""
    properties.language = "en" if document.lang == "en" else "zh-CN"

    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
