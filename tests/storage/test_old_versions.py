"""Every earlier version's files open: a database of each past schema, a plan JSON and a
package of each past plan format, all written by the code of that version
(``tests/fixtures/make_old_fixtures.py``), checked field by field after the upgrade."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from exporters.package_import import read_package
from forms.plan import Plan
from forms.qualifiers import Qualifier
from forms.serialize import plan_from_json
from forms.upgrade import PLAN_FORMAT_VERSION, STEPS, upgrade_plan
from storage.database import open_database
from storage.migrations import SCHEMA_VERSION
from storage.repository import PlanRepository
from storage.snapshots import Snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CITY = "云岚市（示例）"
PARK = "云岚高新技术产业开发区（示例）"

# What the upgrade changes in the fields the old files hold, by (indicator, field path):
# the qualifier leaves the typed text, the reference year leaves the unit.
CHANGED = {
    ("energy_intensity_reduction", "unit"): ("%（较2020年）", "%"),
    ("carbon_intensity_reduction", "unit"): ("%（较2020年）", "%"),
    ("energy_intensity_reduction", "target_2030.basic.text"): ("确保完成省下达目标任务", ""),
    ("non_fossil_share", "target_2030.basic.text"): ("25左右", "25"),
    ("coal_share", "target_2025.basic.text"): ("49.5以下", "49.5"),
    ("forest_coverage", "target_2030.stretch.text"): ("≥25", "25"),
}
QUALIFIERS = {
    ("energy_intensity_reduction", 2030, "basic"): Qualifier.PROVINCE,
    ("non_fossil_share", 2030, "basic"): Qualifier.ABOUT,
    ("coal_share", 2025, "basic"): Qualifier.AT_MOST,
    ("forest_coverage", 2030, "stretch"): Qualifier.AT_LEAST,
}


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every scalar of a JSON value by its path; list items named by their id."""
    if isinstance(node, dict):
        found: dict[tuple[str, ...], Any] = {}
        for key, value in node.items():
            found.update(_leaves(value, (*path, key)))
        return found
    if isinstance(node, list):
        found = {}
        for n, value in enumerate(node):
            name = value.get("id", str(n)) if isinstance(value, dict) else str(n)
            found.update(_leaves(value, (*path, name)))
        return found
    return {path: node}


def _differences(old: dict[str, Any], plan: Plan) -> dict[tuple[str, str], tuple[Any, Any]]:
    """Each field of the old plan data whose value the loaded plan does not keep, named by
    indicator template id and field path."""
    new = _leaves(plan.model_dump(mode="json"))
    refs = {row.id: row.template_ref or row.id for row in plan.indicators}
    changed = {}
    for path, value in _leaves(old).items():
        if new.get(path, "<missing>") != value:
            name = refs.get(path[1], path[1]) if path[0] == "indicators" else path[0]
            changed[(name, ".".join(path[2:]))] = (value, new.get(path, "<missing>"))
    return changed


def _check_upgraded(old: dict[str, Any], plan: Plan, fuels_before: int) -> None:
    """Every old field kept but those the upgrade moves; the moved ones where they belong."""
    assert _differences(old, plan) == CHANGED
    rows = {row.template_ref: row for row in plan.indicators}
    for (ref, year, which), qualifier in QUALIFIERS.items():
        assert getattr(getattr(rows[ref], f"target_{year}"), which).qualifier is qualifier
    for ref in ("energy_intensity_reduction", "carbon_intensity_reduction"):
        assert rows[ref].target_2025.reference_year == 2020
        assert rows[ref].target_2030.reference_year == 2020  # was in the unit
    assert rows["non_fossil_share"].target_2030.reference_year is None  # a level
    assert len(plan.fuels) == 5  # the template's energy account
    assert {g.scenario for g in plan.growth} == {"baseline", "policy"}
    if not fuels_before:
        assert {f.id for f in plan.fuels} >= {"coal", "electricity"}
        assert all(f.quantity.is_blank() for f in plan.fuels)


