"""The submission package and the all-or-nothing writing of exports."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from exporters.atomic import ExportError
from exporters.package import (
    MANIFEST_NAME,
    PACKAGE_FILES,
    ExportRequest,
    default_file_stem,
    export_plan,
    zip_package,
)
from forms.plan import Plan
from forms.serialize import SCHEMA_VERSION, plan_from_json
from tests.exporters.conftest import template_of


def export_all(plan: Plan, folder: Path) -> dict[str, Path]:
    targets = {
        "pdf": folder / "方案.pdf",
        "xlsx": folder / "方案.xlsx",
        "docx": folder / "方案.docx",
        "package": folder / "方案.zip",
    }
    written = export_plan(plan, template_of(plan), ExportRequest(**targets))
    assert sorted(written) == sorted(targets.values())
    return targets


def test_the_demo_city_exports_to_all_four_outputs(demo_city: Plan, tmp_path: Path) -> None:
    targets = export_all(demo_city, tmp_path)
    assert targets["pdf"].read_bytes().startswith(b"%PDF")
    for kind in ("xlsx", "docx", "package"):
        assert zipfile.is_zipfile(targets[kind]), kind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in targets.values())


def test_manifest_checksums_match_the_files(demo_city: Plan, tmp_path: Path) -> None:
    targets = export_all(demo_city, tmp_path)
    with zipfile.ZipFile(targets["package"]) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(MANIFEST_NAME))
        assert names == {MANIFEST_NAME, *PACKAGE_FILES.values()}
        assert {entry["name"] for entry in manifest["files"]} == set(PACKAGE_FILES.values())
        for entry in manifest["files"]:
            data = archive.read(entry["name"])
            assert entry["size"] == len(data)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        plan = plan_from_json(archive.read(PACKAGE_FILES["json"]))
        report = json.loads(archive.read(PACKAGE_FILES["report"]))
        pdf = archive.read(PACKAGE_FILES["pdf"])
    assert manifest["format"] == "peakplan.package" and manifest["manifest_version"] == 1
    assert manifest["template"] == {"id": "annex2-2023", "version": template_of(demo_city).version}
    assert manifest["plan"]["schema_version"] == SCHEMA_VERSION
    assert manifest["app"]["version"] and manifest["exported_at"]
    assert plan == demo_city
    assert report["plan"]["id"] == demo_city.id and report["counts"]["error"] == 0
    assert pdf.startswith(b"%PDF")


def test_package_json_keeps_basic_and_stretch_targets(demo_city: Plan, tmp_path: Path) -> None:
    row = demo_city.indicators[0]
    row.target_2025.basic.text, row.target_2025.stretch.text = "15", "16"
    package = tmp_path / "p.zip"
    export_plan(demo_city, template_of(demo_city), ExportRequest(package=package))
    with zipfile.ZipFile(package) as archive:
        plan = plan_from_json(archive.read(PACKAGE_FILES["json"]))
    target = plan.indicators[0].target_2025
    assert (target.basic.text, target.stretch.text) == ("15", "16")


def test_a_read_only_folder_gives_a_clear_message_and_leaves_nothing(
    demo_city: Plan, read_only_folder: Path
) -> None:
    before = set(read_only_folder.iterdir())
    request = ExportRequest(
        pdf=read_only_folder / "plan.pdf", package=read_only_folder / "plan.zip"
    )
    with pytest.raises(ExportError) as caught:
        export_plan(demo_city, template_of(demo_city), request)
    assert "无法写入" in caught.value.message(
        "zh"
    ) and "请选择其他保存位置" in caught.value.message("zh")
    assert "Cannot write" in caught.value.message("en")
    assert set(read_only_folder.iterdir()) == before


def test_a_failure_on_one_file_leaves_none_of_the_others(demo_city: Plan, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    request = ExportRequest(pdf=tmp_path / "plan.pdf", package=blocker / "plan.zip")
    with pytest.raises(ExportError):
        export_plan(demo_city, template_of(demo_city), request)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_progress_is_reported_up_to_done(demo_city: Plan, tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    export_plan(
        demo_city,
        template_of(demo_city),
        ExportRequest(package=tmp_path / "p.zip"),
        lambda share, what: seen.append((share, what)),
    )
    shares = [share for share, _ in seen]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert {"pdf", "xlsx", "docx", "package", "done"} <= {what for _, what in seen}


def test_package_is_a_valid_zip_readable_in_memory(demo_city: Plan, tmp_path: Path) -> None:
    package = tmp_path / "p.zip"
    export_plan(demo_city, template_of(demo_city), ExportRequest(package=package))
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as archive:
        assert archive.testzip() is None


SUFFIXES = {"pdf": ".pdf", "xlsx": ".xlsx", "docx": ".docx", "package": ".zip"}  # the app's


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_suggested_file_names_of_a_long_plan_name_can_be_written(
    demo_city: Plan, tmp_path: Path, lang: str
) -> None:
    """Linux allows 255 bytes a file name; 100 Chinese characters are 300 in UTF-8."""
    name = "云岚市" + "国家碳达峰试点城市建设" * 9 + "/末尾"
    plan = demo_city.model_copy(update={"meta": demo_city.meta.model_copy(update={"name": name})})
    stem = default_file_stem(plan, lang)
    assert stem.startswith("云岚市国家碳达峰") and "/" not in stem
    assert stem.endswith("碳达峰试点实施方案" if lang == "zh" else " carbon peaking pilot plan")
    targets = {kind: tmp_path / f"{stem}{suffix}" for kind, suffix in SUFFIXES.items()}
    written = export_plan(plan, template_of(plan), ExportRequest(**targets))
    assert sorted(written) == sorted(targets.values())
    assert all(path.stat().st_size > 0 for path in written)


def test_the_package_unzips_as_files_anyone_may_read(demo_city: Plan, tmp_path: Path) -> None:
    """A reviewer unzipping on a shared computer leaves files the others can read (0644), not
    0600 — zipfile's mode for an entry written by its bare name."""
    import os
    import shutil
    import stat
    import subprocess

    package = zip_package(demo_city, template_of(demo_city), {PACKAGE_FILES["json"]: b"{}"})
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        entries = archive.infolist()
    assert [e.filename for e in entries] == [MANIFEST_NAME, PACKAGE_FILES["json"]]
    for entry in entries:
        assert entry.create_system == 3
        assert entry.external_attr >> 16 == stat.S_IFREG | 0o644, oct(entry.external_attr >> 16)
        assert entry.compress_type == zipfile.ZIP_DEFLATED
    if shutil.which("unzip") is None:
        pytest.skip("no unzip here")
    (tmp_path / "p.zip").write_bytes(package)
    subprocess.run(["sh", "-c", "umask 022 && unzip -q p.zip -d out"], cwd=tmp_path, check=True)
    for entry in entries:
        mode = os.stat(tmp_path / "out" / entry.filename).st_mode
        assert stat.S_IMODE(mode) == 0o644 and stat.S_ISREG(mode), oct(mode)
