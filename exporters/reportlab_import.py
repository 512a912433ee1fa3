"""Two of reportlab's modules, imported without work a plan's PDF never needs.

As it is imported, ``reportlab.platypus.paragraph`` compiles ``uri_pat``, a case-insensitive
pattern over most of Unicode that it uses only to hyphenate links: about 40 ms of every PDF
export's start on a 2-core machine, for a pattern a plan's document never needs.  While that
one module is imported, this pattern (and only it) is compiled on first use instead.

``reportlab.lib.utils`` imports ``PIL.Image`` (for pictures) and ``urllib.request`` (for
files named by URL: http.client, email, ssl, socket) as it is imported: 35-40 ms of the PDF
child's start, for pictures and URLs a plan's PDF never has.  While that one module is
imported, those two imports give stand-ins that load the real module when first used (see
:mod:`forms.deferred_import`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from forms.deferred_import import LoadedOnUse, called_on_use, stand_ins, while_imported

MODULE = "reportlab.platypus.paragraph"
UTILS = "reportlab.lib.utils"
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how reportlab's uri_pat begins


class LazyPattern:
    """A compiled pattern made on first use; behaves as the pattern itself."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


_compile = re.compile


def _deferring_compile(pattern: Any, flags: int = 0) -> Any:
    if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START):
        return LazyPattern(pattern, flags)
    return _compile(pattern, flags)


@contextlib.contextmanager
def _uri_pattern_deferred() -> Iterator[None]:
    re.compile = _deferring_compile  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = _compile


# reportlab.lib.utils's imports, as it writes them: the module stood for, and the stand-in.
_UTILS_STAND_INS = {
    ("PIL", ("Image",)): ("PIL.Image", lambda: SimpleNamespace(Image=LoadedOnUse("PIL.Image"))),
    ("urllib.request", ("urlopen", "Request")): (
        "urllib.request",
        lambda: SimpleNamespace(
            urlopen=called_on_use("urllib.request", "urlopen"),
            Request=called_on_use("urllib.request", "Request"),
        ),
    ),
}


def _pictures_and_urls_on_use() -> contextlib.AbstractContextManager[None]:
    return stand_ins(_UTILS_STAND_INS)


def defer_reportlab_work() -> None:
    """Have the two modules, when first imported, skip what a plan's PDF never needs."""
    while_imported(MODULE, _uri_pattern_deferred)
    while_imported(UTILS, _pictures_and_urls_on_use)
