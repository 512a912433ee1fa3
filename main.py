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
    peakplan snapshot | snapshots | diff | revisions PLAN …
                                  versions, what changed since one, the revision table
    peakplan comment | import-comments PLAN …
                                  review comments, merged from packages
    peakplan monitor PLAN --year Y [--indicator REF --actual V]
                                  a year's actual values against the path to the targets

PLAN is a plan's id or its exact name.  ``--db PATH`` (or ``$PEAKPLAN_DB``) chooses the
database; ``--lang en`` prints messages in English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from forms.appinfo import APP_VERSION
from forms.errors import LocalizedError

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def _say(lang: str, zh: str, en: str) -> str:
    """The message in ``lang``, with any escape sequence a name carries shown, not run."""
    text = en if lang == "en" else zh
    return "\n".join(_printable(line) for line in text.split("\n"))


def _open(args: argparse.Namespace, *, write: bool):
    from storage.database import open_database
    from storage.paths import resolve_database_path
    from storage.repository import PlanRepository

    database = open_database(
        resolve_database_path(args.db), write=write, accept_empty=args.new_db
    )
    return database, PlanRepository(database)


def _template_for(plan):
    from forms.template import load_template

    return load_template(plan.meta.template_id, plan.meta.pilot_type.value)


def cmd_gui(args: argparse.Namespace) -> int:
    from storage.paths import resolve_database_path
    from ui.app import run

    return run(resolve_database_path(args.db), args.gui_lang)


def cmd_demo(args: argparse.Namespace) -> int:
    from forms.checks import Severity, check_plan
    from storage.operations import add_demo_plans

    database, repo = _open(args, write=True)
    with database:
        results = add_demo_plans(repo)
    for plan, created in results:
        if not created:
            print(_say(args.lang, f"已存在：{plan.meta.name}", f"Exists: {plan.meta.name}"))
            continue
        errors = sum(f.severity is Severity.ERROR for f in check_plan(plan, _template_for(plan)))
        print(
            _say(
                args.lang,
                f"已创建：{plan.meta.name}（错误 {errors} 个）",
                f"Created: {plan.meta.name} ({errors} errors)",
            )
        )
    return EXIT_OK


_TYPE_NAMES = {"city": ("城市", "city"), "park": ("园区", "park")}
_STATUS_NAMES = {
    "draft": ("草稿", "draft"),
    "internal_review": ("内部审核", "internal review"),
    "submitted": ("已报送", "submitted"),
    "revising": ("修改中", "revising"),
    "approved": ("已批复", "approved"),
}


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _printable(text: str) -> str:
    """``text`` safe for a terminal: control and format characters (escape sequences, bell,
    line breaks, bidi overrides, zero-width marks) shown as ``\\x1b``, ``\\u202e``."""
    import unicodedata

    def shown(char: str) -> str:
        if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"):
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return "".join(map(shown, text))


def _json_printable(text: str) -> str:
    """JSON text whose C1 controls and format characters are \\u escapes (json.dumps only
    escapes the C0 ones): the same document, harmless on a terminal."""
    import unicodedata

    def shown(char: str) -> str:
        if char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"):
            return char
        units = char.encode("utf-16-be", "surrogatepass")
        return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))

    return "".join(map(shown, text))


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    database, repo = _open(args, write=False)
    with database:
        plans = repo.list_plans(trash=args.trash)
    if args.json:
        print(
            _json_printable(json.dumps([p.as_dict() for p in plans], ensure_ascii=False, indent=2))
        )
        return EXIT_OK
    if not plans:
        print(_say(args.lang, "（没有方案）", "(no plans)"))
        return EXIT_OK
    pick = 1 if args.lang == "en" else 0
    header = _say(
        args.lang,
        "编号|名称|类型|省份|状态|完整度|最后编辑",
        "id|name|type|province|status|complete|last edited",
    ).split("|")
    rows = [header]
    for p in plans:
        rows.append(
            [
                p.id[:8],
                _printable(p.name),
                _TYPE_NAMES.get(p.pilot_type, (p.pilot_type,) * 2)[pick],
                _printable(p.province),
                _STATUS_NAMES.get(p.status, (p.status,) * 2)[pick],
                "" if p.completeness is None else f"{p.completeness:.0%}",
                p.updated_at.replace("T", " ")[:16],
            ]
        )
    print(_table(rows))
    return EXIT_OK


