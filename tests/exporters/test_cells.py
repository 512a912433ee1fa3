"""Every workbook writes user text as inert text: a formula typed into any text field stays a
string, characters a workbook cannot hold are replaced, and the package export does not crash."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from enum import Enum
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel

from exporters.cells import FORMULA_STARTS, put, workbook_text
from exporters.collect import render_collection_workbook
from exporters.package import ExportRequest, export_plan
from exporters.revisions import revision_workbook
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.demo import demo_plans
from forms.plan import MonitoringEntry, Plan, RevisionNote, Value
from forms.template import load_template

# Fields that are keys or choices, not text a user types.
KEYS = {"id", "template_ref", "group_id", "item_id", "field", "type", "indicator", "scenario"}
KEYS |= {"collection", "status", "language", "template_id", "template_version", "created_at"}
KEYS |= {"updated_at", "at", "pilot_type", "province", "kind", "quality", "level", "region"}
KEYS |= {"series", "document", "project_status", "reply_author", "author"}
NUMERIC = {"base_data", "fuels", "growth", "declared_peak_year", "declared_peak_value"}
CONTROL = "\x01\x07\x1b\x0b"
FORMULA = '=HYPERLINK("http://x.invalid","x")'


def _hostile(n: int, text: str) -> str:
    """A formula-like start (=, +, -, @, tab, CR in turn), control characters, the text."""
    start = FORMULA if n % 6 == 0 else FORMULA_STARTS[n % 6] + "1+1"
    return f"{start}{CONTROL}{text}"


def _poison(model: BaseModel, counter: list[int], numbers: bool = True) -> None:
    """Every text field made hostile; with ``numbers`` False the typed numbers stay, so that
    the trajectory can still be computed."""
    for name, value in list(model):
        keep = name in NUMERIC or (name == "text" and isinstance(model, Value) and not numbers)
        if isinstance(value, BaseModel):
            _poison(value, counter, numbers and name not in NUMERIC)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _poison(item, counter, numbers and name not in NUMERIC)
        elif isinstance(value, str) and not isinstance(value, Enum) and not keep | (name in KEYS):
            counter[0] += 1
            object.__setattr__(model, name, _hostile(counter[0], value))


@pytest.fixture(scope="module")
def plans() -> tuple[Plan, Plan]:
    old = demo_plans()[0]
    plan = old.model_copy(deep=True)
    row = plan.indicators[2]
    plan.monitoring.append(
        MonitoringEntry(
            id=f"2024:indicators:{row.id}",
            year=2024,
            collection="indicators",
            item_id=row.id,
            actual=Value(text="19.1", provenance={"note": "\x01"}),
        )
    )
    plan.projects[0].name = "changed"
    plan.revision_notes.append(RevisionNote(id=f"projects:{plan.projects[0].id}:name", why="x"))
    _poison(plan, [0])
    return old, plan


@pytest.fixture(scope="module")
def workbooks(plans: tuple[Plan, Plan]) -> dict[str, bytes]:
    old, plan = plans
    template = load_template("annex2-2023", "city")
    findings = check_plan(plan, template)
    return {
        "plan": render_xlsx(plan, template, findings, "zh"),
        "plan_en": render_xlsx(plan, template, findings, "en"),
        "collection": render_collection_workbook(plan, template, None, "zh"),
        "revisions": revision_workbook(old, plan, "=snapshot\x01", "zh"),
    }


def _cells(data: bytes) -> list[tuple[str, object, str, bool]]:
    """(sheet, value, data type, quote prefix) of every cell with a value."""
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell.value, cell.data_type, bool(cell.quotePrefix))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _typed_formula(text: str) -> bool:
    return text.startswith(FORMULA) or (text.startswith(FORMULA_STARTS) and text[1:4] == "1+1")


def test_formulas_and_control_characters_are_inert_text_in_every_workbook(workbooks) -> None:
    for name, data in workbooks.items():
        cells = _cells(data)
        formulas = [(sheet, v) for sheet, v, kind, _q in cells if kind == "f"]
        # only the project totals: sums, the carbon sinks summed apart by field
        assert all(str(v).startswith(("=SUM(", "=SUMIF(")) for _s, v in formulas), (name, formulas)
        texts = [(str(v), quoted) for _s, v, kind, quoted in cells if kind == "s"]
        assert not any(c in text for text, _q in texts for c in CONTROL), name
        typed = [(text, quoted) for text, quoted in texts if _typed_formula(text)]
        assert typed and all(quoted for _t, quoted in typed), name
        if name != "revisions":  # its texts are sentences about the changes
            assert {text[0] for text, _q in typed} == set(FORMULA_STARTS), name
    sheets = {sheet for sheet, *_rest in _cells(workbooks["plan"])}
    assert {"监测评估", "排放趋势"} <= sheets  # the monitoring and trajectory sheets were written


def test_the_package_export_does_not_crash(plans, tmp_path: Path) -> None:
    _old, plan = plans
    template = load_template("annex2-2023", "city")
    target = tmp_path / "package.zip"
    export_plan(plan, template, ExportRequest(xlsx=tmp_path / "plan.xlsx", package=target))
    with zipfile.ZipFile(target) as archive:
        assert "plan.xlsx" in archive.namelist()


def test_one_cell_writer() -> None:
    from openpyxl import Workbook

    ws = Workbook().active
    for n, start in enumerate(FORMULA_STARTS, 1):
        cell = put(ws, n, 1, f"{start}1+1\x00")
        assert cell.data_type == "s" and cell.value == f"{start}1+1\ufffd"
        assert cell.quotePrefix  # stays text when edited in a spreadsheet
    assert put(ws, 9, 1, 12.5, "0.00").number_format == "0.00"
    assert put(ws, 10, 1, "plain").quotePrefix is False
    assert len(workbook_text("字" * 40_000)) == 32_767


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_formula_as_text(plans, workbooks, tmp_path: Path) -> None:
    """LibreOffice computes a live formula when it converts to CSV; text stays as typed."""
    source = tmp_path / "revisions.xlsx"
    source.write_bytes(workbooks["revisions"])
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # UTF-8
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with (tmp_path / "revisions.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "=snapshot" in cells[0]
    _old, plan = plans
    why = workbook_text(plan.revision_notes[-1].why)  # a reason typed as a formula
    assert any(why.strip() in cell for cell in cells)
    assert any(cell.startswith("-1+1") for cell in cells)  # a title, not the number 0
    assert any("=HYPERLINK(" in cell for cell in cells)
