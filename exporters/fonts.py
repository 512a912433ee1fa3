"""The fonts of the official document: roles (仿宋 body, 黑体 and 楷体 headings, 小标宋 title,
宋体 page numbers) mapped to TrueType files found on this system or chosen by the user.

reportlab embeds TrueType outlines only (a ``.ttf``, or one face of a ``.ttc``); the CFF-based
OpenType fonts (Noto CJK ``.otf``) are refused, so they are never offered.

Parsing a CJK font (its character map and widths) is the slow part of an export, so each file
is parsed once per process and its parsed face is kept in the user cache folder for the next
process, keyed by the file's path, size and modification time (see :func:`_parsed_face`); the
file itself is read again only when a PDF embeds its subset.
"""

from __future__ import annotations

import errno
import hashlib
import mmap
import os
import pickle
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

# defined apart, so that choosing fonts needs no reportlab (see exporters.font_roles)
from exporters.font_roles import ROLE_NAMES, FontError, FontFile, FontRole
from forms.errors import os_reason
from forms.user_cache import cache_folder, write_cache_file

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
    face: TTFontFace = field(repr=False, compare=False)

    @property
    def characters(self) -> KeysView[int]:
        """The code points the font has a glyph for."""
        return self.face.charToGlyph.keys()

    def covers(self, char: str) -> bool:
        return ord(char) in self.face.charToGlyph

    def covers_all(self, text: str) -> bool:
        if len(text) > 200:  # a paragraph: each of its characters looked up once
            text = "".join(set(text))
        return all(map(self.face.charToGlyph.__contains__, map(ord, text)))


CACHE_FORMAT = 2  # raise when what is cached changes shape

# A parsed face's large tables, cached as flat arrays (read at memory speed, where a pickled
# dict of 40,000 ints takes tens of milliseconds) and made into reportlab's dicts and lists
# only when first used: a font drawing nothing in this export never builds its metrics.
_TABLES = ("charToGlyph", "charWidths", "hmetrics", "glyphPos")
_PACKED = frozenset(
    ("glyph_chars", "glyphs", "width_chars", "widths", "advances", "bearings", "glyph_pos")
)


def font_cache_folder() -> Path:
    return cache_folder("fonts")


def _packed_tables(face: TTFontFace) -> dict[str, array]:
    glyphs, widths = face.charToGlyph, face.charWidths
    return {
        "glyph_chars": array("l", glyphs),
        "glyphs": array("l", glyphs.values()),
        "width_chars": array("l", widths),
        "widths": array("d", widths.values()),
        "advances": array("d", (advance for advance, _ in face.hmetrics)),
        "bearings": array("l", (bearing for _, bearing in face.hmetrics)),
        "glyph_pos": array("q", face.glyphPos),
    }


def _unpacked(name: str, packed: dict[str, array]) -> Any:
    """One of reportlab's tables (``_TABLES``) made from its cached arrays."""
    if name == "charToGlyph":
        return dict(zip(packed["glyph_chars"], packed["glyphs"], strict=True))
    if name == "charWidths":
        return dict(zip(packed["width_chars"], packed["widths"], strict=True))
    if name == "hmetrics":
        return _Metrics(packed["advances"], packed["bearings"])
    return packed["glyph_pos"]  # only ever indexed: the array serves as the list


class _Metrics:
    """reportlab's ``hmetrics`` list, each glyph's (advance, left side bearing) read from the
    cached arrays when a subset asks for it: a subset needs a few hundred of a font's
    40,000 glyphs.  (reportlab keeps some advances scaled, as floats; it rounds them.)"""

    def __init__(self, advances: array, bearings: array) -> None:
        self.advances, self.bearings = advances, bearings

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self.advances[glyph], self.bearings[glyph]


class _FileBytes:
    """The bytes ``start:start + length`` of a font file mapped into memory, copied where
    they are indexed or sliced (what reportlab's parser does with a whole font file's bytes):
    only the pages of the tables and glyphs a subset copies are read from the disk."""

    def __init__(self, data: mmap.mmap, start: int = 0, length: int | None = None) -> None:
        self.data, self.start = data, start
        self.length = len(data) - start if length is None else length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop, step = key.indices(self.length)
        if step != 1:
            raise ValueError("only contiguous slices are read")
        return self.data[self.start + start : self.start + max(stop, start)]

    def window(self, start: int, length: int) -> _FileBytes:
        return _FileBytes(self.data, self.start + start, length)


_SUBSETTING = threading.Lock()  # a subset reads the file through the face's _ttf_data


