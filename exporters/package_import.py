"""Opening a submission package (.zip) written by :mod:`exporters.package`.

A package comes from elsewhere and may have been altered, damaged or crafted to harm the
machine that opens it.  :func:`read_package` checks everything before it returns: the member
names (no path could escape a folder, even though nothing is ever extracted), the sizes
(no zip bomb: limits on the member count, on the declared sizes and compression ratios, and
again on the bytes actually read), the manifest, every file's size and SHA-256 checksum, and
finally the plan data.  Members are read into memory only; nothing is written to disk.

Every refusal is a :class:`PackageError` with a message in Chinese and English.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from exporters.package import MANIFEST_NAME, MANIFEST_VERSION, PACKAGE_FILES, PACKAGE_FORMAT
from forms.errors import LocalizedError, os_reason
from forms.plan import Plan
from forms.serialize import PlanFormatError, plan_from_json

# Limits against zip bombs; module-level so that tests can lower them.
MAX_MEMBERS = 64
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # the sum of the files' uncompressed sizes
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_RATIO = 200  # uncompressed : compressed, checked for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK_BYTES = 64 * 1024

PLAN_NAME = PACKAGE_FILES["json"]
_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_DRIVE = re.compile(r"^[A-Za-z]:")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# What a damaged or crafted archive can raise from inside zipfile.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class PackageError(LocalizedError):
    """A submission package that cannot be opened; nothing of it is used."""


@dataclass(frozen=True)
class OpenedPackage:
    """A verified package: its manifest, the plan it carries, and its files (name → size)."""

    manifest: dict[str, Any]
    plan: Plan
    files: dict[str, int]


def read_package(path: Path | str) -> OpenedPackage:
    """Open and verify a package; raises :class:`PackageError` on anything amiss."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    with handle:
        archive = _open_zip(handle)
        with archive:
            return _verify(archive)


def _verify(archive: zipfile.ZipFile) -> OpenedPackage:
    infos = archive.infolist()
    check_member_count(infos)
    for info in infos:
        check_member_name(info)
    check_no_duplicates(infos)
    for info in infos:
        check_member_storage(info)
    check_declared_total(infos)
    members = {info.filename: info for info in infos}
    manifest = read_manifest(archive, members)
    entries = manifest_entries(manifest)
    check_listing(entries, members)
    contents = read_listed_files(archive, members, entries)
    plan = read_plan(contents)
    files = {entry["name"]: entry["size"] for entry in entries}
    return OpenedPackage(manifest=manifest, plan=plan, files=files)


# -- opening ---------------------------------------------------------------------------------


def _unreadable(path: Path, exc: OSError) -> PackageError:
    zh, en = os_reason(exc)
    return PackageError(f"无法读取“{path}”：{zh}。", f"Cannot read “{path}”: {en}.")


def _not_a_zip() -> PackageError:
    return PackageError(
        "该文件不是有效的报送包（zip）文件，可能已损坏或不完整。",
        "The file is not a valid submission package (zip); it may be damaged or incomplete.",
    )


def _open_zip(handle: IO[bytes]) -> zipfile.ZipFile:
    try:
        if not zipfile.is_zipfile(handle):
            raise _not_a_zip()
        handle.seek(0)
        return zipfile.ZipFile(handle)
    except _ZIP_ERRORS as exc:
        raise _not_a_zip() from exc


# -- the members: names, count, sizes ----------------------------------------------------------


