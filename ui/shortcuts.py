"""Every keyboard shortcut of PeakPlan, in one table.

The windows take their actions' keys from ``SHORTCUTS`` (``bind``), and the shortcut list
(Help ▸ Keyboard shortcuts, F1) is built from the same table, so the list cannot drift from
what the keys do. A key means one thing in every window: a test collects the shortcuts each
window registers and checks them against this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.texts import Texts
from ui.widgets import tab_leaves

Key = str | QKeySequence.StandardKey
START, EDITOR, OUTLINE = "start", "editor", "outline"
CHAPTER_KEYS = 9  # Alt+1 … Alt+9


@dataclass(frozen=True)
class Shortcut:
    """``name``'s keys, the windows that have it, and what the list says it does.

    ``text`` is a key of ``ui.texts.STRINGS`` (default ``action.NAME``). ``widget_keys`` names
    the windows where a widget handles the key itself (Enter in a list, F2 in a table) rather
    than an action of the window; the list shows them all the same.
    """

    name: str
    keys: tuple[Key, ...]
    where: tuple[str, ...]
    text: str = ""
    widget_keys: tuple[str, ...] = ()

    @property
    def text_key(self) -> str:
        return self.text or f"action.{self.name}"

    @property
    def bound_in(self) -> tuple[str, ...]:
        """The windows whose actions carry these keys."""
        return tuple(w for w in self.where if w not in self.widget_keys)

    def sequences(self, *, primary: bool = False) -> list[QKeySequence]:
        """Every binding (a standard key's every platform binding, not just the first), or
        with ``primary`` the one a user types (Ctrl+N, not the keyboard's New key)."""
        found: list[QKeySequence] = []
        for key in self.keys:
            if isinstance(key, QKeySequence.StandardKey):
                bindings = QKeySequence.keyBindings(key)
                found.extend(bindings[:1] if primary else bindings)
            else:
                found.append(QKeySequence(key))
        return found


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("shortcuts", ("F1",), (START, EDITOR)),
    Shortcut("guidance", ("Shift+F1",), (EDITOR,)),
    Shortcut("new", (QKeySequence.StandardKey.New,), (START,)),
    Shortcut("open", (QKeySequence.StandardKey.Open,), (START,)),
    Shortcut("activate", ("Return",), (START, EDITOR), "shortcuts.activate", (START, EDITOR)),
    Shortcut("duplicate", ("Ctrl+D",), (START,)),
    Shortcut("rename", ("F2",), (START, EDITOR), "shortcuts.rename", (EDITOR,)),
    Shortcut("delete", (QKeySequence.StandardKey.Delete,), (START, OUTLINE), "shortcuts.delete"),
    Shortcut("trash", ("Ctrl+Shift+T",), (START,)),
    Shortcut("import_json", ("Ctrl+I",), (START,)),
    Shortcut("import_package", ("Ctrl+Shift+I",), (START,)),
    Shortcut("export_files", ("Ctrl+E", "Ctrl+Shift+E"), (START, EDITOR)),
    Shortcut("export_json", ("Ctrl+J",), (START,)),
    Shortcut("quit", ("Ctrl+Q",), (START,)),
    Shortcut("check", ("F7",), (EDITOR,)),
    Shortcut("next_step", ("Ctrl+PgDown",), (EDITOR,)),
    Shortcut("prev_step", ("Ctrl+PgUp",), (EDITOR,)),
    Shortcut(
        "go_to_chapter",
        tuple(f"Alt+{n}" for n in range(1, CHAPTER_KEYS + 1)),
        (EDITOR,),
        "shortcuts.go_to_chapter",
    ),
    Shortcut("undo", ("Ctrl+Z",), (EDITOR, OUTLINE)),
    Shortcut("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), (EDITOR, OUTLINE)),
    Shortcut("finish_cell", ("Ctrl+Return",), (EDITOR,), "shortcuts.finish_cell", (EDITOR,)),
    Shortcut("outline", ("Ctrl+Shift+O",), (EDITOR,)),
    Shortcut("comments", ("Ctrl+Shift+M",), (EDITOR,)),
    Shortcut("close_plan", ("Ctrl+W", "Ctrl+F4"), (EDITOR,)),
)
_BY_NAME = {shortcut.name: shortcut for shortcut in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    return _BY_NAME[name]


def bind(action: QAction, name: str) -> QAction:
    """Give ``action`` the keys the table lists for ``name``."""
    action.setShortcuts(shortcut(name).sequences())
    action.setData(name)  # which line of the table it is, for the list and its test
    return action


def chapter_key(number: int) -> QKeySequence:
    """Alt+N, which opens the chapter numbered N in the step list."""
    return shortcut("go_to_chapter").sequences()[number - 1]


def key_text(entry: Shortcut) -> str:
    """The keys as the user's platform writes them ("Ctrl+Shift+Z, Ctrl+Y")."""
    native = [
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in entry.sequences(primary=True)
    ]
    if entry.name == "go_to_chapter":
        return f"{native[0]} … {native[-1]}"
    return ", ".join(dict.fromkeys(native))


class ShortcutsDialog(QDialog):
    """Every shortcut, what it does and where, in the interface's language."""

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.setObjectName("shortcutsDialog")
        self.table = QTableWidget(len(SHORTCUTS), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tab_leaves(self.table)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self.resize(640, 560)

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("shortcuts.title"))
        self.table.setHorizontalHeaderLabels(
            [t("shortcuts.col_keys"), t("shortcuts.col_action"), t("shortcuts.col_where")]
        )
        self.table.setAccessibleName(t("shortcuts.title"))
        for row, entry in enumerate(SHORTCUTS):
            what = re.sub(r"\(&\w\)|&", "", t(entry.text_key)).removesuffix("…")
            where = "、" if t.lang == "zh" else ", "
            cells = (
                key_text(entry),
                what,
                where.join(t(f"shortcuts.where_{w}") for w in entry.where),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def rows(self) -> list[tuple[str, str, str]]:
        """The list as shown: (keys, what they do, where)."""
        return [
            tuple(self.table.item(row, column).text() for column in range(3))  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]