class _CachedFace(TTFontFace):
    """A face restored from the cache: its tables are built when first used, a subset reads
    from the file only the tables and glyphs it copies, and the glyph → characters map (for
    text shaping) is made only when asked for."""

    _packed: dict[str, array]

    def makeSubset(self, subset: list[int]) -> bytes:
        """reportlab's subset, without reading (and copying) the file's many megabytes of
        glyphs for the few hundred it embeds."""
        with _SUBSETTING:  # the face is shared: two renders (threads) take turns
            return self._subset_from_file(subset)

    def _subset_from_file(self, subset: list[int]) -> bytes:
        if "_ttf_data" in self.__dict__:
            return super().makeSubset(subset)
        with (
            open(self.filename, "rb", buffering=0) as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            self._ttf_data = _FileBytes(data)
            try:
                return super().makeSubset(subset)
            finally:
                del self._ttf_data

    def get_table(self, tag: str) -> Any:
        data = self.__dict__.get("_ttf_data")
        if tag == "glyf" and isinstance(data, _FileBytes):  # sliced glyph by glyph
            return data.window(*self.get_table_pos(tag))
        return super().get_table(tag)

    def __getattr__(self, name: str) -> Any:
        if name in _TABLES:
            value = _unpacked(name, self._packed)
        elif name == "_ttf_data":
            with open(self.filename, "rb") as handle:
                value = handle.read()
        elif name == "glyphToChar":
            value = {}
            for char, glyph in self.charToGlyph.items():
                value.setdefault(glyph, []).append(char)
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value


def _scale(units_per_em: int) -> Any:
    """reportlab's font-unit → PDF-unit function (a lambda it does not keep in the cache)."""
    factor = 1000 / units_per_em
    return (lambda x: x) if units_per_em == 1000 else (lambda x: x * factor)


def _cache_key(file: FontFile) -> tuple[object, ...]:
    stat = file.path.stat()
    path = str(file.path.resolve())
    return (CACHE_FORMAT, REPORTLAB_VERSION, path, file.index, stat.st_size, stat.st_mtime_ns)


def _cache_file(key: tuple[object, ...]) -> Path:
    """One file per font face and cache format: another version of PeakPlan sharing the
    folder keeps its own files instead of rewriting these at every export."""
    digest = hashlib.sha256(repr(key[:4]).encode()).hexdigest()[:32]
    return font_cache_folder() / f"{digest}.pickle"


def _read_cached_face(key: tuple[object, ...]) -> TTFontFace | None:
    """The cached face of this very file, or None (absent, stale or unreadable)."""
    try:
        with open(_cache_file(key), "rb") as handle:
            stored_key, state, packed = pickle.load(handle)
        if stored_key != key or set(packed) != _PACKED:
            return None
        face = _CachedFace.__new__(_CachedFace)
        face.__dict__.update(state)
        face._packed = packed
        face._pdfScale = _scale(face.unitsPerEm)
        return face
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None


def _write_cached_face(key: tuple[object, ...], face: TTFontFace) -> None:
    skip = {"_ttf_data", "_pdfScale", "glyphToChar", *_TABLES}
    state = {k: v for k, v in face.__dict__.items() if k not in skip}
    try:
        packed = _packed_tables(face)
    except (OverflowError, TypeError):  # the next export only pays the parse
        return
    write_cache_file(  # not written (an unwritable cache folder): likewise
        _cache_file(key),
        lambda handle: pickle.dump((key, state, packed), handle, protocol=pickle.HIGHEST_PROTOCOL),
    )


def _parsed_face(file: FontFile) -> TTFontFace:
    """The parsed face of the file: from the cache when the file is unchanged, else parsed
    (and cached for the next process)."""
    key = _cache_key(file)
    face = _read_cached_face(key)
    if face is None:
        face = TTFontFace(str(file.path), subfontIndex=file.index)
        _write_cached_face(key, face)
    return face


def _tt_font(name: str, face: TTFontFace) -> TTFont:
    """A reportlab TTFont around an already parsed face (what ``TTFont(name, path)`` builds
    after parsing)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


@cache
def load_font(file: FontFile) -> LoadedFont:
    """Register a TrueType font with reportlab; refuse files that cannot be embedded."""
    name = f"PeakPlan-{file.path.stem}-{file.index}"
    try:
        if file.path.is_dir():  # the parser says only "Can't open file"
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        font = _tt_font(name, _parsed_face(file))
    except OSError as exc:  # the system's reason, in the user's language
        zh, en = os_reason(exc)
        raise FontError(
            f"无法读取字体文件“{file.path}”：{zh}。请选择 TrueType 字体（.ttf 或 .ttc）。",
            f"Cannot read the font file “{file.path}”: {en}. Choose a TrueType font (.ttf or "
            ".ttc).",
        ) from exc
    except (TTFError, ValueError, IndexError) as exc:
        raise FontError(
            f"字体文件“{file.path}”不能嵌入 PDF：{exc}。请选择 TrueType 字体（.ttf 或 .ttc）。",
            f"The font file “{file.path}” cannot be embedded in a PDF: {exc}. "
            "Choose a TrueType font (.ttf or .ttc).",
        ) from exc
    pdfmetrics.registerFont(font)
    return LoadedFont(name, file, font.face)


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


def prepare_to_draw(fonts: FontSet) -> None:
    """Build the role fonts' width tables now, which the render would build as it first
    measures text in each (a forked child does this while it waits for the document: about
    a tenth of the demo city's render)."""
    for font in {font.name: font for font in fonts.fonts.values()}.values():
        _ = font.face.charWidths


def _loadable(files: Mapping[str, Path], names: Iterable[str]) -> Iterator[LoadedFont]:
    for file_name in names:
        path = files.get(file_name.lower())
        if path is not None:
            try:
                yield load_font(FontFile(path))
            except FontError:
                continue
