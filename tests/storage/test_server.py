"""A plan database on a PostgreSQL server: the same plans, the same schema versions."""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings

from forms.labels import SnapshotKind
from forms.plan import Plan
from storage import migrations, server_migrations
from storage.repository import PlanRepository
from storage.server import ServerDatabase, translate_sql
from storage.snapshots import Snapshots
from tests.strategies import plans
from workflows.plans import add_demo_plans
from workflows.store import open_store


def test_the_server_schema_is_numbered_as_the_file_schema() -> None:
    assert server_migrations.SCHEMA_VERSION == migrations.SCHEMA_VERSION


def test_sqlite_spellings_are_translated() -> None:
    assert translate_sql("SELECT 1 FROM plans WHERE id = :ref AND name IS NOT ?") == (
        "SELECT 1 FROM plans WHERE id = %(ref)s AND name IS DISTINCT FROM %s"
    )
    assert translate_sql("ORDER BY written_at, rowid LIKE '5%'") == (
        "ORDER BY written_at, seq LIKE '5%%'"
    )


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans)
def test_any_plan_survives_save_and_load_on_the_server(postgres_server: object, plan: Plan) -> None:
    database, repo = open_store(postgres_server.new_schema())  # type: ignore[attr-defined]
    try:
        repo.save_plan(plan)
        assert repo.load_plan(plan.id) == plan
    finally:
        database.close()


def test_a_postgresql_location_opens_the_server_and_keeps_plans(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEAKPLAN_DB", postgres_url)
    database, repo = open_store(None)
    with database:
        assert isinstance(database, ServerDatabase)
        plan = add_demo_plans(repo)[0][0]
        snapshot = Snapshots(repo).take(plan, "submitted", SnapshotKind.MANUAL)
    database, repo = open_store(None)  # a second client sees the same plan
    with database:
        assert repo.load_plan(plan.id) == plan
        assert Snapshots(repo).load(snapshot.id) == plan
        assert plan.id in [s.id for s in repo.list_plans()]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM peakplan_schema").fetchone()[0] == (
            server_migrations.SCHEMA_VERSION
        )


def test_two_clients_opening_an_empty_database_make_one_schema(postgres_url: str) -> None:
    first, _ = open_store(postgres_url)
    second, repo = open_store(postgres_url)
    with first, second:
        assert repo.list_plans() == []
        assert isinstance(repo, PlanRepository)
