"""The hostile-input tests' databases: the demo plans made once per module, a copy per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.importing import copy_database, make_demo_database


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def db(demo_database: Path, tmp_path: Path) -> Path:
    return copy_database(demo_database, tmp_path)
