"""A library module run in a context of ours when it is first imported: e.g. with stand-ins
for imports it makes at its top for work PeakPlan never asks of it.

:func:`while_imported` has ``module``'s code, when it is first imported, run inside a context
(found by the usual finders, files or a frozen bundle, and loaded by its own loader).
:func:`stand_ins` is such a context: while it lasts, in the thread that entered it only, the
import statements it names receive stand-ins that load the real module when first used
(``Image.open``, ``urlopen(...)``); ``sys.modules`` is left alone, so every other importer,
and the stand-in once used, gets the real module.  An import written otherwise than named
(a new version of the library) is simply made as ever.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importlib.abc loads importlib.resources: ~7 ms of every export's start
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

Context = Callable[[], contextlib.AbstractContextManager[None]]
# An import statement: ``from MODULE import NAMES`` as (MODULE, NAMES).
Statement = tuple[str, tuple[str, ...]]


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


_this_thread = threading.local()  # .given: the stand-ins of the contexts this thread is in
_installing = threading.Lock()
_real_import: Callable[..., Any] = builtins.__import__
_contexts = 0  # entered, in every thread: the import hook is in place while any is


def _deferring_import(
    name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0
) -> Any:
    if level == 0:
        statement = (name, tuple(fromlist or ()))
        for given in getattr(_this_thread, "given", ()):  # another thread's are its own
            stand_in = given.get(statement)
            if stand_in is not None and stand_in[0] not in sys.modules:
                return stand_in[1]()
    return _real_import(name, globals, locals, fromlist, level)


@contextlib.contextmanager
def stand_ins(given: Mapping[Statement, tuple[str, Callable[[], object]]]) -> Iterator[None]:
    """While it lasts, in this thread, each statement of ``given`` receives what its
    function makes, unless the module stood for (the first of the pair) is loaded already.
    Contexts entered by two threads at once each keep to their own thread, and the import
    hook goes when the last ends."""
    global _contexts, _real_import
    with _installing:
        if _contexts == 0:
            _real_import = builtins.__import__
            builtins.__import__ = _deferring_import
        _contexts += 1
    mine = getattr(_this_thread, "given", ())
    _this_thread.given = (*mine, given)
    try:
        yield
    finally:
        _this_thread.given = mine
        with _installing:
            _contexts -= 1
            if _contexts == 0 and builtins.__import__ is _deferring_import:
                builtins.__import__ = _real_import


class _ContextLoader:
    """The module's own loader, running the module inside its context."""

    def __init__(self, loader: Loader, context: Context) -> None:
        self._loader, self._context = loader, context

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with self._context():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package…
        return getattr(self._loader, name)


class _Finder:
    """Finds the modules waiting with the other finders and hands each its context's loader;
    does nothing for any other module, and leaves once none is waiting."""

    def __init__(self) -> None:
        self.waiting: dict[str, Context] = {}

    def find_spec(self, name: str, path: Any, target: ModuleType | None = None) -> Any:
        context = self.waiting.pop(name, None)  # asked once: no other import comes here again
        if context is None:
            return None
        if not self.waiting:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ContextLoader(spec.loader, context)
                return spec
        return None


_finder = _Finder()


def while_imported(module: str, context: Context) -> None:
    """Have ``module``, when first imported, run inside ``context()`` (nothing if it is
    loaded already or waits for a context)."""
    if module in sys.modules or module in _finder.waiting:
        return
    _finder.waiting[module] = context
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
