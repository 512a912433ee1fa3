"""Opening a submission package: a genuine one opens, altered or hostile ones are refused.

Each hostile package is made by rewriting a genuine one with :mod:`zipfile`; every refusal
must name the problem in both languages and leave nothing behind on disk.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exporters import package_import
from exporters.package import MANIFEST_NAME, PACKAGE_FILES, ExportRequest, export_plan
from exporters.package_import import OpenedPackage, PackageError, read_capped, read_package
from forms.demo import demo_plans
from forms.plan import Plan
from forms.serialize import SCHEMA_VERSION
from tests.exporters.conftest import template_of

Members = dict[str, bytes]


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a package exported from the demo city, made once for the module."""
    plan = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
    path = tmp_path_factory.mktemp("genuine") / "方案.zip"
    export_plan(plan, template_of(plan), ExportRequest(package=path))
    return path.read_bytes()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's folder, so that anything extracted by mistake would show up there."""
    monkeypatch.chdir(tmp_path)


def members_of(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_zip(path: Path, members: Members | list[tuple[str, bytes]]) -> Path:
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names, on purpose
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return path


def manifest_of(members: Members) -> dict[str, Any]:
    return json.loads(members[MANIFEST_NAME])


def set_manifest(members: Members, manifest: dict[str, Any]) -> None:
    members[MANIFEST_NAME] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")


def entry_of(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    return next(entry for entry in manifest["files"] if entry["name"] == name)


def replace_file(members: Members, name: str, data: bytes, media_type: str = "") -> None:
    """Put ``data`` in the package under ``name`` with a manifest entry that matches it."""
    members[name] = data
    manifest = manifest_of(members)
    entries = [entry for entry in manifest["files"] if entry["name"] != name]
    entries.append(
        {
            "name": name,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "media_type": media_type or "application/octet-stream",
        }
    )
    manifest["files"] = entries
    set_manifest(members, manifest)


def variant(genuine: bytes, folder: Path, edit: Callable[[Members], None]) -> Path:
    members = members_of(genuine)
    edit(members)
    return write_zip(folder / "variant.zip", members)


def refused(path: Path, folder: Path) -> PackageError:
    """``read_package`` refuses ``path`` with messages in both languages and writes nothing."""
    before = sorted(folder.rglob("*"))
    with pytest.raises(PackageError) as caught:
        read_package(path)
    assert sorted(folder.rglob("*")) == before
    error = caught.value
    assert error.message("zh").strip() and error.message("en").strip()
    return error


def names_file(error: PackageError, name: str) -> bool:
    return f"“{name}”" in error.message("zh") and f"“{name}”" in error.message("en")


# -- a genuine package -----------------------------------------------------------------------


def test_a_genuine_package_opens(demo_city: Plan, tmp_path: Path) -> None:
    path = tmp_path / "方案.zip"
    export_plan(demo_city, template_of(demo_city), ExportRequest(package=path))
    opened = read_package(path)
    assert isinstance(opened, OpenedPackage)
    assert opened.plan == demo_city
    manifest = opened.manifest
    assert manifest["format"] == "peakplan.package" and manifest["manifest_version"] == 1
    assert manifest["plan"]["schema_version"] == SCHEMA_VERSION
    assert manifest["plan"]["id"] == demo_city.id
    assert manifest["template"]["id"] == demo_city.meta.template_id
    assert manifest["app"]["name"] and manifest["app"]["version"] and manifest["exported_at"]
    sizes = {name: len(data) for name, data in members_of(path.read_bytes()).items()}
    assert opened.files == {name: sizes[name] for name in PACKAGE_FILES.values()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["方案.zip"]


def test_a_path_given_as_text_opens_too(genuine: bytes, tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    path.write_bytes(genuine)
    assert read_package(str(path)).plan.id == read_package(path).plan.id


def test_a_package_rewritten_unchanged_still_opens(genuine: bytes, tmp_path: Path) -> None:
    path = variant(genuine, tmp_path, lambda members: None)
    assert read_package(path).files.keys() == set(PACKAGE_FILES.values())


# -- altered files ---------------------------------------------------------------------------


def test_one_altered_byte_in_the_pdf_is_refused_naming_the_file(
    genuine: bytes, tmp_path: Path
) -> None:
    def alter(members: Members) -> None:
        pdf = bytearray(members["plan.pdf"])
        pdf[len(pdf) // 2] ^= 0x01
        members["plan.pdf"] = bytes(pdf)

    error = refused(variant(genuine, tmp_path, alter), tmp_path)
    assert error.message("zh") == "报送包中的文件“plan.pdf”校验和不符，文件可能已被改动。"
    assert "“plan.pdf”" in error.message("en") and "checksum" in error.message("en")


def test_a_file_whose_size_differs_from_the_manifest_is_refused(
    genuine: bytes, tmp_path: Path
) -> None:
    def grow(members: Members) -> None:
        members["plan.docx"] += b"\0"

    error = refused(variant(genuine, tmp_path, grow), tmp_path)
    assert names_file(error, "plan.docx") and "大小" in error.message("zh")


def test_a_listed_file_missing_from_the_package_is_refused(genuine: bytes, tmp_path: Path) -> None:
    error = refused(variant(genuine, tmp_path, lambda m: m.pop("plan.xlsx")), tmp_path)
    assert names_file(error, "plan.xlsx") and "缺少" in error.message("zh")


def test_a_file_not_in_the_manifest_is_refused(genuine: bytes, tmp_path: Path) -> None:
    def add(members: Members) -> None:
        members["notes.txt"] = b"not listed"

    error = refused(variant(genuine, tmp_path, add), tmp_path)
    assert names_file(error, "notes.txt") and "未列入清单" in error.message("zh")


def test_a_package_without_plan_data_is_refused(genuine: bytes, tmp_path: Path) -> None:
    def drop(members: Members) -> None:
        members.pop("plan.json")
        manifest = manifest_of(members)
        manifest["files"] = [e for e in manifest["files"] if e["name"] != "plan.json"]
        set_manifest(members, manifest)

    error = refused(variant(genuine, tmp_path, drop), tmp_path)
    assert names_file(error, "plan.json")


def test_a_newer_plan_schema_is_refused_even_with_a_matching_checksum(
    genuine: bytes, tmp_path: Path
) -> None:
    def newer(members: Members) -> None:
        document = json.loads(members["plan.json"])
        document["schema_version"] = 99
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        replace_file(members, "plan.json", data, "application/json")

    error = refused(variant(genuine, tmp_path, newer), tmp_path)
    assert names_file(error, "plan.json")
    assert "99" in error.message("zh") and "99" in error.message("en")


def test_invalid_plan_data_is_refused_naming_plan_json(genuine: bytes, tmp_path: Path) -> None:
    def broken(members: Members) -> None:
        replace_file(members, "plan.json", b"{not json", "application/json")

    error = refused(variant(genuine, tmp_path, broken), tmp_path)
    assert names_file(error, "plan.json") and "JSON" in error.message("en")


# -- the manifest ----------------------------------------------------------------------------


def test_a_missing_manifest_is_refused(genuine: bytes, tmp_path: Path) -> None:
    error = refused(variant(genuine, tmp_path, lambda m: m.pop(MANIFEST_NAME)), tmp_path)
    assert names_file(error, MANIFEST_NAME)


@pytest.mark.parametrize("content", [b"", b"{oops", b"[1, 2]", "清单".encode("gbk")])
def test_an_unparseable_manifest_is_refused(genuine: bytes, tmp_path: Path, content: bytes) -> None:
    def spoil(members: Members) -> None:
        members[MANIFEST_NAME] = content

    error = refused(variant(genuine, tmp_path, spoil), tmp_path)
    assert names_file(error, MANIFEST_NAME)


def test_a_wrong_format_is_refused(genuine: bytes, tmp_path: Path) -> None:
    def other(members: Members) -> None:
        set_manifest(members, {**manifest_of(members), "format": "something.else"})

    error = refused(variant(genuine, tmp_path, other), tmp_path)
    assert "peakplan.package" in error.message("zh") and "PeakPlan" in error.message("en")


def test_a_newer_manifest_version_is_refused_naming_it(genuine: bytes, tmp_path: Path) -> None:
    def newer(members: Members) -> None:
        set_manifest(members, {**manifest_of(members), "manifest_version": 2})

    error = refused(variant(genuine, tmp_path, newer), tmp_path)
    assert "版本为 2" in error.message("zh") and "version 2" in error.message("en")


@pytest.mark.parametrize("version", ["1", 0, None, True])
def test_an_invalid_manifest_version_is_refused(
    genuine: bytes, tmp_path: Path, version: object
) -> None:
    def odd(members: Members) -> None:
        set_manifest(members, {**manifest_of(members), "manifest_version": version})

    error = refused(variant(genuine, tmp_path, odd), tmp_path)
    assert "manifest_version" in error.message("en")


@pytest.mark.parametrize(
    "files",
    [None, "plan.pdf", [{"name": "plan.pdf"}], [{"name": "plan.pdf", "size": -1, "sha256": "x"}]],
)
def test_an_invalid_file_list_is_refused(genuine: bytes, tmp_path: Path, files: object) -> None:
    def odd(members: Members) -> None:
        set_manifest(members, {**manifest_of(members), "files": files})

    error = refused(variant(genuine, tmp_path, odd), tmp_path)
    assert names_file(error, MANIFEST_NAME)


# -- names that would escape a folder --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "docs/../../evil.txt",
        "/etc/x",
        "C:/Windows/evil.txt",
        "c:evil.txt",
        "..\\evil.txt",
        "docs\\..\\..\\evil.txt",
        "\\\\server\\share\\evil.txt",
    ],
)
def test_a_name_escaping_the_folder_is_refused(genuine: bytes, tmp_path: Path, name: str) -> None:
    def add(members: Members) -> None:
        replace_file(members, name, b"evil")

    error = refused(variant(genuine, tmp_path, add), tmp_path)
    assert names_file(error, name) and "不安全" in error.message("zh")
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/etc/x").exists()


def test_a_name_with_a_nul_byte_is_refused(genuine: bytes, tmp_path: Path) -> None:
    members = members_of(genuine)
    members["evilQnul.txt"] = b"evil"
    raw = write_zip(tmp_path / "v.zip", members).read_bytes()
    assert raw.count(b"evilQnul") == 2  # the local header and the central directory
    path = tmp_path / "variant.zip"
    path.write_bytes(raw.replace(b"evilQnul", b"evil\0nul"))
    (tmp_path / "v.zip").unlink()
    error = refused(path, tmp_path)
    assert "evil\\0nul.txt" in error.message("zh") and "evil\\0nul.txt" in error.message("en")


def test_a_file_named_twice_is_refused(genuine: bytes, tmp_path: Path) -> None:
    items = list(members_of(genuine).items())
    items.append(("plan.pdf", b"%PDF- a second one"))
    error = refused(write_zip(tmp_path / "variant.zip", items), tmp_path)
    assert names_file(error, "plan.pdf")


# -- zip bombs and lies ----------------------------------------------------------------------


def test_a_highly_compressed_member_is_refused(genuine: bytes, tmp_path: Path) -> None:
    zeros = bytes(50 * 1024 * 1024)

    def bomb(members: Members) -> None:
        replace_file(members, "zeros.bin", zeros)  # listed, with the right checksum

    path = variant(genuine, tmp_path, bomb)
    assert path.stat().st_size < 5 * 1024 * 1024
    error = refused(path, tmp_path)
    assert names_file(error, "zeros.bin") and "压缩炸弹" in error.message("zh")


def test_the_ratio_limit_applies_to_smaller_members_when_lowered(
    genuine: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_import, "RATIO_FLOOR", 1024)
    monkeypatch.setattr(package_import, "MAX_RATIO", 20)
    path = variant(genuine, tmp_path, lambda m: replace_file(m, "zeros.bin", bytes(64 * 1024)))
    assert names_file(refused(path, tmp_path), "zeros.bin")


def test_a_package_larger_than_the_limit_is_refused(
    genuine: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = sum(len(data) for data in members_of(genuine).values())
    monkeypatch.setattr(package_import, "MAX_TOTAL_BYTES", total - 1)
    path = tmp_path / "p.zip"
    path.write_bytes(genuine)
    error = refused(path, tmp_path)
    assert "过大" in error.message("zh") and "too large" in error.message("en")


def test_too_many_members_are_refused(genuine: bytes, tmp_path: Path) -> None:
    def crowd(members: Members) -> None:
        for n in range(70):
            members[f"x{n}.txt"] = b"x"

    error = refused(variant(genuine, tmp_path, crowd), tmp_path)
    count = len(PACKAGE_FILES) + 1 + 70
    assert f"{count}" in error.message("zh") and f"{count}" in error.message("en")
    assert "过多" in error.message("zh") and "too many" in error.message("en")


def test_the_member_limit_can_be_lowered(
    genuine: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_import, "MAX_MEMBERS", 3)
    path = tmp_path / "p.zip"
    path.write_bytes(genuine)
    assert "too many" in refused(path, tmp_path).message("en")


def write_with(path: Path, members: Members, name: str, change: Callable[[Any], None]) -> Path:
    """Write ``members``, then change the central directory's record of ``name``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        change(archive.getinfo(name))
    return path


def test_a_member_larger_than_it_declares_is_refused(genuine: bytes, tmp_path: Path) -> None:
    members = members_of(genuine)
    claimed = len(members["plan.pdf"]) // 2
    manifest = manifest_of(members)
    entry_of(manifest, "plan.pdf")["size"] = claimed  # the manifest agrees with the lie
    set_manifest(members, manifest)

    def lie(info: zipfile.ZipInfo) -> None:
        info.file_size = claimed

    path = write_with(tmp_path / "variant.zip", members, "plan.pdf", lie)
    error = refused(path, tmp_path)
    assert names_file(error, "plan.pdf")


def test_reading_stops_once_a_member_yields_more_than_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(package_import, "CHUNK_BYTES", 16)
    assert read_capped(io.BytesIO(b"x" * 100), 100, "a.bin") == b"x" * 100
    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(PackageError) as caught:
        read_capped(stream, 100, "a.bin")
    assert names_file(caught.value, "a.bin")
    assert stream.tell() <= 100 + 16  # it stopped at the first chunk over the cap


def test_an_encrypted_member_is_refused(genuine: bytes, tmp_path: Path) -> None:
    def encrypt(info: zipfile.ZipInfo) -> None:
        info.flag_bits |= 0x1

    path = write_with(tmp_path / "variant.zip", members_of(genuine), "plan.pdf", encrypt)
    error = refused(path, tmp_path)
    assert names_file(error, "plan.pdf") and "encrypted" in error.message("en")


def test_an_unsupported_compression_is_refused(genuine: bytes, tmp_path: Path) -> None:
    members = members_of(genuine)
    path = tmp_path / "variant.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            method = zipfile.ZIP_BZIP2 if name == "plan.json" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    assert names_file(refused(path, tmp_path), "plan.json")


# -- files that are no package at all --------------------------------------------------------

NOT_A_ZIP = "不是有效的报送包（zip）文件"


def test_a_text_file_renamed_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "方案.zip"
    path.write_text("这不是压缩包。\n" * 100, encoding="utf-8")
    assert NOT_A_ZIP in refused(path, tmp_path).message("zh")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    path.write_bytes(b"")
    assert NOT_A_ZIP in refused(path, tmp_path).message("zh")


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_a_truncated_package_is_refused(genuine: bytes, tmp_path: Path, keep: float) -> None:
    path = tmp_path / "cut.zip"
    path.write_bytes(genuine[: int(len(genuine) * keep)])
    assert NOT_A_ZIP in refused(path, tmp_path).message("zh")


def test_a_package_cut_in_its_middle_is_refused(genuine: bytes, tmp_path: Path) -> None:
    """The central directory survives but the data it points to is gone or shifted."""
    path = tmp_path / "holed.zip"
    middle = len(genuine) // 2
    path.write_bytes(genuine[:middle] + genuine[middle + 4096 :])
    refused(path, tmp_path)


def test_a_missing_file_or_a_folder_cannot_be_read(tmp_path: Path) -> None:
    error = refused(tmp_path / "nowhere.zip", tmp_path)
    assert "无法读取" in error.message("zh") and "Cannot read" in error.message("en")
    folder = tmp_path / "folder.zip"
    folder.mkdir()
    assert "Cannot read" in refused(folder, tmp_path).message("en")
