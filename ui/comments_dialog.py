"""Review comments (审核意见) on the plan's chapters: written, answered, resolved, reopened.
Every change is an undoable, saved session edit; comments travel inside packages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.comments import new_comment, toggled, with_reply
from forms.plan import Comment
from ui.session import PlanSession
from ui.texts import Texts
from ui.widgets import tab_leaves


class CommentsDialog(QDialog):
    def __init__(
        self,
        session: PlanSession,
        texts: Texts,
        chapter_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commentsDialog")
        self.session, self.texts = session, texts
        self._build_target(chapter_id)
        self._build_inputs()  # before the table: Tab goes down the form, then to the list
        self._build_table()
        self.chapter.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        session.rows_changed.connect(self._on_rows)
        session.item_changed.connect(self._on_item)
        self._lay_out()
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.retranslate()
        self.resize(860, 520)

    def _build_target(self, chapter_id: str | None) -> None:
        """What the comments are on: a chapter, an indicator or a project."""
        self.chapter = QComboBox(self)
        self.chapter.setObjectName("commentChapter")
        plan, texts = self.session.plan, self.texts
        for chapter in plan.chapters:
            self.chapter.addItem(
                texts.pick(chapter.title_zh, chapter.title_en), f"chapters:{chapter.id}"
            )
        colon = ": " if texts.lang == "en" else "："
        for row in plan.indicators:  # an indicator or a project can be commented on too
            self.chapter.addItem(
                f"  {texts('comments.indicator')}{colon}{texts.pick(row.name_zh, row.name_en)}",
                f"indicators:{row.id}",
            )
        for project in plan.projects:
            self.chapter.addItem(
                f"  {texts('comments.project')}{colon}{project.name}", f"projects:{project.id}"
            )
        if chapter_id is not None:
            self.chapter.setCurrentIndex(max(0, self.chapter.findData(f"chapters:{chapter_id}")))

    def _build_table(self) -> None:
        self.table = QTableWidget(self)
        self.table.setObjectName("commentTable")
        self.table.setColumnCount(5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tab_leaves(self.table)
        self.table.verticalHeader().setVisible(False)
        # a comment and its reply wrap onto as many lines as they need (one line cut a
        # reviewer's comment to “请补充2025年中期评估的具体安排，并说明资…”)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def _build_inputs(self) -> None:
        """The author, the text and the buttons that add, reply and resolve."""
        self.author = QLineEdit(self)
        self.author.setObjectName("commentAuthor")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("commentText")
        self.text.setMaximumHeight(80)
        self.text.setTabChangesFocus(True)  # Tab on to Add comment, not a tab in the comment
        self.add_button, self.reply_button, self.resolve_button = (
            QPushButton(self),
            QPushButton(self),
            QPushButton(self),
        )
        self.add_button.setObjectName("addComment")
        self.reply_button.setObjectName("replyComment")
        self.resolve_button.setObjectName("resolveComment")
        for button in (self.add_button, self.reply_button, self.resolve_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add())
        self.reply_button.clicked.connect(lambda: self.reply())
        self.resolve_button.clicked.connect(self.toggle_resolved)

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self.chapter_label, self.author_label, self.text_label = (
            QLabel(self),
            QLabel(self),
            QLabel(self),
        )
        self.chapter_label.setBuddy(self.chapter)
        self.author_label.setBuddy(self.author)
        self.text_label.setBuddy(self.text)
        self.form.addRow(self.chapter_label, self.chapter)
        self.form.addRow(self.author_label, self.author)
        self.form.addRow(self.text_label, self.text)
        buttons_row = QHBoxLayout()
        for button in (self.add_button, self.reply_button, self.resolve_button):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)

    # -- reading --------------------------------------------------------------------------------

    def target(self) -> tuple[str, str]:
        """(collection, item id) the comments shown belong to."""
        collection, _, item_id = (self.chapter.currentData() or "chapters:").partition(":")
        return collection, item_id

    def chapter_id(self) -> str:
        return self.target()[1]

    def shown(self) -> list[Comment]:
        collection, item_id = self.target()
        return [
            c
            for c in self.session.plan.comments
            if c.collection == collection and c.item_id == item_id
        ]

    def selected(self) -> Comment | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        comments = self.shown()
        return comments[min(rows)] if rows and min(rows) < len(comments) else None

    def reload(self) -> None:
        t = self.texts
        comments = self.shown()
        self.table.setRowCount(len(comments))
        for r, comment in enumerate(comments):
            status = t("comments.resolved" if comment.status == "resolved" else "comments.open")
            values = (
                comment.created_at.replace("T", " ")[:16],
                comment.author,
                comment.text,
                status,
                f"{comment.reply_author}：{comment.reply}" if comment.reply else "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self._update_buttons()

    def _on_rows(self, collection: str) -> None:
        if collection == "comments":
            self.reload()

    def _on_item(self, collection: str, _item_id: str) -> None:
        if collection == "comments":
            self.reload()

    def _update_buttons(self) -> None:
        comment = self.selected()
        self.reply_button.setEnabled(comment is not None)
        self.resolve_button.setEnabled(comment is not None)
        if comment is not None:
            key = "comments.reopen" if comment.status == "resolved" else "comments.resolve"
            self.resolve_button.setText(self.texts(key))

    # -- editing --------------------------------------------------------------------------------

    def add(self, text: str | None = None, author: str | None = None) -> Comment | None:
        comment = new_comment(
            self.target()[0],
            self.chapter_id(),
            self.text.toPlainText() if text is None else text,
            self.author.text() if author is None else author,
        )
        if comment is None:
            return None
        self.session.add_item("comments", comment)
        self.text.clear()
        return comment

    def reply(self, text: str | None = None) -> None:
        comment = self.selected()
        if comment is None:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self,
                self.texts("comments.reply"),
                self.texts("comments.reply_prompt"),
                comment.reply,
            )
            if not ok:
                return
        self._replace(comment, with_reply(comment, text, self.author.text()))

    def toggle_resolved(self) -> None:
        comment = self.selected()
        if comment is not None:
            self._replace(comment, toggled(comment))

    def _replace(self, old: Comment, new: Comment) -> None:
        """One undo step for the fields that changed."""
        stack = self.session.undo_stack
        stack.beginMacro("comment")
        for field in ("reply", "reply_author", "status", "updated_at"):
            if getattr(old, field) != getattr(new, field):
                self.session.edit("comments", old.id, field, getattr(new, field))
        stack.endMacro()

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("comments.title"))
        self.chapter_label.setText(t("comments.chapter"))
        self.author_label.setText(t("comments.author"))
        self.text_label.setText(t("comments.text"))
        self.add_button.setText(t("comments.add"))
        self.reply_button.setText(t("comments.reply"))
        self.resolve_button.setText(t("comments.resolve"))
        self.close_button.setText(t("export.close"))
        self.table.setHorizontalHeaderLabels(
            [
                t("comments.col_time"),
                t("comments.col_author"),
                t("comments.col_text"),
                t("comments.col_status"),
                t("comments.col_reply"),
            ]
        )
        self.reload()
