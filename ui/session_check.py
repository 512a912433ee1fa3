"""The plan's check (findings and completeness) run again in a worker after each change, so
the window never freezes while a large plan is checked.

The worker reads the open plan itself, without a copy (a deep copy on the UI thread would cost
about as much as the check).  Every change to the plan is made on the UI thread and counted
(:meth:`CheckedInBackground._changed`); a result arrives on the UI thread and is taken only if
nothing changed while it was worked out, so it is exactly the check of the plan as it is.  A
result overtaken by a change is dropped and the check runs again: at most one runs at a time,
and a stale one never replaces a newer one.  Until a change's result arrives the previous one
is shown.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from forms.checks import Finding, check_plan
from forms.completeness import completeness
from forms.plan import Plan
from forms.template import Template

Completeness = tuple[float, dict[str, float]]


def _check(plan: Plan, template: Template) -> tuple[list[Finding], Completeness]:
    findings = check_plan(plan, template)
    return findings, completeness(plan, template, findings)


YIELD_EVERY = 1000  # Python calls, about 1 ms of the check's work
YIELD_S = 0.001


def _yielding() -> Callable[[Any, str, Any], None]:
    """A profile hook that pauses the worker briefly every :data:`YIELD_EVERY` calls.  A
    thread busy with Python makes the UI thread wait for the interpreter lock at each hand-over
    (each Qt call hands it over), so the window would stall for most of the check; measured
    with the bench, the longest pause while typing fell from ~100 ms to ~70 ms."""
    count = 0

    def hook(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal count
        if event == "call":
            count += 1
            if count % YIELD_EVERY == 0:
                time.sleep(YIELD_S)

    return hook


class _Relay(QObject):
    """Carries a worker's result to the UI thread (a queued signal)."""

    done = Signal(int, object, object)  # the change count it checked, its result, its error


class CheckedInBackground:
    """Mixed into :class:`ui.session.PlanSession` (which has ``plan``, ``template`` and the
    ``checked`` signal, emitted when a newer result is shown)."""

    plan: Plan
    template: Template
    checked: Any

    def _init_check(self) -> None:
        self._generation = 0  # changes made to the plan so far
        self._result: tuple[list[Finding], Completeness] | None = None
        self._result_generation = -1
        self._running = False
        self._start_due = False  # a start is queued on the UI thread
        self._relay = _Relay()
        self._relay.done.connect(self._check_done)

    def _changed(self) -> None:
        """The plan changed (on the UI thread): results worked out before are stale.  The
        check starts once the UI thread has finished with the change (its save, its widgets),
        so that work is not slowed by the worker."""
        self._generation += 1
        if self._result is not None and not self._start_due:
            self._start_due = True
            QTimer.singleShot(0, self._relay, self._start_check)

    def _take_result(self, result: tuple[list[Finding], Completeness] | None) -> None:
        """Results read from elsewhere for the plan as it is now (None: none known)."""
        self._generation += 1
        self._result = result
        self._result_generation = self._generation if result is not None else -1

    # -- reading ----------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """The plan's findings as it is now (checked here and now if it changed since)."""
        return self._fresh()[0]

    def completeness(self) -> Completeness:
        return self._fresh()[1]

    def shown_findings(self) -> list[Finding]:
        """The latest findings known, never worked out on this thread once the plan has been
        checked; a newer result follows with ``checked``."""
        return self._shown()[0]

    def shown_completeness(self) -> Completeness:
        return self._shown()[1]

    def check_settled(self) -> bool:
        """The findings shown are those of the plan as it is now."""
        return self._result_generation == self._generation

    def _fresh(self) -> tuple[list[Finding], Completeness]:
        if self._result is None or not self.check_settled():
            self._result = _check(self.plan, self.template)
            self._result_generation = self._generation
        return self._result

    def _shown(self) -> tuple[list[Finding], Completeness]:
        if self._result is None:  # the first check, when the plan opens
            return self._fresh()
        return self._result  # a newer one is on its way if the plan changed (_changed)

    # -- the worker -------------------------------------------------------------------------

    def _start_check(self) -> None:
        self._start_due = False
        if self._running or self.check_settled():
            return  # the one running is looked at when it ends
        self._running = True
        generation, plan, template = self._generation, self.plan, self.template
        relay = self._relay

        def run() -> None:
            sys.setprofile(_yielding())  # this thread only
            try:
                result, error = _check(plan, template), None
            except Exception as exc:  # the plan changed under it, or a real error
                result, error = None, exc
            relay.done.emit(generation, result, error)

        threading.Thread(target=run, name="peakplan-check", daemon=True).start()

    def _check_done(self, generation: int, result: Any, error: Exception | None) -> None:
        self._running = False
        if generation != self._generation:  # overtaken by a change: dropped, checked again
            if self._result_generation != self._generation:
                self._start_check()
            return
        if error is not None:
            raise error
        self._result, self._result_generation = result, generation
        self.checked.emit()
