"""The interface's words in Chinese (default) and English, switchable while the app runs.

One translation table (``STRINGS``) instead of Qt .ts files: every string sits beside its
translation, and a test checks both exist with the same placeholders.  The chosen language is
remembered in the user's settings (QSettings).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject, QSettings, Signal

LANGUAGES = ("zh", "en")
SETTINGS_KEY = "ui/language"


@cache
def enum_labels() -> dict[str, tuple[str, str]]:
    """The words of the code's choices, from their enums (forms/).  Loaded on first use: the
    enums live beside the plan model, which the start window does not wait for."""
    from forms.checks import Severity
    from forms.labels import (
        CommentStatus,
        ProjectStatus,
        Scenario,
        SnapshotKind,
        TrackState,
        keyed_labels,
    )
    from forms.plan import PlanStatus
    from forms.template import Obligation, PilotType

    return {
        **keyed_labels("type.", PilotType),
        **keyed_labels("status.", PlanStatus),
        **keyed_labels("monitor.", TrackState, ProjectStatus),
        **keyed_labels("comments.", CommentStatus),
        **keyed_labels("versions.kind.", SnapshotKind),
        **keyed_labels("obligation.", Obligation),
        **keyed_labels("severity.", Severity),
        **keyed_labels("scenario.", Scenario),
    }


STRINGS: dict[str, tuple[str, str]] = {  # with enum_labels(): every key Texts answers
    # application and menus
    "app.title": ("PeakPlan 碳达峰试点实施方案编制", "PeakPlan — carbon peaking pilot plans"),
    "menu.file": ("文件(&F)", "&File"),
    "menu.edit": ("编辑(&E)", "&Edit"),
    "menu.view": ("视图(&V)", "&View"),
    "menu.plan": ("方案(&P)", "&Plan"),
    "menu.help": ("帮助(&H)", "&Help"),
    "menu.language": ("界面语言(&L)", "&Language"),
    "lang.zh": ("中文", "中文 (Chinese)"),
    "lang.en": ("English（英文）", "English"),
    "action.new": ("新建方案(&N)…", "&New plan…"),
    "action.open": ("打开(&O)", "&Open"),
    "action.duplicate": ("复制方案(&D)", "&Duplicate"),
    "action.rename": ("重命名(&R)…", "&Rename…"),
    "action.delete": ("移到回收站", "Move to trash"),
    "action.trash": ("回收站(&T)…", "&Trash…"),
    "action.import_json": ("导入方案数据(&I)…", "&Import plan data…"),
    "action.export_json": ("导出方案数据(&X)…", "E&xport plan data…"),
    "action.demo": ("创建示例方案", "Create demo plans"),
    "action.quit": ("退出(&Q)", "&Quit"),
    "action.close_plan": ("关闭方案(&C)", "&Close plan"),
    "action.undo": ("撤销(&U)", "&Undo"),
    "action.redo": ("重做(&R)", "&Redo"),
    "action.next": ("下一步(&N)", "&Next"),
    "action.back": ("上一步(&B)", "&Back"),
    "action.next_step": ("下一步骤", "Next step"),
    "action.prev_step": ("上一步骤", "Previous step"),
    "action.guidance": ("编制说明(&G)", "&Guidance"),
    "action.check": ("检查方案(&K)", "Chec&k plan"),
    "action.about": ("关于 PeakPlan", "About PeakPlan"),
    # the shortcut list (ui/shortcuts.py)
    "action.shortcuts": ("键盘快捷键(&K)…", "&Keyboard shortcuts…"),
    "action.go_to_chapter": ("转到第 {n} 章", "Go to chapter {n}"),
    "shortcuts.title": ("键盘快捷键", "Keyboard shortcuts"),
    "shortcuts.col_keys": ("按键", "Keys"),
    "shortcuts.col_action": ("作用", "What it does"),
    "shortcuts.col_where": ("窗口", "Where"),
    "shortcuts.where_start": ("方案列表", "Plan list"),
    "shortcuts.where_editor": ("方案编辑", "Plan editor"),
    "shortcuts.where_outline": ("编辑提纲", "Outline"),
    "shortcuts.activate": (
        "打开所选项：列表中的方案，检查结果所指的字段",
        "Open the selected item: a plan in the list, the field a finding points to",
    ),
    "shortcuts.rename": (
        "编辑所选项：重命名所选方案，编辑表格中的单元格",
        "Edit the selected item: rename the plan, edit the table cell",
    ),
    "shortcuts.delete": (
        "删除所选项：方案移到回收站，提纲中删除章节或任务组",
        "Delete the selected item: a plan goes to the trash, a chapter or task group leaves "
        "the outline",
    ),
    "shortcuts.go_to_chapter": (
        "转到步骤列表中编号为 1 … 9 的章节",
        "Go to the chapter numbered 1 … 9 in the step list",
    ),
    "shortcuts.finish_cell": ("结束编辑多行单元格", "Finish editing a multi-line cell"),
    # start window
    "start.heading": ("我的方案", "My plans"),
    "start.opening": ("正在打开方案数据库…", "Opening the plan database…"),
    "start.empty": (
        "还没有方案。点击“新建方案”开始编制，或从“文件”菜单创建示例方案。",
        "No plans yet. Click “New plan” to start, or create the demo plans from the File menu.",
    ),
    "col.name": ("方案名称", "Plan"),
    "col.type": ("类型", "Type"),
    "col.province": ("省份", "Province"),
    "col.status": ("状态", "Status"),
    "col.completeness": ("完整度", "Complete"),
    "col.updated": ("最后编辑", "Last edited"),
    "col.deleted": ("删除时间", "Deleted"),
    "rename.title": ("重命名方案", "Rename plan"),
    "rename.label": ("新名称：", "New name:"),
    "delete.confirm": (
        "将方案“{name}”移到回收站？可以从回收站恢复。",
        "Move the plan “{name}” to the trash? It can be restored from there.",
    ),
    "trash.title": ("回收站", "Trash"),
    "trash.restore": ("恢复(&R)", "&Restore"),
    "trash.purge": ("永久删除", "Delete for good"),
    "trash.purge_confirm": (
        "永久删除方案“{name}”？此操作无法撤销。",
        "Delete the plan “{name}” for good? This cannot be undone.",
    ),
    "trash.empty": ("回收站是空的。", "The trash is empty."),
    "import.title": ("导入方案数据", "Import plan data"),
    "import.filter": ("PeakPlan 方案数据 (*.json)", "PeakPlan plan data (*.json)"),
    "import.done": ("已导入方案“{name}”。", "Imported the plan “{name}”."),
    "export.title": ("导出方案数据", "Export plan data"),
    "export.done": ("已导出到 {path}", "Exported to {path}"),
    "action.collect": ("发放数据收集表(&D)…", "Send a &data-collection workbook…"),
    "action.import_xlsx": ("导入部门数据表(&I)…", "&Import a returned workbook…"),
    "action.import_package": ("导入报送包(&P)…", "Import a submission &package…"),
    "action.install_template": ("安装指南模板(&G)…", "Install a &guideline template…"),
    "template.install_title": (
        "选择省里下发的指南模板文件夹",
        "Choose the folder of your province's guideline template",
    ),
    "template.installed": (
        "已安装指南模板 {id}（版本 {version}），新建和导入方案时可用。",
        "Installed the guideline template {id} (version {version}) for new and imported plans.",
    ),
    "collect.department_title": ("发放数据收集表", "Data-collection workbook"),
    "collect.department_prompt": ("填报单位：", "Department:"),
    "collect.all_departments": ("（全部单位）", "(all departments)"),
    "collect.save_title": ("保存数据收集表", "Save the collection workbook"),
    "collect.xlsx_filter": ("Excel 工作簿 (*.xlsx)", "Excel workbooks (*.xlsx)"),
    "collect.saved": ("已生成数据收集表：{path}", "Collection workbook written: {path}"),
    "collect.open_title": ("导入部门数据表", "Import a returned workbook"),
    "collect.preview_title": ("导入预览 — {file}", "Import preview — {file}"),
    "collect.preview_summary": (
        "将修改 {changes} 处，新增项目 {new} 个。确认无误后点击“导入”；"
        "导入前会自动保存快照，可以撤销。",
        "{changes} changes and {new} new projects. Check them, then Import; a snapshot is "
        "taken first so the import can be undone.",
    ),
    "collect.preview_errors": (
        "表格中有 {errors} 处错误（标红），未导入任何数据。请让填报单位更正后重新发回。",
        "The workbook has {errors} errors (in red); nothing can be imported. Ask the department "
        "to correct them and send it again.",
    ),
    "collect.preview_nothing": (
        "表格与发出时相同，没有需要导入的修改。",
        "Nothing changed since the workbook was sent.",
    ),
    "collect.col_cell": ("单元格", "Cell"),
    "collect.col_what": ("内容", "What"),
    "collect.col_old": ("原值", "Now"),
    "collect.col_new": ("新值", "New value"),
    "collect.error": ("错误", "Error"),
    "collect.new_project": ("新增项目", "New project"),
    "collect.edited_since": ("（发出后方案中已改动）", " (edited in the plan after sending)"),
    "collect.apply": ("导入(&I)", "&Import"),
    "collect.cancel": ("取消", "Cancel"),
    "collect.done": (
        "已导入 {changes} 处修改、{new} 个新项目；导入前的方案已保存为快照。",
        "Imported {changes} changes and {new} new projects; the plan as it was is kept as a "
        "snapshot.",
    ),
    "package.open_title": ("导入报送包", "Import a submission package"),
    "package.filter": ("报送包 (*.zip)", "Submission packages (*.zip)"),
    "package.done": ("报送包校验通过，已导入：{name}", "Package verified; imported: {name}"),
    "action.export_files": ("导出文档和报送包(&E)…", "&Export documents and package…"),
    "export_files.title": ("导出 — {name}", "Export — {name}"),
    "export.comments": ("附上审核意见及处理情况（{count}条）", "Add the review comments ({count})"),
    "export.final": (
        "正式稿（无草稿标记；必填章节未完成时不导出）",
        "Final document (no draft mark; not while a required chapter is empty)",
    ),
    "export.formats": ("导出内容", "What to export"),
    "export.format_pdf": ("PDF 正式文本", "PDF document"),
    "export.format_xlsx": ("Excel 工作簿", "Excel workbook"),
    "export.format_docx": ("Word 文档", "Word document"),
    "export.format_package": ("报送包（.zip）", "Submission package (.zip)"),
    "export.folder": ("保存位置(&S)：", "&Save in:"),
    "export.file_name": ("文件名(&N)：", "File &name:"),
    "export.language": ("文档语言(&L)：", "Document &language:"),
    "export.browse": ("浏览(&B)…", "&Browse…"),
    "export.start": ("导出(&X)", "E&xport"),
    "export.open_folder": ("打开文件夹(&O)", "&Open folder"),
    "export.close": ("关闭", "Close"),
    "export.fonts": ("PDF 字体（留空则自动选择）", "PDF fonts (empty: chosen automatically)"),
    "export.font_filter": ("TrueType 字体 (*.ttf *.ttc)", "TrueType fonts (*.ttf *.ttc)"),
    "export.no_folder": (
        "保存位置“{folder}”不存在，请选择一个已有的文件夹。",
        "The folder “{folder}” does not exist; choose an existing folder.",
    ),
    "export.overwrite_title": ("文件已存在", "Files exist"),
    "export.overwrite": (
        "以下文件已存在，是否替换？\n{files}",
        "These files exist already. Replace them?\n{files}",
    ),
    "export.working": ("正在导出…", "Exporting…"),
    "export.step_pdf": ("正在排版 PDF…", "Laying out the PDF…"),
    "export.step_xlsx": ("正在生成 Excel 工作簿…", "Writing the workbook…"),
    "export.step_docx": ("正在生成 Word 文档…", "Writing the Word document…"),
    "export.step_package": ("正在打包…", "Packing…"),
    "export.step_write": ("正在保存文件…", "Saving the files…"),
    "export.step_done": ("完成。", "Done."),
    "export.finished": ("已导出 {count} 个文件：\n{files}", "Exported {count} files:\n{files}"),
    "demo.done": ("已创建示例方案：{names}", "Demo plans created: {names}"),
    "demo.exists": ("示例方案已存在。", "The demo plans already exist."),
    "error.title": ("PeakPlan 出错", "PeakPlan error"),
    # new-plan wizard
    "wizard.title": ("新建碳达峰试点实施方案", "New carbon peaking pilot plan"),
    "wizard.type.title": ("试点类型", "Pilot type"),
    "wizard.type.subtitle": (
        "选择试点类型。城市和园区的重点任务与参考指标不同。",
        "Choose the pilot type. Cities and parks have different key tasks and indicators.",
    ),
    "wizard.type.city": (
        "城市（地级及以上城市）",
        "City (prefecture level or above)",
    ),
    "wizard.type.park": (
        "园区（省级及以上园区）",
        "Park (provincial level or above)",
    ),
    "wizard.details.title": ("试点信息", "The pilot"),
    "wizard.details.subtitle": (
        "从首批试点名单中选择，或直接输入试点名称。",
        "Pick from the first-batch pilot list, or type the pilot's name.",
    ),
    "wizard.pilot": ("试点名称(&N)：", "Pilot &name:"),
    "wizard.province": ("所在省份(&P)：", "&Province:"),
    "wizard.base_year": ("基准年(&Y)：", "Base &year:"),
    "wizard.language": ("方案语言(&L)：", "Plan &language:"),
    "wizard.template": ("编制模板(&T)：", "&Template:"),
    "wizard.unconfirmed": ("（名称待核实）", "(name to be verified)"),
    "wizard.unconfirmed_hint": (
        "该园区的正式名称尚未核实。请对照国家发展改革委公布的试点名单确认，或直接修改名称。",
        "This park's official name is not verified. Check it against the NDRC's pilot list, "
        "or correct the name.",
    ),
    "wizard.confirm_name": ("名称已核实(&V)", "Name &verified"),
    "wizard.name_taken": ("已有同名方案，请换一个名称。", "A plan with this name exists."),
    "wizard.name_required": ("请输入试点名称。", "Enter the pilot's name."),
    "plan_lang.zh": ("中文", "Chinese"),
    "plan_lang.en": ("英文", "English"),
    # editor
    "editor.title": ("{name} — PeakPlan 方案编辑", "{name} — PeakPlan plan editor"),
    "step.meta": ("方案信息", "Plan information"),
    "step.check": ("检查", "Check"),
    "saving": ("正在保存…", "Saving…"),
    "saved": ("已保存 {time}", "Saved {time}"),
    "journal.recovered": (
        "已恢复上次意外关闭前输入但未保存的 {count} 处内容（可撤销）。",
        "Recovered {count} field(s) typed just before PeakPlan last closed unexpectedly "
        "(undoable).",
    ),
    "journal.skipped": (
        "另有 {count} 处输入无法恢复（所在条目已删除或内容无效）。",
        "{count} other typed field(s) could not be recovered (the item was deleted or the "
        "value is invalid).",
    ),
    "save_failed": (
        "保存失败：{reason}。您的修改仍保留在窗口中，将自动重试。",
        "Saving failed: {reason}. Your edits are kept in the window and will be retried.",
    ),
    "empty_db.title": ("空文件", "Empty file"),
    "empty_db.question": (
        "数据库文件“{path}”是空文件（0 字节），不是 PeakPlan 创建的。\n\n"
        "要在这个文件中新建 PeakPlan 数据库吗？选择“否”则不作任何改动并退出。",
        "The database file “{path}” is empty (0 bytes) and was not created by PeakPlan.\n\n"
        "Start a new PeakPlan database in this file? “No” changes nothing and quits.",
    ),
    "unsaved.title": ("有修改尚未保存", "Edits not saved"),
    "unsaved.text": (
        "有 {count} 处修改尚未保存：{reason}。\n\n现在关闭窗口将丢失这些修改。"
        "建议先腾出磁盘空间或排除故障，PeakPlan 会自动重试保存。",
        "{count} edit(s) could not be saved: {reason}.\n\nClosing the window now loses them. "
        "Free some disk space or fix the problem first; PeakPlan keeps retrying the save.",
    ),
    "unsaved.close": ("关闭并放弃这些修改", "Close and lose them"),
    "unsaved.keep": ("继续编辑", "Keep editing"),
    "guidance.heading": ("编制说明", "Guidance"),
    "prompts.heading": ("应回答的问题", "Questions to answer"),
    "chars": ("{count} 字", "{count} characters"),
    "chars.target": ("{count} / 建议不少于 {target} 字", "{count} / at least {target} suggested"),
    "meta.name": ("试点名称：", "Pilot name:"),
    "meta.province": ("所在省份：", "Province:"),
    "meta.base_year": ("基准年：", "Base year:"),
    "meta.language": ("方案语言：", "Plan language:"),
    "meta.status": ("方案状态：", "Status:"),
    "meta.template": ("编制模板：", "Template:"),
    "meta.type": ("试点类型：", "Pilot type:"),
    "chapter.intro": ("本章导语", "Chapter introduction"),
    "base.value": ("数值", "Value"),
    "base.unit": ("单位", "Unit"),
    "base.derived": ("推算指标（自动计算，不可编辑）", "Derived figures (computed, read-only)"),
    "base.not_available": ("暂无", "n/a"),
    "ind.name": ("指标", "Indicator"),
    "ind.unit": ("单位", "Unit"),
    "ind.obligation": ("属性", "Type"),
    "ind.base": ("基期值", "Base"),
    "ind.t2025": ("2025年", "2025"),
    "ind.t2025s": ("2025年力争", "2025 stretch"),
    "ind.t2030": ("2030年", "2030"),
    "ind.t2030s": ("2030年力争", "2030 stretch"),
    "ind.t2025ref": ("2025年目标比较年份", "2025 vs year"),
    "ind.t2030ref": ("2030年目标比较年份", "2030 vs year"),
    "ind.t2025refv": ("比较年份数值", "Value then"),
    "ind.t2030refv": ("比较年份数值", "Value then"),
    "ind.department": ("责任部门", "Department"),
    "ind.note": ("备注", "Note"),
    "ind.base_source": ("基准值来源", "Source of base value"),
    "prov.title": ("数据来源 — {what}", "Source — {what}"),
    "prov.source": ("来源(&S)：", "&Source:"),
    "prov.kind": ("来源类型(&K)：", "&Kind:"),
    "prov.quality": ("数据质量(&Q)：", "&Quality:"),
    "prov.note": ("说明(&N)：", "&Note:"),
    "prov.details": ("来源详情…", "Source details…"),
    "action.higher_targets": ("上级目标(&T)…", "Higher-level &targets…"),
    "action.outline": ("编辑提纲(&O)…", "Edit &outline…"),
    "action.monitoring": ("监测评估(&N)…", "Mo&nitoring…"),
    "monitor.title": ("监测评估", "Monitoring"),
    "monitor.year": ("年份(&Y)：", "&Year:"),
    "monitor.indicators": ("指标", "Indicators"),
    "monitor.projects": ("重点项目", "Key projects"),
    "monitor.col_indicator": ("指标", "Indicator"),
    "monitor.col_unit": ("单位", "Unit"),
    "monitor.col_path": ("按进度应达到", "On the path"),
    "monitor.col_actual": ("实际值", "Actual"),
    "monitor.col_state": ("评价", "Assessment"),
    "monitor.col_project": ("项目", "Project"),
    "monitor.col_planned": ("计划投资（万元）", "Planned (CNY 10k)"),
    "monitor.col_status": ("进展", "Status"),
    "monitor.col_spent": ("累计完成投资（万元）", "Spent (CNY 10k)"),
    "monitor.summary": (
        "{year}年：{on}项指标符合进度，{off}项滞后；重点项目已建成{done}个、在建{under_way}个，"
        "累计完成投资{spent}万元。",
        "{year}: {on} indicators on track, {off} off track; {done} projects done, {under_way} "
        "under way, CNY {spent} ten thousand spent.",
    ),
    "action.comments": ("审核意见(&M)…", "Review co&mments…"),
    "comments.title": ("审核意见", "Review comments"),
    "comments.chapter": ("章节或事项(&C)：", "&On:"),
    "comments.indicator": ("指标", "Indicator"),
    "comments.project": ("项目", "Project"),
    "comments.author": ("提出人(&A)：", "&Author:"),
    "comments.text": ("意见(&T)：", "&Text:"),
    "comments.add": ("添加意见(&D)", "A&dd comment"),
    "comments.reply": ("答复(&R)…", "&Reply…"),
    "comments.reply_prompt": ("答复内容：", "Reply:"),
    "comments.resolve": ("标记为已处理(&S)", "Mark re&solved"),
    "comments.reopen": ("重新打开(&S)", "Reopen (&S)"),
    "comments.col_time": ("时间", "When"),
    "comments.col_author": ("提出人", "Author"),
    "comments.col_text": ("意见", "Comment"),
    "comments.col_status": ("状态", "Status"),
    "comments.col_reply": ("答复", "Reply"),
    "comments.badge": ("  〔意见{count}〕", "  [{count} comments]"),
    "action.versions": ("版本与修改(&V)…", "&Versions and changes…"),
    "versions.title": ("版本 — {name}", "Versions — {name}"),
    "versions.take": ("保存快照(&S)…", "&Take a snapshot…"),
    "versions.restore": ("恢复为新方案(&R)", "&Restore as a new plan"),
    "versions.name_prompt": (
        "快照名称（如“报送省发展改革委稿”）：",
        "Snapshot name (e.g. “sent to the province”):",
    ),
    "versions.none": (
        "还没有快照。点击“保存快照”记录当前版本。",
        "No snapshots yet. Take one to keep this version.",
    ),
    "versions.no_differences": ("与该快照相比没有变化。", "Nothing changed since this snapshot."),
    "versions.count": ("自该快照以来共 {count} 处修改：", "{count} changes since this snapshot:"),
    "versions.view": ("查看(&V)", "&View"),
    "versions.view_title": ("快照（只读）— {name}", "Snapshot (read-only) — {name}"),
    "action.import_comments": ("导入审核意见(&C)…", "Import review &comments…"),
    "comments.merged": (
        "审核意见：新增 {added} 条，更新 {updated} 条。",
        "Comments: {added} added, {updated} updated.",
    ),
    "versions.export": ("导出修改说明(&E)…", "&Export revision notes…"),
    "versions.col_chapter": ("章节", "Chapter"),
    "versions.col_change": ("修改内容", "Change"),
    "versions.col_why": ("修改理由（双击填写）", "Why (double-click to write)"),
    "versions.exported": ("修改说明已导出到 {folder}", "Revision notes exported to {folder}"),
    "versions.restored": ("已将快照恢复为新方案。", "The snapshot was restored as a new plan."),
    "outline.title": ("方案提纲", "The plan's outline"),
    "outline.chapters": ("章节", "Chapters"),
    "outline.groups": ("重点任务分组", "Task groups"),
    "outline.add": ("新增(&A)", "&Add"),
    "outline.remove": ("删除(&R)", "&Remove"),
    "outline.up": ("上移(&U)", "Move &up"),
    "outline.down": ("下移(&D)", "Move &down"),
    "outline.title_zh": ("中文标题(&T)：", "&Title (Chinese):"),
    "outline.title_en": ("英文标题(&E)：", "&English title:"),
    "outline.covers": ("对应编制指南要素(&C)：", "Annex 2 elements &covered:"),
    "outline.own_hint": (
        "不勾选任何要素即为试点自设内容。",
        "With no element checked, the item is the pilot's own.",
    ),
    "outline.cannot_remove": (
        "结构化章节（基础数据、目标、任务、项目、政策、进度）不能删除，可以改名或调整顺序。",
        "Structured chapters (base data, targets, tasks, projects, policies, schedule) cannot "
        "be removed; rename or move them instead.",
    ),
    "outline.tasks_hint": (
        "本章的任务分组（如试点自己的“N大行动”）在“重点任务分组”页中编辑。",
        "This chapter's task groups (e.g. the pilot's own actions) are edited on the "
        "“Task groups” tab.",
    ),
    "outline.remove_title": ("删除分组", "Remove a group"),
    "outline.remove_group": (
        "分组“{name}”下有 {count} 项措施，将一并删除（可以撤销）。是否删除？",
        "The group “{name}” holds {count} measures; they are removed with it (undoable). Remove?",
    ),
    "outline.new_chapter": ("新章节", "New chapter"),
    "outline.new_group": ("新行动", "New action"),
    "outline.uncovered": (
        "提纲尚未覆盖 {count} 项编制指南要素：{names}",
        "The outline does not cover {count} Annex 2 element(s): {names}",
    ),
    "outline.all_covered": (
        "提纲已覆盖编制指南的全部要素。",
        "The outline covers every Annex 2 element.",
    ),
    "higher.title": ("上级目标", "Higher-level targets"),
    "higher.national": (
        "全国目标（随模板提供，检查时与本方案目标比较）：",
        "National targets (from the template; the check compares the plan's targets with them):",
    ),
    "higher.hint": (
        "请在下表中填写{province}的目标及其出处（例如省“十四五”规划纲要）；未填写的不作比较。",
        "Enter the targets of {province} with their source (e.g. the province's 14th Five-Year "
        "Plan) below; blank ones are not compared.",
    ),
    "higher.no_province": ("本省", "the province"),
    "higher.indicator": ("指标", "Indicator"),
    "higher.year": ("年份", "Year"),
    "higher.value": ("本省目标", "Province target"),
    "higher.source": ("出处", "Source"),
    "base.source_placeholder": (
        "数据来源（如《统计年鉴2021》表2-1）",
        "Source (e.g. Yearbook 2021, table 2-1)",
    ),
    "base.source_of": ("{name}的数据来源", "Source of {name}"),
    "ind.add": ("添加自定义指标(&A)", "&Add custom indicator"),
    "ind.remove": ("删除所选指标", "Remove selected indicator"),
    "ind.new_name": ("新指标", "New indicator"),
    "tasks.groups": ("任务分组", "Task groups"),
    "tasks.measures": ("主要举措", "Measures"),
    "measure.title": ("举措", "Measure"),
    "measure.content": ("内容", "Content"),
    "measure.department": ("牵头部门", "Lead department"),
    "measure.timeframe": ("时限", "Timeframe"),
    "measure.add": ("添加举措(&A)", "&Add measure"),
    "measure.remove": ("删除所选举措", "Remove selected measure"),
    "proj.name": ("项目名称", "Project"),
    "proj.field": ("领域", "Field"),
    "proj.content": ("建设内容及规模", "Content and scale"),
    "proj.investment": ("总投资（万元）", "Investment (10k yuan)"),
    "proj.start": ("开工年份", "Start"),
    "proj.end": ("完成年份", "End"),
    "proj.owner": ("责任单位", "Owner"),
    "proj.energy": ("年节能量（吨标准煤）", "Energy saving (tce/yr)"),
    "proj.co2": ("年减排二氧化碳（吨）", "CO2 reduction (t/yr)"),
    "proj.add": ("添加项目(&A)", "&Add project"),
    "proj.remove": ("删除所选项目", "Remove selected project"),
    "proj.totals": (
        "合计：{count} 个项目，总投资 {investment} 万元，年节能 {energy} 吨标准煤，"
        "年减排二氧化碳 {co2} 吨",
        "Total: {count} projects, investment {investment} (10k yuan), energy saving {energy} "
        "tce/yr, CO2 reduction {co2} t/yr",
    ),
    "pol.type": ("类别", "Type"),
    "pol.title": ("政策措施", "Policy"),
    "pol.content": ("主要内容", "Content"),
    "pol.department": ("责任部门", "Department"),
    "pol.add": ("添加政策(&A)", "&Add policy"),
    "pol.remove": ("删除所选政策", "Remove selected policy"),
    "ms.period": ("时间", "Period"),
    "ms.title": ("阶段任务", "Milestone"),
    "ms.content": ("主要内容", "Content"),
    "ms.department": ("责任部门", "Department"),
    "ms.add": ("添加进度安排(&A)", "&Add milestone"),
    "ms.remove": ("删除所选进度安排", "Remove selected milestone"),
    "check.summary": (
        "完整度 {percent}；错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个。",
        "{percent} complete; {errors} errors, {warnings} warnings, {infos} notes.",
    ),
    "check.none": ("未发现问题。", "No findings."),
    "check.hint": (
        "双击或按回车跳转到相应位置。",
        "Double-click or press Enter to go to the field.",
    ),
    "guidance.meta": (
        "<p>方案的基本信息：名称、省份、基准年和状态。方案名称在本机唯一。</p>"
        "<p>左侧每一步对应实施方案的一章，百分比是该章的完整度。每次按键即时记录，"
        "所有修改在输入停顿时自动保存，关闭窗口无需另行保存。</p>"
        "<p>快捷键：Ctrl+PgDown / Ctrl+PgUp 下一步 / 上一步；Alt+1…9 跳到编号为 1…9 的章；"
        "Shift+F1 显示编制说明；F7 检查方案；Ctrl+Z / Ctrl+Shift+Z 撤销 / 重做；"
        "F1 列出全部快捷键。</p>",
        "<p>The plan's particulars: name, province, base year and status. A plan's name is "
        "unique on this computer.</p>"
        "<p>Each step on the left is a chapter of the implementation plan, with its "
        "completeness. Every keystroke is kept at once and every change is saved as you pause "
        "typing; closing never asks to save.</p>"
        "<p>Keys: Ctrl+PgDown / Ctrl+PgUp next / previous step; Alt+1…9 go to the chapter "
        "numbered 1…9; Shift+F1 guidance; F7 check the plan; Ctrl+Z / Ctrl+Shift+Z undo / "
        "redo; F1 lists every shortcut.</p>",
    ),
    "guidance.check": (
        "<p><b>错误</b>必须在提交前改正：必填章节为空、数值不是数字或超出范围、项目起止年份颠倒等。</p>"
        "<p><b>警告</b>提示可能的遗漏：指标缺少目标值、项目缺少责任单位、指南要素未被大纲覆盖等。</p>"
        "<p>双击一条检查结果，即跳到相应的章节和单元格。</p>",
        "<p><b>Errors</b> must be fixed before submission: an empty required chapter, a value "
        "that is not a number or out of range, a project ending before it starts…</p>"
        "<p><b>Warnings</b> point at likely gaps: an indicator without targets, a project "
        "without an owner, a guideline element the outline does not cover…</p>"
        "<p>Double-click a finding to go to its chapter and cell.</p>",
    ),
    "prompts.placeholder": ("本章应回答：", "This chapter should answer:"),
    "status.autosave": ("所有修改自动保存", "Every change is saved automatically"),
    "ind.not_removable": (
        "指南参考指标不能删除；不适用的指标可在备注中说明。只能删除自定义指标。",
        "Reference indicators of the guideline cannot be removed; explain in the note why one "
        "does not apply. Only custom indicators can be removed.",
    ),
    "invalid_edit": ("无法接受该值：{reason}", "That value cannot be accepted: {reason}"),
    # emissions trajectory
    "step.trajectory": ("碳排放测算", "Emissions trajectory"),
    "traj.account": (
        "{year}年能源消费与二氧化碳排放核算",
        "Energy use and CO2 emissions in {year}",
    ),
    "fuel.name": ("能源品种", "Fuel"),
    "fuel.unit": ("计量单位", "Unit"),
    "fuel.quantity": ("消费量", "Quantity"),
    "fuel.factor": ("排放因子", "Emission\nfactor"),
    "fuel.tce": ("折标准煤\n（万吨）", "Energy\n(10k tce)"),
    "fuel.co2": ("二氧化碳\n（万吨）", "CO2\n(10k t)"),
    "fuel.source": ("因子单位\n及来源", "Factor unit\nand source"),
    "fuel.default_factor": (
        "留空即采用模板默认值 {value} {unit}（{source}）。",
        "Blank: the template's {value} {unit} ({source}).",
    ),
    "fuel.own_factor": (
        "方案自定的排放因子（{unit}）；清空即恢复模板默认值。",
        "The plan's own emission factor ({unit}); clear it to use the template's again.",
    ),
    "fuel.no_factor": ("该品种不计排放。", "No emissions are counted for this fuel."),
    "fuel.detail": (
        "{fuel}的排放因子：{value} {unit}——{source}",
        "{fuel}: emission factor {value} {unit} — {source}",
    ),
    "fuel.detail_none": ("{fuel}：不计排放。", "{fuel}: no emissions counted."),
    "traj.totals": (
        "合计：{tce} 万吨标准煤，二氧化碳 {co2} 万吨。",
        "Total: {tce} (10k tce), CO2 {co2} (10k t).",
    ),
    "traj.compare": (
        "基础数据填报：能源消费总量 {tce} 万吨标准煤（相差 {dtce}），"
        "二氧化碳排放总量 {co2} 万吨（相差 {dco2}）。",
        "Base data as typed: total energy use {tce} (10k tce, {dtce} apart), "
        "total CO2 {co2} (10k t, {dco2} apart).",
    ),
    "traj.compare_off": (
        "分品种核算与填报总量相差超过 {tolerance}%，请核对消费量、排放因子或基础数据。",
        "The fuel account and the typed totals differ by more than {tolerance}%; check the "
        "quantities, the factors or the base data.",
    ),
    "traj.account_empty": (
        "尚未填写分品种消费量：测算采用基础数据中的能源消费总量和二氧化碳排放总量。",
        "No fuel quantities yet: the trajectory starts from the base data's total energy use "
        "and total CO2 emissions.",
    ),
    "traj.peak_year": ("方案提出的达峰年份(&Y)：", "Declared peak &year:"),
    "traj.peak_value": ("峰值（万吨，可选）(&K)：", "Pea&k (10k t, optional):"),
    "traj.peak_year_hint": (
        "实施方案中提出的二氧化碳排放达峰年份，与下方测算结果对照。",
        "The year the plan says CO2 emissions peak, compared with the projection below.",
    ),
    "traj.growth": ("情景增长假设（%/年）", "Scenario growth assumptions (% a year)"),
    "traj.growth_hint": (
        "基准情景延续现有趋势；政策情景体现本方案的措施，并自各重点项目建成（完成年份）次年起"
        "扣除其年减排量；生态保护修复项目的碳汇单列，不抵减能源活动排放。",
        "The baseline continues current trends; the policy scenario reflects this plan's "
        "measures and subtracts each key project's yearly CO2 reduction from the year after "
        "its completion (end year); sinks of ecological projects are shown apart.",
    ),
    "traj.grid": ("电力排放因子(&G)：", "&Grid electricity factor:"),
    "traj.factor_source": ("因子来源(&S)…", "Factor &source…"),
    "traj.grid_default": ("（默认）", " (default)"),
    "traj.grid_verify": ("（待核实）", " (to verify)"),
    "traj.grid_document": ("发布文件：{document}", "Published in {document}"),
    "traj.grid_own": (
        "调入电力已填写方案自定的排放因子，下列选择暂不适用。",
        "The plan's own factor is typed for purchased electricity; this choice does not apply.",
    ),
    "traj.sinks": (
        "碳汇（单列，不抵减能源活动排放）：{base}年 {s0} 万吨，2030年 {s30} 万吨，"
        "{end}年 {send} 万吨；扣除碳汇后的政策情景净排放：2030年 {n30} 万吨，{end}年 {nend} 万吨。",
        "Carbon sinks (apart; never lowering energy CO2): {s0} in {base}, {s30} in 2030, "
        "{send} in {end} (10k t); policy-scenario net of sinks: {n30} in 2030, {nend} in "
        "{end} (10k t).",
    ),
    "traj.assumptions": ("测算假设", "Assumptions of the projection"),
    "growth.scenario": ("情景", "Scenario"),
    "growth.period": ("时期", "Period"),
    "growth.period_value": ("{start}—{end}年", "{start}–{end}"),
    "growth.gdp": ("地区生产总值\n增速", "GDP\ngrowth"),
    "growth.iva": ("工业增加值\n增速", "Industrial value\nadded growth"),
    "growth.energy": ("能耗强度\n下降率", "Energy intensity\ndecline"),
    "growth.carbon": ("单位能耗碳排放\n下降率", "CO2 per energy\ndecline"),
    "chart.title": ("二氧化碳排放趋势", "CO2 emissions trajectory"),
    "chart.unit": ("万吨二氧化碳", "10k t CO2"),
    "chart.peak": ("峰值 {year}年 {value}万吨", "Peak {year}: {value}"),
    "chart.no_peak": ("{end}年前未达峰", "No peak by {end}"),
    "chart.declared": ("方案达峰年 {year}", "Declared peak {year}"),
    "chart.empty": ("数据不全，无法测算", "Not enough data to compute"),
    "traj.policy_peak": (
        "政策情景：{year}年达峰，峰值 {value} 万吨二氧化碳。",
        "Policy scenario: emissions peak in {year} at {value} (10k t CO2).",
    ),
    "traj.policy_rising": (
        "政策情景：到{end}年仍未达峰（{end}年 {value} 万吨）。",
        "Policy scenario: still rising in {end} ({value} (10k t) that year).",
    ),
    "traj.baseline_peak": (
        "基准情景：{year}年达峰，峰值 {value} 万吨。",
        "Baseline: emissions peak in {year} at {value} (10k t).",
    ),
    "traj.baseline_rising": (
        "基准情景：到{end}年仍未达峰（{end}年 {value} 万吨）。",
        "Baseline: still rising in {end} ({value} (10k t) that year).",
    ),
    "traj.reductions": (
        "政策情景与{base}年相比：单位{per}能耗2025年下降 {e25}、2030年下降 {e30}；"
        "单位{per}二氧化碳排放2025年下降 {c25}、2030年下降 {c30}。",
        "Policy scenario against {base}: energy per unit of {per} down {e25} by 2025 and {e30} "
        "by 2030; CO2 per unit of {per} down {c25} by 2025 and {c30} by 2030.",
    ),
    "traj.declared_ok": (
        "方案提出{declared}年前达峰，测算结果相符。",
        "The plan says emissions peak by {declared}; the projection agrees.",
    ),
    "traj.none": (
        "无法测算排放趋势，请先补全下列数据。",
        "The trajectory cannot be computed yet; complete the data below.",
    ),
    "guidance.trajectory": (
        "<p>本步骤根据基准年数据和情景假设，自动测算2035年前的二氧化碳排放趋势，"
        "所有结果随输入即时更新，无需另行保存。</p>"
        "<p><b>能源消费核算</b>：填写各能源品种的消费量，PeakPlan 按模板的折标准煤系数和"
        "排放因子换算；排放因子留空即采用模板默认值。调入电力采用生态环境部、国家统计局发布的"
        "电力二氧化碳排放因子：默认取所在省份、不晚于基准年的最近发布年份的因子，也可改选区域或"
        "全国因子；自行填写的因子须注明来源。"
        "合计应与基础数据中填报的总量基本一致。</p>"
        "<p><b>情景假设</b>：每个时期逐年适用的经济增速（城市为地区生产总值，园区为工业增加值）、"
        "能耗强度下降率和单位能耗碳排放下降率。政策情景另自重点项目建成次年起扣除其年减排量；"
        "碳汇单列，并给出扣除碳汇后的净排放，但达峰判断只看能源活动排放。</p>"
        "<p>峰值年份为排放最高的年份；若到2035年排放仍在上升，则视为未达峰。"
        "方案提出的达峰年份应不早于测算结果。</p>",
        "<p>This step projects CO2 emissions to 2035 from the base-year data and the scenario "
        "assumptions. Every result updates as you type; nothing needs saving.</p>"
        "<p><b>Energy account</b>: type each fuel's quantity; PeakPlan converts it with the "
        "template's standard-coal and emission factors. A blank factor uses the template's. "
        "Purchased electricity uses the factors published by the MEE and the NBS: by default "
        "the province's, for the published year nearest the base year and not after it; the "
        "regional or national one can be picked instead. A factor you type needs its source. "
        "The totals should "
        "match the totals typed in the base data.</p>"
        "<p><b>Scenarios</b>: economic growth (GDP for a city, industrial value added for a "
        "park), energy-intensity decline and decline of CO2 per unit of energy, applied year by "
        "year within each period. The policy scenario also subtracts each key project's yearly "
        "reduction from the year after its completion; carbon sinks are shown apart with the "
        "net figure, and the peak is judged on energy CO2 alone.</p>"
        "<p>The peak is the year of the highest emissions; emissions still rising in 2035 have "
        "not peaked. The declared peak year should not be earlier than the projection's.</p>",
    ),
}


class Texts(QObject):
    """The current interface language and the table lookup; emits ``changed`` on a switch."""

    changed = Signal(str)

    def __init__(self, lang: str | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self._settings = settings or QSettings("PeakPlan", "PeakPlan")
        stored = self._settings.value(SETTINGS_KEY, "zh")
        self.lang = lang if lang in LANGUAGES else (stored if stored in LANGUAGES else "zh")

    def __call__(self, key: str, **params: object) -> str:
        entry = STRINGS.get(key)
        zh, en = entry if entry is not None else enum_labels()[key]
        text = en if self.lang == "en" else zh
        return text.format(**params) if params else text

    def pick(self, zh: str, en: str) -> str:
        """A data text that exists in both languages (English falls back to Chinese)."""
        return (en or zh) if self.lang == "en" else zh

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES or lang == self.lang:
            return
        self.lang = lang
        self._settings.setValue(SETTINGS_KEY, lang)
        self._settings.sync()
        self.changed.emit(lang)
