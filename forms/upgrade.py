"""Plans written by earlier versions, brought to the current plan format on every load.

A plan document (``{"format": "peakplan.plan", "schema_version": N, "plan": {...}}``) carries
the number of its format.  :func:`upgrade_plan` applies the numbered steps from that number to
:data:`PLAN_FORMAT_VERSION`, on the raw JSON data before the model reads it: a plan JSON file,
a package and a snapshot go through :func:`forms.serialize.plan_from_json`, and the database
applies the same steps to its stored plans when it migrates.  A frozen file of every past
format lives in ``tests/fixtures/`` and is opened by the tests.

To change the format: add a step here under the next number, raise
:data:`PLAN_FORMAT_VERSION`, and add a database migration that calls
``upgrade_plan(document, to=<that number>)`` on the stored plans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from forms.errors import LocalizedError
from forms.factory import trajectory_rows
from forms.targets import upgrade_indicator
from forms.template import Template, load_template

FORMAT_NAME = "peakplan.plan"
# 1: outline, base data, indicators, measures, projects, policies, milestones
# 2: fuels, growth, declared peak year, higher targets, comments
# 3: targets carry a qualifier (左右, 以上, 以内, set by the province) and a reference year
PLAN_FORMAT_VERSION = 3

Plan = dict[str, Any]  # a plan's raw JSON data, as a document holds it


def _template_of(plan: Plan) -> Template | None:
    """The template the plan was drafted against, if it is installed here."""
    meta = plan.get("meta")
    if not isinstance(meta, dict):
        return None
    template_id, pilot_type = meta.get("template_id", "annex2-2023"), meta.get("pilot_type")
    if not isinstance(template_id, str) or not isinstance(pilot_type, str):
        return None
    try:
        return load_template(template_id, pilot_type)
    except LocalizedError:  # unknown or unreadable template: the plan keeps what it has
        return None


def _to_2_energy_account(plan: Plan) -> None:
    """Format 2 added the energy account by fuel and the growth of two scenarios: an older
    plan gets the template's rows as a new plan does (blank quantities, the template's
    default growth for each scenario it has none of)."""
    template = _template_of(plan)
    if template is None:
        return
    fuels, growth = trajectory_rows(template)
    have_fuels = plan.setdefault("fuels", [])
    have_growth = plan.setdefault("growth", [])
    if not isinstance(have_fuels, list) or not isinstance(have_growth, list):
        return  # not a plan the model will accept; validation names the field
    taken = {f.get("id") for f in have_fuels if isinstance(f, dict)}
    have_fuels.extend(f.model_dump(mode="json") for f in fuels if f.id not in taken)
    scenarios = {g.get("scenario") for g in have_growth if isinstance(g, dict)}
    have_growth.extend(g.model_dump(mode="json") for g in growth if g.scenario not in scenarios)


def _to_3_target_qualifiers(plan: Plan) -> None:
    """Targets: "22左右" typed as text becomes 22 + about; the reference year of a reduction
    moves from its unit ("%（较2020年）") to each target (2025 targets: 2020)."""
    for row in plan.get("indicators") or []:
        if isinstance(row, dict):
            upgrade_indicator(row)


# The step at key N brings the plan of a version N - 1 document to version N.
STEPS: dict[int, Callable[[Plan], None]] = {
    2: _to_2_energy_account,
    3: _to_3_target_qualifiers,
}


def upgrade_plan(document: dict[str, Any], to: int = PLAN_FORMAT_VERSION) -> dict[str, Any]:
    """``document`` (format checked, any earlier version) brought to version ``to``, in place;
    a document already at ``to`` or later is left as it is."""
    version = document.get("schema_version")
    plan = document.get("plan")
    if not isinstance(version, int) or not isinstance(plan, dict) or version >= to:
        return document
    for step in range(version + 1, to + 1):
        STEPS[step](plan)
    document["schema_version"] = to
    return document
