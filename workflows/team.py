"""Team mode: moving plans between a local file and a team's PostgreSQL server.

A plan is copied field for field — its items, its last-changed time, its cached completeness,
who changed each item when and who took each snapshot (with their display names, where the
target has none for them), and its snapshots, with the typing its journal still holds put
back — in one transaction of the target database: the copy is all there or not there at all.
"""

from __future__ import annotations

from forms.plan import Plan
from storage.errors import PlanExistsError, PlanNotFoundError
from storage.repository import PlanRepository
from storage.snapshots import Snapshots
from storage.users import Users
from workflows.store import find_plan


def copy_plan(
    source: PlanRepository, ref: str, target: PlanRepository, *, replace: bool = False
) -> Plan:
    """Copy the plan ``ref`` names from ``source`` to ``target`` (same id); a plan already
    there is overwritten only with ``replace``.  Returns the plan as copied."""
    plan = find_plan(source, ref)
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