def _find_plan(repo, ref: str):
    """Accept an id, an id prefix of 8+ characters as `list` shows it, or an exact name."""
    from storage.errors import PlanNotFoundError

    try:
        return repo.load_plan(repo.find(ref).id)
    except PlanNotFoundError:
        if len(ref) >= 8:
            matches = [p for p in repo.list_plans() if p.id.startswith(ref)]
            if len(matches) == 1:
                return repo.load_plan(matches[0].id)
        raise


def cmd_validate(args: argparse.Namespace) -> int:
    from exporters.coverage import plan_font_findings
    from forms.checks import Severity, check_plan, count_by_severity
    from forms.completeness import completeness

    database, repo = _open(args, write=False)
    with database:
        plan = _find_plan(repo, args.plan)
    template = _template_for(plan)
    findings = check_plan(plan, template) + plan_font_findings(plan, template)
    overall, per_chapter = completeness(plan, template)
    counts = count_by_severity(findings)
    if args.json:
        from forms.report import check_report

        report = check_report(plan, template, args.lang, findings)
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        labels = {
            Severity.ERROR: _say(args.lang, "错误", "error"),
            Severity.WARNING: _say(args.lang, "警告", "warning"),
            Severity.INFO: _say(args.lang, "提示", "note"),
        }
        print(_say(args.lang, f"方案：{plan.meta.name}", f"Plan: {plan.meta.name}"))
        print(_say(args.lang, f"完整度：{overall:.0%}", f"Completeness: {overall:.0%}"))
        for chapter in plan.chapters:
            title = chapter.title_en if args.lang == "en" and chapter.title_en else chapter.title_zh
            print(f"  {per_chapter[chapter.id]:>4.0%}  {title}")
        for finding in findings:
            if finding.severity is Severity.INFO and not args.all:
                continue
            print(f"[{labels[finding.severity]}] {finding.message(args.lang)}")
        print(
            _say(
                args.lang,
                f"错误 {counts[Severity.ERROR]} 个，警告 {counts[Severity.WARNING]} 个，"
                f"提示 {counts[Severity.INFO]} 个。",
                f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
                f"{counts[Severity.INFO]} notes.",
            )
        )
    return EXIT_FINDINGS if counts[Severity.ERROR] else EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    from exporters.atomic import write_atomic
    from forms.serialize import plan_to_json

    database, repo = _open(args, write=False)
    with database:
        plan = _find_plan(repo, args.plan)
    target = write_atomic(Path(args.file), plan_to_json(plan, APP_VERSION).encode("utf-8"))
    print(_say(args.lang, f"已导出：{target}", f"Exported: {target}"))
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    from forms.serialize import PlanFormatError, plan_from_json
    from storage.operations import add_imported_plan

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlanFormatError(
            f"无法读取“{path}”：{reason}", f"Cannot read “{path}”: {reason}"
        ) from exc
    plan = plan_from_json(raw)
    database, repo = _open(args, write=True)
    with database:
        plan = add_imported_plan(repo, plan, args.name)
    print(
        _say(
            args.lang,
            f"已导入：{plan.meta.name}（{plan.id}）",
            f"Imported: {plan.meta.name} ({plan.id})",
        )
    )
    return EXIT_OK


def _font_choices(specs: list[str]):
    """``ROLE=PATH[#INDEX]`` options → {FontRole: FontFile}."""
    from exporters.fonts import FontError, FontFile, FontRole

    chosen = {}
    for spec in specs:
        role, _, location = spec.partition("=")
        path, _, index = location.partition("#")
        try:
            chosen[FontRole(role.strip())] = FontFile(Path(path), int(index or 0))
        except ValueError as exc:
            roles = ", ".join(r.value for r in FontRole)
            raise FontError(
                f"字体参数“{spec}”有误，应为 角色=字体文件路径（角色：{roles}）。",
                f"Font option “{spec}” is malformed; use ROLE=PATH (roles: {roles}).",
            ) from exc
    return chosen


