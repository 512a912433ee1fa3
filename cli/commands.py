"""The command line's side of each command: call one operation of ``workflows`` and print
what it returns, in the user's language.  No rule and no operation lives here."""

from __future__ import annotations

import contextlib
import gc
import json
import sys
import unicodedata
from argparse import Namespace
from pathlib import Path

from cli.interrupt import DATABASE_COMMANDS, EXIT_CANCELLED, nothing_done
from forms.plural import plural

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def _word(enum: type, value: str, lang: str) -> str:
    """The label a :class:`forms.labels.Labelled` enum gives ``value``; else ``value``."""
    try:
        return enum(value).label(lang)
    except ValueError:
        return value


# -- printing --------------------------------------------------------------------------------


def say(lang: str, zh: str, en: str) -> str:
    """The message in ``lang``, with any escape sequence a name carries shown, not run."""
    text = en if lang == "en" else zh
    return "\n".join(printable(line) for line in text.split("\n"))


def printable(text: str) -> str:
    """``text`` safe for a terminal: control and format characters (escape sequences, bell,
    line breaks, bidi overrides, zero-width marks) shown as ``\\x1b``, ``\\u202e``."""

    def shown(char: str) -> str:
        if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"):
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return "".join(map(shown, text))


def json_printable(text: str) -> str:
    """JSON text whose C1 controls and format characters are \\u escapes (json.dumps only
    escapes the C0 ones): the same document, harmless on a terminal."""

    def shown(char: str) -> str:
        if char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"):
            return char
        units = char.encode("utf-16-be", "surrogatepass")
        return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))

    return "".join(map(shown, text))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def exported(args: Namespace, paths) -> int:
    for path in paths:
        print(say(args.lang, f"已导出：{path}", f"Exported: {path}"))
    return EXIT_OK


def _store(args: Namespace, *, write: bool, create: bool = False):
    """The database ``--db`` names.  Only the commands that add plans (``create``) start a
    new one where no file is: every other command works on plans already kept, so a
    mistyped path is said, and no empty database is left behind."""
    from workflows.store import open_store

    return open_store(args.db, write=write, accept_empty=args.new_db, create=create)


def _load(args: Namespace):
    """The plan ``args.plan`` names, read from a database opened for reading only."""
    from workflows.store import find_plan

    database, repo = _store(args, write=False)
    with database:
        return find_plan(repo, args.plan)


# -- plans -----------------------------------------------------------------------------------


def gui(args: Namespace) -> int:
    from ui.app import run

    # the window shows first, then the database (a file, or a team's server) opens
    return run(args.db, args.gui_lang)


def demo(args: Namespace) -> int:
    from workflows.checks import error_count
    from workflows.plans import add_demo_plans
    from workflows.store import template_for

    database, repo = _store(args, write=True, create=True)
    with database:
        results = add_demo_plans(repo)
    for plan, created in results:
        name = plan.meta.name
        if not created:
            print(say(args.lang, f"已存在：{name}", f"Exists: {name}"))
            continue
        errors = error_count(plan, template_for(plan))
        print(
            say(
                args.lang,
                f"已创建：{name}（错误 {errors} 个）",
                f"Created: {name} ({errors} {plural(errors, 'error', 'errors')})",
            )
        )
    return EXIT_OK


def list_plans(args: Namespace) -> int:
    from workflows.store import plan_list

    plans = plan_list(args.db, trash=args.trash, accept_empty=args.new_db)
    if args.json:
        text = json.dumps([p.as_dict() for p in plans], ensure_ascii=False, indent=2)
        print(json_printable(text))
        return EXIT_OK
    if not plans:
        print(say(args.lang, "（没有方案）", "(no plans)"))
        return EXIT_OK
    from forms.labels import PilotType, PlanStatus

    words = None  # provinces' names in English from the template; Chinese as stored
    if args.lang == "en":
        from forms.template import load_template

        words = load_template()
    header = say(
        args.lang,
        "编号|名称|类型|省份|状态|完整度|最后编辑",
        "id|name|type|province|status|complete|last edited",
    ).split("|")
    rows = [header]
    for p in plans:
        rows.append(
            [
                p.id[:8],
                printable(p.name),
                _word(PilotType, p.pilot_type, args.lang),
                printable(words.localize(p.province, args.lang) if words else p.province),
                _word(PlanStatus, p.status, args.lang),
                "" if p.completeness is None else f"{p.completeness:.0%}",
                p.updated_at.replace("T", " ")[:16],
            ]
        )
    print(table(rows))
    return EXIT_OK


