"""The fonts of the official document: roles (仿宋 body, 黑体 and 楷体 headings, 小标宋 title,
宋体 page numbers) mapped to TrueType files found on this system or chosen by the user.

reportlab embeds TrueType outlines only (a ``.ttf``, or one face of a ``.ttc``); the CFF-based
OpenType fonts (Noto CJK ``.otf``) are refused, so they are never offered.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from forms.errors import LocalizedError


class FontRole(StrEnum):
    BODY = "body"  # 仿宋
    HEADING = "heading"  # 黑体: first-level headings, table headers
    KAI = "kai"  # 楷体: second-level headings
    TITLE = "title"  # 小标宋: the title
    NUMBERS = "numbers"  # 宋体: page numbers


ROLE_NAMES: dict[FontRole, tuple[str, str]] = {
    FontRole.BODY: ("正文（仿宋）", "body text (FangSong)"),
    FontRole.HEADING: ("一级标题（黑体）", "first-level headings (Hei)"),
    FontRole.KAI: ("二级标题（楷体）", "second-level headings (Kai)"),
    FontRole.TITLE: ("标题（小标宋）", "title (XiaoBiaoSong)"),
    FontRole.NUMBERS: ("页码（宋体）", "page numbers (Song)"),
}


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face inside a .ttc collection

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


# Candidate files per role, best first: the Windows fonts the standard names, then free
# TrueType CJK fonts from Linux distributions.
_CANDIDATES: dict[FontRole, tuple[tuple[str, int], ...]] = {
    FontRole.BODY: (
        ("simfang.ttf", 0),
        ("fangsong.ttf", 0),
        ("STFANGSO.TTF", 0),
        ("uming.ttc", 0),
        ("wqy-zenhei.ttc", 0),
        ("wqy-microhei.ttc", 0),
    ),
    FontRole.HEADING: (
        ("simhei.ttf", 0),
        ("STHEITI.TTF", 0),
        ("wqy-zenhei.ttc", 0),
        ("wqy-microhei.ttc", 0),
    ),
    FontRole.KAI: (
        ("simkai.ttf", 0),
        ("STKAITI.TTF", 0),
        ("ukai.ttc", 0),
    ),
    FontRole.TITLE: (
        ("FZXBSJW.TTF", 0),
        ("方正小标宋简体.ttf", 0),
        ("simhei.ttf", 0),
        ("wqy-zenhei.ttc", 0),
        ("wqy-microhei.ttc", 0),
    ),
    FontRole.NUMBERS: (
        ("simsun.ttc", 0),
        ("uming.ttc", 0),
    ),
}
# When a role finds none of its own candidates it borrows another role's font.
_BORROW = {
    FontRole.HEADING: FontRole.BODY,
    FontRole.KAI: FontRole.BODY,
    FontRole.TITLE: FontRole.HEADING,
    FontRole.NUMBERS: FontRole.BODY,
}
# For characters a CJK font lacks (Arabic, symbols): drawn from this font when present.
_FALLBACK_FILES = ("DejaVuSans.ttf", "arial.ttf", "Symbola.ttf", "Symbola_hint.ttf", "seguisym.ttf")
# Latin text of English documents: a proportional serif (CJK fonts' Latin is typewriter-like).
_LATIN_FILES = ("times.ttf", "DejaVuSerif.ttf", "LiberationSerif-Regular.ttf")


def font_directories() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    return [
        data / "fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
    ]


@cache
def _files_by_name(directories: tuple[Path, ...]) -> dict[str, Path]:
    """Every font file under the directories, by lower-case file name (first one found)."""
    found: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            continue
        for root, _dirs, files in os.walk(directory):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root, name))
    return found


class FontError(LocalizedError):
    """No usable CJK TrueType font, or a chosen font file that cannot be used."""


def missing_fonts_error() -> FontError:
    return FontError(
        "未找到可嵌入 PDF 的中文 TrueType 字体，无法生成 PDF。请安装仿宋、黑体、楷体字体"
        "（Windows 自带 simfang.ttf、simhei.ttf、simkai.ttf），或在 Debian/Ubuntu 上执行："
        "sudo apt-get install fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai；"
        "也可以在导出对话框的“字体”中选择 .ttf 或 .ttc 字体文件（Noto CJK 等 .otf 字体不能嵌入）。",
        "No Chinese TrueType font that can be embedded in a PDF was found, so no PDF was "
        "written. Install FangSong, Hei and Kai fonts (Windows ships simfang.ttf, simhei.ttf, "
        "simkai.ttf), or on Debian/Ubuntu run: sudo apt-get install fonts-wqy-zenhei "
        "fonts-arphic-uming fonts-arphic-ukai; or choose a .ttf or .ttc file under Fonts in "
        "the Export dialog (.otf fonts such as Noto CJK cannot be embedded).",
    )


@dataclass(frozen=True)
class LoadedFont:
    name: str  # the name registered with reportlab
    file: FontFile
    characters: frozenset[int]  # code points the font has a glyph for

    def covers(self, char: str) -> bool:
        return ord(char) in self.characters

    def covers_all(self, text: str) -> bool:
        return self.characters.issuperset(map(ord, text))


@cache
def load_font(file: FontFile) -> LoadedFont:
    """Register a TrueType font with reportlab; refuse files that cannot be embedded."""
    name = f"PeakPlan-{file.path.stem}-{file.index}"
    try:
        font = TTFont(name, str(file.path), subfontIndex=file.index)
    except (TTFError, OSError, ValueError, IndexError) as exc:
        raise FontError(
            f"字体文件“{file.path}”不能嵌入 PDF：{exc}。请选择 TrueType 字体（.ttf 或 .ttc）。",
            f"The font file “{file.path}” cannot be embedded in a PDF: {exc}. "
            "Choose a TrueType font (.ttf or .ttc).",
        ) from exc
    pdfmetrics.registerFont(font)
    characters = frozenset(font.face.charToGlyph)
    return LoadedFont(name, file, characters)


def _usable_cjk(file: FontFile) -> LoadedFont | None:
    try:
        font = load_font(file)
    except FontError:
        return None
    return font if font.covers("中") and font.covers("，") else None


@dataclass(frozen=True)
class FontSet:
    """One loaded font per role, plus fallbacks for what CJK fonts lack (Arabic, emoji)."""

    fonts: Mapping[FontRole, LoadedFont]
    fallbacks: tuple[LoadedFont, ...] = ()
    latin: LoadedFont | None = None

    def __getitem__(self, role: FontRole) -> LoadedFont:
        return self.fonts[role]

    def files(self) -> dict[str, str]:
        return {role.value: str(font.file) for role, font in self.fonts.items()}


def resolve_fonts(
    chosen: Mapping[FontRole, FontFile] | None = None,
    directories: Iterable[Path] | None = None,
) -> FontSet:
    """Pick a font for every role: the user's choice first, then the system's candidates.

    Raises :class:`FontError` when a chosen file is unusable, or when no CJK TrueType font
    exists at all (the message says what to install).
    """
    chosen = dict(chosen or {})
    files = _files_by_name(tuple(directories or font_directories()))
    fonts: dict[FontRole, LoadedFont] = {}
    for role, file in chosen.items():
        font = load_font(file)
        if not font.covers("中"):
            raise FontError(
                f"字体文件“{file.path}”不含中文字形，不能用作{ROLE_NAMES[role][0]}字体。",
                f"The font file “{file.path}” has no Chinese glyphs; it cannot be used for "
                f"{ROLE_NAMES[role][1]}.",
            )
        fonts[role] = font
    for role in FontRole:
        if role in fonts:
            continue
        for file_name, index in _CANDIDATES[role]:
            path = files.get(file_name.lower())
            if path is None:
                continue
            font = _usable_cjk(FontFile(path, index))
            if font is not None:
                fonts[role] = font
                break
    for role in FontRole:
        borrowed = role
        while borrowed not in fonts and borrowed in _BORROW:
            borrowed = _BORROW[borrowed]
        if borrowed in fonts:
            fonts.setdefault(role, fonts[borrowed])
    if FontRole.BODY not in fonts:
        any_cjk = next(iter(fonts.values()), None)
        if any_cjk is None:
            raise missing_fonts_error()
        for role in FontRole:
            fonts.setdefault(role, any_cjk)
    fallbacks = tuple(_loadable(files, _FALLBACK_FILES))
    latin = next(iter(_loadable(files, _LATIN_FILES)), None)
    return FontSet(fonts, fallbacks, latin)


def _loadable(files: Mapping[str, Path], names: Iterable[str]) -> Iterator[LoadedFont]:
    for file_name in names:
        path = files.get(file_name.lower())
        if path is not None:
            try:
                yield load_font(FontFile(path))
            except FontError:
                continue
