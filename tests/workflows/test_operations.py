"""The operations the command line and the app share, run without either."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.package import ExportRequest
from forms.errors import LocalizedError
from forms.names import NameRequiredError, free_name
from storage.errors import DuplicatePlanNameError
from storage.snapshots import SnapshotKind
from workflows import exports, plans, review, versions
from workflows.errors import (
    ActualNotANumberError,
    ChapterNotFoundError,
    FileReadError,
    IndicatorNotFoundError,
    NoOutputError,
)
from workflows.store import find_plan, open_store, template_for


@pytest.fixture
def city(repo):
    created = dict((p.meta.pilot_type.value, p) for p, _new in plans.add_demo_plans(repo))
    return created["city"]


def test_create_from_the_wizard_answers_names_required_and_unique(repo) -> None:
    answers = plans.NewPlanAnswers("  某市  ", "city", province="江苏省", base_year=2021)
    plan = plans.create_plan(repo, answers)
    stored = repo.load_plan(plan.id)
    assert stored.meta.name == "某市" and stored.meta.base_year == 2021
    with pytest.raises(DuplicatePlanNameError):
        plans.create_plan(repo, answers)
    with pytest.raises(NameRequiredError) as raised:
        plans.create_plan(repo, plans.NewPlanAnswers("   ", "park"))
    assert raised.value.message("en") == "Give the plan a name."


def test_rename_delete_restore(repo, city) -> None:
    other = plans.duplicate_plan(repo, city.id)
    assert other.meta.name == f"{city.meta.name} (2)"
    with pytest.raises(DuplicatePlanNameError):
        plans.rename_plan(repo, other.id, city.meta.name)
    with pytest.raises(NameRequiredError):
        plans.rename_plan(repo, other.id, " ")
    assert plans.rename_plan(repo, other.id, " 新名 ").name == "新名"
    plans.delete_plan(repo, "新名")
    assert [p.name for p in repo.list_plans(trash=True)] == ["新名"]
    plans.create_plan(repo, plans.NewPlanAnswers("新名", "city"))
    assert plans.restore_plan(repo, other.id) == "新名 (2)"


def test_free_name_counts_up() -> None:
    taken = {"A", "A (2)"}
    assert free_name("A", taken.__contains__) == "A (3)"
    assert free_name("B", taken.__contains__) == "B"


def test_json_round_trip_and_unreadable_file(repo, city, tmp_path: Path) -> None:
    path = exports.export_json(city, tmp_path / "city.json")
    copy = plans.import_json_file(repo, path)
    assert copy.id != city.id and copy.meta.name == f"{city.meta.name} (2)"
    with pytest.raises(FileReadError) as raised:
        plans.import_json_file(repo, tmp_path / "missing.json")
    assert "missing.json" in raised.value.message("zh")


def test_a_package_export_keeps_a_snapshot_other_exports_do_not(repo, city, tmp_path: Path) -> None:
    template = template_for(city)
    written, snapshot = exports.export_documents(
        repo, city, template, ExportRequest(xlsx=tmp_path / "a.xlsx")
    )
    assert written == [tmp_path / "a.xlsx"] and snapshot is None
    written, snapshot = exports.export_documents(
        repo, city, template, ExportRequest(package=tmp_path / "p.zip")
    )
    assert snapshot is not None and snapshot.kind is SnapshotKind.EXPORT
    assert [s.name for s in versions.list_snapshots(repo, city.id)] == ["报送包 / package: p.zip"]
    with pytest.raises(NoOutputError):
        exports.export_documents(repo, city, template, ExportRequest())


def test_snapshot_diff_reasons_and_restore(repo, city, tmp_path: Path) -> None:
    with pytest.raises(NameRequiredError):
        versions.take_snapshot(repo, city, "  ")
    info = versions.take_snapshot(repo, city, " 初稿 ")
    assert info.name == "初稿"
    chapter = city.chapters[1]
    repo.update_field(city.id, "chapters", chapter.id, "text", chapter.text + "新增一句。")
    plan = repo.load_plan(city.id)
    changes = versions.changes_since(repo, plan)
    assert [d.kind for d in changes.differences] == ["changed"]
    plan = versions.give_reasons(repo, plan, {changes.differences[0].key: "省里要求"})
    assert plan.revision_notes[0].why == "省里要求"
    written = versions.export_revisions(changes, plan, "zh", xlsx=tmp_path / "r.xlsx")
    assert written == [tmp_path / "r.xlsx"]
    restored = versions.restore_as_new_plan(repo, info)
    assert restored.meta.name == f"{city.meta.name}（初稿）" and restored.id != city.id


def test_comments_and_monitoring(repo, city) -> None:
    chapter = city.chapters[0]
    comment, found = review.add_chapter_comment(repo, city, chapter.title_zh, " 请补充 ", " 省厅 ")
    assert found.id == chapter.id and (comment.text, comment.author) == ("请补充", "省厅")
    with pytest.raises(ChapterNotFoundError):
        review.add_chapter_comment(repo, city, "没有这一章", "x")
    with pytest.raises(NameRequiredError):
        review.add_chapter_comment(repo, city, chapter.id, "  ")
    row = next(r for r in city.indicators if r.template_ref)
    plan = review.record_actual(repo, city, 2023, row.template_ref, "1.5")
    plan = review.record_actual(repo, plan, 2023, row.template_ref, "1.6")
    entries = [e for e in plan.monitoring if e.item_id == row.id]
    assert [(e.id, e.actual.text) for e in entries] == [(f"2023:indicators:{row.id}", "1.6")]
    with pytest.raises(IndicatorNotFoundError):
        review.record_actual(repo, plan, 2023, "nothing", "1")


def test_an_actual_value_that_is_no_number_is_refused_and_nothing_recorded(repo, city) -> None:
    row = next(r for r in city.indicators if r.template_ref)
    plan = review.record_actual(repo, city, 2023, row.template_ref, "1.6")
    with pytest.raises(ActualNotANumberError) as refused:
        review.record_actual(repo, plan, 2023, row.template_ref, "abc")
    assert "“abc”" in refused.value.message("zh") and row.name_zh in refused.value.message("zh")
    assert "not a number" in refused.value.message("en")
    stored = repo.load_plan(city.id).monitoring
    assert [e.actual.text for e in stored if e.item_id == row.id] == ["1.6"]


def test_rename_delete_and_restore_take_the_id_prefix_lists_show(db_path: Path) -> None:
    database, repo = open_store(db_path)
    with database:
        plan = plans.create_plan(repo, plans.NewPlanAnswers("丙市", "city"))
        shown = plan.id[:8]
        assert plans.rename_plan(repo, shown, "丁市").name == "丁市"
        assert plans.delete_plan(repo, shown).id == plan.id
        assert plans.restore_plan(repo, shown) == "丁市"
        assert plans.duplicate_plan(repo, shown).id != plan.id


def test_a_plan_is_found_by_id_prefix_or_name(db_path: Path) -> None:
    database, repo = open_store(db_path)
    with database:
        plan = plans.create_plan(repo, plans.NewPlanAnswers("甲市", "city"))
        assert find_plan(repo, plan.id[:8]).id == plan.id
        assert find_plan(repo, "甲市").id == plan.id
        with pytest.raises(LocalizedError):
            find_plan(repo, "乙市")


def test_monitoring_years_and_the_default_one(city) -> None:
    from datetime import date

    from forms.monitoring import default_monitoring_year, monitoring_years

    years = monitoring_years(city)
    assert years[0] == city.meta.base_year + 1 and years[-1] == 2035
    assert default_monitoring_year(city, date(2024, 6, 1)) == 2023
    assert default_monitoring_year(city, date(2050, 1, 1)) == 2035


def test_the_declared_peak_year_is_met_in_or_before_it() -> None:
    from forms.trajectory import peaks_in_time

    assert peaks_in_time(2028, 2028) and peaks_in_time(2027, 2028)
    assert not peaks_in_time(2029, 2028) and not peaks_in_time(None, 2028)


def test_new_item_names_are_numbered() -> None:
    from forms.names import numbered_name

    assert numbered_name("新指标", set()) == "新指标"
    assert numbered_name("新指标", {"新指标", "新指标2"}) == "新指标3"


def test_the_wizard_pilot_rules() -> None:
    from forms.names import name_confirmed, pilot_batch
    from forms.template import load_template

    park = next(p for p in load_template("annex2-2023", "park").pilots if not p.name_confirmed)
    assert not name_confirmed(park, park.name_zh, ticked=False)
    assert name_confirmed(park, park.name_zh, ticked=True)
    assert name_confirmed(park, "改正后的园区名", ticked=False)  # corrected: confirmed
    assert pilot_batch(park, "改正后的园区名") == park.batch
    assert name_confirmed(None, "自填名称", ticked=False) and pilot_batch(None, "x") is None


def test_a_name_problem_is_said_before_saving(repo, city) -> None:
    assert plans.name_problem(repo, "  ") is not None
    assert isinstance(plans.name_problem(repo, city.meta.name), DuplicatePlanNameError)
    assert plans.name_problem(repo, city.meta.name, except_id=city.id) is None
    assert plans.name_problem(repo, "新名") is None


def test_the_outline_rules(city) -> None:
    from forms.outline import chapter_removable, new_chapter, new_task_group
    from forms.template import ChapterKind

    assert [chapter_removable(c) for c in city.chapters] == [
        c.kind == ChapterKind.TEXT for c in city.chapters
    ]
    first = new_chapter(city, "新章节")
    assert (first.title_zh, first.required, first.kind) == ("新章节", False, ChapterKind.TEXT)
    city.chapters.append(first)
    assert new_chapter(city, "新章节").title_zh == "新章节2"
    taken = city.task_groups[0].title_zh
    assert new_task_group(city, taken).title_zh == f"{taken}2"


def test_a_listed_pilot_renamed_in_english_is_stored_by_its_chinese_name(repo, city) -> None:
    assert plans.rename_plan(repo, city.id, "Zhangjiakou").name == "张家口市"


def test_a_cancelled_import_or_snapshot_writes_nothing(repo, city, tmp_path: Path) -> None:
    from workflows.errors import OperationCancelledError
    from workflows.steps import Steps

    source = tmp_path / "city.json"
    exports.export_json(city, source)
    shares: list[float] = []

    def cancelled() -> bool:  # at the last step, inside the transaction: rolled back
        return bool(shares) and shares[-1] >= 0.7

    steps = Steps(shares.append, cancelled)
    listed = repo.list_plans()
    with pytest.raises(OperationCancelledError) as raised:
        plans.import_json_file(repo, source, steps=steps)
    assert raised.value.message("en") == "Cancelled: nothing was changed."
    assert repo.list_plans() == listed and shares and shares == sorted(shares)
    shares.clear()
    with pytest.raises(OperationCancelledError):
        versions.take_snapshot(repo, city, "初稿", steps)
    assert versions.list_snapshots(repo, city.id) == []
    versions.take_snapshot(repo, city, "初稿", Steps(shares.append))
    assert len(versions.list_snapshots(repo, city.id)) == 1