def validate(args: Namespace) -> int:
    from forms.checks import Severity
    from workflows.checks import validate_plan
    from workflows.store import template_for

    plan = _load(args)
    template = template_for(plan)
    result = validate_plan(plan, template)
    counts = result.counts
    if args.json:
        from forms.report import check_report

        report = check_report(plan, template, args.lang, result.findings)
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_FINDINGS if result.errors else EXIT_OK
    labels = {severity: severity.label(args.lang) for severity in Severity}
    print(say(args.lang, f"方案：{plan.meta.name}", f"Plan: {plan.meta.name}"))
    print(say(args.lang, f"完整度：{result.overall:.0%}", f"Completeness: {result.overall:.0%}"))
    for chapter in plan.chapters:
        title = chapter.title_en if args.lang == "en" and chapter.title_en else chapter.title_zh
        print(f"  {result.per_chapter[chapter.id]:>4.0%}  {title}")
    for finding in result.findings:
        if finding.severity is not Severity.INFO or args.all:
            print(f"[{labels[finding.severity]}] {finding.message(args.lang)}")
    errors, warnings, notes = (counts[s] for s in Severity)
    print(
        say(
            args.lang,
            f"错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个。",
            f"{errors} {plural(errors, 'error', 'errors')}, "
            f"{warnings} {plural(warnings, 'warning', 'warnings')}, "
            f"{notes} {plural(notes, 'note', 'notes')}.",
        )
    )
    return EXIT_FINDINGS if errors else EXIT_OK


def export_json(args: Namespace) -> int:
    from workflows.exports import export_json as write_json

    plan = _load(args)
    return exported(args, [write_json(plan, args.file)])


def _imported(args: Namespace, plan, zh: str, en: str) -> int:
    print(say(args.lang, f"{zh}{plan.meta.name}（{plan.id}）", f"{en}{plan.meta.name} ({plan.id})"))
    return EXIT_OK


def import_json(args: Namespace) -> int:
    from forms.serialize import MAX_DOCUMENT_BYTES, plan_from_json
    from workflows.errors import read_bytes
    from workflows.plans import add_imported_plan

    # a bad file is refused before the database is opened
    plan = plan_from_json(read_bytes(args.file, MAX_DOCUMENT_BYTES))
    database, repo = _store(args, write=True, create=True)
    with database:
        plan = add_imported_plan(repo, plan, args.name)
    return _imported(args, plan, "已导入：", "Imported: ")


def import_package(args: Namespace) -> int:
    from workflows.plans import add_imported_plan, read_package_plan

    incoming = read_package_plan(args.file)  # verified before the database is opened
    database, repo = _store(args, write=True, create=True)
    with database:
        plan = add_imported_plan(repo, incoming, args.name)
    return _imported(args, plan, "报送包校验通过，已导入：", "Package verified and imported: ")


def delete(args: Namespace) -> int:
    from workflows.plans import delete_plan

    database, repo = _store(args, write=True)
    with database:
        summary = delete_plan(repo, args.plan)
    print(say(args.lang, f"已移到回收站：{summary.name}", f"Moved to the trash: {summary.name}"))
    return EXIT_OK


def restore(args: Namespace) -> int:
    from workflows.plans import restore_plan

    database, repo = _store(args, write=True)
    with database:
        name = restore_plan(repo, args.plan)
    print(say(args.lang, f"已恢复：{name}", f"Restored: {name}"))
    return EXIT_OK


