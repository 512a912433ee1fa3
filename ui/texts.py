"""The interface's words in Chinese (default) and English, switchable while the app runs.

One translation table (``STRINGS``) instead of Qt .ts files: every string sits beside its
translation, and a test checks both exist with the same placeholders.  A count's English noun
is a field of its own, "{count} {count:comment|comments}" (see :mod:`forms.plural`).  The
chosen language is remembered in the user's settings (QSettings).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject, QSettings, Signal

from forms.plural import fill
from ui.strings.conflicts import CONFLICTS
from ui.strings.editor import EDITOR
from ui.strings.live import LIVE
from ui.strings.start import START
from ui.strings.team import TEAM
from ui.strings.trajectory import TRAJECTORY

LANGUAGES = ("zh", "en")
SETTINGS_KEY = "ui/language"


@cache
def enum_labels() -> dict[str, tuple[str, str]]:
    """The words of the code's choices, from their enums (forms/).  Loaded on first use: the
    enums live beside the plan model, which the start window does not wait for."""
    from forms.checks import Severity
    from forms.labels import (
        CommentStatus,
        ProjectStatus,
        Scenario,
        SnapshotKind,
        TrackState,
        keyed_labels,
    )
    from forms.plan import PlanStatus
    from forms.template import Obligation, PilotType

    return {
        **keyed_labels("type.", PilotType),
        **keyed_labels("status.", PlanStatus),
        **keyed_labels("monitor.", TrackState, ProjectStatus),
        **keyed_labels("comments.", CommentStatus),
        **keyed_labels("versions.kind.", SnapshotKind),
        **keyed_labels("obligation.", Obligation),
        **keyed_labels("severity.", Severity),
        **keyed_labels("scenario.", Scenario),
    }


STRINGS: dict[str, tuple[str, str]] = {  # with enum_labels(): every key Texts answers
    **START,
    **EDITOR,
    **TRAJECTORY,
    **LIVE,
    **TEAM,
    **CONFLICTS,
}


class Texts(QObject):
    """The current interface language and the table lookup; emits ``changed`` on a switch."""

    changed = Signal(str)

    def __init__(self, lang: str | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self._settings = settings or QSettings("PeakPlan", "PeakPlan")
        stored = self._settings.value(SETTINGS_KEY, "zh")
        self.lang = lang if lang in LANGUAGES else (stored if stored in LANGUAGES else "zh")

    def __call__(self, key: str, **params: object) -> str:
        entry = STRINGS.get(key)
        zh, en = entry if entry is not None else enum_labels()[key]
        text = en if self.lang == "en" else zh
        return fill(text, **params) if params else text

    def pick(self, zh: str, en: str) -> str:
        """A data text that exists in both languages (English falls back to Chinese)."""
        return (en or zh) if self.lang == "en" else zh

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES or lang == self.lang:
            return
        self.lang = lang
        self._settings.setValue(SETTINGS_KEY, lang)
        self._settings.sync()
        self.changed.emit(lang)
