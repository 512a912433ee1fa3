"""Cache files written whole or not at all (forms.user_cache)."""

from __future__ import annotations

from pathlib import Path

from forms.user_cache import cache_folder, write_cache_file


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "entry.bin"
    assert write_cache_file(target, lambda handle: handle.write(b"first"))
    assert target.read_bytes() == b"first"

    def fails(handle: object) -> None:
        handle.write(b"half")  # type: ignore[attr-defined]
        raise ValueError("cannot be pickled")

    assert write_cache_file(target, fails) is False
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["entry.bin"]


def test_an_unwritable_place_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    assert write_cache_file(blocker / "entry.bin", lambda handle: handle.write(b"x")) is False


def test_the_folder_is_peakplans_in_the_user_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "PeakPlan"
    assert cache_folder("fonts") == tmp_path / "PeakPlan" / "fonts"
