"""What every window of one running app shares: the database, its plans, the language."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database
from storage.repository import PlanRepository
from ui.texts import Texts


@dataclass
class AppContext:
    database: Database
    repo: PlanRepository
    texts: Texts
