"""The revision table (修改说明): each change since a snapshot, the chapter it belongs to, who
made it when (where the database knows) and why it was made, as a PDF/Word document and as a
workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from exporters.blocks import Cover, Document, Heading, Paragraph, Table
from exporters.cells import put_row
from forms.attribution import Stamps, stamp_for
from forms.diff import Difference, diff_plans
from forms.plan import Plan
from forms.template import ChapterKind

# Which chapter kind holds the items of a collection.
_HOLDER = {
    "base_data": ChapterKind.BASE_DATA,
    "fuels": ChapterKind.BASE_DATA,
    "growth": ChapterKind.BASE_DATA,
    "indicators": ChapterKind.INDICATORS,
    "higher_targets": ChapterKind.INDICATORS,
    "task_groups": ChapterKind.TASKS,
    "measures": ChapterKind.TASKS,
    "projects": ChapterKind.PROJECTS,
    "policies": ChapterKind.POLICIES,
    "milestones": ChapterKind.SCHEDULE,
}
_TEXTS = {
    "title": ("{name}修改说明", "Revision notes: {name}"),
    "since": ("对照版本：{snapshot}", "Compared with: {snapshot}"),
    "header": (
        ("序号", "章节", "修改内容", "修改人", "修改时间", "修改理由"),
        ("No.", "Chapter", "Change", "Changed by", "Changed at", "Why"),
    ),
    "meta": ("方案信息", "Plan information"),
    "none": ("自该版本以来没有修改。", "Nothing changed since that version."),
}


def _t(key: str, lang: str):
    zh, en = _TEXTS[key]
    return en if lang == "en" else zh


def chapter_of(plan: Plan, difference: Difference, lang: str) -> str:
    chapter = None
    if difference.collection == "chapters":
        chapter = plan.chapter(difference.item_id)
    elif difference.collection in _HOLDER:
        chapter = plan.chapter_of_kind(_HOLDER[difference.collection])
    if chapter is None:
        return difference.label if difference.collection == "chapters" else _t("meta", lang)
    return chapter.title_en if lang == "en" and chapter.title_en else chapter.title_zh


def _what(difference: Difference, lang: str) -> str:
    text = difference.describe(lang)
    if difference.kind == "changed" and not difference.spans:
        old, new = difference.old_text(lang), difference.new_text(lang)
        return f"{text}：{old} → {new}" if lang == "zh" else f"{text}: {old} → {new}"
    if difference.spans:
        changed = [f"“{s.old}”→“{s.new}”" for s in difference.spans if s.op != "equal"][:5]
        return f"{text}：{'；'.join(changed)}" if lang == "zh" else f"{text}: {'; '.join(changed)}"
    return text


Row = tuple[str, str, str, str, str, str]


def revision_rows(
    old: Plan,
    new: Plan,
    lang: str = "zh",
    stamps: Stamps | None = None,
    differences: list[Difference] | None = None,
) -> list[Row]:
    """Number, chapter, change, who changed it, when, why: one row per difference.  Who and
    when come from ``stamps`` (the last change of each item, with display names).
    ``differences``: ``diff_plans(old, new)`` when the caller has it already."""
    notes = {n.id: n.why for n in new.revision_notes}
    found = diff_plans(old, new) if differences is None else differences
    rows = []
    for n, difference in enumerate(found, 1):
        stamp = stamp_for(difference, stamps or {})
        who, when = (stamp.who, stamp.when) if stamp else ("", "")
        chapter, what = chapter_of(new, difference, lang), _what(difference, lang)
        why = notes.get(difference.key, "")
        rows.append((str(n), chapter, what, who, when, why))
    return rows


def revision_document(
    old: Plan, new: Plan, snapshot: str, lang: str = "zh", stamps: Stamps | None = None
) -> Document:
    rows = revision_rows(old, new, lang, stamps)
    blocks = [
        Heading(1, "", _t("title", lang).format(name=new.meta.name)),
        Paragraph(_t("since", lang).format(snapshot=snapshot), indent=False),
    ]
    if rows:
        blocks.append(Table(_t("header", lang), tuple(rows), (1, 3, 8, 2, 3, 4)))
    else:
        blocks.append(Paragraph(_t("none", lang)))
    cover = Cover(
        title=_t("title", lang).format(name=new.meta.name),
        subtitle=new.meta.name,
        date=new.meta.updated_at[:10],
    )
    return Document(lang=lang, cover=cover, contents_title="", blocks=blocks, front_matter=False)


def revision_workbook(
    old: Plan, new: Plan, snapshot: str, lang: str = "zh", stamps: Stamps | None = None
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "修改说明" if lang == "zh" else "Revisions"
    put_row(ws, 1, [_t("since", lang).format(snapshot=snapshot)])
    for cell in put_row(ws, 2, _t("header", lang)):
        cell.font = Font(bold=True)
    for number, row in enumerate(revision_rows(old, new, lang, stamps), 3):
        for cell in put_row(ws, number, row):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (6, 22, 70, 14, 17, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
