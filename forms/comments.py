"""Review comments: counted per chapter, and merged from another copy of the plan."""

from __future__ import annotations

from collections import Counter

from forms.plan import Chapter, Comment, Plan, now_iso


def open_counts(plan: Plan) -> Counter[str]:
    """Open comments per chapter id; a comment on an indicator or project counts for the
    chapter that holds it (targets, projects)."""
    from forms.template import ChapterKind

    holder = {
        "indicators": next((c.id for c in plan.chapters if c.kind == ChapterKind.INDICATORS), ""),
        "projects": next((c.id for c in plan.chapters if c.kind == ChapterKind.PROJECTS), ""),
    }
    counts: Counter[str] = Counter()
    for comment in plan.comments:
        if comment.status == "open":
            chapter = (
                comment.item_id
                if comment.collection == "chapters"
                else holder.get(comment.collection, "")
            )
            counts[chapter] += 1
    return counts


def merge_comments(mine: list[Comment], theirs: list[Comment]) -> tuple[list[Comment], int, int]:
    """``mine`` with ``theirs`` merged in: new ids added, known ids taken over when theirs was
    updated later (a reply, a resolution).  Returns (comments, added, updated)."""
    merged = {c.id: c for c in mine}
    added = updated = 0
    for comment in theirs:
        known = merged.get(comment.id)
        if known is None:
            merged[comment.id] = comment
            added += 1
        elif comment.updated_at > known.updated_at and comment != known:
            merged[comment.id] = comment
            updated += 1
    return sorted(merged.values(), key=lambda c: c.created_at), added, updated


def find_chapter(plan: Plan, ref: str) -> Chapter | None:
    """A chapter by its id or its Chinese or English title."""
    return next((c for c in plan.chapters if ref in (c.id, c.title_zh, c.title_en)), None)


def new_comment(collection: str, item_id: str, text: str, author: str = "") -> Comment | None:
    """A review comment, or None when its text is blank (nothing to say)."""
    text = text.strip()
    if not text or not item_id:
        return None
    return Comment(
        collection=collection,  # type: ignore[arg-type]
        item_id=item_id,
        author=author.strip(),
        text=text,
    )


def with_reply(comment: Comment, text: str, author: str) -> Comment:
    """The comment answered; its time moves on, so merging another copy keeps the reply."""
    return comment.model_copy(
        update={"reply": text.strip(), "reply_author": author.strip(), "updated_at": now_iso()}
    )


def toggled(comment: Comment) -> Comment:
    """The comment resolved, or open again."""
    status = "open" if comment.status == "resolved" else "resolved"
    return comment.model_copy(update={"status": status, "updated_at": now_iso()})
