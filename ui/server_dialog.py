"""Open a team's server: its address in plain fields (or pasted as one URL), the password typed
each time.  Connecting runs off the UI thread; why it failed is said in the dialog, in the
interface language, and the dialog stays open to correct it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.errors import LocalizedError
from ui.background import off_ui_thread
from ui.texts import Texts
from workflows.location import (
    DEFAULT_PORT,
    ServerAddress,
    ServerAddressError,
    parse_server_url,
    server_address,
)

if TYPE_CHECKING:
    from workflows.store import Database, PlanRepository

FIELDS = ("host", "port", "database", "user", "password")


class ServerDialog(QDialog):
    """After ``accepted``: :attr:`address` and :attr:`opened` (the database and repository)."""

    def __init__(
        self,
        texts: Texts,
        parent: QWidget | None = None,
        address: ServerAddress | None = None,
        password: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.texts = texts
        self.address: ServerAddress | None = None
        self.opened: tuple[Database, PlanRepository] | None = None
        self._options = ""
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setObjectName("server_url")
        self.url.textEdited.connect(self._fill_from_url)
        self.edits: dict[str, QLineEdit] = {}
        for name in FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"server_{name}")
            self.edits[name] = edit
        self.edits["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self.edits["port"].setPlaceholderText(str(DEFAULT_PORT))
        self.message = QLabel(self)
        self.message.setObjectName("serverMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        if address is not None:
            self.fill(address, password)
        texts.changed.connect(self.retranslate)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for name in ("url", *FIELDS):
            field = self.url if name == "url" else self.edits[name]
            self.labels[name] = QLabel(self)
            self.labels[name].setBuddy(field)
            self.form.addRow(self.labels[name], field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        t = self.texts
        self.setWindowTitle(t("server.title"))
        self.intro.setText(t("server.intro"))
        self.url.setPlaceholderText(t("server.url_hint"))
        for name, label in self.labels.items():
            label.setText(t(f"server.{name}"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(t("server.connect"))

    def fill(self, address: ServerAddress, password: str = "") -> None:
        """Show ``address`` in the fields (and the password, when one was given)."""
        values = {**address.remembered(), "password": password}
        for name in FIELDS:
            self.edits[name].setText(values[name])
        self._options = address.options

    def _fill_from_url(self, text: str) -> None:
        """A pasted URL fills the fields (its options kept); one not yet whole is left be."""
        try:
            address, password = parse_server_url(text)
        except ServerAddressError:
            return
        self.fill(address, password)

    def say(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "")

    def typed_address(self) -> ServerAddress:
        """The address the fields hold (a URL typed but not understood is said so first)."""
        if self.url.text().strip():
            parse_server_url(self.url.text())  # raises, naming the address field
        e = self.edits
        return server_address(
            e["host"].text(),
            e["port"].text(),
            e["database"].text(),
            e["user"].text(),
            options=self._options,
        )

    def accept(self) -> None:
        """Connect: on success the dialog closes; on failure it says why and stays."""
        try:
            address = self.typed_address()
        except ServerAddressError as exc:
            self.say(exc.message(self.texts.lang))
            (self.url if exc.field == "url" else self.edits[exc.field]).setFocus()
            return
        self.say(self.texts("server.connecting", where=address.shown()), error=False)
        self.buttons.setEnabled(False)
        try:
            self.opened = off_ui_thread(_open, address, self.edits["password"].text())
        except LocalizedError as exc:
            self._failed(address, exc)
            return
        finally:
            self.buttons.setEnabled(True)
        self.address = address
        super().accept()

    def _failed(self, address: ServerAddress, error: LocalizedError) -> None:
        from workflows.held import password_problem

        problem = password_problem(error)
        if problem is None:
            self.say(error.message(self.texts.lang))
            return
        key = "server.wrong_password" if problem == "wrong" else "server.password_needed"
        self.say(self.texts(key, user=address.user))
        self.edits["password"].selectAll()
        self.edits["password"].setFocus()


def _open(address: ServerAddress, password: str) -> tuple[Database, PlanRepository]:
    from workflows.held import open_server

    return open_server(address, password)
