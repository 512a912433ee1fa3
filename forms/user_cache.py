"""PeakPlan's folder in the user cache folder, and its files written whole or not at all.

What is kept there (parsed fonts, loaded templates, compiled prose and dataclass code) only
saves the next process work: a file that cannot be written is simply not kept, and one that
is written is complete — a temporary file renamed over it — so a reader never sees half of it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from forms.appinfo import APP_NAME


def cache_folder(name: str = "") -> Path:
    """PeakPlan's user cache folder, or the folder ``name`` in it."""
    from platformdirs import user_cache_path  # not loaded by a command that caches nothing

    root = user_cache_path(APP_NAME, appauthor=False)
    return root / name if name else root


def write_cache_file(target: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Make ``target`` with ``write(handle)``, in full or not at all; False when it could not
    be (an unwritable folder, a full disk, ``write`` failing): never raises."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.replace(temporary, target)
    except Exception:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
