"""An error that carries its message in both languages, for the UI and the command line."""

from __future__ import annotations

import errno


class LocalizedError(Exception):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


# The system gives its reasons for refusing a file in English only ("No space left on
# device"): the common ones in both languages, for every message that names a file.
_OS_REASONS = {
    errno.ENOENT: (
        "没有这个文件或文件夹（请检查名称和所在文件夹）",
        "No such file or folder (check the name and the folder)",
    ),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "A part of the path is not a folder"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "It is a folder, not a file"),
    errno.EACCES: ("没有权限", "Permission denied"),
    errno.EPERM: ("没有权限", "Permission denied"),
    errno.EROFS: ("磁盘或文件系统是只读的", "The disk or file system is read-only"),
    errno.ENOSPC: ("磁盘已满", "The disk is full"),
    errno.EDQUOT: ("已超出磁盘配额", "The disk quota is exceeded"),
    errno.EFBIG: ("文件过大", "The file is too large"),
    errno.ENAMETOOLONG: ("文件名过长", "The file name is too long"),
    errno.ELOOP: (
        "路径中的链接过多（可能循环链接）",
        "Too many links in the path (perhaps a loop)",
    ),
    errno.EIO: (
        "发生输入/输出错误（磁盘或网络故障）",
        "Input/output error (disk or network)",
    ),
    errno.EBUSY: ("文件正被占用", "The file is in use"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why the system refused a file, in Chinese and in English; the system's own words
    (in both) for a reason not in the table."""
    known = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return known
    own = exc.strerror or str(exc)
    return own, own
