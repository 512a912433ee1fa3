"""Targets as published plans write them: qualifiers, no-number targets, reference years."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from forms.checks import Finding, Severity, check_plan
from forms.factory import new_plan
from forms.plan import GrowthAssumption, IndicatorRow, Plan, TargetValue, Value
from forms.qualifiers import Qualifier, official, problem_text, read_target
from forms.serialize import SCHEMA_VERSION, plan_from_json, plan_to_json
from forms.targets import display, entered, reference_year
from forms.template import load_template
from storage.database import open_database
from storage.migrations import MIGRATIONS
from storage.repository import PlanRepository
from storage.sqlite import SqliteDb

TEMPLATE = load_template("annex2-2023", "city")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
A, AL, AM, X, P = (
    Qualifier.ABOUT,
    Qualifier.AT_LEAST,
    Qualifier.AT_MOST,
    Qualifier.EXACT,
    Qualifier.PROVINCE,
)


@pytest.mark.parametrize(
    ("typed", "unit", "number_text", "qualifier"),
    [
        ("22左右", "%", "22", A),
        ("约22", "%", "22", A),
        ("22%左右", "%", "22", A),
        ("about 22", "%", "22", A),
        ("≥15", "%", "15", AL),
        ("15以上", "%", "15", AL),
        ("65%以上", "%", "65", AL),
        ("不低于15", "%", "15", AL),
        ("不少于100", "个", "100", AL),
        ("100万千瓦以上", "万千瓦", "100", AL),
        ("40以内", "%", "40", AM),
        ("40以下", "%", "40", AM),
        ("不高于40", "%", "40", AM),
        ("≤40", "%", "40", AM),
        ("18%", "%", "18", X),
        ("１８％", "%", "18", X),
        ("0.5500", "%", "0.5500", X),
        ("－13.5", "%", "-13.5", X),
        ("1,234.5", "万辆", "1234.5", X),
        ("确保完成省下达目标任务", "%", "", P),
    ],
)
def test_the_forms_plans_use_read_as_number_and_qualifier(
    typed: str, unit: str, number_text: str, qualifier: Qualifier
) -> None:
    found = read_target(typed, unit)
    assert found.problem is None
    assert (found.number_text, found.qualifier) == (number_text, qualifier)


@pytest.mark.parametrize(
    ("typed", "unit", "problem", "word"),
    [
        ("力争22", "%", "unknown_qualifier", "力争"),
        ("22大约", "%", "unknown_qualifier", "大约"),
        ("≥15以下", "%", "unknown_qualifier", "≥15以下"),
        ("abc", "%", "not_number", ""),
        ("18%", "万千瓦", "percent_unit", ""),
    ],
)
def test_what_cannot_be_read_says_why(typed: str, unit: str, problem: str, word: str) -> None:
    found = read_target(typed, unit)
    assert (found.problem, found.word) == (problem, word)
    message = problem_text(found, typed, "zh")
    assert typed in message and "22左右" in message  # names the text and the accepted forms
    assert "accepted" in problem_text(found, typed, "en").lower()


@pytest.mark.parametrize(
    ("number_text", "qualifier", "zh", "en"),
    [
        ("22", A, "22%左右", "about 22%"),
        ("15", AL, "15%以上", "at least 15%"),
        ("40", AM, "40%以内", "at most 40%"),
        ("0.5500", X, "0.5500%", "0.5500%"),
        ("", P, "确保完成省下达目标任务", "meet the target set by the province"),
    ],
)
def test_official_forms(number_text: str, qualifier: Qualifier, zh: str, en: str) -> None:
    assert official(number_text, qualifier, "%", "zh") == zh
    assert official(number_text, qualifier, "%", "en") == en


def test_typing_keeps_the_provenance_and_nothing_typed_is_lost() -> None:
    old = TargetValue(text="20")
    old.provenance.source = "市发展改革委"
    about = entered(old, "２２左右", "%")
    assert (about.text, about.qualifier, about.provenance.source) == ("22", A, "市发展改革委")
    assert display(about, "%") == "22左右" and display(about, "%", percent_sign=True) == "22%左右"
    wrong = entered(old, "力争22", "%")
    assert (wrong.text, wrong.qualifier) == ("力争22", X)
    assert display(wrong, "%") == "力争22"
    province = entered(old, "确保完成省下达目标任务", "%")
    assert province.qualifier is P and not province.is_blank()


def test_a_schema_2_plan_is_upgraded_on_load() -> None:
    raw = (FIXTURES / "plan_schema_v2.json").read_bytes()
    assert json.loads(raw)["schema_version"] == 2 < SCHEMA_VERSION
    plan = plan_from_json(raw)
    rows = {r.template_ref: r for r in plan.indicators}
    energy = rows["energy_intensity_reduction"]
    assert energy.unit == "%"  # the reference year moved out of "%（较2020年）"
    assert (energy.target_2025.basic.text, energy.target_2025.basic.qualifier) == ("14.5", X)
    assert (energy.target_2025.stretch.text, energy.target_2025.stretch.qualifier) == ("15.5", A)
    assert energy.target_2030.basic.qualifier is P
    assert energy.target_2025.reference_year == 2020
    assert energy.target_2030.reference_year == 2020  # the old unit said so
    assert rows["carbon_intensity_reduction"].target_2025.basic.text == "18"
    share = rows["non_fossil_share"]
    assert (share.target_2025.basic.text, share.target_2025.basic.qualifier) == ("22", A)
    assert (share.target_2030.basic.text, share.target_2030.basic.qualifier) == ("27", AL)
    assert share.target_2025.reference_year is None  # a level has no reference year
    assert rows["rd_intensity"].target_2025.basic.text == "0.5500"
    assert rows["forest_coverage"].target_2025.basic.text == "力争45"  # kept, for the check
    assert plan_from_json(plan_to_json(plan)) == plan


def test_an_older_database_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    db = SqliteDb(sqlite3.connect(path))
    for step in MIGRATIONS[:3]:
        step(db)
    db.execute("PRAGMA user_version = 3")
    document = json.loads((FIXTURES / "plan_schema_v2.json").read_text(encoding="utf-8"))
    plan = document["plan"]
    db.table("plans").insert(
        {
            "id": plan["id"],
            "name": plan["meta"]["name"],
            "pilot_type": "city",
            "province": "",
            "status": "draft",
            "meta": json.dumps(plan["meta"], ensure_ascii=False),
            "created_at": "2024-01-10",
            "updated_at": "2024-01-10",
        }
    )
    for collection in ("indicators", "chapters"):
        for n, item in enumerate(plan[collection]):
            db.table("items").insert(
                {
                    "plan_id": plan["id"],
                    "collection": collection,
                    "id": item["id"],
                    "position": n,
                    "body": json.dumps(item, ensure_ascii=False),
                }
            )
    db.conn.commit()
    db.close()
    with open_database(path) as database:
        assert database.backup_path is not None
        loaded = PlanRepository(database).load_plan(plan["id"])
    rows = {r.template_ref: r for r in loaded.indicators}
    assert rows["non_fossil_share"].target_2025.basic.qualifier is A
    assert rows["energy_intensity_reduction"].target_2030.basic.qualifier is P
    assert reference_year(rows["energy_intensity_reduction"], 2025) == 2020


# -- the check ---------------------------------------------------------------------------------


def _small_plan(base_year: int = 2022) -> Plan:
    """GDP 1000 亿元, energy 500 万tce, CO2 1000 万t; the policy scenario grows GDP 5 % and
    cuts energy intensity 2 % and carbon per energy 1 % a year."""
    plan = new_plan("测算", "city", province="江苏省", base_year=base_year)
    values = {"gdp": "1000", "energy_total": "500", "co2_total": "1000"}
    for entry in plan.base_data:
        if entry.id in values:
            entry.value = Value(text=values[entry.id])
    plan.growth = [
        GrowthAssumption(
            scenario=s,
            start=2021,
            end=2035,
            gdp_growth=Value(text="5"),
            energy_intensity_decline=Value(text="2"),
            carbon_intensity_decline=Value(text="1"),
        )
        for s in ("baseline", "policy")
    ]
    return plan


def _row(plan: Plan, ref: str) -> IndicatorRow:
    return next(r for r in plan.indicators if r.template_ref == ref)


def _found(plan: Plan, code: str) -> list[Finding]:
    return [f for f in check_plan(plan, TEMPLATE) if f.code == code]


def test_a_target_set_by_the_province_is_not_missing() -> None:
    plan = _small_plan()
    row = _row(plan, "carbon_intensity_reduction")
    row.target_2025.basic = entered(row.target_2025.basic, "确保完成省下达目标任务", row.unit)
    row.target_2030.basic = entered(row.target_2030.basic, "确保完成省下达目标任务", row.unit)
    assert not [f for f in _found(plan, "indicator_no_target") if f.location.item_id == row.id]
    [note, _] = [f for f in _found(plan, "target_by_province") if f.location.item_id == row.id]
    assert note.severity is Severity.INFO and "省级下达" in note.message_zh
    assert "set by the province" in note.message_en
    assert not _found(plan, "reference_year_missing")  # no number, no year to state


def test_an_unreadable_target_names_its_cell_and_the_accepted_forms() -> None:
    plan = _small_plan()
    row = _row(plan, "forest_coverage")
    row.target_2030.stretch = entered(row.target_2030.stretch, "力争45", row.unit)
    [finding] = _found(plan, "target_unreadable")
    assert finding.location.field == "target_2030.stretch"
    assert "森林覆盖率" in finding.message_zh and "2030年力争目标" in finding.message_zh
    assert "“力争”不是可识别的限定词" in finding.message_zh and "22左右" in finding.message_zh


def test_a_2030_reduction_asks_for_its_reference_year() -> None:
    plan = _small_plan()
    row = _row(plan, "energy_intensity_reduction")
    row.target_2025.basic.text, row.target_2030.basic.text = "14.5", "28"
    assert reference_year(row, 2025) == 2020 and reference_year(row, 2030) is None
    [finding] = [f for f in _found(plan, "reference_year_missing") if f.location.item_id == row.id]
    assert finding.location.field == "target_2030.reference_year"
    assert "2030年目标“28”未注明比较年份" in finding.message_zh
    row.target_2030.reference_year = 2005
    assert not _found(plan, "reference_year_missing")
    row.target_2030.reference_year = 2030
    assert _found(plan, "reference_year_invalid")


def test_a_2020_target_is_compared_with_the_fall_since_2020_not_since_the_base_year() -> None:
    """Base year 2022: CO2 per GDP falls (0.98 × 0.99)³ = 0.91324 by 2025, 8.7 % below 2022.
    With 1.10 t/万元 in 2020 (against 1.00 in 2022) that is 1 − 0.91324 / 1.10 = 17.0 % below
    2020: a target of 18 % is not met; "17.5左右" is (within 5 % of 17.5, i.e. 16.6)."""
    plan = _small_plan(2022)
    row = _row(plan, "carbon_intensity_reduction")
    row.target_2025.basic.text = "18"
    [why] = _found(plan, "target_not_comparable")
    assert why.location.field == "target_2025.reference_value"
    assert "较2020年计算，而方案基准年为2022年" in why.message_zh
    assert "缺少2020年的单位地区生产总值二氧化碳排放（吨二氧化碳/万元）" in why.message_zh
    assert not _found(plan, "target_not_supported")  # never 8.7 % since 2022 against 18 %
    row.target_2025.reference_value.text = "1.10"
    [short] = _found(plan, "target_not_supported")
    assert "较2020年下降18%，但按政策情景测算只下降17%" in short.message_zh
    assert not _found(plan, "target_not_comparable")
    row.target_2025.basic = entered(row.target_2025.basic, "17.5左右", row.unit)
    assert not _found(plan, "target_not_supported")
    row.target_2025.basic = entered(row.target_2025.basic, "19左右", row.unit)
    [short] = _found(plan, "target_not_supported")
    assert "下降19%左右" in short.message_zh and "按±5%计，即不低于18.05%" in short.message_zh
    assert "about 19%" in short.message_en


def test_a_target_against_the_base_year_needs_no_reference_value() -> None:
    plan = _small_plan(2020)  # 1 − 0.9702⁵ = 14.0 % by 2025
    row = _row(plan, "carbon_intensity_reduction")
    row.target_2025.basic.text = "15"
    [short] = _found(plan, "target_not_supported")
    assert "只下降14%" in short.message_zh


def test_a_current_json_typed_by_hand_is_stored_as_number_and_qualifier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan JSON of the current format written by another tool, its targets still typed the
    way plans write them, is imported (command line) as number + qualifier."""
    import main

    plan = _small_plan()
    typed = {
        ("non_fossil_share", "basic"): "22左右",
        ("non_fossil_share", "stretch"): "１８％",
        ("energy_intensity_reduction", "basic"): "确保完成省下达目标任务",
        ("carbon_intensity_reduction", "basic"): "≥15",
        ("forest_coverage", "basic"): "力争45",  # not readable: kept as typed
    }
    for (ref, which), text in typed.items():
        setattr(_row(plan, ref).target_2025, which, TargetValue(text=text))
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(plan), encoding="utf-8")
    db = tmp_path / "p.db"
    assert main.main(["--db", str(db), "import-json", str(path)]) == 0
    capsys.readouterr()
    stored = PlanRepository(open_database(db)).load_plan(plan.id)
    got = {
        (ref, which): (
            getattr(_row(stored, ref).target_2025, which).text,
            getattr(_row(stored, ref).target_2025, which).qualifier,
        )
        for ref, which in typed
    }
    assert got == {
        ("non_fossil_share", "basic"): ("22", Qualifier.ABOUT),
        ("non_fossil_share", "stretch"): ("18", Qualifier.EXACT),
        ("energy_intensity_reduction", "basic"): ("", Qualifier.PROVINCE),
        ("carbon_intensity_reduction", "basic"): ("15", Qualifier.AT_LEAST),
        ("forest_coverage", "basic"): ("力争45", Qualifier.EXACT),
    }


def test_a_target_read_again_is_remembered_with_its_unit_and_qualifier() -> None:
    assert read_target("22左右", "%") is read_target("22左右", "%")
    assert read_target("22", "%", Qualifier.ABOUT).qualifier is Qualifier.ABOUT
    assert read_target("22", "%").qualifier is Qualifier.EXACT
    assert read_target("22%", "万吨").problem == "percent_unit"
    assert read_target("22%", "%").number == 22.0