def cmd_export(args: argparse.Namespace) -> int:
    from exporters.package import ExportRequest, export_plan

    request = ExportRequest(
        pdf=args.pdf,
        xlsx=args.xlsx,
        docx=args.docx,
        package=args.package,
        lang=args.doc_lang,
        fonts=_font_choices(args.font or []),
        comments=args.comments,
        final=args.final,
    )
    if not request.targets():
        sys.stderr.write(
            _say(
                args.lang,
                "请至少指定一种输出：--pdf、--xlsx、--docx 或 --package。\n",
                "Name at least one output: --pdf, --xlsx, --docx or --package.\n",
            )
        )
        return EXIT_FAILURE
    from storage.snapshots import SnapshotKind, Snapshots

    database, repo = _open(args, write=request.package is not None)
    with database:
        plan = _find_plan(repo, args.plan)
        written = export_plan(plan, _template_for(plan), request)
        if request.package is not None:  # what was sent is kept as a snapshot
            Snapshots(repo).take(
                plan, f"报送包 / package: {request.package.name}", SnapshotKind.EXPORT
            )
    for path in written:
        print(_say(args.lang, f"已导出：{path}", f"Exported: {path}"))
    return EXIT_OK


def cmd_snapshot(args: argparse.Namespace) -> int:
    from storage.snapshots import Snapshots

    database, repo = _open(args, write=True)
    with database:
        plan = _find_plan(repo, args.plan)
        info = Snapshots(repo).take(plan, args.name)
    print(
        _say(
            args.lang,
            f"已保存快照：{info.name}（{info.id[:8]}）",
            f"Snapshot taken: {info.name} ({info.id[:8]})",
        )
    )
    return EXIT_OK


def cmd_snapshots(args: argparse.Namespace) -> int:
    from storage.snapshots import Snapshots

    database, repo = _open(args, write=False)
    with database:
        plan = _find_plan(repo, args.plan)
        infos = Snapshots(repo).list(plan.id)
    if not infos:
        print(_say(args.lang, "（没有快照）", "(no snapshots)"))
    for info in infos:
        print(
            f"{info.id[:8]}  {info.created_at.replace('T', ' ')[:16]}  {info.kind.value:<13} "
            f"{info.name}"
        )
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from forms.diff import diff_plans
    from storage.snapshots import Snapshots

    database, repo = _open(args, write=False)
    with database:
        plan = _find_plan(repo, args.plan)
        snapshots = Snapshots(repo)
        old = snapshots.load(snapshots.find(plan.id, args.since).id)
    differences = diff_plans(old, plan)
    for difference in differences:
        line = difference.describe(args.lang)
        if difference.kind == "changed" and not difference.spans:
            line += f"  “{difference.old}” → “{difference.new}”"
        elif difference.spans:
            marks = [f"[-{s.old}-]{{+{s.new}+}}" for s in difference.spans if s.op != "equal"]
            line += "  " + " ".join(marks)
        print(line)
    print(_say(args.lang, f"共 {len(differences)} 处差异。", f"{len(differences)} differences."))
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from exporters.atomic import write_atomic
    from exporters.collect import render_collection_workbook

    database, repo = _open(args, write=False)
    with database:
        plan = _find_plan(repo, args.plan)
    data = render_collection_workbook(plan, _template_for(plan), args.department, args.doc_lang)
    target = write_atomic(Path(args.out), data)
    print(_say(args.lang, f"已生成数据收集表：{target}", f"Collection workbook written: {target}"))
    return EXIT_OK


