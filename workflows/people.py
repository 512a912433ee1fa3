"""People: who the database knows you as, the name others see, and who changed what."""

from __future__ import annotations

from dataclasses import dataclass

from forms.attribution import Stamp, display_name_of, named, step_scope, with_names
from forms.plan import Plan
from storage.repository import PlanRepository
from storage.users import Users


@dataclass(frozen=True)
class Me:
    user: str  # the OS login (a file) or the connection's role (a server)
    display_name: str  # "" when none was given

    @property
    def shown_as(self) -> str:
        return self.display_name or self.user


def who_am_i(repo: PlanRepository) -> Me:
    users = Users(repo.database)
    return Me(users.current, users.names().get(users.current, ""))


def set_display_name(repo: PlanRepository, name: str) -> Me:
    """Give the current user the display name ``name`` ("" takes it away)."""
    users = Users(repo.database)
    return Me(users.current, users.set_name(name))


def display_names(repo: PlanRepository) -> dict[str, str]:
    return Users(repo.database).names()


def shown_name(user: str | None, names: dict[str, str]) -> str:
    """How a user is shown: their display name, else their own ("" for nobody known)."""
    return display_name_of(user, names)


def who_changed(repo: PlanRepository, plan_id: str) -> dict[tuple[str, str], Stamp]:
    """The last change of each item of a plan (and of its own fields at ("meta", "")), with
    display names."""
    return with_names(repo.attribution(plan_id), display_names(repo))


def last_change_of(repo: PlanRepository, plan: Plan, chapter_id: str | None) -> Stamp | None:
    """Who changed one step of the editor last, and when: the plan's own fields (None), or a
    chapter with the rows it holds."""
    items, collections = step_scope(plan, chapter_id)
    stamp = repo.latest_change(plan.id, items, collections)
    return named(stamp, display_names(repo)) if stamp else None
