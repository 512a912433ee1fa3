"""Where the database lives: ``--db``, else ``$PEAKPLAN_DB``, else the user data directory."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "PeakPlan"
DB_FILENAME = "peakplan.sqlite"
ENV_VAR = "PEAKPLAN_DB"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_database_path()
