"""reportlab's paragraphs, made and drawn with fewer calls: the same text pieces, the same
operators.

Made: a paragraph of plain text (no tags, no entities: nearly every paragraph of a plan) is
one piece of text in the paragraph's style; reportlab runs its HTML parser to find that out.
Here the piece is made as its parser makes it (:func:`setup`), from the parser's own piece for
one letter in that style.

Drawn: reportlab draws each line through four layers of calls (the alignment's line function,
``_textOut``, ``_formatText``, ``splitString``), most of them checks that come out the same
for every line of a Chinese paragraph: one word, nothing to stretch, one font.  Here such
lines are written in one loop, exactly as those calls write them; any other line (words
spread to justify them, shaped text) and any other paragraph (bullets, backgrounds,
underlines, links, right-to-left, centred or right-aligned) is drawn by reportlab itself.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from exporters.pdf_text import lines_in

_draw_para = Paragraph.drawPara  # reportlab's own
_LINE_OF = {TA_LEFT: "_leftDrawParaLine", TA_JUSTIFY: "_justifyDrawParaLine"}


def _plain(paragraph_: Paragraph, debug: object) -> bool:
    """Whether reportlab would draw the paragraph as one run of text lines and nothing else."""
    style = paragraph_.style
    lines = paragraph_.blPara
    return (
        not debug
        and lines.kind == 0
        and bool(lines.lines)
        and style.alignment in _LINE_OF
        and style.wordWrap != "RTL"
        and not paragraph_.bulletText
        and not style.backColor
        and not (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
        and not (lines.us_lines or lines.link)
        and getFont(lines.fontName)._dynamicFont
        and "preformatted" not in type(paragraph_).__name__.lower()
    )


def draw_para(self: Paragraph, debug: object = 0) -> None:
    """``Paragraph.drawPara``, its plain lines written straight into the text object."""
    if not _plain(self, debug):
        _draw_para(self, debug)
        return
    canvas, style, blPara = self.canv, self.style, self.blPara
    lines = blPara.lines
    leading = style.leading
    auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
    offsets = getattr(self, "_offsets", [0])
    offsets += (len(lines) - len(offsets)) * [offsets[-1]]  # as reportlab extends them
    canvas.saveState()
    offset = style.firstLineIndent + offsets[0]
    last = len(lines) - 1
    no_justify_last = not getattr(self, "_JustifyLast", False)
    justify_last_words = style.justifyLastLine
    draw_line = getattr(paragraph, _LINE_OF[style.alignment])
    if rl_config.paraFontSizeHeightOffset:
        cur_y = self.height - blPara.fontSize
    else:
        cur_y = self.height - getattr(blPara, "ascent", blPara.fontSize)
    canvas.setFillColor(blPara.textColor)
    tx = self.beginText(style.leftIndent, cur_y)
    tx.preformatted = False
    tx.direction = style.wordWrap + "-handled" if style.wordWrap == "LTR" else style.wordWrap
    if auto_leading == "max":
        leading = max(leading, blPara.ascent - blPara.descent)
    elif auto_leading == "min":
        leading = blPara.ascent - blPara.descent
    tx.setFont(blPara.fontName, blPara.fontSize, leading)
    _write_lines(
        tx,
        lines,
        offsets,
        offset,
        draw_line,
        style.alignment == TA_JUSTIFY,
        (no_justify_last, last, justify_last_words),
    )
    canvas.drawText(tx)
    canvas.restoreState()


def _write_lines(tx, lines, offsets, first_offset, draw_line, justify, last_rule) -> None:
    """Each line as its alignment's line function writes it: a plain line (one word, or
    nothing to spread) straight, any other by that function."""
    no_justify_last, last, justify_last_words = last_rule
    canvas = tx._canvas
    code = tx._code
    written = lines_in(canvas._doc, getFont(tx._fontname), tx._fontsize, tx._leading)
    escape = escapePDF if type(canvas)._escape is Canvas._escape else canvas._escape
    current = tx._curSubset
    for i, (extraspace, words) in enumerate(lines):
        offset = first_offset if i == 0 else offsets[i]
        is_last = no_justify_last and i == last
        if is_last and justify_last_words and len(words) > justify_last_words:
            is_last = False
        text = words[0] if len(words) == 1 else " ".join(words)
        if justify:
            plain = -1e-8 < extraspace <= 1e-8 or (is_last and extraspace > -1e-8)
        else:
            plain = extraspace > -1e-8
        if type(text) is not str:
            plain = False
        elif not plain:
            plain = len(words) + text.count("\xa0") - 1 <= 0
        if not plain:
            tx._curSubset = current
            draw_line(tx, offset, extraspace, words, is_last)
            current = tx._curSubset
            continue
        if offset > 1e-6 or offset < -1e-6:
            tx.setXPos(offset)
        operators, current = written.show(text, current, escape)
        code.append(operators + " T*")
        if offset > 1e-6 or offset < -1e-6:
            tx.setXPos(-offset)
    tx._curSubset = current


_setup = Paragraph._setup  # reportlab's own
_templates: WeakKeyDictionary[ParagraphStyle, tuple[tuple[object, ...], dict[str, object]]]
_templates = WeakKeyDictionary()


def _template(style: ParagraphStyle) -> dict[str, object] | None:
    """The piece of text reportlab's parser makes of plain text in ``style`` (its own
    parse of one letter), or None if it makes anything else."""
    facts = (style.fontName, style.fontSize, style.textColor)
    known = _templates.get(style)
    if known is None or known[0] != facts:
        parsed_style, frags, bullet = ParaParser().parse("x", style)
        plain = parsed_style is style and not bullet and len(frags) == 1 and frags[0].text == "x"
        known = _templates[style] = facts, (dict(vars(frags[0])) if plain else None)
    return known[1]


def setup(self: Paragraph, text, style, bulletText, frags, cleaner) -> None:
    """``Paragraph._setup``: plain text (no tags, no entities) made into the one piece of
    text reportlab's parser makes of it, without running the parser."""
    if (
        frags is None
        and type(text) is str
        and "<" not in text
        and "&" not in text
        and cleaner is paragraph.cleanBlockQuotedText
    ):
        cleaned = cleaner(text)
        template = _template(style) if cleaned else None
        if template is not None:
            frag = ParaFrag()
            # (the parser gives each paragraph lists of its own: links, underlines)
            vars(frag).update((k, list(v) if type(v) is list else v) for k, v in template.items())
            frag.text = cleaned
            frags = [frag]
            paragraph.textTransformFrags(frags, style)
            self.text, self.frags, self.style = cleaned, frags, style
            self.bulletText, self.debug = bulletText, 0
            return
    _setup(self, text, style, bulletText, frags, cleaner)


_wrap = Paragraph.wrap  # reportlab's own


def wrap(self: Paragraph, available_width: float, available_height: float) -> tuple[float, float]:
    """``Paragraph.wrap``, not done again at the same width while the paragraph is unchanged:
    a heading and the paragraph kept with it are wrapped to measure the pair, then again where
    they are laid out."""
    last = self.__dict__.get("_peakplan_wrapped")
    if (
        last is not None
        and last[0] == available_width
        and last[1] is self.__dict__.get("blPara")
        and last[2] is self.style
        and last[3] is self.frags
    ):
        self.width, self.height = available_width, last[4]
        return available_width, last[4]
    size = _wrap(self, available_width, available_height)
    if available_width >= paragraph._FUZZ:  # (else nothing is broken into lines)
        self._peakplan_wrapped = (available_width, self.blPara, self.style, self.frags, size[1])
    return size


def apply() -> None:
    Paragraph.drawPara = draw_para
    Paragraph._setup = setup
    Paragraph.wrap = wrap
