"""A worker thread writes through a connection of its own (an SQLite connection serves only
the thread that opened it), under the lock the app holds, on either home of the database."""

from __future__ import annotations

import threading

from bench.large_plan import large_plan
from storage.repository import PlanRepository


def test_a_worker_writes_through_its_own_connection(repo) -> None:
    plan = large_plan(indicators=2, projects=3, chapters=12, chars=50)
    errors: list[BaseException] = []

    def work() -> None:
        worker = repo.database.for_worker()
        try:
            assert worker.writable
            PlanRepository(worker).save_plan(plan)
        except BaseException as exc:
            errors.append(exc)
        finally:
            worker.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []
    assert repo.load_plan(plan.id).projects == plan.projects  # seen by the app's connection
    assert repo.database.writable  # closing the worker's connection kept the app's lock
    repo.save_plan(plan)
