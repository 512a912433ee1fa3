"""The words of the live view: others' saves shown in an open editor (team mode)."""

LIVE: dict[str, tuple[str, str]] = {
    "live.changed": ("由他人修改", "Changed by others"),
    "live.conflict": (
        "由他人修改，而您正在编辑同一项：您的内容保持不变，保存时将请您选择保留哪一份",
        "Changed by others while you were editing it: your text stays; saving it will ask "
        "which version to keep",
    ),
    "live.lost": (
        "实时更新中断（{reason}），正在重新连接；他人的修改暂不显示",
        "Live updates interrupted ({reason}); reconnecting. Others' changes are not shown "
        "meanwhile",
    ),
    "live.unreadable": (
        "暂时无法读取他人的修改：{reason}",
        "Others' changes cannot be read for now: {reason}",
    ),
    "live.back": ("实时更新已恢复", "Live updates are back"),
}
