"""The team load harness (bench/bench_team.py), briefly: 4 users for 3 s on the test server.
Correctness only — no edit lost, every conflict told to its user — never timing."""

from __future__ import annotations

import pytest

from bench.bench_team import ACK, CONFLICT, FIELD, ITEM, Save, Verdict, run, small_plan, verify
from forms.plan import Plan

pytestmark = pytest.mark.team_load


def test_users_editing_one_plan_lose_no_edit_and_are_told_of_every_conflict(
    postgres_url: str,
) -> None:
    result = run(postgres_url, users=4, seconds=3, plan=small_plan())

    assert result.verdict.lost_edits == 0, result.verdict
    assert result.verdict.unlogged == []
    assert result.acked(FIELD) > 0 and result.acked(ITEM) > 0  # both of the app's write paths
    conflicts = [s for s in result.saves if s.outcome == CONFLICT]
    assert conflicts, "two users saving the same items every 100–500 ms met no conflict"
    assert all(s.shared and s.detail for s in conflicts)  # refused with a message, shared only
    assert result.verdict.false_conflicts == 0


def _ack(plan: Plan, user: int, value: str, version: int, based_on: int | None = None) -> Save:
    chapter = plan.chapters[0]
    based_on = version - 1 if based_on is None else based_on
    return Save(user, "chapters", chapter.id, "text", value, based_on, version, ACK, 1.0, True)


def test_the_check_finds_an_edit_lost_and_a_write_nobody_was_told_of() -> None:
    plan = small_plan()
    key = ("chapters", plan.chapters[0].id)
    plan.chapters[0].text = "first"  # the second acknowledged save is not what is stored
    saves = [_ack(plan, 0, "first", 2), _ack(plan, 1, "second", 3)]

    lost = verify(plan, {key: 1}, {key: 3}, saves)
    assert len(lost.lost) == 1 and not lost.ok

    both_on_one_version = verify(plan, {key: 1}, {key: 2}, [saves[0], _ack(plan, 1, "first", 2)])
    assert both_on_one_version.lost_edits == 1

    unlogged = verify(plan, {key: 1}, {key: 3}, saves[:1])
    assert unlogged.unlogged == [f"{key} v3"] and unlogged.lost_edits == 0

    stale = verify(plan, {key: 1}, {key: 3}, [_ack(plan, 1, "x", 2), _ack(plan, 0, "first", 3, 1)])
    assert len(stale.overwritten) == 1  # user 1's save replaced by one made on version 1

    assert verify(plan, {key: 1}, {key: 2}, saves[:1]) == Verdict()
