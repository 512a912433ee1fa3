"""The trajectory step's result in words: each scenario's peak, the falls in intensity, the
sinks, and what the check says about the declared year and the targets."""

from __future__ import annotations

from forms.trajectory import ScenarioResult, Trajectory, peaks_in_time
from ui.session import PlanSession
from ui.texts import Texts
from ui.trajectory_chart import whole
from ui.trajectory_tables import one_decimal

CHECKS_SHOWN_HERE = {
    "peak_year_invalid",
    "peak_year_before_base",
    "peak_year_after_2030",
    "peak_value_below_projection",
    "peak_later_than_declared",
    "target_not_supported",
    "factor_no_source",
}


def result_lines(
    session: PlanSession, texts: Texts, trajectory: Trajectory, declared: int | None
) -> tuple[list[str], list[str]]:
    """The result in sentences, and the problems the projection and the check found."""
    t, lang = texts, texts.lang
    lines: list[str] = []
    problems = [p.message_en if lang == "en" else p.message_zh for p in trajectory.problems]
    for key, scenario in (("policy", trajectory.policy), ("baseline", trajectory.baseline)):
        if scenario is None:
            continue
        if scenario.peak_year is not None and scenario.peak_co2 is not None:
            lines.append(
                t(f"traj.{key}_peak", year=scenario.peak_year, value=whole(scenario.peak_co2))
            )
        else:
            last = scenario.points[-1]
            lines.append(t(f"traj.{key}_rising", end=last.year, value=whole(last.co2)))
    policy = trajectory.policy
    if policy is not None:

        def percent(year: int, what: str) -> str:
            value = policy.reduction(year, what)
            return f"{value:.1f}%" if value is not None else t("base.not_available")

        spec = session.template.base_item(trajectory.activity)
        per = "GDP" if trajectory.activity == "gdp" else (spec.name.get(lang) if spec else "")
        if lang == "en" and trajectory.activity != "gdp":
            per = per.lower()
        elif lang == "zh" and trajectory.activity == "gdp":
            per = "地区生产总值"
        lines.append(
            t(
                "traj.reductions",
                per=per,
                base=trajectory.base_year,
                e25=percent(2025, "energy"),
                e30=percent(2030, "energy"),
                c25=percent(2025, "co2"),
                c30=percent(2030, "co2"),
            )
        )
        if declared is not None and peaks_in_time(policy.peak_year, declared):
            lines.append(t("traj.declared_ok", declared=declared))
        lines.append(sinks_line(texts, policy, trajectory.base_year))
    # what the check says about the declared year and the targets, as it says it there
    problems += [f.message(lang) for f in session.findings() if f.code in CHECKS_SHOWN_HERE]
    if not lines:
        lines.append(t("traj.none"))
    return lines, problems


def sinks_line(texts: Texts, policy: ScenarioResult, base_year: int) -> str:
    """Sinks on a line of their own, with the net figure beside the energy CO2."""
    first, last = policy.points[0], policy.points[-1]
    at_2030 = policy.at(2030) or last
    return texts(
        "traj.sinks",
        base=base_year,
        s0=one_decimal(first.sink),
        s30=one_decimal(at_2030.sink),
        end=last.year,
        send=one_decimal(last.sink),
        n30=whole(at_2030.net),
        nend=whole(last.net),
    )
