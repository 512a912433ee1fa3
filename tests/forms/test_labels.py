"""The words of the code's choices live on their enums, in both languages; the documents',
workbooks' and command line's tables take them from there."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from enum import Enum
from typing import get_args

import forms
import forms.checks
import forms.plan
import forms.qualifiers
import forms.template
from exporters.labels import LABELS
from exporters.xlsx import _TEXTS as WORKBOOK_TEXTS
from forms.labels import (
    CommentStatus,
    Labelled,
    ProjectStatus,
    Scenario,
    SnapshotKind,
    TrackState,
)
from forms.plan import Comment, GrowthAssumption, MonitoringEntry, PlanStatus

CJK = re.compile(r"[\u4e00-\u9fff]")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _labelled_enums() -> list[type[Labelled]]:
    found, pending = [], list(Labelled.__subclasses__())
    while pending:
        enum = pending.pop()
        found.append(enum)
        pending.extend(enum.__subclasses__())
    return found


INTERNAL_ENUMS = {"ChapterKind", "ValueKind"}  # how the app reads a template, never shown


def _enums_in_forms() -> set[type[Enum]]:
    """Every enum class any module of forms/ defines (found, not listed by hand)."""
    found: set[type[Enum]] = set()
    for info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{info.name}")
        found |= {
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Enum)
            and value.__module__ == module.__name__
            and value is not Labelled
        }
    return found


def test_every_enum_of_the_plan_carries_its_words() -> None:
    enums = set(_labelled_enums())
    shown = {e for e in _enums_in_forms() if e.__name__ not in INTERNAL_ENUMS}
    assert shown <= enums, sorted(e.__name__ for e in shown - enums)
    model = (forms.plan.PlanStatus, forms.plan.SourceKind, forms.plan.Quality)
    template = (forms.template.PilotType, forms.template.Direction, forms.template.Obligation)
    others = (forms.qualifiers.Qualifier, forms.checks.Severity)
    literals = (Scenario, ProjectStatus, TrackState, CommentStatus, SnapshotKind)
    assert {*model, *template, *others, *literals} <= enums


def test_every_label_exists_in_both_languages_with_the_same_placeholders() -> None:
    for enum in _labelled_enums():
        for member in enum:
            zh, en = member.labels
            assert zh.strip() and en.strip(), member
            assert CJK.search(zh) and not CJK.search(en), member
            assert _placeholders(zh) == _placeholders(en), member
            assert member.label("zh") == zh and member.label("en") == en


def test_the_exporters_tables_too() -> None:
    for table in (LABELS, WORKBOOK_TEXTS):
        for key, (zh, en) in table.items():
            assert zh.strip() and en.strip(), key
            english = {"month" if p == "month_name" else p for p in _placeholders(en)}
            assert _placeholders(zh) == english, key  # the month's name is made from its number


def test_the_model_literals_are_the_enums_values() -> None:
    fields = (
        (GrowthAssumption, "scenario", Scenario),
        (MonitoringEntry, "project_status", ProjectStatus),
        (Comment, "status", CommentStatus),
    )
    for model, name, enum in fields:
        annotation = model.model_fields[name].annotation
        values = {v for arg in (annotation, *get_args(annotation)) for v in get_args(arg)}
        values |= set(get_args(annotation))
        assert {v for v in values if isinstance(v, str)} == {m.value for m in enum}, name


def test_tables_take_the_enums_words() -> None:
    assert LABELS["scenario_policy"] == Scenario.POLICY.labels
    assert LABELS["on_track"] == TrackState.ON_TRACK.labels
    assert WORKBOOK_TEXTS["status_approved"] == PlanStatus.APPROVED.labels == ("已批复", "Approved")