def rename(args: Namespace) -> int:
    from workflows.plans import rename_plan

    database, repo = _store(args, write=True)
    with database:
        summary = rename_plan(repo, args.plan, args.name)
    print(say(args.lang, f"已重命名：{summary.name}", f"Renamed: {summary.name}"))
    return EXIT_OK


def copy(args: Namespace) -> int:
    """Copy a plan from --db to another database (a file or a team's server), field for field."""
    from workflows.store import open_store
    from workflows.team import copy_plan

    source, source_repo = _store(args, write=False)
    with source:
        target, target_repo = open_store(args.to, accept_empty=args.new_db)
        with target:
            plan = copy_plan(source_repo, args.plan, target_repo, replace=args.replace)
            where = target.path
    name = plan.meta.name
    print(say(args.lang, f"已复制：{name} → {where}", f"Copied: {name} → {where}"))
    return EXIT_OK


# -- a team's users and roles ---------------------------------------------------------------


def team_help(args: Namespace) -> int:
    print(
        say(
            args.lang,
            "用法：peakplan --db postgresql://管理员@服务器/数据库 team setup | add-user | users",
            "Usage: peakplan --db postgresql://admin@server/database team setup | add-user | users",
        )
    )
    return EXIT_FAILURE


def team_setup(args: Namespace) -> int:
    from workflows.team import check_server_location, set_up_roles

    check_server_location(args.db)
    database, repo = _store(args, write=True)
    with database:
        set_up_roles(repo)
        where = database.path
    print(
        say(
            args.lang,
            f"已设置团队角色：{where}（负责人、编辑、部门、审阅人；由服务器强制执行）",
            f"Team roles set up on {where} (owner, editor, department, reviewer; enforced by "
            "the server)",
        )
    )
    return EXIT_OK


def team_add_user(args: Namespace) -> int:
    from workflows.team import Role, add_user, check_server_location

    role = Role(args.role)
    check_server_location(args.db)
    database, repo = _store(args, write=True)
    with database:
        made = add_user(repo, args.name, role, args.department, args.password)
    department = f"，{args.department}" if role is Role.DEPARTMENT else ""
    print(
        say(
            args.lang,
            f"已添加用户：{args.name}（{role.label('zh')}{department}）",
            f"User added: {args.name} ({role.label('en')}{department.replace('，', ', ')})",
        )
    )
    if made is not None:
        print(
            say(
                args.lang,
                f"初始密码：{made}（只显示这一次，请转告该用户）",
                f"Initial password: {made} (shown this once: pass it on to the user)",
            )
        )
    return EXIT_OK


def team_users(args: Namespace) -> int:
    from workflows.team import check_server_location
    from workflows.team import team_users as users

    check_server_location(args.db)
    database, repo = _store(args, write=False)
    with database:
        found = users(repo)
    heading = (
        ["user", "name", "role", "department"]
        if args.lang == "en"
        else ["用户", "显示名称", "角色", "部门"]
    )
    rows = [
        [u.name, u.display_name or "—", u.role.label(args.lang) if u.role else "—", u.department]
        for u in found
    ]
    print(table([heading, *[[printable(c) for c in row] for row in rows]]))
    return EXIT_OK


def install_template(args: Namespace) -> int:
    """Validate a province's template folder and copy it into the user's templates."""
    from forms.template import install_template as install
    from forms.template import installed_templates_root

    template, replaced = install(Path(args.folder))
    title = template.title.get(args.lang)
    where = installed_templates_root() / template.id
    done_zh, done_en = ("已更新", "updated") if replaced else ("已安装", "installed")
    print(
        say(
            args.lang,
            f"{done_zh}指南模板：{template.id}（{title}，版本 {template.version}）→ {where}",
            f"Guideline template {done_en}: {template.id} ({title}, version "
            f"{template.version}) → {where}",
        )
    )
    return EXIT_OK


# -- exports ---------------------------------------------------------------------------------


