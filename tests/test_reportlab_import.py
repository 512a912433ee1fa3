"""reportlab imported through the exporters (exporters/reportlab_import.py): the paragraph
module's URL pattern is compiled on first use, and matches as reportlab's own pattern does;
its utilities load PIL and urllib.request only when a picture or a URL is read, and then
work as before."""

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


PICTURES_AND_URLS = """
import io, json, sys
import exporters.pdf
from reportlab.lib import utils
before = [m for m in ("PIL.Image", "urllib.request") if m in sys.modules]
from reportlab.pdfgen.canvas import Canvas
out = io.BytesIO()
canvas = Canvas(out)
canvas.drawImage(sys.argv[1], 10, 10, width=20, height=10)  # reportlab's own picture path
canvas.save()
size = utils.ImageReader(sys.argv[1]).getSize()
import PIL.Image
read = utils.open_for_read("file://" + sys.argv[1]).read()  # a URL: urllib.request's urlopen
import urllib.request
print(json.dumps({
    "before": before,
    "have_images": utils.haveImages,
    "size": list(size),
    "picture_drawn": b"/Subtype /Image" in out.getvalue(),
    "same_image_class": utils.Image.Image is PIL.Image.Image,
    "url_read": len(read),
    "pil_in_modules": type(sys.modules["PIL.Image"]).__name__,
    "urllib_real": sys.modules["urllib.request"] is urllib.request
                   and urllib.request.urlopen.__module__ == "urllib.request",
}))
"""


def test_reportlab_utilities_load_pictures_and_urls_only_when_used(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "dot.png"
    Image.new("RGB", (4, 2), (200, 10, 10)).save(picture)
    done = subprocess.run(
        [sys.executable, "-c", PICTURES_AND_URLS, str(picture)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["before"] == []  # neither loaded by the PDF's modules
    assert seen["have_images"] is True
    assert seen["size"] == [4, 2]
    assert seen["picture_drawn"]
    assert seen["same_image_class"]
    assert seen["url_read"] == picture.stat().st_size
    assert seen["pil_in_modules"] == "module"  # the real one: the stand-in never registered
    assert seen["urllib_real"]


OTHER_THREAD = """
import builtins, json, sys, threading
from exporters.reportlab_import import _pictures_and_urls_on_use
from forms.deferred_import import LoadedOnUse
seen = {}
original = builtins.__import__
def other() -> None:
    from PIL import Image
    from urllib.request import Request
    seen["other"] = [type(Image).__name__, Request.__module__]
with _pictures_and_urls_on_use():
    from PIL import Image
    from urllib.request import urlopen, Request
    seen["here"] = [type(Image).__name__, Request.__module__]
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
seen["restored"] = builtins.__import__ is original
seen["stand_ins_registered"] = any(isinstance(m, LoadedOnUse) for m in sys.modules.values())
print(json.dumps(seen))
"""


def test_only_the_importing_thread_gets_stand_ins() -> None:
    done = subprocess.run(
        [sys.executable, "-c", OTHER_THREAD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["here"] == ["LoadedOnUse", "forms.deferred_import"]
    assert seen["other"] == ["module", "urllib.request"]
    assert seen["restored"] is True
    assert seen["stand_ins_registered"] is False
