"""Each command's arguments, by what the commands do; ``main.build_parser`` adds the options
every command shares."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from cli import commands, people

_Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Every command, in the order ``peakplan --help`` lists them."""

    def add(
        name: str, func: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(func=func)
        return command

    for add_group in (
        _plan_commands,
        _file_commands,
        _version_commands,
        _kept_commands,
        _people_commands,
    ):
        add_group(add)
    _team_commands(add)


def _people_commands(add: _Add) -> None:
    """Who you are to the database, and the name the others see."""
    user = add(
        "user",
        people.user,
        "who changes are attributed to (the login, or the server's role) and the display name "
        "shown for it in differences, revision tables and snapshots",
    )
    actions = user.add_subparsers(dest="user_action", metavar="ACTION")
    actions.add_parser("show", help="show the user and display name (the default)")
    set_name = actions.add_parser("set-name", help="give the current user a display name")
    set_name.add_argument("name", metavar="NAME", help='e.g. "张三"; "" removes it')


def _plan_commands(add: _Add) -> None:
    """The demo plans, the list, the check, and a plan as a JSON document."""
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


def _file_commands(add: _Add) -> None:
    """Documents, workbooks, packages and templates written or read."""
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


def _version_commands(add: _Add) -> None:
    """Snapshots, differences, review comments, monitoring and revisions."""
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


def _kept_commands(add: _Add) -> None:
    """The trash, a new name, and a copy to another database."""
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


def _team_commands(add: _Add) -> None:
    """Users and roles on a team's server (run by its administrator)."""
    team = add(
        "team",
        commands.team_help,
        "users and roles on a team's server: owner, editor, department, reviewer",
    )
    sub = team.add_subparsers(dest="team_command", metavar="ACTION")

    def action(name: str, func: Callable[[argparse.Namespace], int], text: str):
        command = sub.add_parser(name, help=text, description=text)
        command.set_defaults(func=func)
        command.add_argument(  # also accepted after the action: peakplan team setup --db URL
            "--db", metavar="URL", default=argparse.SUPPRESS, help="the team's server"
        )
        return command

    action(
        "setup",
        commands.team_setup,
        "create the roles peakplan_owner, _editor, _department and _reviewer and what each "
        "may change (row-level security); run again after upgrading PeakPlan",
    )
    user = action("add-user", commands.team_add_user, "add a person (or change their role)")
    user.add_argument("name", metavar="NAME", help="their user name on the server")
    user.add_argument(
        "--role", required=True, choices=["owner", "editor", "department", "reviewer"]
    )
    user.add_argument(
        "--department",
        metavar="D",
        default="",
        help="a department's name as the plan's responsible-department fields write it",
    )
    user.add_argument("--password", help="default: a new user gets one made and printed once")
    action("users", commands.team_users, "list the people, their roles and departments")
