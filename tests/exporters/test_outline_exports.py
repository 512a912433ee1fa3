"""The plan's own outline carried through every export: six actions replace the task areas."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
from openpyxl import load_workbook

from exporters.document import build_document
from exporters.docx import render_docx
from exporters.fonts import resolve_fonts
from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from forms.checks import check_plan
from forms.plan import Measure, Plan, TaskGroup
from tests.exporters.conftest import template_of

ACTIONS = (
    ("能源绿色转型行动", ["task_energy_transition"]),
    ("工业降碳行动", ["task_industry_peaking", "task_efficiency"]),
    ("城乡建设提质行动", ["task_urban_rural"]),
    ("交通低碳行动", ["task_transport"]),
    ("海港物流降碳行动", []),  # the pilot's own
    ("全民绿色行动", ["task_public_action"]),
)
NUMBERED = [f"（{n}）{title}" for n, (title, _) in zip("一二三四五六", ACTIONS, strict=True)]


def six_actions(plan: Plan) -> Plan:
    plan.measures = []
    plan.task_groups = []
    for title, covers in ACTIONS:
        group = TaskGroup(title_zh=title, covers=covers)
        plan.task_groups.append(group)
        plan.measures.append(
            Measure(group_id=group.id, title=f"{title}重点举措", content=f"实施{title}。")
        )
    return plan


def positions(text: str, needles: list[str]) -> list[int]:
    return [text.index(needle) for needle in needles]


def test_six_actions_in_every_export_in_order(demo_city: Plan, tmp_path: Path) -> None:
    plan = six_actions(demo_city)
    template = template_of(plan)
    document = build_document(plan, template, "zh")
    headings = [h.full_text for h in document.headings() if h.level == 2]
    assert [h for h in headings if h in NUMBERED] == NUMBERED

    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_pdf(document, resolve_fonts()))
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    body = text[text.index("五、重点任务", text.index("五、重点任务") + 1) :]  # after the contents
    found = positions(body, NUMBERED)
    assert found == sorted(found)

    word = docx.Document(io.BytesIO(render_docx(document)))
    level2 = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert [h for h in level2 if h in NUMBERED] == NUMBERED

    sheet = load_workbook(io.BytesIO(render_xlsx(plan, template, [], "zh")))["重点任务"]
    groups = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert groups == [title for title, _ in ACTIONS]


def test_the_check_names_the_annex2_areas_no_action_covers(demo_city: Plan) -> None:
    plan = six_actions(demo_city)
    findings = [f for f in check_plan(plan, template_of(plan)) if f.code == "element_not_covered"]
    named = sorted(f.message("zh") for f in findings)
    assert named == sorted(
        f"方案提纲未覆盖编制指南要素“{title}”。" for title in ("重点任务：科技创新",)
    )
