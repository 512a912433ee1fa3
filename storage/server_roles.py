"""Who may change what on a team's server: group roles, grants and row-level security.

An administrator runs :func:`set_up_roles` once per PeakPlan database (again after an upgrade
of PeakPlan's tables; it is idempotent): it makes four group roles, ``NOLOGIN``, and gives
each its privileges and row-level security policies:

- ``peakplan_owner``: everything, including deleting plans and adding users;
- ``peakplan_editor``: all of every plan's content (create, change, import, remove items, take
  snapshots), but not trashing or purging plans nor managing users;
- ``peakplan_department``: reads everything; adds and changes the rows its department is
  responsible for, the monitoring values of those rows, and review comments;
- ``peakplan_reviewer``: reads everything; adds and changes review comments only.

A person is a ``LOGIN`` role in one group (:func:`add_user`); ``peakplan_members`` records
their department.  **A row's department** is read from the item's JSON: ``department`` of an
indicator, measure, policy or schedule row, ``owner`` (责任单位) of a project; a monitoring
value belongs to the department of the indicator or project it measures.  A department's
name matches a row when the row's text contains it (能源局 matches “市发展改革委（市能源局）”
and “市能源局、市工信局”); a row naming no department yet is open to every department, so a
department can add a row and fill it in.  Chapter texts, the plan's details, task areas, base
data and the other collections are the editor's.  A department or reviewer removes no rows
(that is refused outright, never silently skipped).

Refusals are the server's, not hidden buttons: a write a role may not make fails with
``insufficient_privilege`` (a column privilege, or a policy's ``WITH CHECK``; ``USING`` is
``true`` for every write so that nothing is filtered silently), and ``storage/server.py`` says
it in words (:class:`storage.roles.RoleRefusedError`).  Plain SQL, no extensions, no
procedural language; roles are the server's (one role per person for every database there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psycopg import sql

from storage.errors import StorageError
from storage.roles import Role

if TYPE_CHECKING:
    from storage.server import ServerDb

MEMBERS = "peakplan_members"
ROW_DEPARTMENTS = "peakplan_row_departments"
# Collections whose rows have a department (the rest are the editor's).
DEPARTMENT_ROWS = ("indicators", "measures", "policies", "milestones", "projects", "monitoring")
# A plan's content, which only an owner or editor changes; its other columns (the time it
# last changed, its completeness…) every role's save touches.
PLAN_CONTENT = (
    "id",
    "name",
    "pilot_type",
    "province",
    "status",
    "meta",
    "created_at",
    "deleted_at",
    "version",
    "changed_by",
    "changed_at",
)
KEYS = {
    "items": ("plan_id", "collection", "id"),
    "edit_journal": ("seq", "plan_id", "collection", "item_id", "path"),
}
ALL_GROUPS = tuple(role.group for role in Role)
POLICY_TABLES = ("plans", "items", "edit_journal", "users")
WRITERS = (Role.OWNER.group, Role.EDITOR.group)
LIMITED = (Role.DEPARTMENT.group, Role.REVIEWER.group)


class OwnRoleError(StorageError):
    """The administrator may not make themselves a member (they would lose CREATEROLE)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"“{name}”是当前连接的用户（管理员），不能作为团队成员添加或更改角色。"
            "请为每个人另建一个用户。",
            f"“{name}” is the user connected (the administrator): it cannot be added as a team "
            "member or change role. Add a user of their own for each person.",
        )


class RolesNotSetUpError(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "这个数据库还没有设置团队角色：请先运行 peakplan team setup，再添加用户。",
            "Team roles are not set up in this database yet: run peakplan team setup first, "
            "then add users.",
        )


@dataclass(frozen=True)
class TeamUser:
    name: str
    role: Role | None
    department: str
    display_name: str = ""


def _dept_of(row: str) -> str:
    """The department an item row (``items`` as ``row``) names, from its JSON."""
    return (
        f"CASE {row}.collection WHEN 'projects' THEN {row}.body::json ->> 'owner' "
        f"ELSE {row}.body::json ->> 'department' END"
    )


def _mine(department: str) -> str:
    """True when ``department`` (an SQL expression) is the current user's, or names none."""
    return (
        f"EXISTS (SELECT 1 FROM {MEMBERS} m WHERE m.role_name = current_user "
        "AND m.department <> '' "
        f"AND (COALESCE({department}, '') = '' OR position(m.department IN {department}) > 0))"
    )


