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

PLAN is a plan's id or its exact name.  ``--db PATH`` (or ``$PEAKPLAN_DB``) chooses the
database: a file, or a team's server as ``postgresql://user:password@host:port/dbname``;
``--lang en`` prints messages in English.  Each command calls one operation of ``workflows``
(the app calls the same ones) and ``cli.commands`` prints its result.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cli import commands
from cli.commands import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK
from forms.appinfo import APP_VERSION
from forms.errors import LocalizedError

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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(func=func)
        return command

    add("demo", commands.demo, "create the demo city and demo park plans")
    listing = add("list", commands.list_plans, "list the plans in the database")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--trash", action="store_true", help="list the plans in the trash")
    validate = add("validate", commands.validate, "check a plan; exit 1 when it has errors")
    validate.add_argument("plan", metavar="PLAN", help="a plan's id or exact name")
    validate.add_argument("--json", action="store_true", help="findings as JSON")
    validate.add_argument("--all", action="store_true", help="also print notes")
    export = add("export-json", commands.export_json, "write a plan as a JSON document")
    export.add_argument("plan", metavar="PLAN")
    export.add_argument("file", metavar="FILE")
    imp = add("import-json", commands.import_json, "read a plan from a JSON document")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", help="the imported plan's name (default: the one in the file)")
    export_files = add(
        "export", commands.export, "export a plan as PDF, Excel, Word and/or a submission package"
    )
    export_files.add_argument("plan", metavar="PLAN")
    export_files.add_argument("--pdf", type=Path, metavar="FILE", help="the official PDF")
    export_files.add_argument("--xlsx", type=Path, metavar="FILE", help="the Excel workbook")
    export_files.add_argument("--docx", type=Path, metavar="FILE", help="the Word document")
    export_files.add_argument(
        "--package", type=Path, metavar="FILE", help="the submission package (.zip)"
    )
    export_files.add_argument(
        "--final",
        action="store_true",
        help="the final document (as for a submitted plan): refused while a required chapter "
        "is empty, the pilot name is unverified or a text dates the peak otherwise",
    )
    export_files.add_argument(
        "--doc-lang", choices=["zh", "en"], help="language of the documents (default: the plan's)"
    )
    export_files.add_argument(
        "--comments", action="store_true", help="add the review comments as an annex"
    )
    export_files.add_argument(
        "--font",
        action="append",
        metavar="ROLE=PATH",
        help="a TrueType font for a role: body, heading, kai, title, numbers (repeatable)",
    )
    collect = add("collect", commands.collect, "write a department's data-collection workbook")
    collect.add_argument("plan", metavar="PLAN")
    collect.add_argument("--department", metavar="D", help="only this department's rows")
    collect.add_argument("--out", required=True, metavar="FILE", help="the .xlsx to write")
    collect.add_argument("--doc-lang", choices=["zh", "en"], help="the workbook's language")
    import_xlsx = add(
        "import-xlsx", commands.import_xlsx, "read a returned collection workbook into a plan"
    )
    import_xlsx.add_argument("plan", metavar="PLAN")
    import_xlsx.add_argument("file", metavar="FILE")
    import_xlsx.add_argument(
        "--dry-run", action="store_true", help="list the changes and errors; write nothing"
    )
    import_package = add(
        "import-package", commands.import_package, "verify a submission package and add its plan"
    )
    import_package.add_argument("file", metavar="FILE")
    import_package.add_argument("--name", help="the imported plan's name")
    install = add(
        "install-template",
        commands.install_template,
        "check a province's guideline template folder and install it for new and imported plans",
    )
    install.add_argument("folder", metavar="DIR", help="the folder with city.toml and/or park.toml")
    snapshot = add("snapshot", commands.snapshot, "keep the plan as it is now as a named snapshot")
    snapshot.add_argument("plan", metavar="PLAN")
    snapshot.add_argument("--name", required=True, help="e.g. 报送省发展改革委稿")
    snapshots = add("snapshots", commands.snapshots, "list a plan's snapshots")
    snapshots.add_argument("plan", metavar="PLAN")
    difference = add("diff", commands.diff, "what changed since a snapshot (default: the first)")
    difference.add_argument("plan", metavar="PLAN")
    difference.add_argument("--since", metavar="SNAPSHOT", help="a snapshot's id or name")
    comment = add("comment", commands.comment, "add a review comment to a chapter")
    comment.add_argument("plan", metavar="PLAN")
    comment.add_argument("--chapter", required=True, help="the chapter's title or id")
    comment.add_argument("--text", required=True)
    comment.add_argument("--author", default="")
    import_comments = add(
        "import-comments",
        commands.import_comments,
        "merge the review comments of a package of the same plan (none twice)",
    )
    import_comments.add_argument("plan", metavar="PLAN")
    import_comments.add_argument("file", metavar="FILE")
    monitor = add(
        "monitor",
        commands.monitor,
        "record a year's actual value of an indicator; print the year's assessment",
    )
    monitor.add_argument("plan", metavar="PLAN")
    monitor.add_argument("--year", type=int, required=True)
    monitor.add_argument("--indicator", help="the indicator's template id, id or name")
    monitor.add_argument("--actual", help="the actual value")
    revisions = add(
        "revisions",
        commands.revisions,
        "the revision table (修改说明) since a snapshot: list, give reasons, export",
    )
    revisions.add_argument("plan", metavar="PLAN")
    revisions.add_argument("--since", metavar="SNAPSHOT", help="default: the first snapshot")
    revisions.add_argument(
        "--why",
        action="append",
        metavar="N=TEXT",
        help="the reason for change number N (as listed); repeatable",
    )
    revisions.add_argument("--pdf", metavar="FILE")
    revisions.add_argument("--xlsx", metavar="FILE")
    revisions.add_argument("--doc-lang", choices=["zh", "en"])
    trash = add("delete", commands.delete, "move a plan to the trash")
    trash.add_argument("plan", metavar="PLAN")
    restore = add("restore", commands.restore, "bring a plan back from the trash")
    restore.add_argument("plan", metavar="PLAN")
    rename = add("rename", commands.rename, "give a plan a new name (free among the plans)")
    rename.add_argument("plan", metavar="PLAN")
    rename.add_argument("name", metavar="NAME")
    copy = add(
        "copy",
        commands.copy,
        "copy a plan, with its snapshots, from --db to another database (a file, or a team's "
        "server as postgresql://…) — to share it with the team, or to take it back",
    )
    copy.add_argument("plan", metavar="PLAN")
    copy.add_argument("--to", required=True, metavar="PATH", help="the database to copy it to")
    copy.add_argument(
        "--replace", action="store_true", help="overwrite the plan if the target holds it"
    )
    return parser


EXIT_PIPE = 141  # the reader of the output left, like a program ended by SIGPIPE (128 + 13)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; when the reader of its output leaves early (``peakplan list | head -1``)
    stop quietly, as other command-line programs do, instead of printing a traceback."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush
        return EXIT_PIPE


def _main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    env_lang = os.environ.get("PEAKPLAN_LANG")
    args.gui_lang = args.lang or (env_lang if env_lang in {"zh", "en"} else None)
    args.lang = args.lang or (env_lang if env_lang in {"zh", "en"} else "zh")
    func = getattr(args, "func", commands.gui)
    try:
        return func(args)
    except LocalizedError as exc:
        return commands.fail(args.lang, exc)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
