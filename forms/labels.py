"""The words of the code's choices, in Chinese and English, in one place: each enum carries
its labels (``DRAFT = "draft", "草稿", "Draft"``), and the command line, the app, the documents
and the workbooks all read them from the enum.

The enums of the plan model live beside it (:mod:`forms.plan`, :mod:`forms.template`,
:mod:`forms.qualifiers`, :mod:`forms.checks`); the choices the model spells as literals
(a scenario, a project's progress, a comment's status), a snapshot's kind, and a plan's
pilot type and status (which the plan list shows without loading the model) are here.
Names that come from a guideline template (task areas, project fields, indicators) are data
and carry their own names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A string enum whose members carry their Chinese and English labels."""

    zh: str
    en: str

    def __new__(cls, value: str, zh: str = "", en: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh, member.en = zh, en
        return member

    def label(self, lang: str) -> str:
        """The member's label in ``lang`` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh

    @property
    def labels(self) -> tuple[str, str]:
        """(zh, en), the shape of the other bilingual tables."""
        return self.zh, self.en


# A pilot's kind (``PlanMeta.pilot_type``, a template's variant) and where a plan stands
# (``PlanMeta.status``); comments, not docstrings: a docstring would enter the plan's schema.
class PilotType(Labelled):
    CITY = "city", "城市", "City"
    PARK = "park", "园区", "Park"


# Whether an indicator's target is binding (a template's indicator, a plan's row): here, not in
# forms.template, so that the exported documents' labels need not load the template's models.
class Obligation(Labelled):
    BINDING = "binding", "约束性", "binding"
    EXPECTED = "expected", "预期性", "expected"


class PlanStatus(Labelled):
    DRAFT = "draft", "草稿", "Draft"
    INTERNAL_REVIEW = "internal_review", "内部审核", "Internal review"
    SUBMITTED = "submitted", "已报送", "Submitted"
    REVISING = "revising", "修改中", "Revising"
    APPROVED = "approved", "已批复", "Approved"


def keyed_labels(prefix: str, *enums: type[Labelled]) -> dict[str, tuple[str, str]]:
    """``{prefix + value: (zh, en)}`` for every member: to merge into a table of texts."""
    return {f"{prefix}{member.value}": member.labels for enum in enums for member in enum}


class Scenario(Labelled):
    """A trajectory scenario (``GrowthAssumption.scenario``)."""

    BASELINE = "baseline", "基准情景", "Baseline"
    POLICY = "policy", "政策情景", "Policy"


class ProjectStatus(Labelled):
    """A project's progress in a monitoring year (``MonitoringEntry.project_status``)."""

    NOT_STARTED = "not_started", "未开工", "not started"
    UNDER_WAY = "under_way", "在建", "under way"
    DONE = "done", "已建成", "done"


class TrackState(Labelled):
    """An indicator's progress against the straight path to its targets."""

    ON_TRACK = "on_track", "符合进度", "on track"
    OFF_TRACK = "off_track", "滞后于进度", "off track"
    UNKNOWN = "unknown", "无法判断", "cannot say"


class CommentStatus(Labelled):
    """A review comment's status (``Comment.status``)."""

    OPEN = "open", "待处理", "open"
    RESOLVED = "resolved", "已处理", "resolved"


class SnapshotKind(Labelled):
    """Why a snapshot was taken."""

    MANUAL = "manual", "手动保存", "taken by hand"
    BEFORE_IMPORT = "before_import", "导入前自动保存", "before an import"
    EXPORT = "export", "导出报送包时保存", "package exported"
