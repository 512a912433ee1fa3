"""The packaging files agree with the app: one version (pyproject.toml), a desktop entry in
both languages, the .deb's Depends, the PyInstaller spec's packages and the Windows installer."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from forms import appinfo
from forms.appinfo import APP_LICENSE, APP_VERSION

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_has_one_source() -> None:
    printed = subprocess.run(
        [sys.executable, str(PACKAGING / "version.py")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == PYPROJECT["project"]["version"] == APP_VERSION
    assert PYPROJECT["project"]["license"]["text"] == APP_LICENSE


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_makefile_reads_the_same_version() -> None:
    """The Makefile reads it with sed (no Python start before each `make run`)."""
    database = subprocess.run(
        ["make", "-s", "-p", "-n", "-C", str(ROOT), "lint"], capture_output=True, text=True
    ).stdout
    assert f"VERSION := {PYPROJECT['project']['version']}\n" in database


def test_a_bundle_reports_the_version_its_metadata_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """packaging/test-dist.sh relabels a build as older in its metadata: --version says so."""
    assert appinfo._bundled_info() is None  # from the source tree: the constants
    meta = tmp_path / "peakplan-0.1.0.dist-info" / "METADATA"
    meta.parent.mkdir()
    meta.write_text(
        "Metadata-Version: 2.1\nName: peakplan\nVersion: 0.1.0~previous\n"
        "License: Proprietary\n\nVersion: not a header\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert appinfo._bundled_info() == ("0.1.0~previous", "Proprietary")


def test_the_desktop_entry_names_the_app_in_chinese_and_english() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "peakplan.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"] == "peakplan"
    assert desktop["Name"] == "PeakPlan" and "碳达峰" in desktop["Name[zh_CN]"]
    assert desktop["Icon"] == "peakplan" and (PACKAGING / "peakplan.png").is_file()
    assert "Office" in desktop["Categories"].split(";")


def _depends() -> list[str]:
    lines = (PACKAGING / "deb-depends.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_package_depends_on_the_cjk_fonts_and_the_x11_libraries_qt_needs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"DEB_PACKAGES := (.*?)\n\n", makefile, re.S)
    assert listed is not None
    wanted = {
        name
        for name in listed.group(1).replace("\\", " ").split()
        if name.startswith(("fonts-wqy", "fonts-arphic", "libxcb", "libxkbcommon", "libegl"))
    }
    assert wanted <= set(_depends())


def test_the_bundle_collects_every_package_of_the_app() -> None:
    spec = (PACKAGING / "peakplan.spec").read_text(encoding="utf-8")
    collected = re.search(r"APP_PACKAGES = \[(.*?)\]", spec)
    assert collected is not None
    packages = set(re.findall(r'"(\w+)"', collected.group(1)))
    included = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {name.rstrip("*") for name in included} <= packages
    assert "workflows" in packages  # the command line's operations, once they move there


def test_the_windows_installer_is_per_user_and_keeps_the_plans() -> None:
    script = (PACKAGING / "peakplan.iss").read_text(encoding="utf-8")
    assert "OutputBaseFilename=PeakPlan-Setup-{#AppVersion}" in script
    assert "PrivilegesRequired=lowest" in script
    assert "{group}" in script and "peakplan-gui.exe" in script
    assert "[UninstallDelete]" not in script.replace("No [UninstallDelete]", "")


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_the_deb_installs_under_opt_with_a_command_a_desktop_entry_and_its_depends(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "peakplan").write_text("#!/bin/sh\necho PeakPlan\n")
    (bundle / "peakplan").chmod(0o755)
    built = subprocess.run(
        ["sh", str(PACKAGING / "build-deb.sh"), str(bundle), str(tmp_path / "out"), "9.8.7"],
        capture_output=True,
        text=True,
        check=True,
    )
    deb = Path(built.stdout.strip())
    assert deb.name == "peakplan_9.8.7_amd64.deb"

    def field(name: str) -> str:
        return subprocess.run(
            ["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert field("Package") == "peakplan" and field("Version") == "9.8.7"
    assert field("Architecture") == "amd64"
    assert [d.strip() for d in field("Depends").split(",")] == _depends()
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "./opt/peakplan/peakplan" in listing
    assert "./usr/bin/peakplan -> /opt/peakplan/peakplan" in listing
    assert "./usr/share/applications/peakplan.desktop" in listing
    assert "./usr/share/icons/hicolor/256x256/apps/peakplan.png" in listing


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils"
)
def test_the_desktop_entry_is_valid() -> None:
    checked = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "peakplan.desktop")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
