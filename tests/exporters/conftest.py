"""Plans the export tests read back: the demo city, and one full of hostile input."""

from __future__ import annotations

import pytest

from forms.demo import demo_plans
from forms.plan import Plan, Project, Value
from forms.template import Template, load_template

# Text that markup-based writers get wrong: tags, entities, CDATA ends, emoji, Arabic, and
# formula-like strings that a spreadsheet would execute.
NASTY_TEXTS = (
    "<b>不是粗体</b>",
    "A &amp; B &lt; C",
    "]]> 结束标记",
    "表情🌍🔥测试",
    "النص العربي للاختبار",
    '=HYPERLINK("http://example.com","x")',
    "+1 开头的文字",
    "@SUM(A1:A2)",
)
LONG_PARAGRAPH = ("碳达峰试点长段落测试，" * 1000)[:10_000]


def template_of(plan: Plan) -> Template:
    return load_template(plan.meta.template_id, plan.meta.pilot_type.value)


def demo_city_plan() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def demo_park_plan() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "park")


@pytest.fixture
def demo_city() -> Plan:
    return demo_city_plan()


@pytest.fixture
def demo_park() -> Plan:
    return demo_park_plan()


def make_nasty_plan() -> Plan:
    """The demo city with hostile text in chapters, indicators and 300 projects."""
    plan = next(p for p in demo_plans() if p.meta.pilot_type.value == "city")
    plan.chapters[0].text = "\n".join(NASTY_TEXTS) + "\n" + LONG_PARAGRAPH
    plan.chapters[2].title_zh = "<i>总体要求</i> & “要求”"
    plan.indicators[0].department = NASTY_TEXTS[0]
    plan.indicators[1].note = NASTY_TEXTS[5]
    plan.measures[0].content = NASTY_TEXTS[2] + LONG_PARAGRAPH[:3000]
    plan.policies[0].title = NASTY_TEXTS[1]
    projects = []
    for n in range(300):
        projects.append(
            Project(
                name=NASTY_TEXTS[n % len(NASTY_TEXTS)] + f" #{n + 1}",
                field="energy_infrastructure",
                content=NASTY_TEXTS[(n + 3) % len(NASTY_TEXTS)],
                investment=Value(text=str(1000 + n)),
                start_year=Value(text="2024"),
                end_year=Value(text="2026"),
                owner=NASTY_TEXTS[(n + 1) % len(NASTY_TEXTS)],
                energy_saving=Value(text=str(10 * n)),
                co2_reduction=Value(text=str(25 * n)),
            )
        )
    projects[7].content = LONG_PARAGRAPH
    plan.projects = projects
    return plan


@pytest.fixture
def nasty_plan() -> Plan:
    return make_nasty_plan()