def _font_choices(specs: list[str]):
    """``ROLE=PATH[#INDEX]`` options → {FontRole: FontFile}."""
    from exporters.font_roles import FontError, FontFile, FontRole

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


def export(args: Namespace) -> int:
    # No garbage collection while the command works: its modules, the plan and the document
    # are not garbage, and walking them again and again is all collections would do here
    # (before the document is built: 28 ms of the demo city's export, 42 ms of the large
    # plan's).  What was made meanwhile then joins the oldest generation without being walked
    # (freeze, unfreeze), rather than all at once by the next collection.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _export(args)
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _export(args: Namespace) -> int:
    from exporters.pdf_child import start_pdf_child

    fonts = _font_choices(args.font or [])
    chosen = {kind: getattr(args, kind) for kind in ("pdf", "xlsx", "docx", "package")}
    if all(path is None for path in chosen.values()):
        from workflows.errors import NoOutputError

        raise NoOutputError()
    child = None
    if chosen["pdf"] is not None or chosen["package"] is not None:
        # Started before anything else loads: it loads the PDF's side while this process
        # reads the plan (see exporters.pdf_child).
        child = start_pdf_child(
            fonts,
            fonts_listed=chosen["xlsx"] is not None or chosen["package"] is not None,
            word=chosen["docx"] is not None or chosen["package"] is not None,
        )
    with child or contextlib.nullcontext():  # ended however the export ends
        from exporters.package import ExportRequest
        from workflows.exports import export_documents
        from workflows.store import find_plan, template_for

        request = ExportRequest(
            **chosen, lang=args.doc_lang, fonts=fonts, comments=args.comments, final=args.final
        )
        from workflows.errors import SnapshotNotKeptError

        database, repo = _store(args, write=request.package is not None)
        with database:
            plan = find_plan(repo, args.plan)
            try:
                written, _snapshot = export_documents(
                    repo, plan, template_for(plan), request, child=child
                )
            except SnapshotNotKeptError as exc:  # the files are there: say so, then what failed
                exported(args, exc.written)
                raise
    return exported(args, written)


def collect(args: Namespace) -> int:
    from workflows.exports import export_collection_workbook
    from workflows.store import template_for

    plan = _load(args)
    target = export_collection_workbook(
        plan, template_for(plan), args.out, args.department, args.doc_lang
    )
    print(say(args.lang, f"已生成数据收集表：{target}", f"Collection workbook written: {target}"))
    return EXIT_OK


def _print_preview(preview, lang: str) -> None:
    for change in preview.changes:
        note = ""
        if change.current is not None:
            note = say(lang, "（发出后方案中已改动）", " (edited in the plan after sending)")
        colon = ": " if lang == "en" else "："
        print(
            printable(
                f"{change.ref}  {change.what(lang)}{colon}“{change.old}” → “{change.new}”{note}"
            )
        )
    for ref, project in preview.new_projects:
        print(say(lang, f"{ref}  新增项目：{project.name}", f"{ref}  new project: {project.name}"))
    for problem in preview.errors:
        print(say(lang, "[错误] ", "[error] ") + printable(problem.message(lang)))
    changes, new, errors = len(preview.changes), len(preview.new_projects), len(preview.errors)
    print(
        say(
            lang,
            f"修改 {changes} 处，新增项目 {new} 个，错误 {errors} 处。",
            f"{changes} {plural(changes, 'change', 'changes')}, "
            f"{new} new {plural(new, 'project', 'projects')}, "
            f"{errors} {plural(errors, 'error', 'errors')}.",
        )
    )


