"""The application's name, version and licence, as recorded in exports and shown in About."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "PeakPlan"
# As pyproject.toml gives them (tests/packaging checks they agree): constants, so a start reads
# no package metadata (importlib.metadata alone took a fifth of `peakplan --version`).
VERSION = "0.1.0"
LICENSE = "Proprietary"


def _bundled_info() -> tuple[str, str] | None:
    """(version, licence) from the metadata a bundle carries (packaging/peakplan.spec), the
    package's own record of what it is; None when not running from a bundle."""
    folder = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or folder is None:
        return None
    for meta in sorted(Path(folder).glob("peakplan-*.dist-info/METADATA")):
        headers: dict[str, str] = {}
        for line in meta.read_text(encoding="utf-8").splitlines():
            if not line:  # the headers end at the first empty line
                break
            key, _, value = line.partition(":")
            headers.setdefault(key.strip(), value.strip())
        licence = headers.get("License") or headers.get("License-Expression") or LICENSE
        return headers.get("Version") or VERSION, licence
    return None


APP_VERSION, APP_LICENSE = _bundled_info() or (VERSION, LICENSE)