def _print_preview(preview, lang: str) -> None:
    for change in preview.changes:
        note = ""
        if change.current is not None:
            note = _say(lang, "（发出后方案中已改动）", " (edited in the plan after sending)")
        print(f"{change.ref}  {change.what(lang)}：“{change.old}” → “{change.new}”{note}")
    for ref, project in preview.new_projects:
        print(_say(lang, f"{ref}  新增项目：{project.name}", f"{ref}  new project: {project.name}"))
    for problem in preview.errors:
        print(_say(lang, "[错误] ", "[error] ") + problem.message(lang))
    print(
        _say(
            lang,
            f"修改 {len(preview.changes)} 处，新增项目 {len(preview.new_projects)} 个，"
            f"错误 {len(preview.errors)} 处。",
            f"{len(preview.changes)} changes, {len(preview.new_projects)} new projects, "
            f"{len(preview.errors)} errors.",
        )
    )


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from exporters.collect_import import read_collection_workbook
    from forms.collect import preview_import
    from storage.operations import apply_collection_import

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        sys.stderr.write(
            _say(args.lang, f"无法读取“{path}”：{reason}\n", f"Cannot read “{path}”: {reason}\n")
        )
        return EXIT_FAILURE
    returned = read_collection_workbook(data)
    database, repo = _open(args, write=not args.dry_run)
    with database:
        plan = _find_plan(repo, args.plan)
        preview = preview_import(plan, _template_for(plan), returned, args.lang)
        _print_preview(preview, args.lang)
        if preview.errors:
            print(_say(args.lang, "未导入任何数据。", "Nothing was imported."))
            return EXIT_FINDINGS
        if args.dry_run or preview.empty:
            return EXIT_OK
        _plan, snapshot = apply_collection_import(repo, plan, preview, path.name)
    print(
        _say(
            args.lang,
            f"已导入。导入前的方案已保存为快照“{snapshot.name}”。",
            f"Imported. The plan as it was before is kept as snapshot “{snapshot.name}”.",
        )
    )
    return EXIT_OK


def cmd_import_package(args: argparse.Namespace) -> int:
    from exporters.package_import import read_package
    from storage.operations import add_imported_plan

    opened = read_package(Path(args.file))
    database, repo = _open(args, write=True)
    with database:
        plan = add_imported_plan(repo, opened.plan, args.name)
    print(
        _say(
            args.lang,
            f"报送包校验通过，已导入：{plan.meta.name}（{plan.id}）",
            f"Package verified and imported: {plan.meta.name} ({plan.id})",
        )
    )
    return EXIT_OK


def cmd_install_template(args: argparse.Namespace) -> int:
    """Validate a province's template folder and copy it into the user's templates."""
    from forms.template import install_template, installed_templates_root

    template, replaced = install_template(Path(args.folder))
    title = template.title.get(args.lang)
    where = installed_templates_root() / template.id
    done_zh, done_en = ("已更新", "updated") if replaced else ("已安装", "installed")
    print(
        _say(
            args.lang,
            f"{done_zh}指南模板：{template.id}（{title}，版本 {template.version}）→ {where}",
            f"Guideline template {done_en}: {template.id} ({title}, version "
            f"{template.version}) → {where}",
        )
    )
    return EXIT_OK


def cmd_comment(args: argparse.Namespace) -> int:
    from forms.plan import Comment

    database, repo = _open(args, write=True)
    with database:
        plan = _find_plan(repo, args.plan)
        chapter = next(
            (c for c in plan.chapters if args.chapter in (c.id, c.title_zh, c.title_en)), None
        )
        if chapter is None:
            sys.stderr.write(
                _say(args.lang, f"没有章节“{args.chapter}”。\n", f"No chapter “{args.chapter}”.\n")
            )
            return EXIT_FAILURE
        comment = Comment(
            collection="chapters", item_id=chapter.id, author=args.author, text=args.text
        )
        repo.save_item(plan.id, "comments", comment)
    print(
        _say(
            args.lang,
            f"已添加审核意见：{chapter.title_zh}",
            f"Comment added to: {chapter.title_en or chapter.title_zh}",
        )
    )
    return EXIT_OK


def cmd_import_comments(args: argparse.Namespace) -> int:
    from exporters.package_import import read_package
    from storage.operations import merge_package_comments

    opened = read_package(Path(args.file))
    database, repo = _open(args, write=True)
    with database:
        plan = _find_plan(repo, args.plan)
        added, updated = merge_package_comments(repo, plan, opened.plan)
    print(
        _say(
            args.lang,
            f"审核意见：新增 {added} 条，更新 {updated} 条。",
            f"Comments: {added} added, {updated} updated.",
        )
    )
    return EXIT_OK


