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
