"""Chinese by default, English at run time from the menu, remembered for the next start."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from forms.factory import new_plan
from tests.plural_check import count_fields, fields, singular_plural_faults
from tests.ui.conftest import press, quit_app
from ui.pages import IndicatorsPage
from ui.texts import STRINGS, Texts, enum_labels


def _placeholders(text: str) -> set[str]:
    """The field names: "{count} {count:comment|comments}" names ``count`` once."""
    return {name for name, _spec in fields(text)}


def test_every_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in {**STRINGS, **enum_labels()}.items():
        assert zh.strip() and en.strip(), key
        assert _placeholders(zh) == _placeholders(en), key
        assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: the Chinese text has no Chinese"
        assert zh.count("&") == en.count("&"), f"{key}: mnemonic in one language only"
        assert Texts("zh")(key, **dict.fromkeys(_placeholders(zh), 1)), key
        assert Texts("en")(key, **dict.fromkeys(_placeholders(en), 2)), key


def test_a_count_says_its_english_noun_in_the_singular_and_the_plural() -> None:
    """ "1 comments", "0 errors, 1 warnings": every English noun after a count (a field the
    Chinese gives a measure word, or a known count) names its two forms."""
    table = {**STRINGS, **enum_labels()}
    assert {"count", "errors", "warnings", "changes", "new", "on", "done"} <= count_fields(table)
    assert singular_plural_faults(table) == []
    texts = Texts("en")
    assert texts("comments.badge", count=1) == "  [1 comment]"
    assert texts("check.summary", percent="90%", errors=0, warnings=1, infos=2) == (
        "90% complete; 0 errors, 1 warning, 2 notes."
    )


def test_chinese_is_the_default(qtbot, start_app) -> None:
    window = start_app(lang=None)
    assert window.texts.lang == "zh"
    assert window.file_menu.title() == "文件(&F)"


def test_switching_to_english_from_the_menu_is_immediate_and_remembered(qtbot, start_app) -> None:
    window = start_app(lang=None)
    plan = new_plan("测试市", "city", province="江苏省")
    window.context.repo.save_plan(plan)
    window.reload(plan.id)
    editor = window.open_plan(plan.id)
    qtbot.waitUntil(editor.isActiveWindow)
    step = next(n for n, p in enumerate(editor.pages) if isinstance(p, IndicatorsPage))
    editor.steps.setCurrentRow(step)

    editor.lang_actions["en"].trigger()  # View ▸ Language ▸ English

    assert window.heading.text() == "My plans"
    assert editor.back_button.text() == "&Back"
    page = editor.pages[step]
    assert page.heading.text() == "Main targets"  # template texts follow the language
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "Share of non-fossil energy in total energy consumption" in names
    assert "Guidance" in editor.guidance.toPlainText()
    assert Texts().lang == "en"  # remembered in the settings
    press(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    quit_app(window)

    again = start_app(lang=None)
    assert again.texts.lang == "en" and again.file_menu.title() == "&File"
    again.lang_actions["zh"].trigger()
    assert again.heading.text() == "我的方案" and Texts().lang == "zh"


def test_an_empty_chapter_shows_its_prompts_in_the_interface_language(qtbot, start_app) -> None:
    """The prompts follow the interface language (not the plan's document language)."""
    from ui.pages import TextPage

    window = start_app(lang="zh")
    plan = new_plan("测试市", "city")
    window.context.repo.save_plan(plan)
    window.reload(plan.id)
    editor = window.open_plan(plan.id)
    page = next(p for p in editor.pages if isinstance(p, TextPage))
    placeholder = page.text_section.editor.placeholderText()
    assert placeholder.startswith("本章应回答") and "制约因素" in placeholder
    editor.lang_actions["en"].trigger()
    assert "key constraints" in page.text_section.editor.placeholderText()
    assert editor.session.plan.meta.language == "zh"  # the plan's own language did not change
    editor.lang_actions["zh"].trigger()
    assert page.text_section.editor.placeholderText() == placeholder
