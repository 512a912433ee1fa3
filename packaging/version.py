"""Print PeakPlan's version from pyproject.toml, the single source of it."""

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

if __name__ == "__main__":
    with PYPROJECT.open("rb") as file:
        sys.stdout.write(tomllib.load(file)["project"]["version"] + "\n")
