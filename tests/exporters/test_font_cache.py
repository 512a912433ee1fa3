"""Fonts are parsed once and kept for the next process: the cache is used when the font file
is unchanged, rebuilt when it changed or the cache file is damaged, and an export still works
when the cache folder cannot be written.  PDFs are read back with poppler's tools."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters import fonts
from exporters.document import build_document
from exporters.fonts import FontFile, FontRole, load_font, resolve_fonts
from exporters.labels import plan_title
from exporters.pdf import render_pdf
from forms.plan import Plan
from tests.exporters.conftest import template_of

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="poppler-utils is not installed (make test does it)"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no font loaded yet in this process."""
    folder = tmp_path / "cache" / "fonts"
    monkeypatch.setattr(fonts, "font_cache_folder", lambda: folder)
    load_font.cache_clear()
    yield folder
    load_font.cache_clear()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The font files reportlab really parses (a cache hit parses none)."""
    seen: list[str] = []
    real = fonts.TTFontFace

    def parse(path: str, subfontIndex: int = 0) -> fonts.TTFontFace:
        seen.append(Path(path).name)
        return real(path, subfontIndex=subfontIndex)

    monkeypatch.setattr(fonts, "TTFontFace", parse)
    return seen


def new_process() -> None:
    """What a new process starts with: no font loaded (the cache folder stays)."""
    load_font.cache_clear()


def a_cjk_font() -> FontFile:
    return resolve_fonts()[FontRole.BODY].file


def a_copy(tmp_path: Path) -> FontFile:
    """A CJK font file of the test's own, to touch and damage."""
    original = a_cjk_font()
    copy = tmp_path / f"copy{original.path.suffix}"
    shutil.copyfile(original.path, copy)
    return FontFile(copy, original.index)


def pdf_of(plan: Plan, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(render_pdf(build_document(plan, template_of(plan), "zh"), resolve_fonts()))
    return path


def fonts_embedded(path: Path) -> list[str]:
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if " yes " in line]  # emb column


def test_a_second_process_parses_no_font_and_writes_the_same_pdf(
    cache: Path, parsed: list[str], demo_city: Plan, tmp_path: Path
) -> None:
    first = pdf_of(demo_city, tmp_path, "first.pdf")
    assert parsed and list(cache.glob("*.pickle"))
    parsed.clear()
    new_process()
    second = pdf_of(demo_city, tmp_path, "second.pdf")
    assert parsed == []  # every face came from the cache
    assert fonts_embedded(second) and fonts_embedded(second) == fonts_embedded(first)
    text = subprocess.run(
        ["pdftotext", str(second), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert plan_title(demo_city.meta.name, "zh") in "".join(text.split())


def test_a_touched_font_file_is_parsed_again(
    cache: Path, parsed: list[str], tmp_path: Path
) -> None:
    font = a_copy(tmp_path)
    load_font(font)
    new_process()
    load_font(font)
    assert parsed.count(font.path.name) == 1  # the second load was a cache hit
    later = font.path.stat().st_mtime_ns + 5_000_000_000
    os.utime(font.path, ns=(later, later))
    new_process()
    assert load_font(font).covers("中")
    assert parsed.count(font.path.name) == 2


def test_a_removed_font_file_is_refused_not_read_from_the_cache(
    cache: Path, tmp_path: Path
) -> None:
    font = a_copy(tmp_path)
    load_font(font)
    font.path.unlink()
    new_process()
    with pytest.raises(fonts.FontError):
        load_font(font)


def test_a_damaged_cache_file_is_rebuilt(cache: Path, parsed: list[str], tmp_path: Path) -> None:
    font = a_copy(tmp_path)
    load_font(font)
    cached = fonts._cache_file(fonts._cache_key(font))
    assert cached.exists()
    cached.write_bytes(b"\x80\x05not a pickle at all")
    new_process()
    assert load_font(font).covers("中")
    assert parsed.count(font.path.name) == 2
    key, state, tables = pickle.loads(cached.read_bytes())  # written whole again
    assert key[2] == str(font.path.resolve()) and state["unitsPerEm"] and tables["glyphs"]


def test_an_unwritable_cache_folder_still_exports(
    monkeypatch: pytest.MonkeyPatch, demo_city: Plan, tmp_path: Path
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(fonts, "font_cache_folder", lambda: blocker / "fonts")
    new_process()
    try:
        pdf = pdf_of(demo_city, tmp_path, "plan.pdf")
    finally:
        new_process()
    assert fonts_embedded(pdf)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_font_that_draws_nothing_builds_no_tables(
    cache: Path, demo_city: Plan, tmp_path: Path
) -> None:
    pdf_of(demo_city, tmp_path, "first.pdf")  # fills the cache
    new_process()
    pdf_of(demo_city, tmp_path, "second.pdf")
    latin = resolve_fonts().latin  # English documents' Latin serif: unused in Chinese
    if latin is None:
        pytest.skip("no Latin serif font on this system")
    assert not {"charToGlyph", "charWidths", "hmetrics", "glyphPos"} & vars(latin.face).keys()
    assert "charToGlyph" in vars(resolve_fonts()[FontRole.BODY].face)


def test_the_role_fonts_widths_can_be_built_before_the_render(
    cache: Path, demo_city: Plan, tmp_path: Path
) -> None:
    """What a forked child does while it waits for the document: the role fonts' widths
    (cached faces build them on first use), and no other font's."""
    pdf_of(demo_city, tmp_path, "first.pdf")  # fills the cache
    new_process()
    chosen = resolve_fonts()
    assert all("charWidths" not in vars(font.face) for font in chosen.fonts.values())
    fonts.prepare_to_draw(chosen)
    assert all("charWidths" in vars(font.face) for font in chosen.fonts.values())
    if chosen.latin is not None:
        assert "charWidths" not in vars(chosen.latin.face)


def test_a_cached_face_embeds_the_parsed_subset_reading_only_its_glyphs(cache: Path) -> None:
    file = a_cjk_font()
    parsed = fonts._parsed_face(file)  # parsed now, and cached
    cached = fonts._parsed_face(file)
    assert type(cached).__name__ == "_CachedFace"
    subset = [0, *map(ord, "碳达峰试点实施方案，（一）2030年前实现峰值 CO₂")]
    assert cached.makeSubset(subset) == parsed.makeSubset(subset)
    assert "_ttf_data" not in vars(cached)  # the file's megabytes were never held whole


# A new process rendering the demo city's PDF with reportlab's invariant output (no date,
# fixed ids); prints whether its body font came from the cache.
CHILD = """
import sys
from reportlab import rl_config
rl_config.invariant = 1
from exporters import fonts
from exporters.document import build_document
from exporters.pdf import render_pdf
from forms.demo import demo_plans
from forms.template import load_template
plan = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
chosen = fonts.resolve_fonts()
with open(sys.argv[1], "wb") as out:
    out.write(render_pdf(build_document(plan, template, "zh"), chosen))
print(type(chosen[fonts.FontRole.BODY].face).__name__)
"""


def test_a_pdf_from_cached_fonts_is_the_pdf_from_parsed_fonts(tmp_path: Path) -> None:
    """Byte for byte: the cached tables, built lazily and read glyph by glyph when a subset
    is embedded, are the parsed ones."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    faces = []
    for name in ("parsed.pdf", "cached.pdf"):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(tmp_path / name)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        faces.append(done.stdout.strip())
    assert faces == ["TTFontFace", "_CachedFace"]
    assert (tmp_path / "cached.pdf").read_bytes() == (tmp_path / "parsed.pdf").read_bytes()
