"""The home the app has open, as the user sees it after switching: the window's title names
the server's schema, and Help ▸ About shows the current home (the server, or the local file's
folder with its Open button), never the password."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.postgres import PASSWORD
from tests.ui.conftest import type_text
from tests.ui.test_team_server import _connect


def _about(window):
    action = next(a for a in window.help_menu.actions() if a.objectName() == "aboutAction")
    return action.show_about()


def test_about_shows_the_home_open_now(qtbot, start_app, db_path, postgres_url: str) -> None:
    window = start_app("en")
    dialog = _about(window)
    assert dialog.folder_label.text() == str(db_path.parent) and dialog.open_button.isVisible()
    dialog.close()

    schema = postgres_url.rsplit("%3D", 1)[1]
    server = window.homes.ask_server()  # File ▸ Open team server…, one URL pasted
    server.activateWindow()
    qtbot.waitUntil(server.isActiveWindow)
    qtbot.mouseClick(server.url, Qt.MouseButton.LeftButton)
    type_text(postgres_url, server.url)
    _connect(qtbot, server)
    qtbot.waitUntil(lambda: "team server" in window.windowTitle())
    assert f"search_path={schema}" in window.windowTitle() and PASSWORD not in window.windowTitle()

    dialog = _about(window)
    qtbot.waitExposed(dialog)
    shown = dialog.folder_label.text()
    assert shown.startswith("postgresql://") and f"search_path={schema}" in shown
    assert PASSWORD not in shown and not dialog.open_button.isVisible()
    assert not dialog.open_data_folder()
    dialog.close()

    window.homes.actions["use_local"].trigger()  # File ▸ Back to my local file
    qtbot.waitUntil(lambda: "team server" not in window.windowTitle())
    dialog = _about(window)
    assert dialog.folder_label.text() == str(db_path.parent) and dialog.open_button.isVisible()
    dialog.close()
