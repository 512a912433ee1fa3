"""Errors of user operations, in both languages."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from forms.errors import LocalizedError, os_reason


class OperationError(LocalizedError):
    """Base of the operations' own errors."""


class FileReadError(OperationError):
    def __init__(self, path: Path, exc: OSError) -> None:
        zh, en = os_reason(exc)
        super().__init__(f"无法读取“{path}”：{zh}。", f"Cannot read “{path}”: {en}.")


class NoOutputError(OperationError):
    def __init__(self) -> None:
        super().__init__(
            "请至少指定一种输出：--pdf、--xlsx、--docx 或 --package。",
            "Name at least one output: --pdf, --xlsx, --docx or --package.",
        )


class SameDestinationError(OperationError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{path}”被指定给了不止一种输出，后写的会覆盖先写的。请为每种输出指定不同的文件名。",
            f"“{path}” is named for more than one output; the later would replace the earlier. "
            "Give each output its own file name.",
        )


class DatabaseDestinationError(OperationError):
    """An export aimed at a database file (the plans' own, most likely): never replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{path}”是一个数据库文件，导出不会覆盖它（否则其中的方案将全部丢失）。"
            "请换一个文件名。",
            f"“{path}” is a database file; an export never replaces it (its plans would all "
            "be lost). Choose another file name.",
        )


# What each output is, for a message: (Chinese, English, its file name ending).
OUTPUT_KINDS = {
    "pdf": ("PDF 文件", "a PDF file", ".pdf"),
    "xlsx": ("Excel 工作簿", "an Excel workbook", ".xlsx"),
    "docx": ("Word 文档", "a Word document", ".docx"),
    "package": ("报送包（zip 压缩包）", "a submission package (a zip archive)", ".zip"),
    "json": ("方案 JSON 数据", "the plan's JSON data", ".json"),
}


class WrongFileTypeError(OperationError):
    """An output named as another kind of file (``--pdf plan.docx``): the program that
    opens it by its name would refuse it, and the file of that name expected is not there."""

    def __init__(self, path: Path, kind: str) -> None:
        zh, en, suffix = OUTPUT_KINDS[kind]
        gap = " " if zh[0].isascii() else ""
        super().__init__(
            f"“{path}”的扩展名是 {path.suffix}，但这里写入的是{gap}{zh}，"
            f"按扩展名打开它的程序会报错。请把文件名改为以 {suffix} 结尾。",
            f"“{path}” ends in {path.suffix}, but what is written there is {en}; a program "
            f"opening it by its name would refuse it. Name it with {suffix} at the end.",
        )


class BlankEndingError(OperationError):
    """An output's name ending in a space or a dot (``--pdf "plan.pdf "``): the file's type
    is not recognised by its name, and Windows cannot even open such a file."""

    def __init__(self, path: Path, kind: str) -> None:
        suffix = OUTPUT_KINDS[kind][2]
        super().__init__(
            f"“{path}”的文件名以空格或句点结尾，按扩展名打开文件的程序认不出它，"
            f"Windows 也无法打开。请去掉结尾的空格或句点，以 {suffix} 结尾。",
            f"“{path}” ends in a space or a dot: programs that open a file by its name would "
            f"not recognise it, and Windows cannot open it. Remove them, ending the name "
            f"with {suffix}.",
        )


class ChapterNotFoundError(OperationError):
    """``titles``: the plan's chapters as (Chinese, English) titles, to say what to type."""

    def __init__(self, ref: str, titles: list[tuple[str, str]]) -> None:
        zh = "、".join(f"“{t[0]}”" for t in titles)
        en = ", ".join(f"“{t[1] or t[0]}”" for t in titles)
        super().__init__(
            f"方案中没有章节“{ref}”。请用章节标题指定章节：{zh}。",
            f"The plan has no chapter “{ref}”. Name a chapter by its title: {en}.",
        )


class IndicatorNotFoundError(OperationError):
    """``names``: the plan's indicators as (Chinese, English) names, to say what to type."""

    def __init__(self, ref: str, names: list[tuple[str, str]]) -> None:
        zh = "、".join(f"“{n[0]}”" for n in names[:6])
        en = ", ".join(f"“{n[1] or n[0]}”" for n in names[:6])
        more_zh, more_en = ("等", " …") if len(names) > 6 else ("", "")
        super().__init__(
            f"方案中没有指标“{ref}”。请用指标名称指定指标，如{zh}{more_zh}（见指标表）。",
            f"The plan has no indicator “{ref}”. Name an indicator as in the plan's indicator "
            f"table, e.g. {en}{more_en}.",
        )


