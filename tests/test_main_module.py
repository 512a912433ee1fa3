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
    "threading",
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


EXITING = """
import atexit, os, sys
import main
end = os._exit
def noted_end(code):
    print("ended now", code, flush=True)
    end(code)
os._exit = noted_end
atexit.register(print, "handler ran")
print("traced" if sys.gettrace() or sys.getprofile() else "untraced")
sys.exit(main.main())
"""


def test_an_export_ends_without_finalizing_but_runs_its_exit_handlers(tmp_path: Path) -> None:
    """Once its files are written, an export's process ends at once (os._exit): the
    handlers registered with atexit run first; Python's finalization is skipped."""
    db, pdf = str(tmp_path / "p.db"), tmp_path / "plan.pdf"
    subprocess.run([sys.executable, str(MAIN), "--db", db, "demo"], capture_output=True, check=True)
    done = subprocess.run(
        [sys.executable, "-c", EXITING, "--db", db, "export", "云岚市（示例）", "--pdf", str(pdf)],
        cwd=MAIN.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert f"已导出：{pdf}" in lines and pdf.stat().st_size > 0
    if lines[0] == "untraced":  # under coverage, Python finalizes for it to save its data
        assert lines[-2:] == ["handler ran", "ended now 0"]
    else:
        assert lines[-1] == "handler ran"
    listed = subprocess.run(  # any other command ends as ever
        [sys.executable, "-c", EXITING, "--db", db, "list"],
        cwd=MAIN.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.splitlines()[-1] == "handler ran"
