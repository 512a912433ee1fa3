"""Departments' data-collection workbooks: sent, filled (by openpyxl, or re-saved by
LibreOffice), read back, previewed and applied — or refused with the cells named."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from exporters.collect import BASE_SHEET, META_SHEET, render_collection_workbook
from exporters.collect_import import read_collection_workbook
from forms.collect import FIELDS, CollectError, ImportPreview, preview_import
from forms.demo import demo_plans
from forms.plan import Plan
from forms.qualifiers import Qualifier
from forms.values import parse_number
from storage.errors import ItemChangedError
from storage.snapshots import SnapshotKind, Snapshots
from tests.exporters.conftest import template_of
from workflows.collect import apply_collection_import

INDICATORS, PROJECTS = "指标", "重点项目"


def city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def workbook_of(plan: Plan, department: str | None = None):
    data = render_collection_workbook(plan, template_of(plan), department, "zh")
    return load_workbook(io.BytesIO(data))


def returned(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def preview_of(plan: Plan, data: bytes) -> ImportPreview:
    return preview_import(plan, template_of(plan), read_collection_workbook(data))


def column_of(ws: Worksheet, label: str) -> str:
    return next(cell.column_letter for cell in ws[1] if cell.value == label)


def row_of(ws: Worksheet, item_id: str) -> int:
    return next(cell.row for cell in ws["A"] if cell.value == item_id)


def editable_numeric(collection: str) -> list[tuple[str, str]]:
    return [(s.key, s.label_zh) for s in FIELDS[collection] if s.editable and s.numeric]


def test_twenty_changed_cells_are_exactly_the_twenty_changes(repo) -> None:
    plan = city()
    repo.save_plan(plan)
    wb = workbook_of(plan)
    ind, proj = wb[INDICATORS], wb[PROJECTS]
    expected: dict[str, str] = {}
    rows = [r for r in plan.indicators if r.range_max == 100][:10]
    for n, row in enumerate(rows):  # 10 indicator cells: 2030 targets
        cell = f"{column_of(ind, '2030年目标')}{row_of(ind, row.id)}"
        ind[cell] = 50.25 + n  # a value no demo target holds
        expected[f"{INDICATORS}!{cell}"] = str(50.25 + n)
    for n, project in enumerate(plan.projects[:5]):  # 10 project cells
        investment = f"{column_of(proj, '总投资（万元）')}{row_of(proj, project.id)}"
        owner = f"{column_of(proj, '责任单位')}{row_of(proj, project.id)}"
        proj[investment] = f"{(n + 1) * 1000:,}万元"
        proj[owner] = f"新单位{n}"
        expected[f"{PROJECTS}!{investment}"] = str((n + 1) * 1000)
        expected[f"{PROJECTS}!{owner}"] = f"新单位{n}"
    preview = preview_of(plan, returned(wb))
    assert not preview.errors and not preview.new_projects
    assert {str(c.ref): c.new for c in preview.changes} == expected
    assert len(preview.changes) == 20

    updated, snapshot = apply_collection_import(repo, plan, preview, "dept.xlsx")
    stored = repo.load_plan(plan.id)
    assert (
        stored.indicators[0].target_2030.basic.text == updated.indicators[0].target_2030.basic.text
    )
    assert stored.projects[0].owner == "新单位0" and stored.projects[0].investment.text == "1000"
    assert snapshot.kind is SnapshotKind.BEFORE_IMPORT
    snapshots = Snapshots(repo)
    assert [s.id for s in snapshots.list(plan.id)] == [snapshot.id]
    snapshots.restore(snapshot.id)  # undo the import
    back = repo.load_plan(plan.id)
    assert back.projects[0].owner == plan.projects[0].owner
    assert back.indicators == plan.indicators


def test_an_import_into_a_plan_someone_changed_meanwhile_writes_nothing(repo) -> None:
    plan = city()
    repo.save_plan(plan)
    seen = repo.versions(plan.id)
    wb = workbook_of(plan)
    proj = wb[PROJECTS]
    proj[f"{column_of(proj, '责任单位')}{row_of(proj, plan.projects[0].id)}"] = "部门填的单位"
    preview = preview_of(plan, returned(wb))
    theirs = plan.projects[1].model_copy(update={"owner": "别人刚改的"})
    repo.save_item(plan.id, "projects", theirs)  # another user, while the workbook was out
    with pytest.raises(ItemChangedError) as caught:
        apply_collection_import(repo, plan, preview, "dept.xlsx", based_on=seen)
    assert caught.value.item_id == theirs.id
    stored = repo.load_plan(plan.id)
    assert [p.owner for p in stored.projects[:2]] == [plan.projects[0].owner, "别人刚改的"]
    assert Snapshots(repo).list(plan.id) == []
    seen, fresh = repo.versions(plan.id), repo.load_plan(plan.id)  # read again, import again
    apply_collection_import(repo, fresh, preview_of(fresh, returned(wb)), "x.xlsx", based_on=seen)
    stored = repo.load_plan(plan.id)
    assert [p.owner for p in stored.projects[:2]] == ["部门填的单位", "别人刚改的"]


def test_three_bad_cells_import_nothing_and_are_named(repo) -> None:
    plan = city()
    repo.save_plan(plan)
    wb = workbook_of(plan)
    ind, proj = wb[INDICATORS], wb[PROJECTS]
    share = next(r for r in plan.indicators if r.template_ref == "non_fossil_share")
    bad = {
        f"{INDICATORS}!{column_of(ind, '2025年目标')}{row_of(ind, share.id)}": "abc",
        f"{INDICATORS}!{column_of(ind, '2030年目标')}{row_of(ind, share.id)}": 130,
        f"{PROJECTS}!{column_of(proj, '开工年份')}{row_of(proj, plan.projects[2].id)}": "明年",
    }
    for ref, value in bad.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    wb[INDICATORS][f"{column_of(ind, '备注')}{row_of(ind, share.id)}"] = "一处正常修改"
    preview = preview_of(plan, returned(wb))
    assert len(preview.errors) == 3
    named = {p.message("zh").split("：")[0] for p in preview.errors}
    assert named == set(bad)
    assert any("超出有效范围" in p.message("zh") for p in preview.errors)
    assert any("is not a number" in p.message("en") for p in preview.errors)
    with pytest.raises(CollectError):
        apply_collection_import(repo, plan, preview, "bad.xlsx")
    assert repo.load_plan(plan.id) == repo.load_plan(plan.id)
    assert repo.load_plan(plan.id).indicators == plan.indicators
    assert Snapshots(repo).list(plan.id) == []


def test_messy_returns_are_understood() -> None:
    """Rows reordered, blank rows, numbers as text with units, separators, full-width digits,
    and a percent format."""
    plan = city()
    wb = workbook_of(plan)
    ind, proj = wb[INDICATORS], wb[PROJECTS]
    coal = next(r for r in plan.indicators if r.template_ref == "coal_share")
    capacity = next(r for r in plan.indicators if r.template_ref == "renewable_capacity")
    # reverse the indicator rows and put blank rows between them
    values = [[c.value for c in row] for row in ind.iter_rows(min_row=2)]
    for r in range(2, ind.max_row + 1):
        for c in range(1, ind.max_column + 1):
            ind.cell(r, c).value = None
    for n, row in enumerate(reversed(values)):
        for c, value in enumerate(row, 1):
            ind.cell(2 + 2 * n, c).value = value
    t2030 = column_of(ind, "2030年目标")
    ind[f"{t2030}{row_of(ind, coal.id)}"] = 0.415
    ind[f"{t2030}{row_of(ind, coal.id)}"].number_format = "0.0%"
    ind[f"{t2030}{row_of(ind, capacity.id)}"] = "９５０万千瓦"
    investment = column_of(proj, "总投资（万元）")
    proj[f"{investment}{row_of(proj, plan.projects[0].id)}"] = "1,234,567"
    preview = preview_of(plan, returned(wb))
    assert not preview.errors
    changes = {(c.item_id, c.key): c.new for c in preview.changes}
    assert changes == {
        (coal.id, "t2030"): "41.5",
        (capacity.id, "t2030"): "950",
        (plan.projects[0].id, "investment"): "1234567",
    }


def test_new_projects_come_from_the_spare_rows() -> None:
    plan = city()
    wb = workbook_of(plan)
    proj = wb[PROJECTS]
    row = proj.max_row  # the last spare row
    proj[f"{column_of(proj, '项目名称')}{row}"] = "新建光伏项目"
    proj[f"{column_of(proj, '领域')}{row}"] = "能源基础设施"
    proj[f"{column_of(proj, '总投资（万元）')}{row}"] = 3000
    proj[f"{column_of(proj, '总投资（万元）')}{row - 1}"] = 10  # a project without a name
    preview = preview_of(plan, returned(wb))
    assert [p.name for _ref, p in preview.new_projects] == ["新建光伏项目"]
    assert preview.new_projects[0][1].field == "energy_infrastructure"
    assert len(preview.errors) == 1 and "项目名称" in preview.errors[0].message("zh")


def test_a_workbook_of_another_plan_is_refused() -> None:
    plan, other = city(), city()
    other.meta.name = "另一个方案"
    data = render_collection_workbook(other, template_of(other))
    with pytest.raises(CollectError) as caught:
        preview_of(plan, data)
    assert "另一个方案" in caught.value.message("zh") and plan.meta.name in caught.value.message(
        "zh"
    )


@pytest.mark.parametrize(
    "data", [b"", b"not a workbook", b"PK\x03\x04broken zip", b"\xd0\xcf\x11\xe0"]
)
def test_broken_files_are_refused_clearly(data: bytes) -> None:
    with pytest.raises(CollectError) as caught:
        read_collection_workbook(data)
    assert ".xlsx" in caught.value.message("zh")


def test_an_ordinary_workbook_is_not_a_collection_workbook(demo_city: Plan) -> None:
    from exporters.xlsx import render_xlsx

    with pytest.raises(CollectError) as caught:
        read_collection_workbook(render_xlsx(demo_city, template_of(demo_city), [], "zh"))
    assert "不是 PeakPlan 数据收集表" in caught.value.message("zh")


def test_department_workbook_holds_its_rows_locked_ids_and_fingerprint() -> None:
    plan = city()
    department = "市发展改革委"
    wb = workbook_of(plan, department)
    ind, proj = wb[INDICATORS], wb[PROJECTS]
    ids = [c.value for c in ind["A"][1:] if c.value]
    assert ids and all(plan.indicator(i).department.find(department) >= 0 for i in ids)
    assert len(ids) < len(plan.indicators)
    assert ind.column_dimensions["A"].hidden and ind.protection.sheet
    name_cell = ind[f"{column_of(ind, '指标名称')}2"]
    assert name_cell.protection.locked
    assert not ind[f"{column_of(ind, '2025年目标')}2"].protection.locked
    assert wb[META_SHEET].sheet_state == "veryHidden" and wb[BASE_SHEET].sheet_state == "veryHidden"
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert meta["plan_id"] == plan.id and meta["department"] == department
    assert wb.worksheets[0].title == "填表说明" and "市发展改革委" in wb.worksheets[0]["A2"].value
    assert proj.data_validations.dataValidation


def test_stretch_targets_survive_the_round_trip() -> None:
    plan = city()
    row = plan.indicators[0]
    wb = workbook_of(plan)
    ind = wb[INDICATORS]
    line = row_of(ind, row.id)
    ind[f"{column_of(ind, '2025年目标')}{line}"] = 15
    ind[f"{column_of(ind, '2025年力争目标')}{line}"] = "16%"
    ind[f"{column_of(ind, '基准值数据来源')}{line}"] = "《云岚统计年鉴2021》"
    updated = preview_of(plan, returned(wb)).apply(plan)
    target = updated.indicators[0].target_2025
    assert (target.basic.text, target.stretch.text) == ("15", "16")
    assert updated.indicators[0].base.provenance.source == "《云岚统计年鉴2021》"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_workbook_resaved_by_libreoffice_imports_the_same_changes(tmp_path: Path) -> None:
    plan = city()
    wb = workbook_of(plan)
    ind = wb[INDICATORS]
    ind[f"{column_of(ind, '2030年目标')}{row_of(ind, plan.indicators[2].id)}"] = 30
    source = tmp_path / "returned.xlsx"
    source.write_bytes(returned(wb))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = (out / "returned.xlsx").read_bytes()
    assert resaved != source.read_bytes()
    preview = preview_of(plan, resaved)
    assert not preview.errors
    assert [(c.item_id, c.key, c.new) for c in preview.changes] == [
        (plan.indicators[2].id, "t2030", "30")
    ]


_PLAN = city()
_WORKBOOK = render_collection_workbook(_PLAN, template_of(_PLAN))
_CELLS = [
    (item.id, key, label)
    for item in _PLAN.indicators
    if item.range_max is not None and item.range_min is not None
    for key, label in editable_numeric("indicators")
    if not key.endswith(("_ref", "_refv"))  # reference years: tested on their own
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(_CELLS) - 1), st.integers(0, 1000)),
        min_size=1,
        max_size=15,
        unique_by=lambda pick: pick[0],
    ),
    as_text=st.booleans(),
)
def test_random_edits_round_trip_to_the_expected_plan(picks, as_text: bool) -> None:
    """Change random cells to random valid values; the import yields exactly the plan with
    those values (cells set to what they already held are not changes)."""
    plan = _PLAN.model_copy(deep=True)
    wb = load_workbook(io.BytesIO(_WORKBOOK))
    ind = wb[INDICATORS]
    expected = plan.model_copy(deep=True)
    specs = {s.key: s for s in FIELDS["indicators"]}
    changed = 0
    for index, seed in picks:
        item_id, key, label = _CELLS[index]
        item = expected.indicator(item_id)
        low, high = item.range_min, item.range_max
        value = round(low + (high - low) * random.Random(seed).random(), 1)
        ind[f"{column_of(ind, label)}{row_of(ind, item_id)}"] = f"{value}" if as_text else value
        holder = item
        target = specs[key].kind == "target"
        *parents, last = (specs[key].path + (".text" if target else "")).split(".")
        for part in parents:
            holder = getattr(holder, part)
        before = parse_number(getattr(holder, last)).number
        if target and holder.qualifier is not Qualifier.EXACT:
            before = None  # "20左右" becomes a plain 20
        text = str(int(value)) if value == int(value) else str(value)
        if as_text:
            text = f"{value}"  # a number typed as text keeps its precision: "45.0"
        if before is None or abs(before - value) > 1e-9:
            changed += 1
            setattr(holder, last, text)
            if target:
                holder.qualifier = Qualifier.EXACT
    preview = preview_of(plan, returned(wb))
    assert not preview.errors
    assert len(preview.changes) == changed
    assert preview.apply(plan) == expected


def test_qualified_targets_and_reference_years_round_trip() -> None:
    """A department sees "20左右" and "2020", types targets the way plans write them; the
    import stores number + qualifier, keeps the precision typed and names what it cannot read."""
    plan = city()
    rows = {r.template_ref: r for r in plan.indicators}
    rows["rd_intensity"].target_2025.basic.text = "3.0500"
    wb = workbook_of(plan)
    ind = wb[INDICATORS]

    def cell(ref: str, label: str) -> str:
        return f"{column_of(ind, label)}{row_of(ind, rows[ref].id)}"

    assert ind[cell("non_fossil_share", "2025年目标")].value == "20左右"
    assert ind[cell("energy_intensity_reduction", "2025年目标比较年份")].value == "2020"
    assert ind[cell("rd_intensity", "2025年目标")].value == "3.0500"
    ind[cell("non_fossil_share", "2025年目标")] = "约22"
    ind[cell("coal_share", "2025年目标")] = "４５％"
    ind[cell("carbon_intensity_reduction", "2030年目标")] = "确保完成省下达目标任务"
    ind[cell("energy_intensity_reduction", "2030年目标比较年份")] = 2005
    ind[cell("energy_intensity_reduction", "2030年目标比较年份数值")] = "0.6120"
    ind[cell("green_travel_share", "2030年目标")] = "75%以上"
    preview = preview_of(plan, returned(wb))
    assert not preview.errors
    changed = {(c.key, c.new) for c in preview.changes}
    assert ("t2025", "22左右") in changed and ("t2030_ref", "2005") in changed
    assert len(preview.changes) == 6  # "3.0500" untouched is no change
    updated = {r.template_ref: r for r in preview.apply(plan).indicators}
    share = updated["non_fossil_share"].target_2025.basic
    assert (share.text, share.qualifier) == ("22", Qualifier.ABOUT)
    assert updated["coal_share"].target_2025.basic.text == "45"
    province = updated["carbon_intensity_reduction"].target_2030.basic
    assert province.qualifier is Qualifier.PROVINCE and not province.text
    energy = updated["energy_intensity_reduction"].target_2030
    assert (energy.reference_year, energy.reference_value.text) == (2005, "0.6120")
    travel = updated["green_travel_share"].target_2030.basic
    assert (travel.text, travel.qualifier) == ("75", Qualifier.AT_LEAST)
    assert updated["rd_intensity"].target_2025.basic.text == "3.0500"

    ind[cell("forest_coverage", "2030年目标")] = "力争45"
    ind[cell("coal_share", "2030年目标")] = "40大约"
    ind[cell("energy_intensity_reduction", "2025年目标比较年份")] = "二〇二〇"
    errors = {str(p.ref): p.message_zh for p in preview_of(plan, returned(wb)).errors}
    forest = f"{INDICATORS}!{cell('forest_coverage', '2030年目标')}"
    assert "“力争”不是可识别的限定词" in errors[forest] and "22左右" in errors[forest]
    assert "“大约”" in errors[f"{INDICATORS}!{cell('coal_share', '2030年目标')}"]
    assert len(errors) == 3


def test_a_read_workbook_leaves_no_cells_for_the_garbage_collector() -> None:
    """The two parsed workbooks' cells were reference cycles (cell and sheet) that a full
    collection, run later on the window's thread, took ~150 ms to free for a large plan."""
    import gc

    gc.collect()
    gc.disable()
    try:
        read_collection_workbook(_WORKBOOK)
        freed = gc.collect()
    finally:
        gc.enable()
    assert freed < 4000, freed  # before: about 14,000 objects, most of them cells
