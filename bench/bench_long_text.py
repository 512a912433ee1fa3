"""PDF timings for extreme text lengths: one paragraph against the same text in paragraphs of
500 characters, and one table cell of the same length.

    python bench/bench_long_text.py [--chars N]

reportlab alone re-broke a paragraph's remaining text at every page break (28 s for 349,000
characters in one paragraph); the exporter breaks it once.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exporters import blocks as b
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf

UNIT = "碳达峰试点长段落测试，包括2020年基准和14.5%的目标以及CO₂排放。"


def timed(blocks: list[b.Block]) -> float:
    document = b.Document("zh", b.Cover("t", "", ""), "目录", blocks, front_matter=False)
    fonts = resolve_fonts()
    start = time.perf_counter()
    render_pdf(document, fonts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=349_000)
    chars = parser.parse_args().chars
    text = (UNIT * (chars // len(UNIT) + 1))[:chars]
    cases = {
        "one paragraph": [b.Paragraph(text)],
        "paragraphs of 500": [b.Paragraph(text[i : i + 500]) for i in range(0, chars, 500)],
        "one table cell": [b.Table(("序号", "内容"), (("1", text),), (1, 6))],
    }
    print(f"{chars:,} characters")
    for name, blocks in cases.items():
        print(f"  {name:<20} {timed(blocks):6.1f} s")


if __name__ == "__main__":
    main()
