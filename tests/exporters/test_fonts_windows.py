"""Font discovery on Windows, tested here with a fake folder layout: 仿宋, 黑体 and 楷体
(simfang.ttf, simhei.ttf, simkai.ttf) in %WINDIR%\\Fonts or the per-user font folder under
%LOCALAPPDATA% are found and used for their roles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection

from exporters.fonts import FontRole, font_directories, resolve_fonts

CJK_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
TEXT = "中，碳达峰试点实施方案一二三（）0123456789"


@pytest.fixture(scope="module")
def cjk_ttf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small TrueType font with CJK glyphs (a subset of WenQuanYi Zen Hei)."""
    if not CJK_SOURCE.exists():
        pytest.skip("needs fonts-wqy-zenhei to make the fake Windows fonts")
    font = TTCollection(str(CJK_SOURCE)).fonts[0]
    subsetter = Subsetter(Options(name_IDs=["*"]))
    subsetter.populate(text=TEXT)
    subsetter.subset(font)
    path = tmp_path_factory.mktemp("fonts") / "cjk.ttf"
    font.save(str(path))
    return path.read_bytes()


def _windows_font(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    windir, local = tmp_path / "Windows", tmp_path / "Users" / "me" / "AppData" / "Local"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    return windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"


def test_the_windows_font_folders_come_from_the_environment(windows) -> None:
    system, per_user = windows
    assert font_directories() == [system, per_user]


def test_fangsong_hei_and_kai_are_found_in_the_windows_fonts_folders(windows, cjk_ttf) -> None:
    system, per_user = windows
    _windows_font(system / "simfang.ttf", cjk_ttf)
    _windows_font(system / "simhei.ttf", cjk_ttf)
    _windows_font(per_user / "simkai.ttf", cjk_ttf)  # installed for one user only
    found = resolve_fonts(directories=font_directories())
    assert found[FontRole.BODY].file.path == system / "simfang.ttf"
    assert found[FontRole.HEADING].file.path == system / "simhei.ttf"
    assert found[FontRole.KAI].file.path == per_user / "simkai.ttf"
    assert found[FontRole.TITLE].file.path == system / "simhei.ttf"  # no 小标宋: 黑体


def test_windows_font_names_match_whatever_their_case(windows, cjk_ttf) -> None:
    system, _per_user = windows
    _windows_font(system / "SIMFANG.TTF", cjk_ttf)
    found = resolve_fonts(directories=font_directories())
    assert found[FontRole.BODY].file.path.name == "SIMFANG.TTF"
