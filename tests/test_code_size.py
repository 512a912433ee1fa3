"""Small pieces: no function over 60 lines outside the tests, no ui/ module over 500 lines."""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_FUNCTION_LINES = 60
MAX_UI_MODULE_LINES = 500
SKIPPED = {"tests", ".venv", "build", "dist"}  # and every hidden folder


def _sources(root: Path) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in SKIPPED and not d.startswith(".")]
        found += [Path(folder, f) for f in files if f.endswith(".py")]
    return sorted(found)


def too_long(root: Path) -> list[str]:
    """Every function over the limit and every ui/ module over its limit, by name."""
    found = []
    for path in _sources(root):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.name} ({lines} lines, line {node.lineno})")
        lines = len(text.splitlines())
        if name.startswith("ui/") and lines > MAX_UI_MODULE_LINES:
            found.append(f"{name} ({lines} lines)")
    return found


def test_no_long_functions_or_ui_modules() -> None:
    found = too_long(ROOT)
    assert not found, "Split these by what each part does:\n" + "\n".join(found)


def test_long_functions_and_ui_modules_are_named(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(60))
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "big.py").write_text("x = 1\n" * 501, encoding="utf-8")
    (tmp_path / "ui" / "fine.py").write_text("x = 1\n" * 500, encoding="utf-8")
    (tmp_path / "work.py").write_text(f"def long():\n{body}\n\ndef short():\n    pass\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(f"def test_long():\n{body}")
    assert too_long(tmp_path) == ["ui/big.py (501 lines)", "work.py:long (61 lines, line 1)"]
