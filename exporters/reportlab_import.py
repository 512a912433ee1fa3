"""reportlab's paragraph module, imported without its URL pattern compiled.

As it is imported, ``reportlab.platypus.paragraph`` compiles ``uri_pat``, a case-insensitive
pattern over most of Unicode that it uses only to hyphenate links: about 40 ms of every PDF
export's start on a 2-core machine, for a pattern a plan's document never needs.  While that
one module is imported, this pattern (and only it) is compiled on first use instead.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importlib.abc loads importlib.resources: ~7 ms of every export's start
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

MODULE = "reportlab.platypus.paragraph"
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


class _DeferringLoader:
    """The module's own loader, running the module with the URL pattern deferred."""

    def __init__(self, loader: Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with _uri_pattern_deferred():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package…
        return getattr(self._loader, name)


class _ParagraphFinder:
    """Finds the paragraph module with the other finders (files or a frozen bundle) and
    hands it the deferring loader; does nothing for any other module."""

    def find_spec(self, name: str, path: Any, target: ModuleType | None = None) -> Any:
        if name != MODULE:
            return None
        with contextlib.suppress(ValueError):  # asked once: no other import comes here again
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _DeferringLoader(spec.loader)
                return spec
        return None


def defer_uri_pattern() -> None:
    """Have the paragraph module, when it is first imported, skip compiling its URL pattern."""
    if MODULE in sys.modules or any(isinstance(f, _ParagraphFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _ParagraphFinder())
