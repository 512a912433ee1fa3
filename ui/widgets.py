"""Small widgets shared by the editor's pages."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.live_text import replace_plain_text
from ui.texts import LANGUAGES, Texts

if TYPE_CHECKING:  # the start window's language menu lives here: it loads no plan machinery
    from forms.plan import Chapter
    from forms.template import ChapterSpec
    from ui.session import PlanSession


class ChapterTextEdit(QPlainTextEdit):
    """A chapter's text: each keystroke is journaled, each pause in typing is one undo step of
    the plan (and folds the journal); undo goes through the plan's stack."""

    def __init__(
        self, session: PlanSession, chapter: Chapter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.chapter_id = session, chapter.id
        self.setUndoRedoEnabled(False)  # the plan's QUndoStack owns undo
        self.setTabChangesFocus(True)
        self.setPlainText(chapter.text)
        self._updating = False
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(300)
        self._commit_timer.timeout.connect(self.commit)
        self.textChanged.connect(self._on_text_changed)
        session.item_changed.connect(self._on_item_changed)

    def _on_text_changed(self) -> None:
        if not self._updating:
            self.session.keep_typing("chapters", self.chapter_id, "text", self.toPlainText())
            self._commit_timer.start()

    def commit(self) -> None:
        """Push what is typed to the model (and so to the database) now."""
        self._commit_timer.stop()
        text = self.toPlainText()
        if self.session.value("chapters", self.chapter_id, "text") != text:
            self.session.edit("chapters", self.chapter_id, "text", text, merge=True)
        else:
            self.session.typing_settled("chapters", self.chapter_id, "text")

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        from ui.fields import leave_undo_to_the_plan

        if leave_undo_to_the_plan(event, self.commit):
            return False
        return super().event(event)

    def _on_item_changed(self, collection: str, item_id: str) -> None:
        if collection != "chapters" or item_id != self.chapter_id:
            return
        text = self.session.value("chapters", self.chapter_id, "text")
        if text == self.toPlainText():
            return
        self._updating = True
        try:  # only what differs: the cursor and selection stay on their words
            replace_plain_text(self, text)
        finally:
            self._updating = False


def guidance_html(texts: Texts, spec: ChapterSpec | None, extra: str = "") -> str:
    if spec is None:
        return extra
    parts = [f"<h3>{escape(texts('guidance.heading'))}</h3>"]
    parts.append(f"<p>{escape(spec.guidance.get(texts.lang))}</p>")
    if spec.prompts:
        parts.append(f"<h4>{escape(texts('prompts.heading'))}</h4><ol>")
        parts.extend(f"<li>{escape(p.get(texts.lang))}</li>" for p in spec.prompts)
        parts.append("</ol>")
    if extra:
        parts.append(extra)
    return "".join(parts)


class GuidancePanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setMinimumWidth(220)
        self.setAccessibleName("Guidance")


class TextSection(QWidget):
    """A heading label, a chapter editor and a character count."""

    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        chapter: Chapter,
        min_chars: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.texts, self.min_chars = texts, min_chars
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = ChapterTextEdit(session, chapter, self)
        self.editor.setAccessibleName(chapter.title_zh)
        self.count = QLabel(self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        self.editor.textChanged.connect(self.update_count)
        self.update_count()

    def update_count(self) -> None:
        count = len("".join(self.editor.toPlainText().split()))
        if self.min_chars:
            self.count.setText(self.texts("chars.target", count=count, target=self.min_chars))
        else:
            self.count.setText(self.texts("chars", count=count))


class _WholeHeaders(QObject):
    """Keeps every column at least as wide as its title, whose length depends on the language:
    on show, on a language switch (new titles) and when the rows are reloaded."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view, self._model = view, None
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.fit()
        return False

    def fit(self, *_args: object) -> None:
        if not shiboken6.isValid(self.view):  # the view is being destroyed
            return
        model = self.view.model()
        if model is not None and model is not self._model:
            self._model = model
            model.headerDataChanged.connect(self.fit)
            model.modelReset.connect(self.fit)
        header = self.view.horizontalHeader()
        for section in range(header.count()):
            needed = header.sectionSizeFromContents(section).width()
            if header.sectionSize(section) >= needed:
                continue
            if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(section, needed)


def wrap_items(view: QListWidget) -> None:
    """A list whose item texts wrap onto more lines when the list is narrow (step names,
    task groups): the whole name stays readable in every language."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)


class ElidedComboBox(QComboBox):
    """A combo box whose long choice is shortened with "…" where it is narrow, the whole
    text as its tooltip (a plain QComboBox cuts it off mid-word)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width() - 2
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ElidedLabel(QLabel):
    """A one-line label that may be narrower than its text (a long path in the status bar):
    the text is drawn shortened with "…" in the middle, and the whole text is the tooltip."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(min(40, super().minimumSizeHint().width()), super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        room = self.contentsRect()
        middle = Qt.TextElideMode.ElideMiddle
        shown = self.fontMetrics().elidedText(self.text(), middle, room.width())
        painter.drawText(room, int(self.alignment()), shown)


def tab_leaves(view: QAbstractItemView) -> None:
    """A list read row by row (plans, shortcuts, comments): Tab goes on to the next control,
    the arrow keys move within the list.  A table's Tab went from cell to cell and from the
    last cell back to the first, so the buttons after it were out of the keyboard's reach."""
    view.setTabKeyNavigation(False)


def tab_wraps(view: QAbstractItemView, backwards: bool) -> bool:
    """Whether Tab (Shift+Tab: ``backwards``) would take the table's current cell round to
    its first (last) cell: the current cell is the last (first) one."""
    current = view.currentIndex()
    if not current.isValid():
        return False
    action = (
        QAbstractItemView.CursorAction.MovePrevious
        if backwards
        else QAbstractItemView.CursorAction.MoveNext
    )
    following = view.moveCursor(action, Qt.KeyboardModifier.NoModifier)
    if not following.isValid() or following == current:
        return True
    if not isinstance(view, QTableView):
        return False
    place = (
        view.verticalHeader().visualIndex(current.row()),
        view.horizontalHeader().visualIndex(current.column()),
    )
    then = (
        view.verticalHeader().visualIndex(following.row()),
        view.horizontalHeader().visualIndex(following.column()),
    )
    return then > place if backwards else then < place


def leave_table(view: QAbstractItemView, backwards: bool) -> None:
    """Move the keyboard focus from ``view`` to the control after (before) it, as Tab
    (Shift+Tab) does from a widget that keeps no Tab for itself."""
    navigating = view.tabKeyNavigation()
    view.setTabKeyNavigation(False)
    try:
        key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
        modifiers = (
            Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    finally:
        view.setTabKeyNavigation(navigating)


def tab_backwards(event: QKeyEvent) -> bool | None:
    """Tab: False, Shift+Tab: True, any other key (Ctrl+Tab included): None."""
    modifiers = event.modifiers()
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return None
    if event.key() == Qt.Key.Key_Backtab:
        return True
    if event.key() == Qt.Key.Key_Tab:
        return bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    return None


def tab_leaving(view: QAbstractItemView, event: QEvent) -> bool | None:
    """Whether ``event`` is a Tab (False) or Shift+Tab (True) that would take ``view``'s
    cursor round its ends, and so should leave the table instead; None for any other event."""
    if (
        event.type() != QEvent.Type.KeyPress
        or not isinstance(event, QKeyEvent)
        or not view.tabKeyNavigation()
    ):
        return None
    backwards = tab_backwards(event)
    if backwards is None or not tab_wraps(view, backwards):
        return None
    return backwards


class _TabOutAtTheEnds(QObject):
    """In a table filled cell by cell, Tab goes to the next cell and, from the last cell, on to
    the next control (Shift+Tab from the first cell, back to the one before): Qt's table
    went round from the last cell to the first, and Tab never left it."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        backwards = tab_leaving(self.view, event) if watched is self.view else None
        if backwards is None:
            return False
        leave_table(self.view, backwards)
        return True


def tab_through_cells(view: QAbstractItemView) -> None:
    """Tab from cell to cell, and out of the table after its last cell (see _TabOutAtTheEnds)."""
    view.setTabKeyNavigation(True)
    _TabOutAtTheEnds(view)


def keep_headers_whole(view: QTableView) -> None:
    """Columns at least as wide as their titles, in whichever language (see _WholeHeaders)."""
    _WholeHeaders(view)


def configure_table(view: QTableView) -> None:
    from ui.fields import TypingDelegate

    keep_headers_whole(view)
    view.setItemDelegate(TypingDelegate(view))  # each keystroke of a cell is journaled
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    tab_through_cells(view)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setDefaultSectionSize(28)
    view.verticalHeader().setMaximumSectionSize(72)  # long texts: three lines, tooltip for more
    view.setEditTriggers(
        QTableView.EditTrigger.DoubleClicked
        | QTableView.EditTrigger.EditKeyPressed
        | QTableView.EditTrigger.AnyKeyPressed
        | QTableView.EditTrigger.SelectedClicked
    )


class LanguageMenu(QMenu):
    """View ▸ Language: the interface languages, the current one checked; switches at once."""

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.lang_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction(self)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked, lang=lang: texts.set_language(lang))
            self.addAction(action)
            self.lang_actions[lang] = action
        texts.changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.texts("menu.language"))
        for lang, action in self.lang_actions.items():
            action.setText(self.texts(f"lang.{lang}"))
            action.setChecked(lang == self.texts.lang)
