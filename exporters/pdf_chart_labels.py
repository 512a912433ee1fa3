"""The category labels left of the PDF's horizontal bar chart: whole, on up to three lines.

A label wider than the label column is broken into lines by the table cells' line breaker
(between Chinese characters by the Chinese rules, at spaces in English), its lines balanced
so that the last is not a lone word.  The column widens a little (to 60 mm) when that keeps
every label on one line, and further (to 70 mm) when that saves a label a line, but never so
far that the value labels right of the longest bar leave the text block.  Only a label that
three lines of the widest column cannot hold is shortened (its third line ends with an
ellipsis when drawn).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from exporters.linebreak import FontOf, text_width, tokens, wrap

COLUMN = 50 * mm  # the label column when every label fits it on one line
ONE_LINE_COLUMN = 60 * mm  # widened at most this far to keep every label on one line
WIDEST_COLUMN = 70 * mm  # the plot keeps the rest of the text block (at least 82 mm)
MAX_LINES = 3
MARGINS = 10  # points of the column beside a label: 5 at the left, 5 before the plot
_PRECISION = 0.5  # points: how closely the narrowest room is searched for


@dataclass(frozen=True)
class LabelColumn:
    width: float  # points, from the drawing's left edge to the plot
    lines: tuple[tuple[str, ...], ...]  # each label's lines; a last line may still be too
    # wide (a label three lines cannot hold): it is drawn shortened to ``room``

    @property
    def room(self) -> float:
        return self.width - MARGINS

    @property
    def most_lines(self) -> int:
        return max((len(lines) for lines in self.lines), default=1)


def _takes(text: str, room: float, font_of: FontOf, size: float) -> int:
    return len(wrap(text, room, font_of, size))


def _narrowest(
    text: str, lines: int, low: float, high: float, font_of: FontOf, size: float
) -> float | None:
    """The narrowest room from ``low`` to ``high`` that holds ``text`` in ``lines`` lines
    or fewer (to half a point), or None when even ``high`` does not."""
    if _takes(text, high, font_of, size) > lines:
        return None
    if _takes(text, low, font_of, size) <= lines:
        return low
    while high - low > _PRECISION:  # ``high`` holds it, ``low`` does not
        middle = (low + high) / 2
        if _takes(text, middle, font_of, size) <= lines:
            high = middle
        else:
            low = middle
    return high


def _balanced(text: str, room: float, font_of: FontOf, size: float) -> tuple[str, ...]:
    """``text`` in as few lines as ``room`` allows, each as wide as the others can be."""
    lines = wrap(text, room, font_of, size)
    if len(lines) == 1:
        return (text,)
    if len(lines) > MAX_LINES:  # two lines and the rest, which is drawn shortened
        start = 0
        for line in lines[: MAX_LINES - 1]:
            start = text.index(line, start) + len(line)
        return (*lines[: MAX_LINES - 1], text[start:].strip())
    # No narrower than the widest word: balancing never cuts a word that fits the column.
    widest_word = max(text_width(token.rstrip(), font_of, size) for token in tokens(text))
    narrowest = _narrowest(text, len(lines), min(widest_word, room), room, font_of, size)
    return tuple(wrap(text, narrowest or room, font_of, size))


def label_column(
    labels: tuple[str, ...], font_of: FontOf, size: float, widest: float = WIDEST_COLUMN
) -> LabelColumn:
    """The column and the lines of ``labels`` drawn in ``size`` points; the column no wider
    than ``widest`` (what the plot can spare), nor narrower than :data:`COLUMN`."""
    labels = tuple(label.replace("\n", " ").strip() for label in labels)
    widths = [text_width(label, font_of, size) for label in labels]
    if max(widths, default=0.0) <= COLUMN - MARGINS:  # the common case: as it always was
        return LabelColumn(COLUMN, tuple((label,) for label in labels))
    widest = min(max(widest, COLUMN), WIDEST_COLUMN)
    column = widest  # unless fewer lines fit a narrower one:
    if max(widths) + MARGINS <= min(ONE_LINE_COLUMN, widest):
        column = max(widths) + MARGINS
    else:
        for lines in range(2, MAX_LINES + 1):
            rooms = [
                _narrowest(label, lines, COLUMN - MARGINS, widest - MARGINS, font_of, size)
                for label in labels
            ]
            if None not in rooms:
                column = max(room for room in rooms if room is not None) + MARGINS
                break
    room = column - MARGINS
    return LabelColumn(column, tuple(_balanced(label, room, font_of, size) for label in labels))
