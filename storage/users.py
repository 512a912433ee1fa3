"""Display names: how a user (an OS login, a server's role) is shown to people.

One row per user who gave themselves a name (``peakplan user set-name``); a user without one
is shown by their own name.  Each database keeps its own; a plan copied to another database
brings the names of the people who changed it where that database has none for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from forms.attribution import clean_display_name
from storage.database import Database
from storage.errors import translating_sqlite_errors


class Users:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.db = database.db

    @property
    def current(self) -> str:
        """The user changes made through this database are attributed to."""
        return self.database.user

    @translating_sqlite_errors
    def names(self) -> dict[str, str]:
        """Every display name given, by user."""
        rows = self.db.execute("SELECT name, display_name FROM users").fetchall()
        return {str(name): str(display) for name, display in rows}

    @translating_sqlite_errors
    def set_name(self, display_name: str, user: str | None = None) -> str:
        """Give ``user`` (by default the current one) a display name; return it as stored.
        An empty name takes the display name away."""
        user = self.current if user is None else user
        with self.db.atomic():
            if not display_name.strip():
                self.db.execute("DELETE FROM users WHERE name = ?", [user])
                return ""
            display_name = clean_display_name(display_name)
            self.db.execute(
                "INSERT INTO users (name, display_name) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name",
                [user, display_name],
            )
        return display_name

    @translating_sqlite_errors
    def add_missing(self, names: Mapping[str, str], users: Iterable[str]) -> None:
        """Give each of ``users`` its name from ``names`` where this database has none."""
        with self.db.atomic():
            for user in users:
                if user in names:
                    self.db.execute(
                        "INSERT INTO users (name, display_name) VALUES (?, ?) "
                        "ON CONFLICT (name) DO NOTHING",
                        [user, names[user]],
                    )
