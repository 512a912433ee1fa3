"""What every window of one running app shares: the database, its plans, the language."""

from __future__ import annotations

from dataclasses import dataclass

from ui.texts import Texts
from workflows.store import Database, PlanRepository


@dataclass
class AppContext:
    database: Database
    repo: PlanRepository
    texts: Texts
