"""Two of reportlab's modules, imported without work a plan's PDF never needs.

As it is imported, ``reportlab.platypus.paragraph`` compiles ``uri_pat``, a case-insensitive
pattern over most of Unicode that it uses only to hyphenate links: about 40 ms of every PDF
export's start on a 2-core machine, for a pattern a plan's document never needs.  While that
one module is imported, this pattern (and only it) is compiled on first use instead.

``reportlab.lib.utils`` imports ``PIL.Image`` (for pictures) and ``urllib.request`` (for
files named by URL: http.client, email, ssl, socket) as it is imported: 35-40 ms of the PDF
child's start, for pictures and URLs a plan's PDF never has.  While that one module is
imported, and only in the thread importing it, those two imports give stand-ins that load the
real module when first used (``Image.open``, ``urlopen(...)``); ``sys.modules`` is left
alone, so every other importer gets the real modules.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import re
import sys
import threading
from collections.abc import Callable, Iterator
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importlib.abc loads importlib.resources: ~7 ms of every export's start
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

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


class LoadedOnUse(ModuleType):
    """Stands for the module ``name`` before it is loaded: reading any of its attributes
    loads it and gives the real module's."""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self.__name__), attribute)


def called_on_use(module: str, name: str) -> Callable[..., Any]:
    """Stands for the function (or class) ``module.name``: a call loads the module and calls
    the real one."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


# The imports of reportlab.lib.utils given stand-ins, exactly as it writes them (module, names
# imported from it): the module stood for (once it is loaded, the real one is given), and
# what the import statement receives.
_STAND_INS: dict[tuple[str, tuple[str, ...]], tuple[str, Callable[[], SimpleNamespace]]] = {
    ("PIL", ("Image",)): ("PIL.Image", lambda: SimpleNamespace(Image=LoadedOnUse("PIL.Image"))),
    ("urllib.request", ("urlopen", "Request")): (
        "urllib.request",
        lambda: SimpleNamespace(
            urlopen=called_on_use("urllib.request", "urlopen"),
            Request=called_on_use("urllib.request", "Request"),
        ),
    ),
}


@contextlib.contextmanager
def _pictures_and_urls_on_use() -> Iterator[None]:
    thread, _import = threading.get_ident(), builtins.__import__

    def deferring_import(
        name: str,
        globals: Any = None,
        locals: Any = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> Any:
        stand_in = _STAND_INS.get((name, tuple(fromlist or ()))) if level == 0 else None
        if (
            stand_in is not None
            and stand_in[0] not in sys.modules
            and threading.get_ident() == thread  # another thread's imports are its own
        ):
            return stand_in[1]()
        return _import(name, globals, locals, fromlist, level)

    builtins.__import__ = deferring_import
    try:
        yield
    finally:
        builtins.__import__ = _import


_WHILE_IMPORTED: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
    MODULE: _uri_pattern_deferred,
    UTILS: _pictures_and_urls_on_use,
}


class _DeferringLoader:
    """The module's own loader, running the module in its context (``during``)."""

    def __init__(
        self, loader: Loader, during: Callable[[], contextlib.AbstractContextManager[None]]
    ) -> None:
        self._loader, self._during = loader, during

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with self._during():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package…
        return getattr(self._loader, name)


class _ReportlabFinder:
    """Finds the two modules with the other finders (files or a frozen bundle) and hands
    each its deferring loader; does nothing for any other module."""

    def __init__(self) -> None:
        self._waiting = {name for name in _WHILE_IMPORTED if name not in sys.modules}

    def find_spec(self, name: str, path: Any, target: ModuleType | None = None) -> Any:
        if name not in self._waiting:
            return None
        self._waiting.discard(name)  # asked once: no other import comes here again
        if not self._waiting:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _DeferringLoader(spec.loader, _WHILE_IMPORTED[name])
                return spec
        return None


def defer_reportlab_work() -> None:
    """Have the two modules, when first imported, skip what a plan's PDF never needs."""
    if all(name in sys.modules for name in _WHILE_IMPORTED) or any(
        isinstance(f, _ReportlabFinder) for f in sys.meta_path
    ):
        return
    sys.meta_path.insert(0, _ReportlabFinder())
