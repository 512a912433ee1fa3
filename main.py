"""PeakPlan: start the app, or work on plans from the command line.

    peakplan                      start the desktop app
    peakplan demo                 create the demo city and demo park plans
    peakplan list [--json]        the plans in the database
    peakplan validate PLAN        the plan's check; exits 1 when it finds errors
    peakplan export-json PLAN F   write the plan as a JSON document
    peakplan import-json F        read a plan from a JSON document
    peakplan export PLAN --pdf F --xlsx F --docx F --package F
                                  write the official documents and the submission package
    peakplan collect PLAN [--department D] --out F.xlsx
                                  a department's data-collection workbook
    peakplan import-xlsx PLAN F.xlsx [--dry-run]
                                  the changes of a returned workbook, then apply them
    peakplan import-package F.zip verify a submission package and add its plan
    peakplan install-template DIR check a province's guideline template and install it
    peakplan rename | delete | restore PLAN …
                                  rename a plan, move it to the trash, bring it back
    peakplan snapshot | snapshots | diff | revisions PLAN …
                                  versions, what changed since one, the revision table
    peakplan comment | import-comments PLAN …
                                  review comments, merged from packages
    peakplan monitor PLAN --year Y [--indicator REF --actual V]
                                  a year's actual values against the path to the targets
    peakplan copy PLAN --to DB [--replace]
                                  a plan and its snapshots to a file or a team's server
    peakplan team setup | add-user NAME --role R | users
                                  who may change what on a team's server (its administrator)

PLAN is a plan's id or its exact name.  ``--db PATH`` (or ``$PEAKPLAN_DB``) chooses the
database: a file, or a team's server as ``postgresql://user:password@host:port/dbname``;
``--lang en`` prints messages in English.  Each command calls one operation of ``workflows``
(the app calls the same ones) and ``cli.commands`` prints its result.
"""

from __future__ import annotations

import sys

from cli.interrupt import (  # the standard library only: ~2 ms
    cancelled_early,
    ctrl_c_heard,
    hold_ctrl_c,
    note_ctrl_c,
    stop_noting_ctrl_c,
)

try:  # Ctrl+C while the rest loads: the line a later Ctrl+C prints, not a traceback
    import argparse
    import atexit
    import gc
    import os
    from collections.abc import Sequence

    from forms import codecache

    codecache.install()  # before the modules that make dataclasses: see forms/codecache.py
    from cli import commands
    from cli.arguments import add_commands
    from cli.commands import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK
    from forms.appinfo import APP_VERSION
    from forms.errors import LocalizedError
except KeyboardInterrupt:
    sys.exit(cancelled_early(sys.argv[1:]))

__all__ = ["EXIT_FAILURE", "EXIT_FINDINGS", "EXIT_OK", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peakplan",
        description="PeakPlan — 碳达峰试点实施方案编制工具 / carbon peaking pilot plans",
    )
    parser.add_argument("--version", action="version", version=f"PeakPlan {APP_VERSION}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file, or a team's server as postgresql://user:password@host/dbname "
        "(default: $PEAKPLAN_DB or the user data folder)",
    )
    parser.add_argument(
        "--new-db",
        action="store_true",
        help="start a new database in an empty file PeakPlan did not create",
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help="language of messages and of the app for this start (zh or en; default: "
        "$PEAKPLAN_LANG, else the language last chosen in the app, else zh)",
    )
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


EXIT_PIPE = 141  # the reader of the output left, like a program ended by SIGPIPE (128 + 13)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; when the reader of its output leaves early (``peakplan list | head -1``)
    stop quietly, as other command-line programs do, instead of printing a traceback.
    Run as ``peakplan`` (``argv`` None: the process ends with the command), a Ctrl+C once
    the command is done is held back rather than killing the process as it exits."""
    # PeakPlan uses no pydantic plugin; looking for one reads every installed package's
    # metadata on the first validation (~10 ms of each command).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    previous = note_ctrl_c()
    try:
        try:
            return _main(argv, exiting=argv is None)
        finally:
            stop_noting_ctrl_c(previous)
            sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush
        return EXIT_PIPE
    except KeyboardInterrupt:  # Ctrl+C before the command began (its arguments being read)
        return cancelled_early(sys.argv[1:] if argv is None else argv)


def _main(argv: Sequence[str] | None, exiting: bool) -> int:
    args = build_parser().parse_args(argv)
    env_lang = os.environ.get("PEAKPLAN_LANG")
    args.gui_lang = args.lang or (env_lang if env_lang in {"zh", "en"} else None)
    args.lang = args.lang or (env_lang if env_lang in {"zh", "en"} else "zh")
    func = getattr(args, "func", commands.gui)
    if func is not commands.gui:  # not the app, whose Qt objects save their state when freed
        # The interpreter's last collections at exit walk every object a command made
        # (0.3-0.5 s after an export here); the system frees them all anyway.
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)
    files_before, saves_before = commands.files_placed(), commands.saves_made()
    try:
        try:
            code = func(args)
        except Exception as exc:
            if ctrl_c_heard():  # a library's error for the KeyboardInterrupt it was given
                raise KeyboardInterrupt from exc
            if not isinstance(exc, LocalizedError):
                raise
            code = commands.fail(args.lang, exc)
    except KeyboardInterrupt:
        if func is commands.gui:
            return commands.EXIT_CANCELLED
        code = commands.cancelled(args.lang, args.command, files_before, saves_before)
    if exiting and func is not commands.gui:
        hold_ctrl_c()
        if func is commands.export and code == EXIT_OK:
            _end_now(code)
    return code


def _end_now(code: int) -> None:
    """End an export's process now that its files are written and closed, its database
    closed and its child reaped: the handlers registered with atexit run, the output is
    flushed, and Python's own finalization, which only tears down the modules and objects the
    system frees anyway (8-11 ms after a demo city's PDF), is skipped.  Not under a tracer or
    profiler (coverage, cProfile: they write their results as Python finalizes), nor with
    another thread running, nor where atexit cannot be asked to run its handlers."""
    import threading  # loaded already: the export's child needs it

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if (
        run_exit_handlers is None
        or sys.gettrace() is not None
        or sys.getprofile() is not None
        or threading.active_count() > 1
    ):
        return
    sys.stdout.flush()  # a reader gone (BrokenPipeError) is main()'s to handle, as ever
    run_exit_handlers()
    try:  # what the handlers wrote
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = 120  # as Python ends when it cannot flush its output at exit
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
