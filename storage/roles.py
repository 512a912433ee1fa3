"""The four roles of a team's server, and the words for a change the server refused.

A team's PostgreSQL server enforces who may change what (see ``storage/server_roles.py``): the
owner everything; an editor all of a plan's content, but not deleting plans or managing users;
a department the rows its name is responsible for; a reviewer review comments only.  When the
server refuses a write, the user reads which role they have, what was refused and what the
role may do — in Chinese and English.  No psycopg here: the app's words need no driver.
"""

from __future__ import annotations

import enum

from storage.errors import StorageError


class Role(enum.Enum):
    OWNER = "owner"
    EDITOR = "editor"
    DEPARTMENT = "department"
    REVIEWER = "reviewer"

    @property
    def group(self) -> str:
        """The server's group role (NOLOGIN) whose members have this role."""
        return f"peakplan_{self.value}"

    def label(self, lang: str) -> str:
        zh, en = _ROLE_WORDS[self]
        return en if lang == "en" else zh


_ROLE_WORDS = {
    Role.OWNER: ("负责人", "owner"),
    Role.EDITOR: ("编辑", "editor"),
    Role.DEPARTMENT: ("部门", "department"),
    Role.REVIEWER: ("审阅人", "reviewer"),
}

# What each role may do, said after what it may not.
_MAY = {
    None: (
        "服务器没有给您的账户这项权限，请向管理员确认您的角色。",
        "the server does not give your account this right; ask its administrator for your role.",
    ),
    Role.OWNER: (
        "服务器没有给您的账户这项权限，请管理员重新运行 peakplan team setup。",
        "the server does not give your account this right; ask its administrator to run "
        "peakplan team setup again.",
    ),
    Role.EDITOR: (
        "编辑可以修改方案的全部内容，但不能删除方案或管理用户。",
        "an editor changes all of a plan's content, but does not delete plans or manage users.",
    ),
    Role.DEPARTMENT: (
        "部门只能添加和修改本部门（{department}）负责或尚未指定责任单位的指标、任务举措、"
        "重点项目、政策机制、工作进度安排及其监测数据，并可添加审核意见。",
        "a department adds and changes only the indicators, measures, projects, policies and "
        "schedule rows (and their monitoring values) that name its own department "
        "({department}) or none yet, and adds review comments.",
    ),
    Role.REVIEWER: (
        "审阅人只能添加和回复审核意见。",
        "a reviewer only adds and answers review comments.",
    ),
}

_NOT_SAVED = ("，这次修改没有保存：", "; this change was not saved: ")
_SETUP_BY_ADMIN = (
    "请数据库的管理员（表的所有者）运行 peakplan team setup，它也会升级数据库结构。",
    "Ask the database's administrator (its tables' owner) to run peakplan team setup, which "
    "also upgrades the tables.",
)

_THINGS = {
    "chapters": ("章节内容", "chapter texts"),
    "base_data": ("基础数据", "base data"),
    "indicators": ("指标", "indicators"),
    "task_groups": ("任务领域", "task areas"),
    "measures": ("任务举措", "measures"),
    "projects": ("重点项目", "projects"),
    "policies": ("政策机制", "policies"),
    "milestones": ("工作进度安排", "schedule rows"),
    "fuels": ("能源消费数据", "the energy account"),
    "growth": ("情景参数", "scenario assumptions"),
    "higher_targets": ("上级目标", "higher-level targets"),
    "comments": ("审核意见", "review comments"),
    "monitoring": ("监测数据", "monitoring values"),
    "revision_notes": ("修改说明", "revision notes"),
    "meta": ("方案信息（名称、省份、状态等）", "the plan's details (name, province, status…)"),
}

# What a refused call was doing, by the name of the storage method that made it.
_ACTIONS = {
    "delete_item": ("删除{thing}", "remove {thing}"),
    "save_meta": ("修改{thing}", "change {thing}"),
    "rename": ("修改{thing}", "change {thing}"),
    "save_plan": ("整体保存、导入或复制方案", "save, import or copy a whole plan"),
    "trash": ("删除方案", "delete plans"),
    "purge": ("删除方案", "delete plans"),
    "restore": ("恢复回收站中的方案", "restore plans from the trash"),
    "add_user": ("管理用户", "manage users"),
    "set_name": ("修改其他用户的显示名称", "change another user's display name"),
    "setup": ("建立或升级数据库结构", "create or upgrade the database's tables"),
    "reorder": ("调整{thing}的顺序", "reorder {thing}"),
}
_CHANGE = ("修改{thing}", "change {thing}")
_ANYTHING = ("这部分内容", "this part of the plan")


class RoleRefusedError(StorageError):
    """The server refused a write the user's role may not make (not retried: it would be
    refused again)."""

    refused = True  # a save that fails for good, not for a while

    def __init__(
        self,
        role: Role | None,
        department: str = "",
        action: str | None = None,
        collection: str | None = None,
    ) -> None:
        self.role, self.department = role, department
        self.action, self.collection = action, collection
        zh_do, en_do = _ACTIONS.get(action or "", _CHANGE)
        zh_thing, en_thing = _THINGS.get(
            "meta" if action in ("save_meta", "rename") else collection or "", _ANYTHING
        )
        zh_may, en_may = _SETUP_BY_ADMIN if action == "setup" else _MAY[role]
        dept = department or "—"
        zh_role = f"您的角色（{role.label('zh')}）" if role else "您的账户"
        en_role = f"Your role ({role.label('en')})" if role else "Your account"
        zh_lost, en_lost = ("。", ". ") if action == "setup" else _NOT_SAVED
        super().__init__(
            f"{zh_role}不能{zh_do.format(thing=zh_thing)}{zh_lost}{zh_may.format(department=dept)}",
            f"{en_role} may not {en_do.format(thing=en_thing)}{en_lost}"
            + en_may.format(department=dept),
        )

    def doing(self, action: str, collection: str | None) -> RoleRefusedError:
        """The same refusal, saying what was being done."""
        return RoleRefusedError(self.role, self.department, action, collection)
