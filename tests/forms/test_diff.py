"""Differences between versions of a plan."""

from __future__ import annotations

from forms.demo import demo_plans
from forms.diff import diff_plans, text_spans
from forms.plan import Plan, Project, Value


def city() -> Plan:
    return next(p for p in demo_plans() if p.meta.pilot_type.value == "city")


def test_identical_plans_have_no_differences() -> None:
    plan = city()
    assert diff_plans(plan, plan.model_copy(deep=True)) == []


def test_chinese_text_is_compared_character_by_character() -> None:
    spans = text_spans(
        "到2025年，非化石能源消费比重达到20%左右。", "到2025年，非化石能源消费比重达到22%。"
    )
    changed = [(s.op, s.old, s.new) for s in spans if s.op != "equal"]
    assert ("replace", "0", "2") in changed and ("delete", "左右", "") in changed
    assert "".join(s.old for s in spans) == "到2025年，非化石能源消费比重达到20%左右。"
    assert "".join(s.new for s in spans) == "到2025年，非化石能源消费比重达到22%。"


def test_exactly_the_edits_made_are_listed() -> None:
    old = city()
    new = old.model_copy(deep=True)
    new.chapters[0].text = new.chapters[0].text.replace("云岚市地处", "云岚市位于")
    new.indicators[2].target_2030.basic.text = "28.0"
    new.projects[0].owner = "云岚海上风电集团"
    new.projects.append(Project(name="新建储能电站", investment=Value(text="5000")))
    removed = new.policies.pop(1)
    new.milestones.insert(0, new.milestones.pop(3))  # one row moved to the top
    new.meta.declared_peak_year = "2027"
    found = {(d.kind, d.collection, d.path) for d in diff_plans(old, new)}
    assert found == {
        ("changed", "chapters", "text"),
        ("changed", "indicators", "target_2030.basic.text"),
        ("changed", "projects", "owner"),
        ("added", "projects", ""),
        ("removed", "policies", ""),
        ("moved", "milestones", ""),
        ("changed", "meta", "declared_peak_year"),
    }
    text = next(d for d in diff_plans(old, new) if d.path == "text")
    assert [(s.old, s.new) for s in text.spans if s.op != "equal"] == [("地处", "位于")]
    gone = next(d for d in diff_plans(old, new) if d.kind == "removed")
    assert gone.label == removed.title and "删除" in gone.describe("zh")


def test_changed_choices_and_template_ids_read_as_words_in_both_languages() -> None:
    """No stored value a user never typed ("binding", "energy_infrastructure") is shown."""
    from forms.template import Obligation

    old = city()
    new = old.model_copy(deep=True)
    new.indicators[0].obligation = Obligation.EXPECTED
    new.projects[0].field = "tech_demonstration"
    new.meta.language = "en"
    found = {d.path: d for d in diff_plans(old, new)}
    obligation, field, language = found["obligation"], found["field"], found["language"]
    assert (obligation.old_text("zh"), obligation.new_text("zh")) == ("约束性", "预期性")
    assert obligation.new_text("en") == "expected"
    assert obligation.describe("en").startswith(f"indicator “{new.indicators[0].name_en}” · type")
    assert field.new_text("en") == "Advanced technology demonstration"
    assert field.new_text("zh") == "先进技术示范"
    assert (language.old_text("en"), language.new_text("en")) == ("Chinese", "English")
    assert "_" not in field.describe("en") + field.old_text("en") + field.new_text("en")
