"""The words of the plan editor: its steps, tables, dialogs and messages."""

EDITOR: dict[str, tuple[str, str]] = {
    # editor
    "editor.title": ("{name} — PeakPlan 方案编辑", "{name} — PeakPlan plan editor"),
    "step.meta": ("方案信息", "Plan information"),
    "step.check": ("检查", "Check"),
    "saving": ("正在保存…", "Saving…"),
    "saved": ("已保存 {time}", "Saved {time}"),
    "journal.recovered": (
        "已恢复上次意外关闭前输入但未保存的 {count} 处内容（可撤销）。",
        "Recovered {count} {count:field|fields} typed just before PeakPlan last closed "
        "unexpectedly (undoable).",
    ),
    "journal.skipped": (
        "另有 {count} 处输入无法恢复（所在条目已删除或内容无效）。",
        "{count} other typed {count:field|fields} could not be recovered (the item was deleted or "
        "the value is invalid).",
    ),
    "save_failed": (
        "保存失败：{reason}。您的修改仍保留在窗口中，将自动重试。",
        "Saving failed: {reason}. Your edits are kept in the window and will be retried.",
    ),
    "save_refused": (
        "{reason}。服务器不允许这次修改，因此不会重试；重新打开方案可看到服务器上保存的内容。",
        "{reason}. The server does not allow this change, so it is not retried; reopen the "
        "plan to see what the server holds.",
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
        "{count} {count:edit|edits} could not be saved: {reason}.\n\nClosing the window now loses "
        "{count:it|them}. Free some disk space or fix the problem first; PeakPlan keeps retrying "
        "the save.",
    ),
    "unsaved.close": ("关闭并放弃这些修改", "Close and lose them"),
    "unsaved.keep": ("继续编辑", "Keep editing"),
    "guidance.heading": ("编制说明", "Guidance"),
    "prompts.heading": ("应回答的问题", "Questions to answer"),
    "chars": ("{count} 字", "{count} {count:character|characters}"),
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
        "{year}: {on} {on:indicator|indicators} on track, {off} off track; {done} "
        "{done:project|projects} done, {under_way} under way, CNY {spent} ten thousand spent.",
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
    "comments.badge": ("  〔意见{count}〕", "  [{count} {count:comment|comments}]"),
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
    "versions.count": (
        "自该快照以来共 {count} 处修改：",
        "{count} {count:change|changes} since this snapshot:",
    ),
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
    "versions.col_by": ("修改人", "Changed by"),
    "versions.by": ("修改人：{who}", "by {who}"),
    "versions.taken_by": ("{name}保存", "taken by {name}"),
    "editor.last_change": ("最后修改：{who}，{when}", "Last changed by {who} at {when}"),
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
        "The group “{name}” holds {count} {count:measure|measures}; {count:it is|they are} "
        "removed with it (undoable). Remove?",
    ),
    "outline.new_chapter": ("新章节", "New chapter"),
    "outline.new_group": ("新行动", "New action"),
    "outline.uncovered": (
        "提纲尚未覆盖 {count} 项编制指南要素：{names}",
        "The outline does not cover {count} Annex 2 {count:element|elements}: {names}",
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
        "Total: {count} {count:project|projects}, investment {investment} (10k yuan), energy "
        "saving {energy} tce/yr, CO2 reduction {co2} t/yr",
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
        "{percent} complete; {errors} {errors:error|errors}, {warnings} "
        "{warnings:warning|warnings}, {infos} {infos:note|notes}.",
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
}
