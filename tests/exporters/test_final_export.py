"""A draft shows "（待补充）" where a chapter is empty; the final document (the plan submitted or
approved, or the export marked final) is refused while the check blocks it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from exporters import blocks as b
from exporters.document import build_document
from exporters.package import ExportRequest, export_plan
from forms.errors import LocalizedError
from forms.plan import Plan, PlanStatus
from forms.template import ChapterKind
from tests.exporters.conftest import template_of


def _empty_required_text_chapter(plan: Plan) -> str:
    chapter = next(c for c in plan.chapters if c.kind is ChapterKind.TEXT and c.required)
    chapter.text = ""
    return chapter.title_zh


def _word_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_draft_shows_to_be_completed_under_an_empty_chapter(
    demo_city: Plan, tmp_path: Path
) -> None:
    title = _empty_required_text_chapter(demo_city)
    out = tmp_path / "draft.docx"
    export_plan(demo_city, template_of(demo_city), ExportRequest(docx=out))
    lines = _word_text(out).splitlines()
    heading = max(n for n, line in enumerate(lines) if line.endswith(title))  # not contents
    assert lines[heading + 1] == "（待补充）"


def test_an_empty_structured_chapter_is_never_a_bare_heading(demo_city: Plan) -> None:
    demo_city.projects.clear()
    chapter = demo_city.chapter_of_kind(ChapterKind.PROJECTS)
    assert chapter is not None
    chapter.text = ""
    document = build_document(demo_city, template_of(demo_city), "zh")
    index = next(
        n
        for n, x in enumerate(document.blocks)
        if isinstance(x, b.Heading) and x.text == chapter.title_zh
    )
    following = document.blocks[index + 1]
    assert isinstance(following, b.Paragraph) and following.text == "（待补充）"


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED])
def test_a_submitted_plan_with_an_empty_required_chapter_is_not_exported(
    demo_city: Plan, tmp_path: Path, status: PlanStatus
) -> None:
    title = _empty_required_text_chapter(demo_city)
    demo_city.meta.status = status
    out = tmp_path / "final.pdf"
    with pytest.raises(LocalizedError) as caught:
        export_plan(demo_city, template_of(demo_city), ExportRequest(pdf=out))
    assert title in caught.value.message("zh") and "正式稿" in caught.value.message("zh")
    assert not out.exists() and not list(tmp_path.iterdir())


def test_an_export_marked_final_refuses_an_unverified_pilot_name(
    demo_park: Plan, tmp_path: Path
) -> None:
    demo_park.meta.name_confirmed = False
    with pytest.raises(LocalizedError) as caught:
        export_plan(
            demo_park, template_of(demo_park), ExportRequest(docx=tmp_path / "a.docx", final=True)
        )
    assert "尚未核实" in caught.value.message("zh")
    assert "not verified" in caught.value.message("en")
    export_plan(demo_park, template_of(demo_park), ExportRequest(docx=tmp_path / "a.docx"))


def test_the_final_document_has_no_draft_mark_and_leaves_out_empty_optional_chapters(
    demo_city: Plan, tmp_path: Path
) -> None:
    optional = next(c for c in demo_city.chapters if c.kind is ChapterKind.TEXT)
    optional.required, optional.text = False, ""
    document = build_document(demo_city, template_of(demo_city), "zh", final=True)
    assert document.cover.mark == ""
    level1 = [h for h in document.headings() if h.level == 1 and h.number]
    assert optional.title_zh not in [h.text for h in level1]
    assert [h.number for h in level1][:2] == ["一、", "二、"]  # numbering stays continuous
    assert not any(isinstance(x, b.Paragraph) and x.text == "（待补充）" for x in document.blocks)


def test_the_command_line_refuses_a_final_export_with_an_empty_chapter(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import main
    from storage.database import open_database
    from storage.repository import PlanRepository

    assert main.main(["--db", str(db_path), "demo"]) == 0
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find("云岚市（示例）").id)
        chapter = next(c for c in plan.chapters if c.kind is ChapterKind.TEXT and c.required)
        repo.update_field(plan.id, "chapters", chapter.id, "text", "")
    capsys.readouterr()
    out = tmp_path / "final.pdf"
    code = main.main(
        ["--db", str(db_path), "export", "云岚市（示例）", "--pdf", str(out), "--final"]
    )
    assert code == 2 and not out.exists()
    assert chapter.title_zh in capsys.readouterr().err
    assert main.main(["--db", str(db_path), "export", "云岚市（示例）", "--pdf", str(out)]) == 0
