"""main.py parses arguments and nothing else: the import contracts in pyproject.toml check
the packages; this checks the one module they cannot (import-linter reads packages only)."""

from __future__ import annotations

import ast
from pathlib import Path

MAIN = Path(__file__).resolve().parents[1] / "main.py"
ALLOWED = {"argparse", "os", "sys", "collections", "pathlib", "__future__", "cli", "forms"}


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
