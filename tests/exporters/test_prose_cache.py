"""The generated prose's templates are compiled once and kept for the next export (jinja2's
bytecode cache in the user cache folder): a second document compiles none, a damaged cache
file is compiled again, and an unwritable cache folder still exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from exporters import document
from exporters.document import ProseNotAllowedError, build_document
from forms.plan import Plan
from tests.exporters.conftest import template_of


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache" / "prose"
    monkeypatch.setattr(document, "prose_cache_folder", lambda: folder)
    document._prose_environment.cache_clear()  # the environment of an earlier test
    yield folder
    document._prose_environment.cache_clear()


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The templates jinja2 compiles from their source."""
    seen: list[str | None] = []
    real = jinja2.Environment.compile

    def compile_(self: jinja2.Environment, source: str, name: str | None = None, *a: object):
        seen.append(name)
        return real(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return seen


def test_a_second_document_compiles_no_prose(
    folder: Path, compiled: list[str | None], demo_city: Plan
) -> None:
    first = build_document(demo_city, template_of(demo_city), "zh")
    assert compiled and len(list(folder.glob("*.cache"))) == len(set(compiled))
    compiled.clear()
    document._prose_environment.cache_clear()  # as the next process
    assert build_document(demo_city, template_of(demo_city), "zh") == first
    assert compiled == []


def test_one_document_compiles_each_prose_template_once(
    folder: Path, compiled: list[str | None], demo_city: Plan
) -> None:
    """The environment, with the templates it compiled, lives as long as the process."""
    build_document(demo_city, template_of(demo_city), "zh")
    build_document(demo_city, template_of(demo_city), "en")
    assert compiled and sorted(compiled) == sorted(set(compiled))
    assert ProseNotAllowedError("a") is not ProseNotAllowedError("a")  # an error, not a value


@pytest.mark.parametrize("damage", [b"not a cache file", bc_magic + b"\x80\x05broken"])
def test_a_damaged_cache_file_is_compiled_again(
    folder: Path, compiled: list[str | None], demo_city: Plan, damage: bytes
) -> None:
    first = build_document(demo_city, template_of(demo_city), "zh")
    for cached in folder.glob("*.cache"):
        cached.write_bytes(damage)
    compiled.clear()
    document._prose_environment.cache_clear()  # as the next process
    assert build_document(demo_city, template_of(demo_city), "zh") == first
    assert compiled
    assert all(f.read_bytes().startswith(bc_magic) for f in folder.glob("*.cache"))


def test_an_unwritable_cache_folder_still_builds_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_city: Plan
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(document, "prose_cache_folder", lambda: blocker / "prose")
    document._prose_environment.cache_clear()
    assert build_document(demo_city, template_of(demo_city), "zh").blocks
    assert blocker.read_text(encoding="utf-8") == "x"