def _stored_mine(plan_id: str, collection: str, item_id: str) -> str:
    """True when the stored row (as before this statement) is the current user's department's."""
    return (
        f"EXISTS (SELECT 1 FROM {ROW_DEPARTMENTS} d WHERE d.plan_id = {plan_id} "
        f"AND d.collection = {collection} AND d.id = {item_id} AND {_mine('d.department')})"
    )


_VIEW = f"""
CREATE OR REPLACE VIEW {ROW_DEPARTMENTS} AS
SELECT i.plan_id, i.collection, i.id,
    CASE WHEN i.collection = 'monitoring' THEN (
        SELECT {_dept_of("t")} FROM items t WHERE t.plan_id = i.plan_id
        AND t.collection = i.body::json ->> 'collection' AND t.id = i.body::json ->> 'item_id'
    ) ELSE {_dept_of("i")} END AS department
FROM items i
WHERE i.collection IN ({", ".join(f"'{c}'" for c in DEPARTMENT_ROWS)})
"""

_NEW_ITEM_DEPT = (
    "CASE WHEN items.collection = 'monitoring' THEN ("
    f"SELECT d.department FROM {ROW_DEPARTMENTS} d WHERE d.plan_id = items.plan_id "
    "AND d.collection = items.body::json ->> 'collection' "
    "AND d.id = items.body::json ->> 'item_id') "
    f"ELSE {_dept_of('items')} END"
)
_DEPT_COLLECTION = f"items.collection IN ({', '.join(repr(c) for c in DEPARTMENT_ROWS)})"
_NEW_ITEM_MINE = f"({_DEPT_COLLECTION} AND {_mine(_NEW_ITEM_DEPT)})"
_OLD_ITEM_MINE = _stored_mine("items.plan_id", "items.collection", "items.id")
_TYPING_MINE = _stored_mine(
    "edit_journal.plan_id", "edit_journal.collection", "edit_journal.item_id"
)
_COMMENT = "{table}.collection = 'comments'"

# (name, table, command, groups, USING, WITH CHECK)
_POLICIES: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    ("pp_owner", "plans", "ALL", (Role.OWNER.group,), "true", "true"),
    # An editor's change of a plan may not put it in the trash (a column it must write when
    # it saves a whole plan, so a policy rather than a column privilege).
    ("pp_editor", "plans", "ALL", (Role.EDITOR.group,), "true", "deleted_at IS NULL"),
    ("pp_read", "plans", "SELECT", LIMITED, "true", None),
    ("pp_touch", "plans", "UPDATE", LIMITED, "true", "true"),  # columns limited by privilege
    ("pp_write", "items", "ALL", WRITERS, "true", "true"),
    ("pp_read", "items", "SELECT", LIMITED, "true", None),
    ("pp_comment_add", "items", "INSERT", LIMITED, None, _COMMENT.format(table="items")),
    ("pp_comment", "items", "UPDATE", LIMITED, "true", _COMMENT.format(table="items")),
    ("pp_dept_add", "items", "INSERT", (Role.DEPARTMENT.group,), None, _NEW_ITEM_MINE),
    (
        "pp_dept",
        "items",
        "UPDATE",
        (Role.DEPARTMENT.group,),
        "true",
        f"{_NEW_ITEM_MINE} AND {_OLD_ITEM_MINE}",
    ),
    ("pp_write", "edit_journal", "ALL", WRITERS, "true", "true"),
    # Display names: a department or reviewer names themselves only.
    ("pp_write", "users", "ALL", WRITERS, "true", "true"),
    ("pp_read", "users", "SELECT", LIMITED, "true", None),
    ("pp_own", "users", "ALL", LIMITED, "name = current_user", "name = current_user"),
    ("pp_read", "edit_journal", "SELECT", LIMITED, "true", None),
]
for _command, _using, _check in (
    ("INSERT", None, "{c}"),
    ("UPDATE", "true", "{c}"),
    ("DELETE", "{c}", None),
):
    # Typing kept for the rows a role may change (a folded save deletes it: silently
    # skipping others' rows there is right).
    for _group, _may in (
        (Role.REVIEWER.group, _COMMENT.format(table="edit_journal")),
        (Role.DEPARTMENT.group, f"({_COMMENT.format(table='edit_journal')} OR {_TYPING_MINE})"),
    ):
        _POLICIES.append(
            (
                f"pp_typing_{_command.lower()}_{_group.removeprefix('peakplan_')}",
                "edit_journal",
                _command,
                (_group,),
                _using and _using.format(c=_may),
                _check and _check.format(c=_may),
            )
        )


