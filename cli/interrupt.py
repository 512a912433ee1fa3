"""Ctrl+C's one line and exit code, with the standard library only: ``main`` loads this
first, so Ctrl+C while the rest of the program loads (its first ~40 ms) says what a later one
says instead of printing a traceback."""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # typing itself takes ~20 ms to load
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_CANCELLED = 130  # Ctrl+C, as a shell reports a program ended by SIGINT (128 + 2)

# The commands whose work is writing files (all written last, together: exporters.atomic).
FILE_COMMANDS = {"export", "export-json", "collect", "revisions"}

# The commands that change the database (“user” and “team” only with some of their actions,
# and import-xlsx not with --dry-run: Ctrl+C during those says nothing changed, which is so).
DATABASE_COMMANDS = {
    "demo",
    "import-json",
    "import-xlsx",
    "import-package",
    "snapshot",
    "comment",
    "import-comments",
    "monitor",
    "copy",
    "rename",
    "delete",
    "restore",
    "user",
    "team",
}

# The options every command shares that take a value (main.build_parser).
_VALUED = {"--db", "--lang"}


def nothing_done(lang: str, command: str | None) -> str:
    """Ctrl+C's line when the command had done nothing yet."""
    if command in FILE_COMMANDS:
        return "Cancelled; no file was written." if lang == "en" else "已取消，未写入任何文件。"
    if command in DATABASE_COMMANDS:
        if lang == "en":
            return "Cancelled; nothing was changed in the database."
        return "已取消，数据库未作任何更改。"
    return "Cancelled." if lang == "en" else "已取消。"


def language_asked(argv: Sequence[str]) -> str:
    """``--lang``'s value as typed, else $PEAKPLAN_LANG's, for a message before the
    arguments are parsed."""
    words = list(argv)
    for i, word in enumerate(words):
        if (word == "--lang" and words[i + 1 : i + 2] == ["en"]) or word == "--lang=en":
            return "en"
    return "en" if os.environ.get("PEAKPLAN_LANG") == "en" else "zh"


def command_asked(argv: Sequence[str]) -> str | None:
    """The command's name as typed (the first word that is not a shared option or its
    value), before the arguments are parsed."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def cancelled_early(argv: Sequence[str]) -> int:
    """Ctrl+C before the command began (the program loading, its arguments being read):
    nothing was done yet."""
    sys.stderr.write(nothing_done(language_asked(argv), command_asked(argv)) + "\n")
    return EXIT_CANCELLED


_HEARD: list[int] = []


def _note_ctrl_c(signum: int, _frame: object) -> None:
    _HEARD.append(signum)
    raise KeyboardInterrupt


def note_ctrl_c() -> object:
    """From now on, Ctrl+C raises KeyboardInterrupt as before and is also noted: a library
    may turn the KeyboardInterrupt into an error of its own (pydantic, building a model's
    validator, reports a ``SchemaError``), which :func:`ctrl_c_heard` then tells apart from a
    real failure.  Returns the handler to put back; nothing changes when Ctrl+C was ignored
    or handled by someone else."""
    previous = signal.getsignal(signal.SIGINT)
    _HEARD.clear()
    if previous is signal.default_int_handler:
        signal.signal(signal.SIGINT, _note_ctrl_c)
    return previous


def stop_noting_ctrl_c(previous: object) -> None:
    if signal.getsignal(signal.SIGINT) is _note_ctrl_c:
        signal.signal(signal.SIGINT, previous)


def ctrl_c_heard() -> bool:
    """Whether Ctrl+C came since :func:`note_ctrl_c`."""
    return bool(_HEARD)


def hold_ctrl_c() -> None:
    """The command has done its work and said so: a Ctrl+C from now on is held back, and the
    process exits with the command's own code.  Heard as Python shuts down, it would kill the
    process instead (the shell reporting it cancelled although every file is in place)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
