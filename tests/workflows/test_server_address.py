"""A team server's address, as the app's fields or one URL give it: checked field by field,
said in both languages naming the field, and never carrying the password where it is shown."""

from __future__ import annotations

import pytest

from workflows.location import (
    ServerAddress,
    ServerAddressError,
    local_file,
    parse_server_url,
    server_address,
    server_in,
)


def test_the_fields_make_an_address_whose_url_has_the_password_only_when_asked() -> None:
    address = server_address(" db.team.cn ", "", "plans", "李工")
    assert address == ServerAddress("db.team.cn", 5432, "plans", "李工")
    assert address.shown() == "postgresql://%E6%9D%8E%E5%B7%A5@db.team.cn:5432/plans"
    assert "p@ss" not in address.shown()
    url = address.url("p@ss:/word")
    assert parse_server_url(url) == (address, "p@ss:/word")


@pytest.mark.parametrize(
    ("fields", "field", "zh", "en"),
    [
        (("", "5432", "plans", "u"), "host", "“服务器”为空", "“Server” is empty"),
        (("a b", "5432", "plans", "u"), "host", "不是服务器名称", "is no server name"),
        (("h", "54x", "plans", "u"), "port", "“端口”“54x”不是端口号", "is no port"),
        (("h", "70000", "plans", "u"), "port", "1 到 65535", "1 to 65535"),
        (("h", "5432", " ", "u"), "database", "“数据库”为空", "“Database” is empty"),
        (("h", "5432", "plans", ""), "user", "“用户名”为空", "“User name” is empty"),
    ],
)
def test_a_field_that_cannot_be_used_is_named_in_both_languages(
    fields: tuple[str, str, str, str], field: str, zh: str, en: str
) -> None:
    with pytest.raises(ServerAddressError) as caught:
        server_address(*fields)
    assert caught.value.field == field
    assert zh in caught.value.message("zh") and en in caught.value.message("en")


def test_a_url_keeps_its_options_and_defaults_its_port_and_database() -> None:
    address, password = parse_server_url("postgres://team@10.0.0.5/?options=-csearch_path%3Ds1")
    assert (address.port, address.database, address.options) == (
        5432,
        "team",
        "options=-csearch_path%3Ds1",
    )
    assert password == ""
    assert address.url().endswith("/team?options=-csearch_path%3Ds1")
    with pytest.raises(ServerAddressError) as caught:
        parse_server_url("mysql://team@host/plans")
    assert caught.value.field == "url" and "postgresql://" in caught.value.message("en")


def test_the_remembered_address_has_no_password_and_a_damaged_one_is_ignored() -> None:
    address, _ = parse_server_url("postgresql://team:secret@db:6543/plans")
    stored = address.remembered()
    assert "secret" not in str(stored) and "password" not in stored
    assert ServerAddress.from_remembered(stored) == address
    assert ServerAddress.from_remembered({"host": "db", "port": "x"}) is None
    assert ServerAddress.from_remembered(None) is None


def test_the_location_says_server_or_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PEAKPLAN_DB", "postgresql://team:secret@db/plans")
    assert server_in(None) == (ServerAddress("db", 5432, "plans", "team"), "secret")
    assert local_file(None).name == "peakplan.sqlite"  # the user data folder's file
    assert server_in(tmp_path / "x.sqlite") is None
    assert local_file(tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
