"""File names made from names users typed: usable on Windows and Linux, short enough for any
file system, and landing in the folder chosen (no "/", "..", or line breaks in them)."""

from __future__ import annotations

import re

_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
STEM_BYTES = 180  # in UTF-8: room left for a suffix within any file system's 255-byte limit


def file_name_part(text: str) -> str:
    """``text`` with what no file name may hold replaced by "_", and no blanks or dots at its
    ends."""
    return _NOT_IN_FILE_NAMES.sub("_", text).strip(" .")


def fitted_stem(name: str, rest: str = "") -> str:
    """``name`` made a file name part, then ``rest`` as given; ``name`` is shortened until
    both fit in :data:`STEM_BYTES` bytes (a plan of 80 Chinese characters is 240 bytes)."""
    stem = file_name_part(name) or "plan"
    while len((stem + rest).encode("utf-8")) > STEM_BYTES and len(stem) > 1:
        stem = stem[:-1].rstrip(" .") or stem[0]
    return stem + rest
