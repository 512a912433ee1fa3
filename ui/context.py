"""What every window of one running app shares: the database, its plans, the language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.texts import Texts

if TYPE_CHECKING:  # the start window shows before the database machinery loads
    from workflows.store import Database, PlanRepository


@dataclass
class AppContext:
    database: Database
    repo: PlanRepository
    texts: Texts
