"""An export does the work its files need and no more: the plan's check runs only where its
findings are used (the workbook, the package, a final document's gate)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from exporters import package
from exporters.package import ExportRequest, export_plan
from forms.checks import check_plan
from forms.errors import LocalizedError
from forms.plan import Plan
from tests.exporters.conftest import template_of


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plans checked during the test, by name."""
    seen: list[str] = []

    def counted(plan: Plan, *args: object, **kwargs: object) -> object:
        seen.append(plan.meta.name)
        return check_plan(plan, *args, **kwargs)

    monkeypatch.setattr(package, "check_plan", counted)
    return seen


def test_a_draft_pdf_or_word_file_runs_no_check(
    demo_city: Plan, checks: list[str], tmp_path: Path
) -> None:
    request = ExportRequest(pdf=tmp_path / "plan.pdf", docx=tmp_path / "plan.docx")
    written = export_plan(demo_city, template_of(demo_city), request)
    assert sorted(written) == [tmp_path / "plan.docx", tmp_path / "plan.pdf"]
    assert checks == []


@pytest.mark.parametrize("kind", ["xlsx", "package"])
def test_a_workbook_or_package_is_checked(
    demo_city: Plan, checks: list[str], tmp_path: Path, kind: str
) -> None:
    request = ExportRequest(**{kind: tmp_path / f"plan.{kind}"})
    export_plan(demo_city, template_of(demo_city), request)
    assert checks == [demo_city.meta.name]


def test_a_final_pdf_is_checked_before_it_is_made(
    demo_city: Plan, checks: list[str], tmp_path: Path
) -> None:
    request = ExportRequest(pdf=tmp_path / "plan.pdf", final=True)
    with contextlib.suppress(LocalizedError):  # the demo may hold what a final one refuses
        export_plan(demo_city, template_of(demo_city), request)
    assert checks == [demo_city.meta.name]
