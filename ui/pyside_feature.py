"""PySide6 reads the source of every module imported after it.

For its ``from __feature__ import`` switches (snake_case, true_property), PySide6 notes of each
newly imported module whether it uses PySide6, by reading the module's whole source through
``inspect`` and ``tokenize`` and looking for the word "PySide6".  On this app that is about
75 ms of the editor's and exporters' imports, on the window's thread.  PeakPlan uses no such
switch, and the same question is answered here from what the module has imported.
"""

from __future__ import annotations

from types import ModuleType

PACKAGES = ("PySide6", "shiboken6")


def _origin(value: object) -> object:
    if isinstance(value, ModuleType):
        return value.__name__
    if isinstance(value, type):
        return value.__module__
    return type(value).__module__


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module`` holds a PySide6 module, class or object among its names."""
    for value in list(vars(module).values()):
        origin = _origin(value)
        if isinstance(origin, str) and origin.startswith(PACKAGES):
            return True
    return False


def stop_reading_sources() -> bool:
    """Answer PySide6's question without reading sources; False where this PySide6 does not
    ask it that way (then nothing is changed)."""
    try:
        from PySide6.support import feature
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside
    return True
