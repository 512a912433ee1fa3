"""The plan editor: the plan's outline as wizard steps, the page, and the chapter's guidance."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Location
from forms.comments import open_counts
from forms.template import ChapterKind
from ui.about_dialog import AboutAction
from ui.conflicts import ConflictResolver
from ui.context import AppContext
from ui.editor_commands import EditorCommands
from ui.homes import home_text
from ui.last_change import LastChange
from ui.live_view import LiveView
from ui.pages import PAGE_FOR_KIND, CheckPage, MetaPage, Page
from ui.session import PlanSession
from ui.shortcuts import CHAPTER_KEYS, bind, chapter_key
from ui.trajectory_page import TrajectoryPage
from ui.widgets import GuidancePanel, LanguageMenu, wrap_items


class PlanEditor(EditorCommands):
    closed = Signal(str)  # plan id

    def __init__(self, context: AppContext, session: PlanSession) -> None:
        super().__init__()
        self.context, self.session, self.texts = context, session, context.texts
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("planEditor")
        self.steps = QListWidget(self)
        self.steps.setObjectName("stepList")
        self.steps.setMinimumWidth(170)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        wrap_items(self.steps)  # a long step name takes two lines, never "Base situat…undation"
        self.stack = QStackedWidget(self)
        self.guidance = GuidancePanel(self)
        self.guidance.setObjectName("guidance")
        self._build_pages()
        self._build_centre()

        self.save_label = QLabel(self)
        self.changed_label = QLabel(self)  # who changed the open step last, and when
        self.changed_label.setObjectName("lastChange")
        self.last_change = LastChange(session, self.texts, self.changed_label, self._stamped_step)
        self.statusBar().addPermanentWidget(self.changed_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self.conflicts = ConflictResolver(self, session, context.texts)
        self._build_actions()

        self.steps.currentRowChanged.connect(self._show_step)
        self.live_view = LiveView(self)  # others' saves shown as they happen
        session.rows_changed.connect(self._sync_pages)
        session.save_state.connect(self._on_save_state)
        session.edit_refused.connect(
            lambda reason: self.statusBar().showMessage(
                self.texts("invalid_edit", reason=reason), 8000
            )
        )
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(400)
        self._refresh_timer.timeout.connect(self.refresh_progress)
        session.item_changed.connect(lambda *_: self._refresh_timer.start())
        session.rows_changed.connect(lambda *_: self._refresh_timer.start())
        self.texts.changed.connect(self.retranslate)
        self.retranslate()
        self._on_save_state("idle", "")
        if session.last_error is not None:  # saving what opening recovered failed
            refused = getattr(session.last_error, "refused", False)
            self._on_save_state("refused" if refused else "failed", "")
        self._tell_recovery()
        self.steps.setCurrentRow(0)
        self.resize(1180, 760)

    def _build_pages(self) -> None:
        """Plan information, the chapters (the trajectory after the base data), the check.
        Only the plan information is built now; the others when first shown (a large plan's
        check page alone, its hundreds of findings listed, took ~40 ms)."""
        session = self.session
        self.pages: list[Page] = [MetaPage(session, self.texts, self)]
        self.trajectory_page = TrajectoryPage.later(session, self.texts, self)
        for chapter in session.plan.chapters:
            self.pages.append(PAGE_FOR_KIND[chapter.kind].later(session, self.texts, chapter, self))
            if chapter.kind == ChapterKind.BASE_DATA and self.trajectory_page not in self.pages:
                self.pages.append(self.trajectory_page)
        if self.trajectory_page not in self.pages:
            self.pages.append(self.trajectory_page)
        self.check_page = CheckPage.later(session, self.texts, self)
        self.check_page.jump.connect(self.go_to)
        self.pages.append(self.check_page)
        for page in self.pages:
            self.stack.addWidget(page)
            self.steps.addItem(QListWidgetItem())

    def _build_centre(self) -> None:
        """The page with Back and Next under it, between the steps and the guidance."""
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        self.back_button, self.next_button = QPushButton(self), QPushButton(self)
        self.back_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        column.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.steps)
        splitter.addWidget(centre)
        splitter.addWidget(self.guidance)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([205, 590, 230])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)

    # -- actions --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        stack = self.session.undo_stack
        self.undo_action = bind(stack.createUndoAction(self), "undo")
        self.redo_action = bind(stack.createRedoAction(self), "redo")
        self.undo_action.triggered.connect(self._before_undo)
        self.next_action = bind(QAction(self), "next_step")
        self.next_action.triggered.connect(self.next_step)
        self.prev_action = bind(QAction(self), "prev_step")
        self.prev_action.triggered.connect(self.previous_step)
        self.guidance_action = bind(QAction(self), "guidance")
        self.guidance_action.triggered.connect(self.show_guidance)
        self.shortcuts_action = bind(QAction(self), "shortcuts")
        self.shortcuts_action.triggered.connect(lambda: self.show_shortcuts())
        self.check_action = bind(QAction(self), "check")
        self.check_action.triggered.connect(lambda: self.steps.setCurrentRow(len(self.pages) - 1))
        self.export_action = bind(QAction(self), "export_files")
        self.export_action.triggered.connect(self.export_files)
        self.import_comments_action = QAction(self)
        self.import_comments_action.triggered.connect(lambda: self.import_comments())
        self.monitoring_action = QAction(self)
        self.monitoring_action.triggered.connect(lambda: self.show_monitoring())
        self.comments_action = bind(QAction(self), "comments")
        self.comments_action.triggered.connect(lambda: self.show_comments())
        self.versions_action = QAction(self)
        self.versions_action.triggered.connect(lambda: self.show_versions())
        self.outline_action = bind(QAction(self), "outline")
        self.outline_action.triggered.connect(lambda: self.edit_outline())
        self.higher_action = QAction(self)
        self.higher_action.triggered.connect(lambda: self.show_higher_targets())
        self.collect_action = QAction(self)
        self.collect_action.triggered.connect(lambda: self.send_collection_workbook())
        self.import_xlsx_action = QAction(self)
        self.import_xlsx_action.triggered.connect(lambda: self.import_collection_workbook())
        self.close_action = bind(QAction(self), "close_plan")
        self.close_action.triggered.connect(self.close)
        self.step_actions = []  # Alt+N: the chapter numbered N in the step list
        for number in range(1, CHAPTER_KEYS + 1):
            action = QAction(self)
            action.setShortcut(chapter_key(number))
            action.setData("go_to_chapter")
            action.triggered.connect(lambda _checked, n=number: self.go_to_chapter(n))
            self.addAction(action)
            self.step_actions.append(action)

        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.plan_menu = bar.addMenu("")
        self.plan_menu.addAction(self.check_action)
        self.plan_menu.addAction(self.export_action)
        self.plan_menu.addSeparator()
        self.plan_menu.addAction(self.outline_action)
        self.plan_menu.addAction(self.versions_action)
        self.plan_menu.addAction(self.comments_action)
        self.plan_menu.addAction(self.import_comments_action)
        self.plan_menu.addAction(self.monitoring_action)
        self.plan_menu.addAction(self.higher_action)
        self.plan_menu.addAction(self.collect_action)
        self.plan_menu.addAction(self.import_xlsx_action)
        self.plan_menu.addSeparator()
        self.plan_menu.addAction(self.close_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.prev_action)
        self.view_menu.addAction(self.next_action)
        self.language_menu = LanguageMenu(self.texts, self)
        self.view_menu.addMenu(self.language_menu)
        self.lang_actions = self.language_menu.lang_actions
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.guidance_action)
        self.help_menu.addAction(AboutAction(self.context, self))

    def _sync_pages(self, collection: str) -> None:
        """After chapters were added, removed or moved: the steps follow the outline, and the
        step that was open stays open while its chapter exists."""
        if collection != "chapters":
            return
        current = self.current_page()
        current_id = getattr(getattr(current, "chapter", None), "id", None)
        fixed = (self.pages[0], self.trajectory_page, self.check_page)
        old = {p.chapter.id: p for p in self.pages if p not in fixed and p.chapter}
        pages: list[Page] = [self.pages[0]]
        for chapter in self.session.plan.chapters:
            page = old.pop(chapter.id, None)
            if page is None:
                page = PAGE_FOR_KIND[chapter.kind].later(self.session, self.texts, chapter, self)
            elif page.chapter is not chapter:
                page.chapter = chapter  # the plan was reloaded
                if page.built:
                    page.retranslate()
            pages.append(page)
            if chapter.kind == ChapterKind.BASE_DATA:
                pages.append(self.trajectory_page)
        if self.trajectory_page not in pages:
            pages.append(self.trajectory_page)
        pages.append(self.check_page)
        if current_id is not None:
            current = next(
                (
                    p
                    for p in pages
                    if getattr(getattr(p, "chapter", None), "id", None) == current_id
                ),
                current,
            )
        if pages == self.pages:
            return
        self.steps.blockSignals(True)
        for page in self.pages:
            self.stack.removeWidget(page)
        for page in old.values():
            page.deleteLater()
        self.steps.clear()
        self.pages = pages
        for page in pages:
            self.stack.addWidget(page)
            self.steps.addItem(QListWidgetItem())
        row = pages.index(current) if current in pages else 0
        self.stack.setCurrentWidget(pages[row])
        self.steps.setCurrentRow(row)
        self.steps.blockSignals(False)
        self._show_step(row)
        self.refresh_progress()

    def _before_undo(self) -> None:
        self.current_page().commit()

    # -- steps ----------------------------------------------------------------------------

    def current_page(self) -> Page:
        return self.pages[max(0, self.steps.currentRow())]

    def _show_step(self, row: int) -> None:
        if row < 0:
            return
        previous = self.stack.currentWidget()
        if isinstance(previous, Page):
            previous.commit()
        page = self.pages[row]
        if page is self.check_page:
            self.check_page.refresh()
        page.build()
        self.stack.setCurrentWidget(page)
        self.guidance.setHtml(page.guidance())
        self.back_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(self.pages) - 1)
        self.show_last_change()

    def show_last_change(self) -> None:
        """ "Last changed by 张三 at …" for the plan information or the open chapter, read."""
        self.last_change.read()

    def _stamped_step(self) -> tuple[bool, str | None]:
        """Whether the open step shows who changed it (and its chapter; None: the plan's)."""
        page = self.current_page()
        chapter = getattr(page, "chapter", None)
        return chapter is not None or page is self.pages[0], getattr(chapter, "id", None)

    def chapter_rows(self) -> list[int]:
        """The step list's rows that are chapters: row ``chapter_rows()[N - 1]`` is shown as
        chapter N (plan information, trajectory and check are not numbered)."""
        return [n for n, page in enumerate(self.pages) if getattr(page, "chapter", None)]

    def go_to_chapter(self, number: int) -> None:
        """Open the chapter the step list numbers ``number`` (Alt+N); none: stay."""
        rows = self.chapter_rows()
        if 1 <= number <= len(rows):
            self.steps.setCurrentRow(rows[number - 1])

    def next_step(self) -> None:
        self.steps.setCurrentRow(min(self.steps.currentRow() + 1, len(self.pages) - 1))

    def previous_step(self) -> None:
        self.steps.setCurrentRow(max(self.steps.currentRow() - 1, 0))

    def show_guidance(self) -> None:
        sizes = self.splitter.sizes()
        if sizes[2] < 150:
            self.splitter.setSizes([sizes[0], max(300, sizes[1] - 260), 260])
        self.guidance.setFocus()

    def go_to(self, location: Location) -> None:
        """Open the step a finding points to and focus its field."""
        row = 0
        if location.field in {"trajectory", "meta.declared_peak_year"} or location.collection in {
            "fuels",
            "growth",
        }:
            row = self.pages.index(self.trajectory_page)
        elif location.chapter_id:
            for n, page in enumerate(self.pages):
                chapter = getattr(page, "chapter", None)
                if chapter is not None and chapter.id == location.chapter_id:
                    row = n
        self.steps.setCurrentRow(row)
        self.pages[row].focus_location(location)

    # -- refreshing -----------------------------------------------------------------------

    def refresh_progress(self) -> None:
        overall, per_chapter = self.session.completeness()
        comments = open_counts(self.session.plan)  # open review comments per chapter
        numbers = {row: n for n, row in enumerate(self.chapter_rows(), start=1)}  # as Alt+N
        for n, page in enumerate(self.pages):
            item = self.steps.item(n)
            chapter = getattr(page, "chapter", None)
            if chapter is not None:
                number = numbers[n]
                share = per_chapter.get(chapter.id, 0.0)
                badge = (
                    self.texts("comments.badge", count=comments[chapter.id])
                    if comments[chapter.id]
                    else ""
                )
                item.setText(f"{number}. {page.title()}  {share:.0%}{badge}")
                item.setToolTip(f"{page.title()} — {share:.0%}")
            else:
                suffix = f"  {overall:.0%}" if page is self.check_page else ""
                item.setText(f"{page.title()}{suffix}")
                item.setToolTip(f"{page.title()}{suffix}")
        if hasattr(self, "live_view"):
            self.live_view.decorate_steps()
        if self.stack.currentWidget() is self.check_page:
            self.check_page.refresh()
        self.session.save_summary()

    def retranslate(self) -> None:
        t = self.texts
        name = self.session.template.localize(self.session.plan.meta.name, t.lang)
        home = home_text(self.context, title=True)  # a team's server is named
        self.setWindowTitle(t("editor.title", name=name) + (f" — {home}" if home else ""))
        self.back_button.setText(t("action.back"))
        self.next_button.setText(t("action.next"))
        self.undo_action.setText(t("action.undo"))
        self.redo_action.setText(t("action.redo"))
        self.next_action.setText(t("action.next_step"))
        self.prev_action.setText(t("action.prev_step"))
        self.guidance_action.setText(t("action.guidance"))
        self.shortcuts_action.setText(t("action.shortcuts"))
        for number, action in enumerate(self.step_actions, start=1):
            action.setText(t("action.go_to_chapter", n=number))
        self.check_action.setText(t("action.check"))
        self.export_action.setText(t("action.export_files"))
        self.collect_action.setText(t("action.collect"))
        self.higher_action.setText(t("action.higher_targets"))
        self.outline_action.setText(t("action.outline"))
        self.versions_action.setText(t("action.versions"))
        self.comments_action.setText(t("action.comments"))
        self.import_comments_action.setText(t("action.import_comments"))
        self.monitoring_action.setText(t("action.monitoring"))
        self.import_xlsx_action.setText(t("action.import_xlsx"))
        self.close_action.setText(t("action.close_plan"))
        self.plan_menu.setTitle(t("menu.plan"))
        self.edit_menu.setTitle(t("menu.edit"))
        self.view_menu.setTitle(t("menu.view"))
        self.help_menu.setTitle(t("menu.help"))
        self.steps.setAccessibleName(t("menu.plan"))
        self.guidance.setAccessibleName(t("guidance.heading"))
        for page in self.pages:
            if page.built:  # one built later is built in the language of then
                page.retranslate()
        self.refresh_progress()
        row = self.steps.currentRow()
        if row >= 0:
            self.guidance.setHtml(self.pages[row].guidance())
        if hasattr(self, "_save_state"):
            self._on_save_state(*self._save_state)
        self.last_change.show()

    def _tell_recovery(self) -> None:
        """Say what opening put back from the journal of typing (and what it could not)."""
        recovery, t = self.session.recovery, self.texts
        parts = [t("journal.recovered", count=len(recovery.edits))] if recovery.edits else []
        if recovery.skipped:
            parts.append(t("journal.skipped", count=len(recovery.skipped)))
        refused = self.session.rows_refused
        saved = len(recovery.rows) - len(refused)
        if saved and not self.session.has_unsaved():
            parts.append(t("held.rows_saved", count=saved))
        if refused:
            reason = refused[0].error.message(self.texts.lang)
            parts.append(t("held.rows_refused", count=len(refused), reason=reason))
        if parts:
            self.statusBar().showMessage(" ".join(parts), 20000)

    def _on_save_state(self, state: str, detail: str) -> None:
        self._save_state = (state, detail)
        if state == "idle":
            self.save_label.setText(self.texts("status.autosave"))
        elif state == "saving":
            self.save_label.setText(self.texts("saving"))
        elif state in ("saved", "recovered"):
            key = "server.back" if state == "recovered" else "saved"
            self.save_label.setText(self.texts(key, time=detail))
            self.save_label.setStyleSheet("")
        elif state == "failed" and self.session.server_away:
            self.save_label.setText(self.texts("server.away", count=self.session.unsaved_count()))
            self.save_label.setStyleSheet("color: #b3261e;")
        elif state == "conflict":  # said by the conflicts' own button beside it
            self.save_label.setText("")
        else:
            words = "save_refused" if state == "refused" else "save_failed"
            self.save_label.setText(self.texts(words, reason=self._save_failure(detail)))
            self.save_label.setStyleSheet("color: #b3261e;")

    def _save_failure(self, detail: str) -> str:
        error = self.session.last_error
        return (error.message(self.texts.lang) if error else detail).rstrip("。.")

    def _close_losing_edits(self) -> bool:
        """Edits could not be saved: ask whether to close anyway (default: keep editing)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.texts("unsaved.title"), "", parent=self)
        count = self.session.unsaved_count()
        box.setText(
            self.texts("unsaved.text_server", count=count)
            if self.session.server_away  # field edits are held on this computer meanwhile
            else self.texts("unsaved.text", count=count, reason=self._save_failure(""))
        )
        close = box.addButton(self.texts("unsaved.close"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.texts("unsaved.keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is close

    def closeEvent(self, event: QCloseEvent) -> None:
        self.current_page().commit()
        if not self.session.flush() and not self._close_losing_edits():
            event.ignore()
            return
        self.session.save_summary()
        self.closed.emit(self.session.plan.id)
        super().closeEvent(event)