def _document(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_every_past_version_has_its_frozen_files() -> None:
    for version in range(1, SCHEMA_VERSION):
        assert (FIXTURES / f"schema_v{version}.sqlite").is_file(), f"database schema {version}"
    for version in range(1, PLAN_FORMAT_VERSION):
        assert (FIXTURES / f"plan_format_v{version}.json").is_file(), f"plan format {version}"
        assert (FIXTURES / f"package_format_v{version}.zip").is_file(), f"package {version}"
        assert _document(f"plan_format_v{version}.json")["schema_version"] == version


def test_every_format_version_has_its_numbered_step() -> None:
    assert sorted(STEPS) == list(range(2, PLAN_FORMAT_VERSION + 1))


@pytest.mark.parametrize("version", range(1, PLAN_FORMAT_VERSION))
def test_plan_json_of_an_earlier_format(version: int) -> None:
    name = f"plan_format_v{version}.json"
    old = _document(name)
    plan = plan_from_json((FIXTURES / name).read_bytes())
    _check_upgraded(old["plan"], plan, len(old["plan"].get("fuels", [])))
    assert plan.meta.name == CITY
    if version >= 2:
        assert plan.comments[0].text == "请补充2020年以来的工作基础。"
        assert plan.monitoring[0].actual.text == "19.1"


@pytest.mark.parametrize("version", range(1, PLAN_FORMAT_VERSION))
def test_package_of_an_earlier_format(version: int) -> None:
    opened = read_package(FIXTURES / f"package_format_v{version}.zip")
    from_json = plan_from_json((FIXTURES / f"plan_format_v{version}.json").read_bytes())
    assert opened.plan.model_dump(exclude={"meta"}) == from_json.model_dump(exclude={"meta"})
    assert opened.plan.meta.name == CITY
    with zipfile.ZipFile(FIXTURES / f"package_format_v{version}.zip") as archive:
        old = json.loads(archive.read("plan.json"))
    _check_upgraded(old["plan"], opened.plan, len(old["plan"].get("fuels", [])))


def _stored(path: Path) -> dict[str, dict[str, Any]]:
    """The plans of an old database as its own rows hold them."""
    with sqlite3.connect(path) as conn:
        plans = {
            plan_id: {"id": plan_id, "meta": json.loads(meta)}
            for plan_id, meta in conn.execute("SELECT id, meta FROM plans")
        }
        for plan_id, collection, body in conn.execute(
            "SELECT plan_id, collection, body FROM items ORDER BY collection, position"
        ):
            plans[plan_id].setdefault(collection, []).append(json.loads(body))
    return plans


@pytest.mark.parametrize("version", range(2, SCHEMA_VERSION))
def test_database_of_an_earlier_schema(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / f"schema_v{version}.sqlite", path)
    before = _stored(path)
    with open_database(path) as database:
        assert database.backup_path is not None
        settings = database.db.execute("SELECT key, value FROM settings").fetchall()
        assert settings == [("language", "zh")]  # the settings table's rows are kept
        repo = PlanRepository(database)
        [live] = repo.list_plans()
        [trashed] = repo.list_plans(trash=True)
        assert (live.name, trashed.name) == (CITY, PARK)
        city = repo.load_plan(live.id)
        park = repo.load_plan(trashed.id)
        if version <= 3:  # plans of format 1 or 2
            _check_upgraded(before[live.id], city, len(before[live.id].get("fuels", [])))
            assert _differences(before[trashed.id], park) == {
                ("park_energy_intensity_reduction", "unit"): ("%（较2020年）", "%"),
                ("park_carbon_intensity_reduction", "unit"): ("%（较2020年）", "%"),
            }
        else:  # the current plan format: every field as stored
            assert _differences(before[live.id], city) == {}
            assert _differences(before[trashed.id], park) == {}
        assert len(park.fuels) == 5
        if version >= 3:
            [snapshot] = Snapshots(repo).list(live.id)
            frozen = Snapshots(repo).load(snapshot.id)
            assert frozen.model_dump(exclude={"meta"}) == city.model_dump(exclude={"meta"})
    assert _stored(path)[live.id]["meta"]["name"] == CITY


def test_same_plan_from_database_and_json_of_one_version(tmp_path: Path) -> None:
    """The format-2 code wrote one plan both ways; both roads lead to the same plan."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v3.sqlite", path)
    with open_database(path) as database:
        repo = PlanRepository(database)
        from_db = repo.load_plan(repo.list_plans()[0].id)
    from_json = plan_from_json((FIXTURES / "plan_format_v2.json").read_bytes())
    assert from_db.model_dump(exclude={"meta"}) == from_json.model_dump(exclude={"meta"})


def test_upgrade_stops_at_the_version_asked_for() -> None:
    document = _document("plan_format_v1.json")
    upgrade_plan(document, to=2)
    assert document["schema_version"] == 2
    coal = next(r for r in document["plan"]["indicators"] if r["template_ref"] == "coal_share")
    assert coal["target_2025"]["basic"]["text"] == "49.5以下"  # step 3 not taken
    assert "qualifier" not in coal["target_2025"]["basic"]
    assert len(document["plan"]["fuels"]) == 5  # step 2 taken


def test_a_plan_of_an_unknown_template_keeps_what_it_has() -> None:
    document = _document("plan_format_v1.json")
    document["plan"]["meta"]["template_id"] = "not-installed-here"
    upgrade_plan(document)
    assert document["schema_version"] == PLAN_FORMAT_VERSION
    assert not document["plan"].get("fuels") and not document["plan"].get("growth")
