"""Review comments merge by id: new ones added, replies taken over, none twice."""

from __future__ import annotations

from forms.comments import merge_comments, open_counts
from forms.demo import demo_plans
from forms.plan import Comment


def test_merge_adds_new_updates_answered_and_never_duplicates() -> None:
    first = Comment(
        collection="chapters",
        item_id="c1",
        text="请补充",
        created_at="2026-01-01",
        updated_at="2026-01-01",
    )
    mine = [first]
    answered = first.model_copy(
        update={"reply": "已补充", "status": "resolved", "updated_at": "2026-02-01"}
    )
    other = Comment(collection="projects", item_id="p1", text="投资偏高", created_at="2026-01-05")
    merged, added, updated = merge_comments(mine, [answered, other])
    assert (added, updated) == (1, 1) and len(merged) == 2
    assert merged[0].status == "resolved" and merged[0].reply == "已补充"
    again, added, updated = merge_comments(merged, [answered, other, first])
    assert (added, updated, len(again)) == (0, 0, 2)  # an older copy never undoes a reply


def test_open_comments_counted_per_chapter() -> None:
    plan = demo_plans()[0]
    projects = next(c for c in plan.chapters if c.kind.value == "projects")
    plan.comments = [
        Comment(collection="chapters", item_id=plan.chapters[0].id, text="a"),
        Comment(collection="projects", item_id=plan.projects[0].id, text="b"),
        Comment(collection="chapters", item_id=plan.chapters[0].id, text="c", status="resolved"),
    ]
    counts = open_counts(plan)
    assert counts[plan.chapters[0].id] == 1 and counts[projects.id] == 1
