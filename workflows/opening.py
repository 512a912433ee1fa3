"""Opening a plan for editing: what is read before its window is built.

:func:`read_plan_to_edit` touches no Qt and nothing of the caller's thread, so the app runs it
in a worker (through a connection of the worker's own) while the start window keeps turning;
the window's thread then only builds the editor from what was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from forms.checks import Finding, check_plan
from forms.template import Template, load_template

if TYPE_CHECKING:
    from forms.plan import Plan
    from storage.journal import Recovery
    from storage.repository import PlanRepository


@dataclass
class PlanToEdit:
    """A plan as the editor opens it: with the typing its journal still held put back
    (``recovery``), the versions of its items as read, its template and its check."""

    plan: Plan
    recovery: Recovery
    versions: dict[tuple[str, str], int]
    template: Template
    findings: list[Finding]


def read_plan_to_edit(repo: PlanRepository, plan_id: str) -> PlanToEdit:
    """Read ``plan_id`` as the editor opens it (raises LocalizedError: not found, unreadable).
    The versions are read first: a save in between is then met as a conflict, not lost."""
    versions = repo.versions(plan_id)
    plan, recovery = repo.open_plan(plan_id)
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    return PlanToEdit(plan, recovery, versions, template, check_plan(plan, template))
