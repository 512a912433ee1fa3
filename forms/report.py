"""The check report as data: what `peakplan validate --json` prints and packages carry."""

from __future__ import annotations

from typing import Any

from forms.checks import Finding, check_plan, count_by_severity
from forms.completeness import completeness
from forms.plan import Plan
from forms.template import Template

REPORT_FORMAT = "peakplan.check-report"


def check_report(
    plan: Plan, template: Template, lang: str = "zh", findings: list[Finding] | None = None
) -> dict[str, Any]:
    findings = check_plan(plan, template) if findings is None else findings
    overall, per_chapter = completeness(plan, template)
    counts = count_by_severity(findings)
    return {
        "format": REPORT_FORMAT,
        "plan": {"id": plan.id, "name": plan.meta.name},
        "template": {"id": template.id, "version": template.version},
        "completeness": round(overall, 4),
        "chapters": [
            {
                "id": c.id,
                "title": c.title_en if lang == "en" and c.title_en else c.title_zh,
                "completeness": round(per_chapter[c.id], 4),
            }
            for c in plan.chapters
        ],
        "counts": {s.value: n for s, n in counts.items()},
        "numbers_without_source": sum(f.code == "no_source" for f in findings),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "where": f.location.__dict__,
                "message": f.message(lang),
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }
            for f in findings
        ],
    }
