"""``peakplan user``: who the database knows you as, and the name others see for you."""

from __future__ import annotations

from argparse import Namespace

from cli.commands import EXIT_OK, _store, say


def user(args: Namespace) -> int:
    """Show the current user and display name; ``set-name NAME`` gives one ("" removes it)."""
    from workflows.people import set_display_name, who_am_i

    setting = getattr(args, "user_action", None) == "set-name"
    database, repo = _store(args, write=setting, create=setting)
    with database:
        me = set_display_name(repo, args.name) if setting else who_am_i(repo)
    user_name = me.user or "?"
    if me.display_name:
        print(
            say(
                args.lang,
                f"用户：{user_name}　显示名称：{me.display_name}",
                f"User: {user_name}  Display name: {me.display_name}",
            )
        )
    else:
        print(
            say(
                args.lang,
                f"用户：{user_name}（未设显示名称；设置：peakplan user set-name 名称）",
                f"User: {user_name} (no display name; set one: peakplan user set-name NAME)",
            )
        )
    return EXIT_OK