def import_xlsx(args: Namespace) -> int:
    from workflows.collect import apply_collection_import, preview_workbook
    from workflows.errors import check_readable
    from workflows.store import find_plan, template_for

    check_readable(args.file)  # an unreadable file is said before the database is opened
    database, repo = _store(args, write=not args.dry_run)
    with database:
        plan = find_plan(repo, args.plan)
        preview = preview_workbook(plan, template_for(plan), args.file, args.lang)
        _print_preview(preview, args.lang)
        if preview.errors:
            print(say(args.lang, "未导入任何数据。", "Nothing was imported."))
            return EXIT_FINDINGS
        if args.dry_run or preview.empty:
            return EXIT_OK
        _plan, snapshot = apply_collection_import(repo, plan, preview, Path(args.file).name)
    print(
        say(
            args.lang,
            f"已导入。导入前的方案已保存为快照“{snapshot.name}”。",
            f"Imported. The plan as it was before is kept as snapshot “{snapshot.name}”.",
        )
    )
    return EXIT_OK


# -- versions --------------------------------------------------------------------------------


def snapshot(args: Namespace) -> int:
    from workflows.store import find_plan
    from workflows.versions import take_snapshot

    database, repo = _store(args, write=True)
    with database:
        info = take_snapshot(repo, find_plan(repo, args.plan), args.name)
    print(
        say(
            args.lang,
            f"已保存快照：{info.name}（{info.id[:8]}）",
            f"Snapshot taken: {info.name} ({info.id[:8]})",
        )
    )
    return EXIT_OK


def snapshots(args: Namespace) -> int:
    from workflows.people import display_names, shown_name
    from workflows.store import find_plan
    from workflows.versions import list_snapshots

    database, repo = _store(args, write=False)
    with database:
        infos = list_snapshots(repo, find_plan(repo, args.plan).id)
        names = display_names(repo)
    if not infos:
        print(say(args.lang, "（没有快照）", "(no snapshots)"))
    for info in infos:
        when = info.created_at.replace("T", " ")[:16]
        kind = info.kind.label(args.lang)
        who = shown_name(info.taken_by, names) or "?"
        print(f"{info.id[:8]}  {when}  {kind}  {printable(who)}  {printable(info.name)}")
    return EXIT_OK


def _by(lang: str, stamp) -> str:
    """Who made a change and when, after its description: "（张三，2026-12-02 10:43）"."""
    if stamp is None:
        return ""
    return say(lang, f"（修改人：{stamp.text('zh')}）", f" (by {stamp.text('en')})")


def diff(args: Namespace) -> int:
    from workflows.store import find_plan
    from workflows.versions import changes_since

    database, repo = _store(args, write=False)
    with database:
        changes = changes_since(repo, find_plan(repo, args.plan), args.since)
    for difference in changes.differences:
        line = difference.describe(args.lang) + _by(args.lang, changes.stamp_of(difference))
        if difference.kind == "changed" and not difference.spans:
            old, new = difference.old_text(args.lang), difference.new_text(args.lang)
            line += f"  “{old}” → “{new}”"
        elif difference.spans:
            marks = [f"[-{s.old}-]{{+{s.new}+}}" for s in difference.spans if s.op != "equal"]
            line += "  " + " ".join(marks)
        print(line)
    count = len(changes.differences)
    in_words = f"{count} {plural(count, 'difference', 'differences')}."
    print(say(args.lang, f"共 {count} 处差异。", in_words))
    return EXIT_OK


def revisions(args: Namespace) -> int:
    """The revision table (修改说明) since a snapshot, as PDF and/or Excel."""
    from workflows.review import plan_and_versions
    from workflows.versions import change_key, changes_since, export_revisions, give_reasons

    given = [spec.partition("=")[::2] for spec in args.why or []]
    database, repo = _store(args, write=bool(given))
    with database:
        plan, versions = plan_and_versions(repo, args.plan)
        changes = changes_since(repo, plan, args.since)
        if given:
            keys = [d.key for d in changes.differences]
            reasons = {change_key(ref, keys): why for ref, why in given}
            plan = give_reasons(repo, plan, reasons, versions)
    if not (args.pdf or args.xlsx):
        for number, difference in enumerate(changes.differences, 1):
            by = _by(args.lang, changes.stamp_of(difference))
            print(f"{number:>3}  {difference.describe(args.lang)}{by}")
        return EXIT_OK
    lang = args.doc_lang or plan.meta.language
    return exported(args, export_revisions(changes, plan, lang, pdf=args.pdf, xlsx=args.xlsx))