def _run(db: ServerDb, statement: str | sql.Composable, params: Any = None) -> Any:
    """A statement as written (no translation of SQLite's spelling), in ``db``'s errors."""
    with db.errors():
        return db.conn.execute(statement, params)  # type: ignore[arg-type]


def _columns(db: ServerDb, table: str) -> list[str]:
    rows = _run(
        db,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def _tables(db: ServerDb) -> list[str]:
    rows = _run(
        db,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    ).fetchall()
    return [row[0] for row in rows]


def _create_groups(db: ServerDb) -> None:
    existing = {
        row[0]
        for row in _run(
            db, "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", [list(ALL_GROUPS)]
        ).fetchall()
    }
    for group in ALL_GROUPS:
        if group not in existing:
            _run(db, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))


def _grant(db: ServerDb, privileges: str, table: str, groups: tuple[str, ...]) -> None:
    _run(
        db,
        sql.SQL("GRANT " + privileges + " ON {} TO {}").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, groups))
        ),
    )


def _only(db: ServerDb, table: str, excluded: tuple[str, ...]) -> str:
    """``UPDATE (column, …)`` for every column of ``table`` but ``excluded``."""
    kept = [c for c in _columns(db, table) if c not in excluded]
    return "UPDATE (" + ", ".join(sql.Identifier(c).as_string(db.conn) for c in kept) + ")"


def _grant_all(db: ServerDb) -> None:
    """Table privileges, from nothing (so running setup again takes back what it gave)."""
    groups = sql.SQL(", ").join(map(sql.Identifier, ALL_GROUPS))
    _run(db, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(_schema(db)), groups))
    for table in [*_tables(db), ROW_DEPARTMENTS]:
        _run(db, sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(table), groups))
        _grant(db, "SELECT", table, ALL_GROUPS)
        if table == ROW_DEPARTMENTS:
            continue
        _grant(db, "ALL", table, (Role.OWNER.group,))
        if table == "plans":
            _grant(db, "INSERT, UPDATE", table, (Role.EDITOR.group,))
            _grant(db, _only(db, table, PLAN_CONTENT), table, LIMITED)
        elif table in ("items", "edit_journal"):
            _grant(db, "INSERT, UPDATE, DELETE", table, (Role.EDITOR.group,))
            _grant(db, "INSERT, " + _only(db, table, KEYS[table]), table, LIMITED)
            if table == "edit_journal":
                _grant(db, "DELETE", table, LIMITED)
        elif table == "users":
            _grant(db, "INSERT, UPDATE, DELETE", table, (*WRITERS[1:], *LIMITED))
        elif table not in (MEMBERS, "peakplan_schema"):
            # snapshots, settings, and tables of later versions (re-run setup after upgrading)
            _grant(db, "INSERT, UPDATE, DELETE", table, (Role.EDITOR.group,))
            _grant(db, "INSERT", table, LIMITED)
    _run(
        db,
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            sql.Identifier(_schema(db)), groups
        ),
    )


def _schema(db: ServerDb) -> str:
    return str(_run(db, "SELECT current_schema()").fetchone()[0])


def _create_policies(db: ServerDb) -> None:
    for table in POLICY_TABLES:
        _run(db, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for (name,) in _run(
            db,
            "SELECT policyname FROM pg_policies WHERE schemaname = current_schema() "
            "AND tablename = %s",
            [table],
        ).fetchall():
            _run(
                db,
                sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(name), sql.Identifier(table)),
            )
    for name, table, command, groups, using, check in _POLICIES:
        statement = f"CREATE POLICY {name} ON {table} FOR {command} TO {', '.join(groups)}"
        statement += f" USING ({using})" if using else ""
        statement += f" WITH CHECK ({check})" if check else ""
        _run(db, statement)


