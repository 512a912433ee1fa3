"""Where the plans are, decided before anything heavy loads: the app's start calls this before
its window shows, so it imports neither the database layer nor the plan model."""

from __future__ import annotations

import os

from forms.errors import LocalizedError
from storage.paths import is_server_location, resolve_location


def refuse_server_in_app(location: str | os.PathLike[str] | None) -> None:
    """The app opens database files only, for now: a server's URL (``--db``, $PEAKPLAN_DB) is
    refused with a message instead of being taken for a file name."""
    where = resolve_location(location)
    if is_server_location(where):
        from storage.server import display_location

        shown = display_location(str(where))
        raise LocalizedError(
            f"桌面程序暂时还不能打开团队数据库服务器（{shown}）。请用命令行操作服务器上的方案"
            "（peakplan --db postgresql://… list），"
            "或用 peakplan copy 把方案复制到本机文件后再打开。",
            f"The app cannot open a team's database server ({shown}) yet. Work with the plans on "
            "the server from the command line (peakplan --db postgresql://… list), or copy a "
            "plan to a local file with peakplan copy and open that.",
        )