def cmd_monitor(args: argparse.Namespace) -> int:
    """Record an indicator's actual value for a year, then print that year's assessment."""
    from exporters.labels import label
    from forms.monitoring import indicator_progress
    from forms.plan import MonitoringEntry, Value

    database, repo = _open(args, write=args.indicator is not None)
    with database:
        plan = _find_plan(repo, args.plan)
        if args.indicator is not None:
            row = next(
                (r for r in plan.indicators if args.indicator in (r.id, r.template_ref, r.name_zh)),
                None,
            )
            if row is None:
                sys.stderr.write(
                    _say(
                        args.lang,
                        f"没有指标“{args.indicator}”。\n",
                        f"No indicator “{args.indicator}”.\n",
                    )
                )
                return EXIT_FAILURE
            entry = MonitoringEntry(
                id=f"{args.year}:indicators:{row.id}",
                year=args.year,
                collection="indicators",
                item_id=row.id,
                actual=Value(text=args.actual or ""),
            )
            repo.save_item(plan.id, "monitoring", entry)
            plan = repo.load_plan(plan.id)
    for progress in indicator_progress(plan, args.year):
        if progress.actual is None:
            continue
        name = (
            progress.row.name_en
            if args.lang == "en" and progress.row.name_en
            else (progress.row.name_zh)
        )
        expected = "—" if progress.expected is None else f"{progress.expected:.2f}"
        print(f"{name}: {progress.actual:g} / {expected}  {label(progress.state, args.lang)}")
    return EXIT_OK


def cmd_revisions(args: argparse.Namespace) -> int:
    """The revision table (修改说明) since a snapshot, as PDF and/or Excel."""
    from exporters.atomic import write_all_atomic
    from exporters.fonts import resolve_fonts
    from exporters.pdf import render_pdf
    from exporters.revisions import revision_document, revision_workbook
    from forms.plan import RevisionNote
    from storage.snapshots import Snapshots

    database, repo = _open(args, write=bool(args.why))
    with database:
        plan = _find_plan(repo, args.plan)
        snapshots = Snapshots(repo)
        info = snapshots.find(plan.id, args.since)
        old = snapshots.load(info.id)
        for spec in args.why or []:
            key, _, why = spec.partition("=")
            repo.save_item(plan.id, "revision_notes", RevisionNote(id=key, why=why))
        plan = repo.load_plan(plan.id)
    lang = args.doc_lang or plan.meta.language
    outputs = {}
    if args.pdf:
        outputs[Path(args.pdf)] = render_pdf(
            revision_document(old, plan, info.name, lang), resolve_fonts()
        )
    if args.xlsx:
        outputs[Path(args.xlsx)] = revision_workbook(old, plan, info.name, lang)
    if not outputs:
        from forms.diff import diff_plans

        for difference in diff_plans(old, plan):
            print(f"{difference.key}  {difference.describe(args.lang)}")
        return EXIT_OK
    for path in write_all_atomic(outputs):
        print(_say(args.lang, f"已导出：{path}", f"Exported: {path}"))
    return EXIT_OK


