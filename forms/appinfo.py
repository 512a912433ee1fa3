"""The application's name, version and licence, as recorded in exports and shown in About."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

APP_NAME = "PeakPlan"
_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _project_info() -> tuple[str, str]:
    """(version, licence): from the installed package's metadata (a bundle carries it), else
    from pyproject.toml of a source tree that was not installed — the one place both are set."""
    try:
        meta = metadata("peakplan")
        return meta["Version"], meta.get("License") or meta.get("License-Expression") or ""
    except PackageNotFoundError:
        with _PYPROJECT.open("rb") as file:
            project = tomllib.load(file)["project"]
        licence = project.get("license", "")
        return project["version"], licence.get("text", "") if isinstance(licence, dict) else licence


APP_VERSION, APP_LICENSE = _project_info()
