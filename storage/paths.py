"""Where the database lives: ``--db``, else ``$PEAKPLAN_DB``, else the user data directory.

A value starting ``postgresql://`` names a team's server instead of a file."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "PeakPlan"
DB_FILENAME = "peakplan.sqlite"
ENV_VAR = "PEAKPLAN_DB"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_location(location: object) -> bool:
    """Whether a ``--db`` / ``$PEAKPLAN_DB`` value names a PostgreSQL server, not a file."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)


def resolve_location(explicit: str | os.PathLike[str] | None = None) -> Path | str:
    """Like :func:`resolve_database_path`, but a server's URL is kept as it is."""
    value = explicit or os.environ.get(ENV_VAR, "").strip()
    if is_server_location(value):
        return str(value).strip()
    return resolve_database_path(explicit)


def resolve_database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_database_path()
