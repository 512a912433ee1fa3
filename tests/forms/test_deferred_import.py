"""pydantic's plugin loader imported through the plan model: importlib.metadata is loaded only
when the plugin search runs (forms/__init__.py, forms/deferred_import.py), and then works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from forms.demo import demo_plans
demo_plans()  # builds the plan model's validators, which asks pydantic for its plugins
from pydantic.plugin import _loader
seen = {"loaded_building": "importlib.metadata" in sys.modules}
plugins = list(_loader.get_plugins())  # the search itself, as pydantic makes it
seen.update(
    plugins=len(plugins),
    stand_in=_loader.entry_points.__module__,
    loaded_searching="importlib.metadata" in sys.modules,
)
print(json.dumps(seen))
"""


def _run(**env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env,
    )
    return json.loads(done.stdout)


def test_plugins_turned_off_load_no_package_metadata() -> None:
    seen = _run(PYDANTIC_DISABLE_PLUGINS="__all__")
    assert seen == {
        "loaded_building": False,
        "plugins": 0,
        "stand_in": "forms.deferred_import",
        "loaded_searching": False,
    }


def test_a_plugin_search_loads_the_package_metadata_and_finds_none() -> None:
    seen = _run()  # the variable unset: pydantic searches as it builds the first validator
    assert seen["loaded_building"] is True
    assert seen["plugins"] == 0
    assert seen["stand_in"] == "forms.deferred_import"


def test_stand_ins_of_two_threads_at_once_each_keep_to_their_thread() -> None:
    """Two threads in contexts that overlap (A enters, B enters, A leaves, B leaves): each
    gets only its own stand-ins, and the interpreter's own import is back once both left."""
    import builtins
    import threading

    from forms.deferred_import import stand_ins

    original = builtins.__import__
    steps = {name: threading.Event() for name in ("a_in", "b_in", "a_out")}
    seen: dict[str, object] = {}

    def statement(module: str) -> str:
        try:
            return __import__(module, fromlist=("thing",)).thing
        except ImportError:
            return "real import"

    def thread_a() -> None:
        with stand_ins({("peakplan_test_a", ("thing",)): ("peakplan_test_a", lambda: A)}):
            steps["a_in"].set()
            steps["b_in"].wait(5)
            seen["a: a, b"] = (statement("peakplan_test_a"), statement("peakplan_test_b"))
        steps["a_out"].set()

    def thread_b() -> None:
        steps["a_in"].wait(5)
        with stand_ins({("peakplan_test_b", ("thing",)): ("peakplan_test_b", lambda: B)}):
            steps["b_in"].set()
            steps["a_out"].wait(5)
            seen["b: a, b"] = (statement("peakplan_test_a"), statement("peakplan_test_b"))
            seen["hook while b is in"] = builtins.__import__ is not original

    A, B = type("A", (), {"thing": "a's stand-in"}), type("B", (), {"thing": "b's stand-in"})
    threads = [threading.Thread(target=thread_a), threading.Thread(target=thread_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {
        "a: a, b": ("a's stand-in", "real import"),
        "b: a, b": ("real import", "b's stand-in"),
        "hook while b is in": True,
    }
    assert builtins.__import__ is original
