"""The editor's page, and a chapter's page with its text.

A page can be made ``later``: an empty widget standing in the editor's stack, whose widgets are
built the first time it is shown or used (opening a large plan builds only its first step).
"""

from __future__ import annotations

from typing import Any, Self

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from forms.checks import Location
from forms.plan import Chapter
from forms.template import ChapterSpec
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import TextSection, guidance_html


class Page(QWidget):
    """A step of the editor."""

    chapter: Chapter | None = None  # a chapter's page: its chapter

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        if not self.__dict__.pop("_shell_ready", False):  # not a page made later: a new widget
            super().__init__(parent)
        self.session, self.texts = session, texts
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)

    title_key = guidance_key = ""  # for steps that are not chapters: keys of ui.texts

    @classmethod
    def later(cls, session: PlanSession, texts: Texts, *args: Any) -> Self:
        """The page as an empty widget (``args``: the constructor's after ``texts``, the parent
        last); :meth:`build` runs the constructor, at the first show or attribute it lacks."""
        page = cls.__new__(cls)
        QWidget.__init__(page, args[-1])
        page.__dict__.update(session=session, texts=texts, _pending=args)
        return page

    @property
    def built(self) -> bool:
        return "_pending" not in self.__dict__

    def build(self) -> None:
        """Build a page made :meth:`later` (nothing for one already built)."""
        pending = self.__dict__.pop("_pending", None)
        if pending is not None:
            self.__dict__["_shell_ready"] = True
            type(self).__init__(self, self.session, self.texts, *self._build_args(pending))

    def _build_args(self, pending: tuple[Any, ...]) -> tuple[Any, ...]:
        return pending

    def __getattr__(self, name: str) -> Any:
        if "_pending" in self.__dict__ and not name.startswith("__"):
            self.build()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)

    def title(self) -> str:
        return self.texts(self.title_key)

    def guidance(self) -> str:
        return self.texts(self.guidance_key) if self.guidance_key else ""

    def retranslate(self) -> None:
        self.heading.setText(self.title())

    def focus_location(self, location: Location) -> None:
        """Put the keyboard focus on the field a finding points to."""

    def commit(self) -> None:
        """Push any typing still waiting for its pause to the model."""


class ChapterPage(Page):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, parent)
        self.chapter: Chapter = chapter
        self.spec = _spec(session, chapter)
        min_chars = self.spec.min_chars if self.spec else 200
        self.text_section = TextSection(session, texts, chapter, min_chars, self)

    @classmethod
    def later(cls, session: PlanSession, texts: Texts, *args: Any) -> Self:
        page = super().later(session, texts, *args)
        page.__dict__.update(chapter=args[0], spec=_spec(session, args[0]))
        return page

    def _build_args(self, pending: tuple[Any, ...]) -> tuple[Any, ...]:
        return (self.chapter, *pending[1:])  # the chapter it shows now (a reload replaces it)

    def title(self) -> str:
        return self.texts.pick(self.chapter.title_zh, self.chapter.title_en)

    def guidance(self) -> str:
        return guidance_html(self.texts, self.spec)

    def retranslate(self) -> None:
        super().retranslate()
        self.text_section.update_count()
        prompts = self.spec.prompts if self.spec else []
        lines = [self.texts("prompts.placeholder")] if prompts else []
        lines += [f"• {prompt.get(self.texts.lang)}" for prompt in prompts]
        self.text_section.editor.setPlaceholderText("\n".join(lines))
        self.text_section.editor.setAccessibleName(self.title())

    def commit(self) -> None:
        self.text_section.editor.commit()

    def focus_location(self, location: Location) -> None:
        self.text_section.editor.setFocus()


def _spec(session: PlanSession, chapter: Chapter) -> ChapterSpec | None:
    return session.template.chapter(chapter.template_ref) if chapter.template_ref else None


class TextPage(ChapterPage):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        self.layout_.addWidget(self.text_section, 1)
        self.retranslate()
