"""Team mode: moving plans between a local file and a team's PostgreSQL server.

A plan is copied field for field — its items, its last-changed time, its cached completeness,
who changed each item when and who took each snapshot (with their display names, where the
target has none for them), and its snapshots, with the typing its journal still holds put
back — in one transaction of the target database: the copy is all there or not there at all.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from forms.names import imported_name
from forms.plan import Plan
from storage.errors import PlanExistsError, PlanNotFoundError
from storage.repository import PlanRepository
from storage.roles import Role, RoleRefusedError
from storage.snapshots import Snapshots
from storage.users import Users
from workflows.errors import OperationError
from workflows.store import find_plan

if TYPE_CHECKING:
    from storage.server_roles import TeamUser

# A server's role name as PeakPlan makes them: letters, digits, _ . - (no quoting surprises).
USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,62}")


class NotAServerError(OperationError):
    def __init__(self, location: str) -> None:
        super().__init__(
            f"“{location}”是本机的数据库文件，没有用户和角色。用户和角色只用于团队服务器："
            "请用 --db postgresql://管理员:密码@服务器/数据库 指定服务器。",
            f"“{location}” is a database file on this computer: it has no users or roles. "
            "Users and roles belong to a team's server: name it with "
            "--db postgresql://admin:password@server/database.",
        )


class BadUserNameError(OperationError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"用户名“{name}”无效：请用字母开头，只含英文字母、数字、_ . -，不超过 63 个字符"
            "（例如 nengyuan_zhang）。",
            f"The user name “{name}” is not valid: start with a letter and use only letters, "
            "digits, _ . - (at most 63 characters), e.g. energy_zhang.",
        )


class DepartmentMissingError(OperationError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"请用 --department 写明用户“{name}”所在的部门，与方案中“责任单位”的写法一致"
            "（例如 市能源局）。",
            f"Give the department of “{name}” with --department, written as the plan's "
            "responsible-department fields write it (e.g. 市能源局).",
        )


def copy_plan(
    source: PlanRepository, ref: str, target: PlanRepository, *, replace: bool = False
) -> Plan:
    """Copy the plan ``ref`` names from ``source`` to ``target`` (same id); a plan already
    there is overwritten only with ``replace``.  Returns the plan as copied."""
    plan = find_plan(source, ref)
    plan.meta.name = imported_name(plan.meta.name)  # one line, as every name kept now
    completeness = source.find(plan.id).completeness
    snapshots = Snapshots(source).rows(plan.id)
    stamps = source.attribution(plan.id)
    people = {s.user for s in stamps.values()} | {r["taken_by"] for r in snapshots}
    if not replace and _holds(target, plan.id):
        raise PlanExistsError(plan.meta.name, str(target.database.path))
    with target.db.atomic():
        target.save_plan(plan, completeness=completeness, keep_time=True, stamps=stamps)
        Snapshots(target).put_rows(snapshots)
        Users(target.database).add_missing(Users(source.database).names(), people)
    return plan


def _holds(repo: PlanRepository, plan_id: str) -> bool:
    try:
        repo.find(plan_id, include_trash=True)
    except PlanNotFoundError:
        return False
    return True


# -- who may change what on a team's server (storage/server_roles.py) ------------------------


def check_server_location(location: str | None) -> None:
    """Users and roles are a server's: a file's path is refused before anything is opened,
    so that no database file is made where ``--db`` named one by mistake."""
    from storage.paths import is_server_location, resolve_location

    where = resolve_location(location)
    if not is_server_location(where):
        raise NotAServerError(str(where))


def _server_db(repo: PlanRepository) -> Any:
    """The server connection under ``repo``; a file has no roles."""
    db = repo.db
    if not getattr(db, "is_server", False):
        raise NotAServerError(str(repo.database.path))
    return db


def user_role(database: Any) -> tuple[Role | None, str]:
    """The role (and department) the server gives the user of ``database``; (None, "") for a
    file or a server without roles."""
    db = database.db
    return getattr(db, "role", None), getattr(db, "department", "")


def set_up_roles(repo: PlanRepository) -> None:
    """Group roles, grants and row-level security on the team's server (idempotent)."""
    from storage.server_roles import set_up_roles as set_up

    try:
        set_up(_server_db(repo))
    except RoleRefusedError as exc:  # not the database's administrator
        raise exc.doing("setup", None) from exc


def add_user(
    repo: PlanRepository,
    name: str,
    role: Role,
    department: str = "",
    password: str | None = None,
) -> str | None:
    """Add (or change) a person on the team's server; returns the password made for a new
    user given none (to be passed on once), else None."""
    from storage.server_roles import add_user as add
    from storage.server_roles import role_exists

    _check_user(name, role, department)
    db = _server_db(repo)
    made = None
    if password is None and not role_exists(db, name):
        made = password = secrets.token_urlsafe(12)
    try:
        add(db, name, role, department.strip(), password)
    except RoleRefusedError as exc:
        raise exc.doing("add_user", None) from exc
    return made


def team_users(repo: PlanRepository) -> list[TeamUser]:
    from storage.server_roles import users

    return users(_server_db(repo))


def _check_user(name: str, role: Role, department: str) -> None:
    if not USER_NAME.fullmatch(name):
        raise BadUserNameError(name)
    if role is Role.DEPARTMENT and not department.strip():
        raise DepartmentMissingError(name)
