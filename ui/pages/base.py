"""The editor's page, and a chapter's page with its text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from forms.checks import Location
from forms.plan import Chapter
from forms.template import ChapterSpec
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import TextSection, guidance_html


class Page(QWidget):
    """A step of the editor."""

    def __init__(self, session: PlanSession, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.texts = session, texts
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)

    title_key = guidance_key = ""  # for steps that are not chapters: keys of ui.texts

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
        self.chapter = chapter
        self.spec: ChapterSpec | None = (
            session.template.chapter(chapter.template_ref) if chapter.template_ref else None
        )
        min_chars = self.spec.min_chars if self.spec else 200
        self.text_section = TextSection(session, texts, chapter, min_chars, self)

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


class TextPage(ChapterPage):
    def __init__(
        self, session: PlanSession, texts: Texts, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, texts, chapter, parent)
        self.layout_.addWidget(self.text_section, 1)
        self.retranslate()
