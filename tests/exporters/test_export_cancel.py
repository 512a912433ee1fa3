"""Cancelling an export: the exporters poll a plain callable; a cancelled export writes no file,
not even part of one."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.package import ExportCancelledError, ExportRequest, export_plan
from forms.plan import Plan
from tests.exporters.conftest import template_of


def request_in(folder: Path) -> ExportRequest:
    return ExportRequest(
        pdf=folder / "plan.pdf",
        xlsx=folder / "plan.xlsx",
        docx=folder / "plan.docx",
        package=folder / "plan.zip",
    )


def test_cancelled_before_it_starts_writes_nothing(demo_city: Plan, tmp_path: Path) -> None:
    with pytest.raises(ExportCancelledError) as raised:
        export_plan(demo_city, template_of(demo_city), request_in(tmp_path), cancelled=lambda: True)
    assert "no file was written" in raised.value.message("en")
    assert list(tmp_path.iterdir()) == []


def test_cancelled_while_the_pdf_is_laid_out_writes_nothing(
    demo_city: Plan, tmp_path: Path
) -> None:
    seen: list[str] = []

    def progress(_share: float, what: str) -> None:
        seen.append(what)

    def cancelled() -> bool:  # the user clicks Cancel once the PDF has a few pages
        return seen.count("pdf") > 3

    with pytest.raises(ExportCancelledError):
        export_plan(demo_city, template_of(demo_city), request_in(tmp_path), progress, cancelled)
    assert "xlsx" not in seen and "write" not in seen
    assert list(tmp_path.iterdir()) == []


def test_not_cancelled_writes_every_file(demo_city: Plan, tmp_path: Path) -> None:
    written = export_plan(
        demo_city, template_of(demo_city), request_in(tmp_path), cancelled=lambda: False
    )
    assert sorted(p.name for p in written) == ["plan.docx", "plan.pdf", "plan.xlsx", "plan.zip"]
