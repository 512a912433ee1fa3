"""Checking a plan: its findings (the fonts' included) and its completeness."""

from __future__ import annotations

from dataclasses import dataclass

from forms.checks import Finding, Severity, check_plan, count_by_severity
from forms.completeness import completeness
from forms.plan import Plan
from forms.template import Template


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    overall: float
    per_chapter: dict[str, float]

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    @property
    def errors(self) -> int:
        return self.counts[Severity.ERROR]


def validate_plan(plan: Plan, template: Template) -> CheckResult:
    """The plan's check, with the characters no installed font can draw."""
    from exporters.coverage import plan_font_findings

    findings = check_plan(plan, template) + plan_font_findings(plan, template)
    overall, per_chapter = completeness(plan, template)
    return CheckResult(findings, overall, per_chapter)


def error_count(plan: Plan, template: Template) -> int:
    """Errors of the plan's check (fonts aside): the demo reports them as it creates."""
    return count_by_severity(check_plan(plan, template))[Severity.ERROR]
