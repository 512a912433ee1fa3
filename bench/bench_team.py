"""Team load test: simulated users edit one plan at once, then the plan is compared with the log
of every save they were told succeeded.  `make bench-team`.

    python bench/bench_team.py [--users 20] [--seconds 60] [--only postgresql|sqlite] [--fast]

Starts its own PostgreSQL as the tests do (tests/postgres.py: initdb in a temporary folder,
a private port of 127.0.0.1, stopped at the end), durable as a team's server runs (fsync on;
``--fast``: the tests' settings, no fsync), and saves the generated large plan there
(bench/large_plan.py).  Then each user is a separate process with its own connection and
PlanRepository, as each member's app is.  Half the users edit shared items (two chapter texts
and two fields of one project, the same for all of them), half their own (a chapter and a
project each).  A user saves one field every 100–500 ms, at random through either of the app's
write paths, each based on the version of the user's copy of the item:
``PlanRepository.update_field(…, based_on=)`` (one field) or ``save_item(…, based_on=)`` (the
whole item, the field changed in the user's copy).  A refused save (ItemChangedError: someone
changed the item since) is the conflict the app shows its user, with their item: here the user
keeps their text, puts it into theirs and saves again.  Each user's copies are read afresh
every second (the live view).

At the end the plan is read back and compared with the log:
- every field holds the value of the last save acknowledged for it (else: an edit lost);
- each item's version rose by exactly one per acknowledged save: two saves acknowledged on one
  version are an edit lost, a rise nobody was told of a write that was not acknowledged;
- no conflict on an item only one user edits (a false alarm).
Prints saves per second, save latency (p50/p95/max), conflicts and lost edits in one table;
exits 1 if anything was lost or wrong.  The same users then run on one SQLite file (each
process opens it as read-only commands do, without the writer's lock: the app itself admits one
writer per file), for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.large_plan import large_plan  # noqa: E402
from forms.edit import find_item, get_field, set_field  # noqa: E402
from forms.plan import Plan  # noqa: E402
from storage.errors import ItemChangedError, StorageError  # noqa: E402
from storage.repository import PlanRepository  # noqa: E402
from workflows.store import open_database_at  # noqa: E402

PACE_S = (0.1, 0.5)  # a save every 100–500 ms: a busy person
LIVE_VIEW_S = 1.0  # how stale a user's view of others' saves gets
START_DELAY_S = 1.0  # the users start together, once every process is up
ACK, CONFLICT, ERROR = "acknowledged", "conflict", "error"
FIELD, ITEM = "update_field", "save_item"  # the two ways the app saves

Key = tuple[str, str]  # (collection, item id)


@dataclass(frozen=True)
class Target:
    collection: str
    item_id: str
    path: str
    shared: bool

    @property
    def key(self) -> Key:
        return self.collection, self.item_id


class Save(NamedTuple):
    """One save a user made and what it was told."""

    user: int
    collection: str
    item_id: str
    path: str
    value: str
    based_on: int
    version: int | None  # the item's version it made, when acknowledged
    outcome: str
    ms: float
    shared: bool
    via: str = ""  # FIELD or ITEM
    detail: str = ""  # the message a refused save showed


@dataclass(frozen=True)
class UserSpec:
    number: int
    location: str
    plan_id: str
    targets: tuple[Target, ...]
    base_texts: dict[Key, str]
    start_at: float = 0.0
    stop_at: float = 0.0
    checked: bool = True  # False: whole items saved without their version (as before versions)


# -- one user -----------------------------------------------------------------------------------


def _open(location: str) -> Any:
    """The user's own connection: the server as the app opens it; the file as read-only
    commands open it (without the writer's lock, which admits one app per file)."""
    if location.startswith("postgresql://"):
        return open_database_at(location)
    from storage.database import open_database

    return open_database(Path(location), write=False)


def _value(spec: UserSpec, target: Target, count: int) -> str:
    """A value no other save has: the user's number and its count in it."""
    if target.path.endswith(".text") and target.collection == "projects":
        return str(spec.number * 1_000_000 + count)
    mark = f"【用户{spec.number}·第{count}次】"
    return spec.base_texts.get(target.key, "") + mark


class Copy(NamedTuple):
    """A user's copy of an item, as the editor holds it, and the version it was read at."""

    item: BaseModel
    version: int


def _look(repo: PlanRepository, spec: UserSpec, copies: dict[Key, Copy]) -> None:
    """The live view: the user's items as they are stored now."""
    for key in dict.fromkeys(t.key for t in spec.targets):
        copies[key] = Copy(*repo.stored_item(spec.plan_id, *key))


def _write(
    repo: PlanRepository, spec: UserSpec, target: Target, value: str, copy: Copy, via: str
) -> Copy:
    """One save through the repository, based on the copy's version; the copy it makes."""
    if via == FIELD:
        item = repo.update_field(
            spec.plan_id, *target.key, target.path, value, based_on=copy.version
        )
        return Copy(item, copy.version + 1)  # the value is new, so the item changed
    item = copy.item.model_copy(deep=True)
    set_field(item, target.path, value)
    based_on = copy.version if spec.checked else None
    return Copy(item, repo.save_item(spec.plan_id, target.collection, item, based_on=based_on))


def _save(
    repo: PlanRepository,
    spec: UserSpec,
    target: Target,
    value: str,
    copies: dict[Key, Copy],
    via: str,
) -> Save:
    """Save, log the answer, and keep the copy the answer gives: the item saved, or theirs
    (the conflict dialog shows it) to apply the user's value to again."""
    copy, start = copies[target.key], time.perf_counter()
    outcome, version, detail = ACK, None, ""
    try:
        copies[target.key] = _write(repo, spec, target, value, copy, via)
        version = copies[target.key].version
    except ItemChangedError as exc:
        outcome, detail = CONFLICT, exc.message("en")
        copies[target.key] = Copy(exc.theirs, exc.version)
    except StorageError as exc:
        outcome, detail = ERROR, exc.message("en")
    ms = (time.perf_counter() - start) * 1000
    return Save(
        spec.number,
        *target.key,
        target.path,
        value,
        copy.version,
        version,
        outcome,
        ms,
        target.shared,
        via,
        detail,
    )


def run_user(spec: UserSpec) -> list[Save]:
    """Edit until ``stop_at``, each save through update_field or save_item at random; every
    save and its answer logged."""
    rng = random.Random(spec.number)
    database = _open(spec.location)
    repo = PlanRepository(database)
    copies: dict[Key, Copy] = {}
    saves: list[Save] = []
    again: tuple[Target, str] | None = None  # a refused save the user keeps ("keep mine")
    count, looked = 0, spec.start_at
    time.sleep(max(0.0, spec.start_at - time.time()))
    try:
        _look(repo, spec, copies)
        while time.time() < spec.stop_at:
            if again is None:
                count += 1
                target = rng.choice(spec.targets)
                again = target, _value(spec, target, count)
            via = rng.choice((FIELD, ITEM)) if spec.checked else ITEM
            save = _save(repo, spec, *again, copies, via)
            saves.append(save)
            if save.outcome == ACK:
                again = None
            if time.time() - looked >= LIVE_VIEW_S:
                _look(repo, spec, copies)
                looked = time.time()
            time.sleep(rng.uniform(*PACE_S))
    finally:
        database.close()
    return saves


def _user_process(spec: UserSpec, results: Any) -> None:
    try:
        saves = run_user(spec)
        usage = resource.getrusage(resource.RUSAGE_SELF)  # this process's own: reset by fork
        results.put((spec.number, saves, usage.ru_utime + usage.ru_stime, None))
    except BaseException:
        results.put((spec.number, [], 0.0, traceback.format_exc()))


def run_users(specs: list[UserSpec], seconds: float) -> tuple[list[Save], float]:
    """Each user in its own process (forked: nothing to import again), all starting at once.
    Their saves, and the CPU seconds the users' processes took."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + START_DELAY_S
    timed = [replace(s, start_at=start_at, stop_at=start_at + seconds) for s in specs]
    processes = [
        context.Process(target=_user_process, args=(s, results), daemon=True) for s in timed
    ]
    saves: list[Save] = []
    failures, cpu = [], 0.0
    try:
        for process in processes:
            process.start()
        for _ in processes:
            number, log, used, failure = results.get(timeout=seconds + 120)
            saves, cpu = saves + log, cpu + used
            if failure:
                failures.append(f"user {number}:\n{failure}")
        for process in processes:
            process.join(timeout=30)
    finally:  # a user stuck (or this run interrupted) leaves no process behind
        for process in processes:
            if process.is_alive():
                process.terminate()
    if failures:
        raise RuntimeError("\n".join(failures))
    return saves, cpu


def server_cpu_s(pid: int) -> float:
    """CPU seconds a server has taken: its main process, the children it reaped (the users'
    connections once closed) and those still running (Linux /proc)."""

    def fields(proc: Path) -> list[str]:
        return (proc / "stat").read_text().rpartition(")")[2].split()

    ticks = fields(Path(f"/proc/{pid}"))
    total = sum(int(t) for t in ticks[11:15])  # utime, stime, cutime, cstime
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError):
            if proc.name.isdigit() and fields(proc)[1] == str(pid):
                total += sum(int(t) for t in fields(proc)[11:13])
    return total / os.sysconf("SC_CLK_TCK")


# -- the plan, the users' items -----------------------------------------------------------------


def small_plan() -> Plan:
    """Enough items for the users, small enough for a test."""
    return large_plan(indicators=0, projects=24, chapters=24, chars=300)


def make_specs(location: str, plan: Plan, users: int) -> list[UserSpec]:
    """Users 0, 2, 4… on the shared items; 1, 3, 5… each on its own chapter and project."""
    chapters, projects = plan.chapters, plan.projects
    if len(chapters) < users // 2 + 2 or len(projects) < users // 2 + 1:
        raise ValueError(f"the plan has too few chapters or projects for {users} users")
    shared = (
        Target("chapters", chapters[0].id, "text", True),
        Target("chapters", chapters[1].id, "text", True),
        Target("projects", projects[0].id, "content", True),
        Target("projects", projects[0].id, "investment.text", True),
    )
    texts = {("chapters", c.id): c.text for c in chapters}
    specs = []
    for number in range(users):
        own = number // 2
        targets = (
            shared
            if number % 2 == 0
            else (
                Target("chapters", chapters[2 + own].id, "text", False),
                Target("projects", projects[1 + own].id, "content", False),
                Target("projects", projects[1 + own].id, "investment.text", False),
            )
        )
        specs.append(UserSpec(number, location, plan.id, targets, texts))
    return specs


# -- the check ----------------------------------------------------------------------------------


@dataclass
class Verdict:
    lost: list[str] = field(default_factory=list)  # a field not holding its last ack's value
    same_version: list[str] = field(default_factory=list)  # two saves acked on one version
    overwritten: list[str] = field(default_factory=list)  # a save replaced by one not based on it
    unlogged: list[str] = field(default_factory=list)  # a version rise nobody was told of
    false_conflicts: int = 0

    @property
    def lost_edits(self) -> int:
        return len(self.lost) + len(self.same_version) + len(self.overwritten)

    @property
    def ok(self) -> bool:
        return not (self.lost_edits or self.unlogged or self.false_conflicts)


def verify(
    plan: Plan, initial: dict[Key, int], final: dict[Key, int], saves: list[Save]
) -> Verdict:
    """Compare the plan as stored with the log of acknowledged saves."""
    verdict = Verdict(false_conflicts=sum(s.outcome == CONFLICT and not s.shared for s in saves))
    acks = [s for s in saves if s.outcome == ACK]
    versions: dict[Key, list[int]] = defaultdict(list)
    last: dict[tuple[str, str, str], Save] = {}
    for save in acks:
        key = (save.collection, save.item_id)
        versions[key].append(save.version)  # type: ignore[arg-type]
        previous = last.get((*key, save.path))
        if previous is None or save.version > previous.version:  # type: ignore[operator]
            last[(*key, save.path)] = save
    for key in set(versions) | {k for k in final if final[k] != initial.get(k)}:
        told = Counter(versions[key])
        verdict.same_version += [f"{key} v{v}: {n} saves" for v, n in told.items() if n > 1]
        verdict.overwritten += [
            f"{key} v{s.version - 1} replaced by user {s.user}, who had v{s.based_on}"
            for s in acks
            if (s.collection, s.item_id) == key and s.based_on != s.version - 1  # type: ignore[operator]
        ]
        rises = set(range(initial.get(key, 0) + 1, final.get(key, 0) + 1))
        verdict.unlogged += [f"{key} v{v}" for v in sorted(rises ^ set(told))]
    for (collection, item_id, path), save in last.items():
        item = find_item(plan, collection, item_id)
        stored = get_field(item, path) if item is not None else None
        if stored != save.value:
            verdict.lost.append(f"{collection} {item_id} {path}: user {save.user} v{save.version}")
    return verdict


# -- a run on one home --------------------------------------------------------------------------


@dataclass
class Result:
    home: str
    users: int
    seconds: float
    saves: list[Save]
    verdict: Verdict
    user_cpu_s: float = 0.0
    server_cpu_s: float | None = None

    def cpu_per_save(self) -> str:
        """CPU milliseconds per save answered: the users' processes / the server's."""
        count = max(1, len(self.saves))
        server = "—" if self.server_cpu_s is None else f"{self.server_cpu_s * 1000 / count:.1f}"
        return f"{self.user_cpu_s * 1000 / count:.1f} / {server}"

    def count(self, outcome: str) -> int:
        return sum(s.outcome == outcome for s in self.saves)

    def acked(self, via: str) -> int:
        return sum(s.outcome == ACK and s.via == via for s in self.saves)

    def latency(self, *outcomes: str) -> tuple[float, float, float]:
        """p50, p95 and the longest answer to the saves of these outcomes, in ms."""
        times = sorted(s.ms for s in self.saves if s.outcome in outcomes) or [0.0]
        cuts = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times
        return statistics.median(times), cuts[-1], times[-1]


def run(
    location: str,
    *,
    users: int,
    seconds: float,
    plan: Plan,
    home: str = "",
    checked: bool = True,
    server_pid: int | None = None,
) -> Result:
    """Save ``plan`` at ``location``, let ``users`` edit it for ``seconds``, check it
    (``server_pid``: the server whose CPU time to count)."""
    database = open_database_at(location)
    try:
        repo = PlanRepository(database)
        repo.save_plan(plan)
        initial = repo.versions(plan.id)
    finally:
        database.close()  # closed before the users fork: no connection is shared
    specs = [replace(s, checked=checked) for s in make_specs(location, plan, users)]
    server_before = server_cpu_s(server_pid) if server_pid else 0.0
    saves, user_cpu = run_users(specs, seconds)
    time.sleep(0.5 if server_pid else 0)  # the users' connections' ends reaped by the server
    server_cpu = server_cpu_s(server_pid) - server_before if server_pid else None
    database = open_database_at(location)
    try:
        repo = PlanRepository(database)
        stored, final = repo.load_plan(plan.id), repo.versions(plan.id)
    finally:
        database.close()
    verdict = verify(stored, initial, final, saves)
    return Result(
        home or location.split(":")[0], users, seconds, saves, verdict, user_cpu, server_cpu
    )


@contextmanager
def private_server(*, durable: bool) -> Iterator[tuple[str, int]]:
    """A PostgreSQL server of this run's own (tests/postgres.py), stopped and removed after:
    its URL and process id."""
    from tests.postgres import remove_server, start_server

    server = start_server(durable=durable)
    try:
        yield server.url(), server.process.pid
    finally:
        remove_server(server)


# -- the report ---------------------------------------------------------------------------------


ROWS: list[tuple[str, Callable[[Result], str]]] = [
    ("users (half on shared items) × seconds", lambda r: f"{r.users} × {r.seconds:g}"),
    ("saves answered", lambda r: str(len(r.saves))),
    ("saves acknowledged per second", lambda r: f"{r.count(ACK) / r.seconds:.1f}"),
    ("… of them through update_field / save_item", lambda r: f"{r.acked(FIELD)} / {r.acked(ITEM)}"),
    ("acknowledged save: latency p50 / p95 / max (ms)", lambda r: _ms(r.latency(ACK))),
    ("refused save: latency p50 / p95 / max (ms)", lambda r: _ms(r.latency(CONFLICT, ERROR))),
    ("CPU per save answered: users' processes / server (ms)", Result.cpu_per_save),
    ("conflicts surfaced (refused, told to the user)", lambda r: str(r.count(CONFLICT))),
    ("… on items only one user edits (false alarms)", lambda r: str(r.verdict.false_conflicts)),
    ("refused with another error (told to the user)", lambda r: str(r.count(ERROR))),
    ("edits lost", lambda r: str(r.verdict.lost_edits)),
    ("version rises nobody was told of", lambda r: str(len(r.verdict.unlogged))),
]


def _ms(times: tuple[float, ...]) -> str:
    return " / ".join(f"{t:.1f}" for t in times)


def table(results: list[Result]) -> str:
    lines = ["| | " + " | ".join(r.home for r in results) + " |"]
    lines.append("| --- " * (len(results) + 1) + "|")
    lines += [f"| {name} | " + " | ".join(get(r) for r in results) + " |" for name, get in ROWS]
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{when}; {os.cpu_count()} × {cpu}; Linux {platform.release()}; load {load}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--fast", action="store_true", help="the server without fsync")
    parser.add_argument(
        "--unchecked",
        action="store_true",
        help="users save whole items without their version, as before versions: what is lost",
    )
    args = parser.parse_args()
    how = {"users": args.users, "seconds": args.seconds, "checked": not args.unchecked}
    plan, results = large_plan(), []
    print(f"before: {machine()}", flush=True)
    if args.only != "sqlite":
        with private_server(durable=not args.fast) as (url, pid):
            home = "PostgreSQL" + (" (no fsync)" if args.fast else " (fsync on)")
            results.append(run(url, plan=plan, home=home, server_pid=pid, **how))
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "team.sqlite")
            results.append(run(path, plan=plan, home="SQLite file (one per machine)", **how))
    print(f"after:  {machine()}\n\n{table(results)}")
    for result in results:
        errors = Counter(s.detail for s in result.saves if s.outcome == ERROR)
        for detail, times in errors.most_common():
            print(f"{result.home}: {times} × refused: {detail}")
        verdict = result.verdict
        problems = verdict.lost + verdict.same_version + verdict.overwritten + verdict.unlogged
        for problem in problems[:20]:
            print(f"{result.home}: {problem}")
    return 0 if all(r.verdict.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
