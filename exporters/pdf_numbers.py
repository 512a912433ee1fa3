"""Numbers as the PDF writes them (reportlab's ``fp_str``), each value formatted once.

reportlab formats every coordinate, size and colour component it writes through C
``sprintf``, some 3,000 machine instructions a number.  A 300-page plan writes 66,000
numbers but only about a thousand different ones (column edges, row positions, sizes,
colours), so each value's text is remembered from the start to the end of a render
(:func:`forget`).  Equal values (``1``, ``1.0``, ``True``) are written alike by ``fp_str``,
so remembering them by value gives the same bytes.
"""

from __future__ import annotations

from reportlab.lib import colors, rl_accel
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen import canvas, pathobject, textobject
from reportlab.platypus import flowables, tables

_fp_str = rl_accel.fp_str  # reportlab's own


class _Numbers(dict[object, str]):
    """A number → its ``fp_str`` text, made when first asked for."""

    __slots__ = ()

    def __missing__(self, value: object) -> str:
        text = self[value] = _fp_str(value)
        return text


NUMBERS = _Numbers()
number = NUMBERS.__getitem__  # the text of one number


def fp_str(*values: object) -> str:
    """``rl_accel.fp_str``: numbers (or one sequence of them) as text, separated by spaces."""
    try:
        return " ".join(map(number, values))
    except TypeError:  # one list of numbers (unhashable): reportlab's own
        return _fp_str(*values)


def forget() -> None:
    """Start a render with no number remembered (kept small from one export to the next)."""
    NUMBERS.clear()


def apply() -> None:
    """reportlab's PDF writers format their numbers here."""
    for module in (canvas, pathobject, textobject, pdfdoc, ttfonts, colors, flowables, tables):
        if module.fp_str is _fp_str:  # type: ignore[attr-defined]
            module.fp_str = fp_str  # type: ignore[attr-defined]