def cmd_trash(args: argparse.Namespace) -> int:
    database, repo = _open(args, write=True)
    with database:
        summary = repo.find(args.plan)
        repo.trash(summary.id)
    print(_say(args.lang, f"已移到回收站：{summary.name}", f"Moved to the trash: {summary.name}"))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    database, repo = _open(args, write=True)
    with database:
        summary = repo.find(args.plan, include_trash=True)
        name = repo.restore(summary.id)
    print(_say(args.lang, f"已恢复：{name}", f"Restored: {name}"))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peakplan",
        description="PeakPlan — 碳达峰试点实施方案编制工具 / carbon peaking pilot plans",
    )
    parser.add_argument("--version", action="version", version=f"PeakPlan {APP_VERSION}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $PEAKPLAN_DB or the user data folder)"
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

    add("demo", cmd_demo, "create the demo city and demo park plans")
    listing = add("list", cmd_list, "list the plans in the database")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--trash", action="store_true", help="list the plans in the trash")
    validate = add("validate", cmd_validate, "check a plan; exit 1 when it has errors")
    validate.add_argument("plan", metavar="PLAN", help="a plan's id or exact name")
    validate.add_argument("--json", action="store_true", help="findings as JSON")
    validate.add_argument("--all", action="store_true", help="also print notes")
    export = add("export-json", cmd_export_json, "write a plan as a JSON document")
    export.add_argument("plan", metavar="PLAN")
    export.add_argument("file", metavar="FILE")
    imp = add("import-json", cmd_import_json, "read a plan from a JSON document")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", help="the imported plan's name (default: the one in the file)")
    export_files = add(
        "export", cmd_export, "export a plan as PDF, Excel, Word and/or a submission package"
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
    collect = add("collect", cmd_collect, "write a department's data-collection workbook")
    collect.add_argument("plan", metavar="PLAN")
    collect.add_argument("--department", metavar="D", help="only this department's rows")
    collect.add_argument("--out", required=True, metavar="FILE", help="the .xlsx to write")
    collect.add_argument("--doc-lang", choices=["zh", "en"], help="the workbook's language")
    import_xlsx = add(
        "import-xlsx", cmd_import_xlsx, "read a returned collection workbook into a plan"
    )
    import_xlsx.add_argument("plan", metavar="PLAN")
    import_xlsx.add_argument("file", metavar="FILE")
    import_xlsx.add_argument(
        "--dry-run", action="store_true", help="list the changes and errors; write nothing"
    )
    import_package = add(
        "import-package", cmd_import_package, "verify a submission package and add its plan"
    )
    import_package.add_argument("file", metavar="FILE")
    import_package.add_argument("--name", help="the imported plan's name")
    install = add(
        "install-template",
        cmd_install_template,
        "check a province's guideline template folder and install it for new and imported plans",
    )
    install.add_argument("folder", metavar="DIR", help="the folder with city.toml and/or park.toml")
    snapshot = add("snapshot", cmd_snapshot, "keep the plan as it is now as a named snapshot")
    snapshot.add_argument("plan", metavar="PLAN")
    snapshot.add_argument("--name", required=True, help="e.g. 报送省发展改革委稿")
    snapshots = add("snapshots", cmd_snapshots, "list a plan's snapshots")
    snapshots.add_argument("plan", metavar="PLAN")
    difference = add("diff", cmd_diff, "what changed since a snapshot (default: the first)")
    difference.add_argument("plan", metavar="PLAN")
    difference.add_argument("--since", metavar="SNAPSHOT", help="a snapshot's id or name")
    comment = add("comment", cmd_comment, "add a review comment to a chapter")
    comment.add_argument("plan", metavar="PLAN")
    comment.add_argument("--chapter", required=True, help="the chapter's title or id")
    comment.add_argument("--text", required=True)
    comment.add_argument("--author", default="")
    import_comments = add(
        "import-comments",
        cmd_import_comments,
        "merge the review comments of a package of the same plan (none twice)",
    )
    import_comments.add_argument("plan", metavar="PLAN")
    import_comments.add_argument("file", metavar="FILE")
    monitor = add(
        "monitor",
        cmd_monitor,
        "record a year's actual value of an indicator; print the year's assessment",
    )
    monitor.add_argument("plan", metavar="PLAN")
    monitor.add_argument("--year", type=int, required=True)
    monitor.add_argument("--indicator", help="the indicator's template id, id or name")
    monitor.add_argument("--actual", help="the actual value")
    revisions = add(
        "revisions",
        cmd_revisions,
        "the revision table (修改说明) since a snapshot: list, give reasons, export",
    )
    revisions.add_argument("plan", metavar="PLAN")
    revisions.add_argument("--since", metavar="SNAPSHOT", help="default: the first snapshot")
    revisions.add_argument(
        "--why",
        action="append",
        metavar="KEY=TEXT",
        help="the reason for the change KEY (as listed); repeatable",
    )
    revisions.add_argument("--pdf", metavar="FILE")
    revisions.add_argument("--xlsx", metavar="FILE")
    revisions.add_argument("--doc-lang", choices=["zh", "en"])
    trash = add("delete", cmd_trash, "move a plan to the trash")
    trash.add_argument("plan", metavar="PLAN")
    restore = add("restore", cmd_restore, "bring a plan back from the trash")
    restore.add_argument("plan", metavar="PLAN")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    env_lang = os.environ.get("PEAKPLAN_LANG")
    args.gui_lang = args.lang or (env_lang if env_lang in {"zh", "en"} else None)
    args.lang = args.lang or (env_lang if env_lang in {"zh", "en"} else "zh")
    func = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except LocalizedError as exc:
        sys.stderr.write(_say(args.lang, exc.message("zh"), exc.message("en")) + "\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
