"""The command line's review commands read the plan, change it and save: another client's save
in between is never overwritten — an addition is merged on a fresh read, anything else refused
with a clear message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from forms.comments import new_comment
from forms.factory import new_plan
from forms.monitoring import new_entry
from forms.plan import IndicatorRow, Plan, RevisionNote, Value
from workflows.errors import ChangedMeanwhileError
from workflows.review import merge_package_comments, plan_and_versions, record_actual
from workflows.store import PlanRepository, open_database_at
from workflows.versions import give_reasons


@pytest.fixture(params=["postgresql", "sqlite"])
def repos(request: pytest.FixtureRequest, db_path: Path) -> Iterator[tuple[PlanRepository, ...]]:
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        mine, theirs = open_database_at(url), open_database_at(url)
    else:  # a second client of one file
        mine, theirs = open_database_at(db_path), open_database_at(db_path, write=False)
    try:
        yield PlanRepository(mine), PlanRepository(theirs)
    finally:
        theirs.close()
        mine.close()


def _plan(repo: PlanRepository) -> Plan:
    plan = new_plan("并发审核方案", "city", province="江苏省")
    plan.indicators = [IndicatorRow(name_zh="碳排放总量", unit="万吨")]
    comment = new_comment("chapters", plan.chapters[0].id, "请补充数据来源")
    assert comment is not None
    plan.comments = [comment]
    repo.save_plan(plan)
    return plan


def _after_first(repo: PlanRepository, method: str, meanwhile: Callable[[], None]) -> None:
    """Run ``meanwhile`` (another client's save) right after ``repo``'s first ``method``."""
    original = getattr(repo, method)
    calls: list[int] = []

    def reading(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if not calls:
            calls.append(1)
            meanwhile()
        return result

    setattr(repo, method, reading)


def test_comments_merged_from_a_package_keep_a_reply_saved_meanwhile(repos) -> None:
    mine, theirs = repos
    plan = _plan(mine)  # as the command read it
    incoming = plan.model_copy(deep=True)
    extra = new_comment("chapters", plan.chapters[1].id, "目标偏低")
    assert extra is not None
    incoming.comments[0] = plan.comments[0].model_copy(update={"updated_at": "2050"})
    incoming.comments.append(extra)
    replied = plan.comments[0].model_copy(update={"reply": "已补充", "updated_at": "2099"})
    theirs.save_item(plan.id, "comments", replied)  # after our read
    _after_first(mine, "load_plan", lambda: theirs.save_item(plan.id, "comments", replied))

    assert merge_package_comments(mine, plan, incoming)[0] == 1

    stored = {c.id: c for c in theirs.load_plan(plan.id).comments}
    assert stored[replied.id].reply == "已补充"  # theirs kept
    assert extra.id in stored  # mine added


def test_an_actual_value_saved_meanwhile_is_not_overwritten(repos) -> None:
    mine, theirs = repos
    plan, versions = plan_and_versions(mine, _plan(mine).id)  # as the command reads it
    row = plan.indicators[0]
    entry = new_entry(2025, "indicators", row.id).model_copy(update={"actual": Value(text="90")})
    theirs.save_item(plan.id, "monitoring", entry)  # after our read

    with pytest.raises(ChangedMeanwhileError) as refused:
        record_actual(mine, plan, 2025, "碳排放总量", "95", versions)

    assert "碳排放总量" in refused.value.message_zh and "again" in refused.value.message_en
    assert [e.actual.text for e in theirs.load_plan(plan.id).monitoring] == ["90"]


def test_a_reason_given_meanwhile_is_not_overwritten(repos) -> None:
    mine, theirs = repos
    plan, versions = plan_and_versions(mine, _plan(mine).id)
    theirs.save_item(plan.id, "revision_notes", RevisionNote(id="projects:x", why="他们的理由"))

    with pytest.raises(ChangedMeanwhileError):
        give_reasons(mine, plan, {"projects:x": "我的理由"}, versions)

    assert [n.why for n in theirs.load_plan(plan.id).revision_notes] == ["他们的理由"]
    fresh, versions = plan_and_versions(mine, plan.id)
    assert (
        give_reasons(mine, fresh, {"projects:x": "我的理由"}, versions).revision_notes[0].why
        == "我的理由"
    )
