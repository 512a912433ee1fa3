"""main.py parses arguments and nothing else: the import contracts in pyproject.toml check
the packages; this checks the one module they cannot (import-linter reads packages only)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

MAIN = Path(__file__).resolve().parents[1] / "main.py"
ALLOWED = {
    "argparse",
    "atexit",
    "gc",
    "os",
    "sys",
    "collections",
    "pathlib",
    "__future__",
    "cli",
    "forms",
}


def test_main_imports_only_the_command_line_and_forms() -> None:
    tree = ast.parse(MAIN.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    roots = {name.split(".")[0] for name in names}
    assert roots <= ALLOWED, roots - ALLOWED


def test_main_is_short() -> None:
    assert len(MAIN.read_text(encoding="utf-8").splitlines()) < 250


def test_a_command_leaves_its_objects_to_the_system_at_exit(tmp_path: Path) -> None:
    """The last collections of an ending command are skipped: its objects are frozen."""
    code = (
        "import atexit, gc, sys; atexit.register(lambda: print(gc.get_freeze_count() > 0)); "
        "import main; main.main(sys.argv[1:])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", str(tmp_path / "p.db"), "list"],
        cwd=MAIN.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "True"
