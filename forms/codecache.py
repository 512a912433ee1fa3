"""The code of the methods :mod:`dataclasses` writes, compiled once and kept for the next
process.

A dataclass's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``… are written as Python
source by ``dataclasses._create_fn`` and compiled by ``exec`` as each class is made: every
PeakPlan process compiled the same functions again as it imported (456 in a demo PDF export's
parent, 102 in its child; the 469 distinct texts: ~30 ms to compile, 0.7 ms to load from this
file of 0.4 MB).  :func:`install` gives the ``dataclasses`` module an ``exec`` of its own (a
module global, found before the builtin): for a source text it runs the code compiled before
from that same text, else compiles it as ``exec`` would (``"<string>"``, ``"exec"``, no
``__future__`` flag: dataclasses.py has none) and keeps it.  ``_create_fn`` itself runs
unchanged, so the functions, their defaults, closures and errors are those it makes anyway.

The file (one per interpreter, in the user cache folder) is read once per process, at the
first dataclass, and written back, atomically and merged with what another process wrote
meanwhile, only when new code was compiled: at exit, or by a forked child as it ends
(:func:`save`).  A missing, damaged or foreign file only costs the compiles; so does an
unwritable folder.  Only on the versions whose ``_create_fn`` was read (3.11, 3.12; 3.13
builds a class's methods otherwise); elsewhere nothing is changed.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
import threading
from pathlib import Path
from types import CodeType
from typing import Any

FORMAT = 1  # raise when what the file holds changes shape
MAX_BYTES = 8 << 20  # a larger file is not read (PeakPlan's own: ~0.5 MB)
MAX_ENTRIES = 4096  # beyond, only what this process used is kept (PeakPlan's own: ~560)
VERIFIED = ((3, 11), (3, 12))

_table: dict[str, CodeType] = {}  # source text → its code
_new: dict[str, CodeType] = {}  # compiled by this process, not yet in the file
_used: set[str] = set()  # found in the table by this process
_loaded = False
_lock = threading.Lock()


def supported() -> bool:
    """Whether this Python's dataclasses compile each method with ``exec`` of a source text
    in ``_create_fn``, as read in 3.11 and 3.12."""
    code = getattr(getattr(dataclasses, "_create_fn", None), "__code__", None)
    return sys.version_info[:2] in VERIFIED and code is not None and "exec" in code.co_names


def installed() -> bool:
    return vars(dataclasses).get("exec") is _exec


def install() -> bool:
    """Have dataclasses' methods compiled once (see the module); True if done.  No-op on a
    version not verified, or if something else gave ``dataclasses`` an ``exec`` already."""
    if installed():
        return True
    if not supported() or "exec" in vars(dataclasses):
        return False
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    atexit.register(save)
    return True


def uninstall() -> None:
    """Back to the builtin ``exec`` (tests); what was compiled is not written."""
    if installed():
        del dataclasses.exec  # type: ignore[attr-defined]
        atexit.unregister(save)


def cache_file() -> Path:
    from forms.user_cache import cache_folder

    tag = sys.implementation.cache_tag or sys.implementation.name
    if sys.flags.optimize:  # as compiled modules are named: python -O compiles otherwise
        tag += f".opt-{sys.flags.optimize}"
    return cache_folder() / f"dataclass-code-{tag}.marshal"


def _key() -> tuple[object, ...]:
    from importlib.util import MAGIC_NUMBER

    return (FORMAT, sys.implementation.cache_tag, sys.version, MAGIC_NUMBER, sys.flags.optimize)


def _read(path: Path) -> dict[str, CodeType]:
    """The file's table, or an empty one (absent, too large, damaged, another interpreter's)."""
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                return {}
            stored = marshal.loads(handle.read())
        key, table = stored
        if key != _key() or type(table) is not dict:
            return {}
        for text, code in table.items():
            if type(text) is not str or type(code) is not CodeType:
                return {}
        return table
    except Exception:  # damaged or foreign: rebuilt, never fatal
        return {}


def _load() -> None:
    """The file's table added to this process's.  No lock held while it imports (another
    thread's import may be waiting for this one's); two threads reading it is harmless."""
    global _loaded
    _loaded = True  # first: a dataclass made while the file is read is simply compiled
    try:
        found = _read(cache_file())
    except Exception:  # no cache folder to be had (platformdirs missing, no home)
        return
    for text, code in found.items():
        _table.setdefault(text, code)


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> Any:
    """``exec`` as dataclasses calls it, a source text's code compiled once."""
    if globals is None:  # as the builtin: the caller's namespaces (dataclasses never does)
        frame = sys._getframe(1)
        globals = frame.f_globals
        if locals is None:
            locals = frame.f_locals
    if type(source) is str:
        if not _loaded:
            _load()
        code = _table.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _table[source] = _new[source] = code
        else:
            _used.add(source)
        source = code
    return builtins.exec(source, globals, locals, **kwargs)


def save() -> None:
    """Write what this process compiled into the file, merged with what is there now, if it
    compiled anything; atomically (a temporary file renamed).  Never fails."""
    with _lock:  # written once, whichever thread asks
        new = dict(_new)
        _new.clear()
    if new:
        with contextlib.suppress(Exception):  # no cache folder to be had: not kept
            _write(cache_file(), new)


def _write(path: Path, new: dict[str, CodeType]) -> None:
    from forms.user_cache import write_cache_file

    table = _read(path)
    if new.keys() <= table.keys():  # another thread or process wrote them meanwhile
        return
    table.update(new)
    if len(table) > MAX_ENTRIES:  # stale texts of other versions: keep this process's own
        table = {text: _table[text] for text in _used if text in _table}
        table.update(new)
    data = marshal.dumps((_key(), table))
    if len(data) <= MAX_BYTES:
        write_cache_file(path, lambda handle: handle.write(data))
