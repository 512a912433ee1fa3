"""A loaded guideline template is kept in the user cache folder for the next process: read
back without parsing its TOML, loaded again when any of its files changes, and a damaged cache
file is loaded again (and replaced), never fatal."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms import template as t
from forms.template import TEMPLATE_ROOT, installed_templates_root, load_template


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setattr(t, "template_cache_folder", lambda: folder)
    t._load_cached.cache_clear()  # as a new process
    yield folder
    t._load_cached.cache_clear()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The template files parsed from their TOML, in order."""
    seen: list[Path] = []
    parse = t.load_template_file

    def counted(path: Path) -> t.Template:
        seen.append(Path(path))
        return parse(path)

    monkeypatch.setattr(t, "load_template_file", counted)
    return seen


def installed_copy(template_id: str) -> Path:
    """The bundled template installed under another id (the user data folder is a test's)."""
    folder = installed_templates_root() / template_id
    shutil.copytree(TEMPLATE_ROOT / "annex2-2023", folder)
    common = folder / "common.toml"
    text = common.read_text(encoding="utf-8")
    common.write_text(text.replace('id = "annex2-2023"', f'id = "{template_id}"', 1), "utf-8")
    return folder


def test_the_next_process_reads_the_template_from_the_cache(
    cache: Path, parses: list[Path]
) -> None:
    first = load_template("annex2-2023", "park")
    assert len(parses) == 1 and len(list(cache.glob("*.pickle"))) == 1
    t._load_cached.cache_clear()  # the next process
    again = load_template("annex2-2023", "park")
    assert len(parses) == 1  # not parsed again
    assert again == first and again is not first
    assert again.localize("江苏省", "en") == "Jiangsu"


def test_a_changed_included_file_loads_the_template_again(cache: Path, parses: list[Path]) -> None:
    folder = installed_copy("province-a")
    assert load_template("province-a", "city").grid_factors
    grid = folder / "grid_factors.toml"  # included by common.toml, not named by city.toml
    grid.write_text(grid.read_text(encoding="utf-8") + "\n# revised\n", encoding="utf-8")
    t._load_cached.cache_clear()
    load_template("province-a", "city")
    assert len(parses) == 2
    common = folder / "common.toml"
    common.write_text(
        common.read_text(encoding="utf-8").replace('version = "1.1.0"', 'version = "1.2.0"', 1),
        encoding="utf-8",
    )  # the same size: its time tells the change (a second later, as a person edits)
    later = common.stat().st_mtime_ns + 1_000_000_000
    os.utime(common, ns=(later, later))
    assert load_template("province-a", "city").version == "1.2.0"  # in the same process too


def test_a_damaged_cache_file_is_loaded_again_and_replaced(cache: Path, parses: list[Path]) -> None:
    expected = load_template("annex2-2023", "city")
    (cached,) = cache.glob("*.pickle")
    cached.write_bytes(b"\x80\x05not a pickle")
    t._load_cached.cache_clear()
    assert load_template("annex2-2023", "city") == expected
    assert len(parses) == 2
    t._load_cached.cache_clear()
    assert load_template("annex2-2023", "city") == expected
    assert len(parses) == 2  # the damaged file was replaced


def test_an_unwritable_cache_folder_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(t, "template_cache_folder", lambda: blocker / "cache")
    t._load_cached.cache_clear()
    try:
        assert load_template("annex2-2023", "city").id == "annex2-2023"
    finally:
        t._load_cached.cache_clear()
