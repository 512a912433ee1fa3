"""The words of the conflict dialog: two people changed the same item (team mode)."""

CONFLICTS: dict[str, tuple[str, str]] = {
    "conflict.title": ("他人也修改了这一项", "Someone else changed this too"),
    "conflict.intro": (
        "您编辑{item}期间，别人已保存了另一个版本。两边的内容都还在，没有任何内容被覆盖。"
        "请选择保留哪一版，或手动合并。",
        "While you were editing {item}, someone else saved another version of it. Both are "
        "still here; nothing has been overwritten. Choose which to keep, or merge them by hand.",
    ),
    "conflict.theirs": ("对方的版本（已保存）", "Theirs (saved)"),
    "conflict.mine": ("我的版本（未保存）", "Mine (not saved)"),
    "conflict.removed_by_them": ("（对方已删除此项）", "(they deleted this item)"),
    "conflict.removed_by_me": ("（我已删除此项）", "(I deleted this item)"),
    "conflict.field": ("字段", "Field"),
    "conflict.keep_mine": ("保留我的(&M)", "Keep &mine"),
    "conflict.take_theirs": ("采用对方的(&T)", "Take &theirs"),
    "conflict.merge": ("手动合并(&G)…", "Mer&ge by hand…"),
    "conflict.later": ("稍后决定", "Decide later"),
    "conflict.save_merge": ("保存合并结果(&S)", "&Save the merge"),
    "conflict.back": ("返回比较(&B)", "&Back to the comparison"),
    "conflict.merge_intro": (
        "合并结果从双方的内容开始：请删改成要保存的文字。其他字段请选择采用哪一方。",
        "The merge starts from both sides' text: edit it into what should be saved. For "
        "other fields, choose whose value to keep.",
    ),
    "conflict.pick_mine": ("我的：{value}", "Mine: {value}"),
    "conflict.pick_theirs": ("对方的：{value}", "Theirs: {value}"),
    "conflict.empty": ("（空）", "(empty)"),
    "conflict.waiting": (
        "{count} 处修改与他人的修改冲突，尚未保存",
        "{count} {count:change clashes|changes clash} with someone else's and "
        "{count:is|are} not saved",
    ),
    "conflict.resolve": ("处理冲突…", "Resolve…"),
}
