"""The plan list: each plan's summary row (name, type, province, status, completeness),
read without the plan model, so listing plans loads no plan machinery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.errors import PlanNotFoundError, translating_sqlite_errors

if TYPE_CHECKING:
    from storage.database import Database

_COLUMNS = "id, name, pilot_type, province, status, completeness, updated_at, deleted_at"


@dataclass(frozen=True)
class PlanSummary:
    id: str
    name: str
    pilot_type: str
    province: str
    status: str
    completeness: float | None
    updated_at: str
    deleted_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@translating_sqlite_errors
def list_summaries(database: Database, *, trash: bool = False) -> list[PlanSummary]:
    """The plans (those in the trash with ``trash``), the last changed first."""
    where = "deleted_at IS NOT NULL" if trash else "deleted_at IS NULL"
    rows = database.db.query(
        f"SELECT {_COLUMNS} FROM plans WHERE {where} ORDER BY updated_at DESC, name"
    )
    return [PlanSummary(**row) for row in rows]


@translating_sqlite_errors
def find_summary(database: Database, ref: str, *, include_trash: bool = False) -> PlanSummary:
    """A plan by its id or its exact name."""
    live = "" if include_trash else "AND deleted_at IS NULL"
    rows = list(
        database.db.query(
            f"SELECT {_COLUMNS} FROM plans WHERE (id = :ref OR name = :ref) {live} "
            "ORDER BY id = :ref DESC, deleted_at IS NULL DESC LIMIT 1",
            {"ref": ref},
        )
    )
    if not rows:
        raise PlanNotFoundError(ref)
    return PlanSummary(**rows[0])
