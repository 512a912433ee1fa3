"""reportlab's paragraph module imported through the exporters: its URL pattern is compiled
on first use (exporters/reportlab_import.py), and matches as reportlab's own pattern does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from exporters.reportlab_import import URI_PATTERN_START, LazyPattern

ROOT = Path(__file__).resolve().parents[1]

URIS = [
    "https://example.com/a/b/c",
    "http://user:pw@192.168.0.1:8080/x?y=1#z",
    "ftp://[::1]/path",
    "https://例子.中国/路径/文件",
    "not a uri",
    "HTTP://EXAMPLE.COM/UPPER",
]

CHILD = """
import json, re, sys
compile_before = re.compile
import exporters.pdf
from reportlab.platypus import paragraph
print(json.dumps({
    "kind": type(paragraph.uri_pat).__name__,
    "compile_restored": re.compile is compile_before,
    "pairs": [paragraph._uri_split_pairs(u) for u in json.loads(sys.argv[1])],
    "spans": [getattr(paragraph.uri_pat.match(u), "span", lambda: None)()
              for u in json.loads(sys.argv[1])],
}))
"""


def test_paragraph_module_defers_its_url_pattern_and_matches_the_same() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(URIS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["kind"] == "LazyPattern"
    assert seen["compile_restored"]
    import reportlab.platypus.paragraph as paragraph  # its own pattern, compiled here

    pattern = paragraph.uri_pat
    real = pattern.compiled() if isinstance(pattern, LazyPattern) else pattern
    assert real.pattern.startswith(URI_PATTERN_START)
    expected_spans = [list(m.span()) if (m := real.match(u)) else None for u in URIS]
    assert seen["spans"] == expected_spans
    assert seen["spans"][0] is not None and seen["spans"][4] is None
    assert seen["pairs"][0] == [list(p) for p in paragraph._uri_split_pairs(URIS[0])]


def test_a_lazy_pattern_compiles_once_and_behaves_as_the_pattern() -> None:
    lazy = LazyPattern(r"(\d+)-(\d+)", re.I)
    assert lazy.match("12-34").groups() == ("12", "34")
    assert lazy.search("x 5-6").group(0) == "5-6"
    assert lazy.compiled() is lazy.compiled()
    assert lazy.flags & re.I
