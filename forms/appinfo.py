"""The application's name and version, as recorded in exports."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "PeakPlan"

try:
    APP_VERSION = version("peakplan")
except PackageNotFoundError:  # running from a source tree that was not installed
    APP_VERSION = "0.1.0"