class ActualNotANumberError(OperationError):
    """A monitoring year's actual value that cannot be read as a number: nothing is recorded."""

    def __init__(self, indicator: tuple[str, str], year: int, text: str) -> None:
        zh, en = indicator
        super().__init__(
            f"指标“{zh}”{year}年的实际值“{text}”不是数字，未记录。请输入数字，如 52 或 52.3%。",
            f"The actual value “{text}” of “{en or zh}” in {year} is not a number, so nothing "
            "was recorded. Type a number, e.g. 52 or 52.3%.",
        )


class ChangeNotFoundError(OperationError):
    def __init__(self, ref: str, count: int) -> None:
        super().__init__(
            f"没有第“{ref}”处修改：请用 peakplan revisions 列出的编号（1—{count}），"
            "如 --why 1=理由。",
            f"There is no change “{ref}”: give its number as peakplan revisions lists it "
            f"(1–{count}), e.g. --why 1=REASON.",
        )


class OtherPlanError(OperationError):
    def __init__(self, incoming: str, plan: str) -> None:
        super().__init__(
            f"报送包中的方案“{incoming}”与“{plan}”不是同一方案，不能合并审核意见。",
            f"The package holds the plan “{incoming}”, not “{plan}”; "
            "its comments cannot be merged.",
        )


class ChangedMeanwhileError(OperationError):
    """Another client changed what this command changes between its reading and its saving:
    nothing was saved, so nothing of theirs is overwritten."""

    def __init__(self, what_zh: str, what_en: str) -> None:
        super().__init__(
            f"{what_zh}刚被别人修改过，本次修改没有保存，以免覆盖对方的内容。"
            "请重新运行此命令（它会读取最新内容）。",
            f"Someone else has just changed the {what_en}; this change was not saved, so as not "
            "to overwrite theirs. Run the command again (it reads the latest).",
        )


class PlanBusyError(OperationError):
    """The whole plan met others' changes on every try just now: kept, and tried again."""

    def __init__(self) -> None:
        super().__init__(
            "其他人正在频繁修改此方案，您的修改尚未保存，稍后会自动再试（不会覆盖对方的内容）。",
            "Others are changing this plan right now; your changes are not saved yet and "
            "are tried again shortly (without overwriting theirs).",
        )


class NotARegularFileError(OperationError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"无法读取“{path}”：这不是普通文件（可能是设备或管道），请选择一个文件。",
            f"Cannot read “{path}”: it is not a regular file (perhaps a device or a pipe); "
            "choose a file.",
        )


def _regular_file(path: Path) -> None:
    """Refuse what is not a plain file before opening it: a pipe would keep the open waiting
    for a writer, and a device such as /dev/zero never ends (the zip reader reads to the end:
    ``import-package /dev/zero`` grew past 24 GB)."""
    try:
        found = path.stat()
    except OSError as exc:
        raise FileReadError(path, exc) from exc
    if stat.S_ISDIR(found.st_mode):
        raise FileReadError(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if not stat.S_ISREG(found.st_mode):
        raise NotARegularFileError(path)


def check_readable(path: Path | str) -> None:
    """A :class:`FileReadError` naming the file unless it can be opened for reading."""
    path = Path(path)
    _regular_file(path)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise FileReadError(path, exc) from exc


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """The file's bytes, or a :class:`FileReadError` naming it.  ``limit``: the most the
    reader takes; one byte more is read from a larger file, enough for the reader to refuse
    it as too large without the whole file in memory."""
    path = Path(path)
    _regular_file(path)
    try:
        with path.open("rb") as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise FileReadError(path, exc) from exc


class OperationCancelledError(OperationError):
    """Raised between an operation's steps when the user cancelled it: nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消，没有做任何更改。", "Cancelled: nothing was changed.")


class SnapshotNotKeptError(OperationError):
    """The files are written, but the snapshot of the package sent could not be stored (the
    database is read-only, or held by another program): said as such, not as a failed
    export.  ``written``: the files, complete and in place."""

    def __init__(self, written: list[Path], cause: LocalizedError) -> None:
        self.written = written
        super().__init__(
            f"文件已导出，但报送包中的方案未能在数据库中保存为快照。{cause.message('zh')}",
            "The files were exported, but the plan in the package could not be kept as a "
            f"snapshot in the database. {cause.message('en')}",
        )