def set_up_roles(db: ServerDb) -> None:
    """Make the group roles, the members' table, the grants and the policies, in one
    transaction (run by the database's administrator: the tables' owner, with CREATEROLE)."""
    with db.atomic():
        _create_groups(db)
        _run(
            db,
            f"CREATE TABLE IF NOT EXISTS {MEMBERS} (role_name TEXT PRIMARY KEY, "
            "department TEXT NOT NULL DEFAULT '')",
        )
        _run(db, _VIEW)
        _grant_all(db)
        _create_policies(db)


def add_user(
    db: ServerDb, name: str, role: Role, department: str = "", password: str | None = None
) -> None:
    """Make ``name`` a login role in ``role``'s group only (creating it if new; a password
    given replaces its password) and record its department, in one transaction."""
    user = sql.Identifier(name)
    with db.atomic():
        if name == _run(db, "SELECT current_user").fetchone()[0]:
            raise OwnRoleError(name)
        if MEMBERS not in _tables(db):
            raise RolesNotSetUpError()
        verb = "ALTER" if role_exists(db, name) else "CREATE"
        options = sql.SQL(" CREATEROLE" if role is Role.OWNER else " NOCREATEROLE")
        if password is not None:
            options += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        _run(db, sql.SQL(verb + " ROLE {} LOGIN").format(user) + options)
        for group in ALL_GROUPS:
            if group != role.group and _is_member(db, name, group):
                _run(db, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), user))
        _run(db, sql.SQL("GRANT {} TO {}").format(sql.Identifier(role.group), user))
        _run(
            db,
            f"INSERT INTO {MEMBERS} (role_name, department) VALUES (%s, %s) "
            "ON CONFLICT (role_name) DO UPDATE SET department = excluded.department",
            [name, department if role is Role.DEPARTMENT else ""],
        )


def role_exists(db: ServerDb, name: str) -> bool:
    return _run(db, "SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None


def _is_member(db: ServerDb, user: str, group: str) -> bool:
    row = _run(
        db,
        "SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
        "JOIN pg_roles u ON u.oid = a.member WHERE u.rolname = %s AND g.rolname = %s",
        [user, group],
    ).fetchone()
    return row is not None


def users(db: ServerDb) -> list[TeamUser]:
    """The people of this database: each login role recorded here, its role (the highest of
    its groups), department and display name."""
    tables = _tables(db)
    if MEMBERS not in tables:
        raise RolesNotSetUpError()
    named = "users" in tables  # display names: schema 7 and later
    rows = _run(
        db,
        f"SELECT m.role_name, m.department, g.rolname, {'n.display_name' if named else 'NULL'} "
        f"FROM {MEMBERS} m "
        + ("LEFT JOIN users n ON n.name = m.role_name " if named else "")
        + "LEFT JOIN pg_roles u ON u.rolname = m.role_name "
        "LEFT JOIN pg_auth_members a ON a.member = u.oid "
        "LEFT JOIN pg_roles g ON g.oid = a.roleid AND g.rolname = ANY(%s) "
        "ORDER BY m.role_name",
        [list(ALL_GROUPS)],
    ).fetchall()
    rank = {group: n for n, group in enumerate(ALL_GROUPS)}
    found: dict[str, TeamUser] = {}
    for name, department, group, display_name in sorted(
        rows, key=lambda r: (r[0], rank.get(r[2], len(rank)))
    ):
        role = next((r for r in Role if r.group == group), None)
        found.setdefault(name, TeamUser(name, role, department, display_name or ""))
    return list(found.values())


def current_role(db: ServerDb) -> tuple[Role | None, str]:
    """The role of the user connected (the highest, for one in several groups; a superuser is
    the owner) and their department; (None, "") where no roles are set up."""
    rows = _run(
        db,
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) "
        "AND pg_has_role(current_user, oid, 'MEMBER')",
        [list(ALL_GROUPS)],
    ).fetchall()
    groups = {row[0] for row in rows}
    role = next((r for r in Role if r.group in groups), None)
    if role is not Role.DEPARTMENT:
        return role, ""
    row = _run(db, f"SELECT department FROM {MEMBERS} WHERE role_name = current_user").fetchone()
    return role, row[0] if row else ""
