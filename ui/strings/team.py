"""The words of team mode: opening a team's server, which home the plans are in, and the
server going away while editing."""

TEAM: dict[str, tuple[str, str]] = {
    "action.open_server": ("打开团队服务器(&S)…", "Open team &server…"),
    "action.use_local": ("切换回本机文件(&L)", "Back to my &local file"),
    "server.title": ("打开团队服务器", "Open team server"),
    "server.intro": (
        "填写管理员给您的团队数据库服务器地址。地址会被记住，密码不会：每次连接时输入。",
        "Type the address of the team's database server your administrator gave you. The "
        "address is remembered, the password is not: type it each time you connect.",
    ),
    "server.url": ("完整地址(&A)：", "Whole &address:"),
    "server.url_hint": (
        "可粘贴 postgresql://用户名@服务器:5432/数据库，下面各项会自动填好",
        "paste postgresql://user@server:5432/database to fill in the fields below",
    ),
    "server.host": ("服务器(&V)：", "Ser&ver:"),
    "server.port": ("端口(&T)：", "Por&t:"),
    "server.database": ("数据库(&D)：", "&Database:"),
    "server.user": ("用户名(&U)：", "&User name:"),
    "server.password": ("密码(&W)：", "Pass&word:"),
    "server.connect": ("连接(&C)", "&Connect"),
    "server.connecting": ("正在连接 {where}…", "Connecting to {where}…"),
    "server.wrong_password": (
        "密码错误：服务器拒绝了用户“{user}”的密码（也可能是用户名不对）。请重新输入密码。",
        "Wrong password: the server refused the password of user “{user}” (or the user name "
        "is wrong). Type the password again.",
    ),
    "server.password_needed": (
        "服务器需要密码：请输入用户“{user}”的密码，再点“连接”。",
        "The server needs a password: type the password of user “{user}”, then Connect.",
    ),
    "server.not_opened": (
        "{message}\n\n可用“文件 ▸ 打开团队服务器…”重新连接，或“文件 ▸ 切换回本机文件”。",
        "{message}\n\nConnect again with File ▸ Open team server…, or go back with "
        "File ▸ Back to my local file.",
    ),
    "home.file": ("方案保存在本机文件 {path}", "Plans kept in the local file {path}"),
    "home.server": ("方案保存在团队服务器 {where}", "Plans kept on the team server {where}"),
    "home.title_server": ("团队服务器 {where}", "team server {where}"),
    "home.role": ("（您的角色：{role}）", " (your role: {role})"),
    "server.away": (
        "服务器不可用，{count} 处修改待保存，正在重试…（修改已保留在本机）",
        "The server is unavailable; changes waiting to be saved: {count}. Retrying… (kept on "
        "this computer)",
    ),
    "server.back": (
        "服务器已恢复，所有修改已保存 {time}",
        "The server is back: every change saved {time}",
    ),
    "unsaved.text_server": (
        "团队服务器不可用，有 {count} 处修改尚未保存到服务器。\n\n文字和数值的修改以及新增、删除或"
        "移动的行已保留在本机，下次打开这个方案时会放回并保存（他人在此期间修改过的行不会被删除）。"
        "也可以等服务器恢复后再关闭，PeakPlan 会自动重试保存。",
        "The team's server is unavailable: {count} {count:edit is|edits are} not on it "
        "yet.\n\nTexts and values typed, and rows added, deleted or moved, are kept on this "
        "computer and put back and saved when you open this plan again (a row someone else "
        "changed meanwhile is not removed). Or wait until the server is back: PeakPlan keeps "
        "retrying the save.",
    ),
    "held.rows_saved": (
        "已保存服务器不可用时新增、删除或移动的 {count} 处行。",
        "Saved {count} row {count:change|changes} (added, deleted or moved) made while the server "
        "was away.",
    ),
    "held.rows_refused": (
        "另有 {count} 处行的修改没有保存，保留了服务器上的内容：{reason}",
        "{count} other row {count:change was|changes were} not saved; what the server holds is "
        "kept: {reason}",
    ),
}
