"""How a team server's location is shown: two schemas or two databases of one server differ in
titles and messages, and the password is never shown."""

from __future__ import annotations

from storage.server import display_location, location_key

SERVER = "postgresql://team:s3cret@db.example.cn:5432"


def test_two_schemas_of_one_database_are_told_apart_without_the_password() -> None:
    first = display_location(f"{SERVER}/plans?options=-csearch_path%3Dcity_a")
    second = display_location(f"{SERVER}/plans?options=-csearch_path%3Dcity_b")
    assert first == "postgresql://team@db.example.cn:5432/plans?options=-csearch_path=city_a"
    assert second.endswith("search_path=city_b") and first != second
    assert "s3cret" not in first + second


def test_two_databases_differ_and_no_secret_setting_is_shown() -> None:
    assert display_location(f"{SERVER}/plans") != display_location(f"{SERVER}/plans2")
    shown = display_location(
        f"{SERVER}/plans?password=other&sslpassword=key-secret&connect_timeout=3&sslmode=require"
    )
    assert shown == "postgresql://team@db.example.cn:5432/plans?sslmode=require"
    assert "other" not in location_key(f"{SERVER}/plans?password=other")
