"""Where the plans are, decided before anything heavy loads: the app's start calls this before
its window shows, so it imports neither the database layer nor the plan model.

A team's server is named by its address — host, port, database, user — typed into the app's
fields or given as one ``postgresql://`` URL; the password is kept apart from it, never
remembered and never shown (:meth:`ServerAddress.shown`)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from forms.errors import LocalizedError
from storage.paths import default_database_path, is_server_location, resolve_location

DEFAULT_PORT = 5432
_FIELDS = {  # a field's name in the dialog, in both languages
    "host": ("服务器", "Server"),
    "port": ("端口", "Port"),
    "database": ("数据库", "Database"),
    "user": ("用户名", "User name"),
    "url": ("地址", "Address"),
}


class ServerAddressError(LocalizedError):
    """A field of a server's address that cannot be used, named, with what to type."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        name_zh, name_en = _FIELDS[field]
        super().__init__(f"“{name_zh}”{zh}", f"“{name_en}” {en}")
        self.field = field


@dataclass(frozen=True)
class ServerAddress:
    """A team's server, without its password."""

    host: str
    port: int
    database: str
    user: str
    options: str = ""  # the URL's query, kept as given (e.g. options=-csearch_path%3D…)

    def url(self, password: str = "") -> str:
        """The ``postgresql://`` URL, with the password when one is given."""
        secret = f":{quote(password, safe='')}" if password else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = f"?{self.options}" if self.options else ""
        return (
            f"postgresql://{quote(self.user, safe='')}{secret}@{host}:{self.port}/"
            f"{quote(self.database, safe='')}{query}"
        )

    def shown(self) -> str:
        """The address as messages and titles show it: no password, ever."""
        return self.url()

    def remembered(self) -> dict[str, str]:
        """What the app's settings keep (no password)."""
        return {key: str(value) for key, value in asdict(self).items()}

    @classmethod
    def from_remembered(cls, stored: object) -> ServerAddress | None:
        """The address the settings kept, or None when they keep none (or a damaged one)."""
        if not isinstance(stored, dict):
            return None
        try:
            return server_address(
                str(stored.get("host", "")),
                str(stored.get("port", "")),
                str(stored.get("database", "")),
                str(stored.get("user", "")),
                options=str(stored.get("options", "")),
            )
        except ServerAddressError:
            return None


def server_address(
    host: str, port: str, database: str, user: str, *, options: str = ""
) -> ServerAddress:
    """The address the fields describe, or :class:`ServerAddressError` naming the field."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        raise ServerAddressError(
            "host",
            "为空：请填写服务器的名称或 IP 地址。",
            "is empty: type the server's name or IP address.",
        )
    if any(c in host for c in " /@?#"):
        raise ServerAddressError(
            "host",
            f"“{host}”不是服务器名称：只填写名称或 IP 地址。",
            f"“{host}” is no server name: type only its name or IP address.",
        )
    number = _port(port)
    if not database:
        raise ServerAddressError(
            "database",
            "为空：请填写管理员告诉您的数据库名称。",
            "is empty: type the database name its administrator gave you.",
        )
    if not user:
        raise ServerAddressError(
            "user",
            "为空：请填写您在服务器上的用户名。",
            "is empty: type your user name on the server.",
        )
    return ServerAddress(host, number, database, user, options.strip())


def _port(text: str) -> int:
    text = text.strip()
    if not text:
        return DEFAULT_PORT
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ServerAddressError(
            "port",
            f"“{text}”不是端口号：请填写 1 到 65535 之间的整数（通常为 5432）。",
            f"“{text}” is no port: type a whole number from 1 to 65535 (usually 5432).",
        )
    return int(text)


def parse_server_url(text: str) -> tuple[ServerAddress, str]:
    """The address and the password (or "") of a ``postgresql://`` URL."""
    text = text.strip()
    if not is_server_location(text):
        raise ServerAddressError(
            "url",
            "应以 postgresql:// 开头，例如 postgresql://用户名@服务器:5432/数据库。",
            "must start with postgresql://, e.g. postgresql://user@server:5432/database.",
        )
    try:
        parts = urlsplit(text)
        port = "" if parts.port is None else str(parts.port)
    except ValueError as exc:
        raise ServerAddressError(
            "url",
            "中的端口不是 1 到 65535 之间的整数。",
            "has a port that is no number from 1 to 65535.",
        ) from exc
    user = unquote(parts.username or "")
    address = server_address(
        parts.hostname or "",
        port,
        unquote(parts.path.lstrip("/")) or user,
        user,
        options=parts.query,
    )
    return address, unquote(parts.password or "")


def server_in(location: str | os.PathLike[str] | None) -> tuple[ServerAddress, str] | None:
    """The server (and its password) that ``--db`` or $PEAKPLAN_DB names, or None for a file."""
    where = resolve_location(location)
    if is_server_location(where):
        return parse_server_url(str(where))
    return None


def local_file(location: str | os.PathLike[str] | None) -> Path:
    """The file the app works on when not on a server: ``location`` if it names a file, else
    the user data folder's database."""
    where = resolve_location(location)
    return default_database_path() if is_server_location(where) else Path(where)
