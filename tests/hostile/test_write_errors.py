"""A file that cannot be written: the system's reason, which it gives in English only ("No
space left on device"), is said in Chinese in a Chinese message and in plain English in an
English one, and nothing is left behind — no temporary ``.part`` file, no half-written
destination, and a file being replaced keeps its old content."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import main
from exporters.atomic import ExportError, write_all_atomic, write_atomic
from forms.errors import os_reason
from tests.hostile.importing import DEMO_CITY, run_cli

# What the system says in English, which must not reach a Chinese message.
SYSTEM_WORDS = (
    "No space left",
    "Permission denied",
    "Read-only file system",
    "File name too long",
    "Is a directory",
    "Not a directory",
    "Disk quota exceeded",
    "Input/output error",
    "No such file",
)


def refusal(path: Path, data: bytes = b"{}") -> tuple[str, str]:
    with pytest.raises(ExportError) as caught:
        write_atomic(path, data)
    return caught.value.message("zh"), caught.value.message("en")


def assert_chinese_only(zh: str) -> None:
    assert not [words for words in SYSTEM_WORDS if words in zh], zh


def test_a_path_under_a_regular_file_says_a_part_is_not_a_folder(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    zh, en = refusal(plain / "plan.json")  # the system: ENOTDIR, "Not a directory"
    assert "路径中有一部分不是文件夹" in zh and "请选择其他保存位置" in zh, zh
    assert_chinese_only(zh)
    assert "A part of the path is not a folder" in en, en
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def test_a_name_longer_than_the_file_system_allows_is_said_in_chinese(tmp_path: Path) -> None:
    zh, en = refusal(tmp_path / ("长" * 120 + ".json"))  # 360 bytes: ENAMETOOLONG
    assert "文件名过长" in zh, zh
    assert_chinese_only(zh)
    assert "The file name is too long" in en, en
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="no /sys (not Linux)")
def test_a_folder_that_may_not_be_written_says_permission_in_chinese() -> None:
    """/sys refuses new files even to root (EACCES): the real refusal, not a patched one."""
    zh, en = refusal(Path("/sys/kernel/peakplan-test.json"))
    assert "没有权限" in zh, zh
    assert_chinese_only(zh)
    assert "Permission denied" in en, en
    assert not list(Path("/sys/kernel").glob(".peakplan-test.json*"))


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="no /proc (not Linux)")
def test_a_missing_folder_says_so_in_chinese() -> None:
    zh, en = refusal(Path("/proc/self/no-such-folder/plan.json"))
    assert "没有这个文件或文件夹" in zh, zh
    assert_chinese_only(zh)
    assert "No such file or folder" in en, en


FAILURES = {
    errno.ENOSPC: ("磁盘已满", "The disk is full"),
    errno.EDQUOT: ("已超出磁盘配额", "The disk quota is exceeded"),
    errno.EIO: ("输入/输出错误", "Input/output error (disk or network)"),
    errno.EROFS: ("只读", "The disk or file system is read-only"),
    errno.EACCES: ("没有权限", "Permission denied"),
    errno.EISDIR: ("这是一个文件夹", "It is a folder, not a file"),
}


@pytest.mark.parametrize("code", FAILURES, ids=[errno.errorcode[c] for c in FAILURES])
@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_write_failing_midway_says_why_and_leaves_the_old_file(
    code: int, step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills (or fails) while the data is flushed, or as the finished temporary file
    takes the destination's name: the old file is kept whole and no ``.part`` remains."""
    target = tmp_path / "方案.json"
    target.write_bytes(b"old")

    def refuse(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, step, refuse)
    zh, en = refusal(target, b"new" * 100_000)
    monkeypatch.undo()
    assert FAILURES[code][0] in zh and f"无法写入“{target}”" in zh, zh
    assert_chinese_only(zh)
    assert FAILURES[code][1] in en and os.strerror(code) not in en.replace(FAILURES[code][1], "")
    assert [p.name for p in tmp_path.iterdir()] == ["方案.json"]
    assert target.read_bytes() == b"old"


def test_an_error_the_table_does_not_know_keeps_the_systems_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(errno.ETXTBSY, os.strerror(errno.ETXTBSY))

    monkeypatch.setattr(os, "fsync", refuse)
    zh, en = refusal(tmp_path / "plan.json")
    monkeypatch.undo()
    assert os.strerror(errno.ETXTBSY) in zh and os.strerror(errno.ETXTBSY) in en
    assert list(tmp_path.iterdir()) == []
    assert os_reason(OSError("no errno")) == ("no errno", "no errno")


def test_several_files_are_all_written_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two files meets a full disk: the first's temporary file is removed too."""
    real_fsync, calls = os.fsync, []

    def second_fails(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", second_fails)
    with pytest.raises(ExportError) as caught:
        write_all_atomic({tmp_path / "a.xlsx": b"a" * 1000, tmp_path / "b.docx": b"b" * 1000})
    monkeypatch.undo()
    assert "磁盘已满" in caught.value.message("zh")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_says_a_full_disk_in_the_users_language(
    lang: str,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out_folder = tmp_path / "out"
    out_folder.mkdir()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = out_folder / "plan.json"
    code, out, err = run_cli(
        capsys, "--db", str(db), "--lang", lang, "export-json", DEMO_CITY, str(target)
    )
    assert code == main.EXIT_FAILURE, out + err
    if lang == "zh":
        assert f"无法写入“{target}”：磁盘已满。" in err, err
        assert_chinese_only(err)
    else:
        assert f"Cannot write “{target}”: The disk is full." in err, err
    assert "Traceback" not in err
    assert list(out_folder.iterdir()) == []


def test_a_database_under_a_regular_file_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    code, out, err = run_cli(capsys, "--db", str(plain / "plans.sqlite"), "demo")
    assert code == main.EXIT_FAILURE, out + err
    assert "路径中有一部分不是文件夹" in err, err
    assert_chinese_only(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def test_a_font_file_that_cannot_be_read_is_said_in_chinese(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--font naming a missing file, a folder, or a path under a file: the reader's reason,
    not “[Errno 2] No such file or directory” or the font parser's “Can't open file”."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    cases = {
        tmp_path / "没有.ttf": ("没有这个文件或文件夹", "No such file or folder"),
        tmp_path: ("这是一个文件夹，不是文件", "It is a folder, not a file"),
        plain / "a.ttf": ("路径中有一部分不是文件夹", "A part of the path is not a folder"),
    }
    out = tmp_path / "out"
    out.mkdir()
    for font, (zh, en) in cases.items():
        for lang, words in (("zh", zh), ("en", en)):
            code, stdout, err = run_cli(
                capsys, "--db", str(db), "--lang", lang, "export", DEMO_CITY,
                "--pdf", str(out / "plan.pdf"), "--font", f"body={font}",
            )  # fmt: skip
            assert code == main.EXIT_FAILURE, stdout + err
            assert f"“{font}”" in err and words in err, err
            if lang == "zh":
                assert_chinese_only(err)
                assert "Can't open" not in err and "Errno" not in err
    assert list(out.iterdir()) == []
