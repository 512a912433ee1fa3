"""The Qt-free part of a conflict: what differs, labelled; a merge's start; the merged item."""

from __future__ import annotations

import pytest

from forms.plan import Chapter, IndicatorRow, PlanMeta, Project
from workflows.conflicts import (
    Conflict,
    MergeRefusedError,
    differences,
    item_title,
    merge_texts,
    merged_item,
    same_content,
)


def _conflict(mine: object, theirs: object) -> Conflict:
    return Conflict("x", "id", mine, theirs, 3, ("annex2-2023", "city"))  # type: ignore[arg-type]


def test_a_merge_starts_from_both_texts_with_shared_lines_once() -> None:
    mine = "第一段。\n我改的第二段。\n第三段。"
    theirs = "第一段。\n他改的第二段。\n第三段。\n他加的第四段。"
    assert merge_texts(mine, theirs) == (
        "第一段。\n我改的第二段。\n他改的第二段。\n第三段。\n他加的第四段。"
    )
    assert merge_texts("同一段", "同一段") == "同一段"
    assert merge_texts("", "他的") == "他的"


def test_the_fields_that_differ_carry_labels_and_readable_values() -> None:
    base = IndicatorRow(name_zh="单位GDP能耗下降", obligation="expected")
    mine = base.model_copy(deep=True)
    mine.target_2025.basic.text = "13.5"
    theirs = base.model_copy(update={"obligation": "binding"}, deep=True)
    theirs.target_2025.basic.text = "14"
    found = differences(_conflict(mine, theirs), "zh")
    by_path = {d.path: d for d in found}
    assert set(by_path) == {"target_2025.basic.text", "obligation"}
    target = by_path["target_2025.basic.text"]
    assert (target.label, target.mine, target.theirs, target.typed) == (
        "2025年目标",
        "13.5",
        "14",
        True,
    )
    obligation = by_path["obligation"]
    assert (obligation.label, obligation.mine, obligation.theirs) == ("属性", "预期性", "约束性")
    assert not obligation.typed  # a choice is picked, not typed
    assert differences(_conflict(mine, theirs), "en")[0].label == "type"


def test_the_merged_item_takes_typed_texts_and_picked_sides() -> None:
    mine = Project(name="光伏", owner="发改委", content="我的内容")
    theirs = mine.model_copy(update={"owner": "住建局", "content": "他的内容"})
    merged = merged_item(_conflict(mine, theirs), {"content": "商定的内容"}, {}, "zh")
    assert (merged.owner, merged.content) == ("发改委\n住建局", "商定的内容")
    assert merged.id == mine.id and mine.content == "我的内容"  # mine itself untouched


def test_a_merged_value_the_item_cannot_hold_is_refused_naming_the_field() -> None:
    mine = PlanMeta(name="方案", pilot_type="city", base_year=2020)
    theirs = mine.model_copy(update={"base_year": 2021})
    conflict = _conflict(mine, theirs)
    assert [d.path for d in differences(conflict, "zh")] == ["base_year"]
    chapter = Chapter(title_zh="目标", text="甲")
    chapter_conflict = _conflict(chapter, chapter.model_copy(update={"title_zh": "乙"}))
    with pytest.raises(MergeRefusedError) as caught:
        merged_item(chapter_conflict, {"title_zh": 5}, {})  # type: ignore[dict-item]
    assert "标题" in caught.value.message("zh")
    assert "title" in caught.value.message("en")


def test_names_and_sameness() -> None:
    chapter = Chapter(title_zh="基本情况", title_en="Base situation", text="甲")
    conflict = Conflict("chapters", chapter.id, chapter, None, 0)
    assert item_title(conflict, "zh") == "章节“基本情况”"
    assert item_title(conflict, "en") == "chapter “Base situation”"
    assert conflict.removal and differences(conflict, "zh") == []
    assert same_content(chapter, chapter.model_copy(deep=True))
    assert not same_content(chapter, chapter.model_copy(update={"text": "乙"}))
    assert same_content(None, None) and not same_content(chapter, None)
    meta = PlanMeta(name="方案", pilot_type="city")
    saved_later = meta.model_copy(update={"updated_at": "2030-01-01T00:00:00"})
    assert same_content(meta, saved_later)  # only the save's own time differs: nothing to ask
