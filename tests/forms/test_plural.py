"""A count's English noun as a format field: "{count} {count:comment|comments}"."""

from __future__ import annotations

import pytest

from forms.plural import fill, plural


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 comments"),
        (1, "1 comment"),
        (2, "2 comments"),
        (-1, "-1 comment"),
        ("1", "1 comment"),
    ],
)
def test_the_field_gives_the_word_for_its_count(count: object, text: str) -> None:
    assert fill("{count} {count:comment|comments}", count=count) == text


def test_other_fields_format_as_str_format_does() -> None:
    text = "{year}: {on} {on:indicator|indicators} on track, {share:.1f}% of {total:,}"
    assert fill(text, year=2025, on=1, share=12.345, total=12345) == (
        "2025: 1 indicator on track, 12.3% of 12,345"
    )
    assert fill("{n} 条意见", n=1) == "1 条意见"  # Chinese keeps its plain field


def test_a_phrase_and_a_verb_agree_with_the_count() -> None:
    text = "{done} key {done:project was|projects were} completed"
    assert fill(text, done=1) == "1 key project was completed"
    assert fill(text, done=3) == "3 key projects were completed"
    assert plural(1, "lowers", "lower") == "lowers"


def test_the_documents_and_checks_say_one_thing_in_the_singular() -> None:
    from exporters.labels import LABELS
    from forms.checks import MESSAGES
    from tests.plural_check import singular_plural_faults

    assert singular_plural_faults(LABELS) == []
    assert singular_plural_faults(MESSAGES) == []
