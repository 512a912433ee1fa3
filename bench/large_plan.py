"""A generated large plan for benchmarks: 120 indicators, 500 projects, 40 long chapters."""

from __future__ import annotations

import random
from pathlib import Path

from forms.factory import new_plan
from forms.plan import (
    Chapter,
    IndicatorRow,
    Measure,
    Milestone,
    Plan,
    Policy,
    Project,
    Target,
    Value,
)

SENTENCE = (
    "坚持稳中求进、先立后破，统筹发展和减排，以能源绿色低碳转型为重点，"
    "推动产业结构、能源结构、交通运输结构和用地结构优化调整，"
    "加快形成绿色低碳的生产方式和生活方式。"
)


def _text(chars: int, rng: random.Random) -> str:
    paragraphs, total = [], 0
    while total < chars:
        paragraph = SENTENCE * rng.randint(2, 5)
        paragraphs.append(paragraph)
        total += len(paragraph)
    return "\n\n".join(paragraphs)[:chars]


def large_plan(
    *,
    indicators: int = 120,
    projects: int = 500,
    chapters: int = 40,
    chars: int = 2000,
    seed: int = 7,
) -> Plan:
    rng = random.Random(seed)
    plan = new_plan("大型测试方案", "city", province="江苏省")
    template_chapters = list(plan.chapters)
    for chapter in template_chapters:
        chapter.text = _text(chars, rng)
    for n in range(chapters - len(template_chapters)):
        plan.chapters.append(
            Chapter(title_zh=f"专题章节{n + 1}", text=_text(chars, rng), required=False)
        )
    for row in plan.indicators:  # the template's own rows
        row.base.text, row.target_2025.basic.text, row.target_2030.basic.text = "20", "25", "30"
    _add_indicators(plan, indicators, rng)
    for group in plan.task_groups:
        for n in range(6):
            plan.measures.append(
                Measure(
                    group_id=group.id,
                    title=f"措施{n + 1}",
                    content=_text(300, rng),
                    department="市发展改革委",
                )
            )
    _add_projects(plan, projects, rng)
    for n in range(30):
        plan.policies.append(Policy(type="fiscal", title=f"政策{n + 1}", content=_text(200, rng)))
    for n in range(12):
        plan.milestones.append(
            Milestone(period=f"{2024 + n % 7}年", title=f"节点{n + 1}", content=_text(120, rng))
        )
    return plan


def _add_indicators(plan: Plan, indicators: int, rng: random.Random) -> None:
    for n in range(indicators - len(plan.indicators)):
        base = rng.uniform(10, 50)
        plan.indicators.append(
            IndicatorRow(
                name_zh=f"自定义指标{n + 1}",
                name_en=f"Custom indicator {n + 1}",
                unit="%",
                category="energy",
                range_min=0,
                range_max=100,
                base=Value(text=f"{base:.1f}"),
                target_2025=Target(basic=Value(text=f"{base + 5:.1f}")),
                target_2030=Target(basic=Value(text=f"{base + 10:.1f}")),
                department="市发展改革委",
            )
        )


def _add_projects(plan: Plan, projects: int, rng: random.Random) -> None:
    fields = [
        "energy_infrastructure",
        "energy_saving_retrofit",
        "tech_demonstration",
        "environmental_infrastructure",
        "resource_recycling",
        "ecological_restoration",
    ]
    for n in range(projects):
        start = rng.randint(2023, 2028)
        plan.projects.append(
            Project(
                name=f"重点项目{n + 1:03d}",
                field=fields[n % len(fields)],
                content=_text(80, rng),
                investment=Value(text=str(rng.randint(500, 500_000))),
                start_year=Value(text=str(start)),
                end_year=Value(text=str(start + rng.randint(0, 4))),
                owner=f"云岚市某某公司{n % 37}",
                energy_saving=Value(text=str(rng.randint(100, 50_000))),
                co2_reduction=Value(text=str(rng.randint(300, 150_000))),
            )
        )


def saved_large_plan(path: Path) -> str:
    """The large plan saved into a new database file at ``path``; its id."""
    from storage.database import open_database
    from storage.repository import PlanRepository

    plan = large_plan()
    database = open_database(path)
    PlanRepository(database).save_plan(plan)
    database.close()
    return plan.id