# -- review and monitoring -------------------------------------------------------------------


def comment(args: Namespace) -> int:
    from workflows.review import add_chapter_comment
    from workflows.store import find_plan

    database, repo = _store(args, write=True)
    with database:
        plan = find_plan(repo, args.plan)
        _comment, chapter = add_chapter_comment(repo, plan, args.chapter, args.text, args.author)
    print(
        say(
            args.lang,
            f"已添加审核意见：{chapter.title_zh}",
            f"Comment added to: {chapter.title_en or chapter.title_zh}",
        )
    )
    return EXIT_OK


def import_comments(args: Namespace) -> int:
    from workflows.plans import read_package_plan
    from workflows.review import merge_package_comments
    from workflows.store import find_plan

    incoming = read_package_plan(args.file)
    database, repo = _store(args, write=True)
    with database:
        added, updated = merge_package_comments(repo, find_plan(repo, args.plan), incoming)
    print(
        say(
            args.lang,
            f"审核意见：新增 {added} 条，更新 {updated} 条。",
            f"Comments: {added} added, {updated} updated.",
        )
    )
    return EXIT_OK


def monitor(args: Namespace) -> int:
    """Record an indicator's actual value for a year, then print that year's assessment."""
    from exporters.labels import label
    from workflows.review import plan_and_versions, record_actual, year_assessment

    database, repo = _store(args, write=args.indicator is not None)
    with database:
        plan, versions = plan_and_versions(repo, args.plan)
        if args.indicator is not None:
            actual = args.actual or ""
            plan = record_actual(repo, plan, args.year, args.indicator, actual, versions)
    for progress in year_assessment(plan, args.year):
        row = progress.row
        name = row.name_en if args.lang == "en" and row.name_en else row.name_zh
        expected = "—" if progress.expected is None else f"{progress.expected:.2f}"
        print(f"{name}: {progress.actual:g} / {expected}  {label(progress.state, args.lang)}")
    return EXIT_OK


def _placed_files() -> list[Path]:
    """The files this process has written (none while the writer is not even loaded: a
    command that writes no file does not load it)."""
    atomic = sys.modules.get("exporters.atomic")
    return [] if atomic is None else atomic.placed_files()


def files_placed() -> int:
    """How many files this process has written so far (see :func:`cancelled`)."""
    return len(_placed_files())


def saves_made() -> int:
    """How many changes this process has committed to a database so far (none while no
    database was even opened)."""
    store = sys.modules.get("workflows.store")
    return 0 if store is None else store.saves_made()


def cancelled(lang: str, command: str | None, files_before: int = 0, saves_before: int = 0) -> int:
    """Ctrl+C: one line, and exit code 130.  A file command names the files it had written
    in full when Ctrl+C came (none, unless it came after they were all in place;
    ``files_before``: :func:`files_placed` as it started); no other file is left, not even a
    temporary one.  A database command says whether it had saved a change yet (an unfinished
    one is rolled back; ``saves_before``: :func:`saves_made` as it started)."""
    written = _placed_files()[files_before:]
    if written:
        zh = "、".join(printable(str(path)) for path in written)
        en = ", ".join(printable(str(path)) for path in written)
        message = say(
            lang,
            f"已取消。取消前这些文件已完整写入：{zh}",
            f"Cancelled. These files had already been written in full: {en}",
        )
    elif command in DATABASE_COMMANDS and saves_made() > saves_before:
        message = say(
            lang,
            "已取消，但取消前已有更改保存到数据库。",
            "Cancelled, but changes had already been saved to the database.",
        )
    else:
        message = nothing_done(lang, command)
    sys.stderr.write(message + "\n")
    return EXIT_CANCELLED


def fail(lang: str, error) -> int:
    sys.stderr.write(say(lang, error.message("zh"), error.message("en")) + "\n")
    return EXIT_FAILURE
