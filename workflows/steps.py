"""A long operation's steps, as a window runs it in a worker thread: the operation says how
far it has come and stops between steps when asked to, having written nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workflows.errors import OperationCancelledError


def _ignore(_share: float) -> None:
    pass


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Steps:
    """``progress(share)`` with 0 ≤ share ≤ 1; ``cancelled()`` asked between steps."""

    progress: Callable[[float], None] = field(default=_ignore)
    cancelled: Callable[[], bool] = field(default=_never)

    def reached(self, share: float) -> None:
        """Stop here (OperationCancelledError) if asked to; else say how far the work is."""
        if self.cancelled():
            raise OperationCancelledError()
        self.progress(share)


NO_STEPS = Steps()