def check_member_count(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise PackageError(
            f"报送包中的文件过多（{len(infos)} 个，最多 {MAX_MEMBERS} 个），拒绝打开。",
            f"The package holds too many files ({len(infos)}, at most {MAX_MEMBERS}); "
            "it was not opened.",
        )


def is_unsafe_name(name: str) -> bool:
    """Whether a member name could land outside a target folder if it were extracted."""
    if not name or "\x00" in name:
        return True
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        return True
    return ".." in normal.split("/")


def check_member_name(info: zipfile.ZipInfo) -> None:
    for name in (info.orig_filename, info.filename):
        if is_unsafe_name(name):
            shown = name.replace("\x00", "\\0")
            raise PackageError(
                f"报送包中的文件名“{shown}”不安全（含绝对路径、盘符、“..”或空字符，"
                "可能指向包外的位置），拒绝打开。",
                f"The package holds an unsafe file name “{shown}” (an absolute path, a drive, "
                "“..” or a NUL character, which could point outside the package); "
                "it was not opened.",
            )


def check_no_duplicates(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise PackageError(
                f"报送包中的文件“{info.filename}”出现了不止一次，拒绝打开。",
                f"The file “{info.filename}” appears more than once in the package; "
                "it was not opened.",
            )
        seen.add(info.filename)


def check_member_storage(info: zipfile.ZipInfo) -> None:
    """Plainly stored or deflated, not encrypted, and not compressed beyond reason."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise PackageError(
            f"报送包中的文件“{name}”已加密，无法读取。",
            f"The file “{name}” in the package is encrypted and cannot be read.",
        )
    if info.compress_type not in _ALLOWED_METHODS:
        raise PackageError(
            f"报送包中的文件“{name}”使用了不支持的压缩方式。",
            f"The file “{name}” in the package uses an unsupported compression method.",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise PackageError(
            f"报送包中的文件“{name}”压缩比异常（约 {ratio:.0f}:1），疑为压缩炸弹，拒绝打开。",
            f"The file “{name}” in the package is compressed implausibly well "
            f"(about {ratio:.0f}:1), like a zip bomb; it was not opened.",
        )


def _size_text(size: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.0f} {unit}"
    return f"{size} B"


def _too_large(total: int) -> PackageError:
    size, limit = _size_text(total), _size_text(MAX_TOTAL_BYTES)
    return PackageError(
        f"报送包解压后过大（{size}，上限 {limit}），拒绝打开。",
        f"The package is too large once unpacked ({size}, at most {limit}); it was not opened.",
    )


def check_declared_total(infos: list[zipfile.ZipInfo]) -> None:
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise _too_large(total)


def read_capped(stream: IO[bytes], cap: int, name: str) -> bytes:
    """Read a member in chunks, refusing it as soon as it yields more than ``cap`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(CHUNK_BYTES):
        size += len(chunk)
        if size > cap:
            raise PackageError(
                f"报送包中的文件“{name}”解压后超过了声明的大小或允许的上限，拒绝打开。",
                f"The file “{name}” in the package unpacks to more than its declared size "
                "or the allowed limit; it was not opened.",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, at most ``cap`` of them and no more than it declares."""
    try:
        with archive.open(info) as stream:
            return read_capped(stream, min(cap, info.file_size), info.filename)
    except PackageError:
        raise
    except _ZIP_ERRORS as exc:
        raise PackageError(
            f"报送包中的文件“{info.filename}”已损坏，无法读取。",
            f"The file “{info.filename}” in the package is damaged and cannot be read.",
        ) from exc


# -- the manifest ----------------------------------------------------------------------------


def _bad_manifest(zh: str, en: str) -> PackageError:
    return PackageError(
        f"报送包的清单“{MANIFEST_NAME}”无效：{zh}",
        f"The package's manifest “{MANIFEST_NAME}” is invalid: {en}",
    )


def read_manifest(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
    info = members.get(MANIFEST_NAME)
    if info is None:
        raise PackageError(
            f"报送包中缺少清单文件“{MANIFEST_NAME}”，不是 PeakPlan 报送包。",
            f"The package has no manifest “{MANIFEST_NAME}”; it is not a PeakPlan package.",
        )
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _bad_manifest("文件过大。", "it is too large.")
    raw = read_member(archive, info, MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # bad JSON or UTF-8, deep nesting, huge ints
        raise _bad_manifest("不是有效的 JSON。", "it is not valid JSON.") from exc
    if not isinstance(manifest, dict):
        raise _bad_manifest("内容不是对象。", "it is not a JSON object.")
    check_manifest_format(manifest)
    check_manifest_version(manifest)
    return manifest


def check_manifest_format(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != PACKAGE_FORMAT:
        raise PackageError(
            f"该文件不是 PeakPlan 报送包（清单中缺少 format: {PACKAGE_FORMAT}）。",
            f"The file is not a PeakPlan package (the manifest lacks format: {PACKAGE_FORMAT}).",
        )


def check_manifest_version(manifest: dict[str, Any]) -> None:
    version = manifest.get("manifest_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad_manifest("缺少有效的 manifest_version。", "it has no valid manifest_version.")
    if version > MANIFEST_VERSION:
        raise PackageError(
            f"该报送包的清单版本为 {version}，高于本程序支持的 {MANIFEST_VERSION}，"
            "请升级 PeakPlan。",
            f"The package's manifest version {version} is newer than this app supports "
            f"({MANIFEST_VERSION}); please update PeakPlan.",
        )


def _is_valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("name"), str)
        and isinstance(entry.get("size"), int)
        and not isinstance(entry.get("size"), bool)
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
        and _SHA256.match(entry["sha256"].lower()) is not None
    )


def manifest_entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's file list, each entry with a name, a size and a SHA-256 checksum."""
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise _bad_manifest("缺少文件列表。", "it has no file list.")
    names: set[str] = set()
    for entry in entries:
        if not _is_valid_entry(entry):
            raise _bad_manifest("文件列表中有无效的条目。", "its file list has an invalid entry.")
        name = entry["name"]
        if name in names or name == MANIFEST_NAME:
            raise _bad_manifest(f"文件“{name}”重复列出。", f"the file “{name}” is listed twice.")
        names.add(name)
    return entries


# -- the files -------------------------------------------------------------------------------


def check_listing(entries: list[dict[str, Any]], members: dict[str, zipfile.ZipInfo]) -> None:
    """Each listed file is in the package, and the package holds nothing unlisted."""
    listed = {entry["name"] for entry in entries}
    for name in listed:
        if name not in members:
            raise PackageError(
                f"报送包中缺少清单所列的文件“{name}”。",
                f"The file “{name}” listed in the manifest is missing from the package.",
            )
    for name in members:
        if name != MANIFEST_NAME and name not in listed:
            raise PackageError(
                f"报送包中的文件“{name}”未列入清单，报送包可能已被改动。",
                f"The file “{name}” in the package is not listed in the manifest; "
                "the package may have been altered.",
            )


def _mismatch(name: str) -> PackageError:
    return PackageError(
        f"报送包中的文件“{name}”校验和不符，文件可能已被改动。",
        f"The file “{name}” in the package does not match its checksum; it may have been altered.",
    )


def _wrong_size(name: str) -> PackageError:
    return PackageError(
        f"报送包中的文件“{name}”大小与清单不符，文件可能已被改动。",
        f"The file “{name}” in the package does not have the size its manifest gives; "
        "it may have been altered.",
    )


def check_file(entry: dict[str, Any], data: bytes) -> None:
    """The file's bytes have the size and SHA-256 checksum the manifest gives."""
    if len(data) != entry["size"]:
        raise _wrong_size(entry["name"])
    if hashlib.sha256(data).hexdigest() != entry["sha256"].lower():
        raise _mismatch(entry["name"])


def read_listed_files(
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    entries: Iterable[dict[str, Any]],
) -> dict[str, bytes]:
    """Every listed file, read within the size budget and checked against the manifest."""
    budget = MAX_TOTAL_BYTES
    contents: dict[str, bytes] = {}
    for entry in entries:
        info = members[entry["name"]]
        if info.file_size != entry["size"]:
            raise _wrong_size(entry["name"])
        data = read_member(archive, info, budget)
        budget -= len(data)
        check_file(entry, data)
        contents[entry["name"]] = data
    return contents


def read_plan(contents: dict[str, bytes]) -> Plan:
    raw = contents.get(PLAN_NAME)
    if raw is None:
        raise PackageError(
            f"报送包中缺少方案数据文件“{PLAN_NAME}”。",
            f"The package has no plan data file “{PLAN_NAME}”.",
        )
    try:
        return plan_from_json(raw)
    except PlanFormatError as exc:
        raise PackageError(
            f"报送包中的方案数据“{PLAN_NAME}”无法读取：{exc.message_zh}",
            f"The plan data “{PLAN_NAME}” in the package cannot be read: {exc.message_en}",
        ) from exc
