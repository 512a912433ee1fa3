"""Ctrl+C during a command: one line in the user's language, exit code 130, no traceback, and
no file left behind — neither a temporary ``.part`` file nor a destination.  The large plan's
export with all four files (0.7–1.1 s here) is interrupted as a terminal does it: SIGINT to
the whole process group, at several moments of the rendering."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import exporters.atomic as atomic
from bench.large_plan import saved_large_plan
from tests.hostile.importing import DEMO_CITY, database_state, run_cli

ROOT = Path(__file__).resolve().parents[2]
CANCELLED = {"zh": "已取消，未写入任何文件。\n", "en": "Cancelled; no file was written.\n"}
ALREADY_WRITTEN = {  # the four files, named in the order they were asked for
    "zh": "已取消。取消前这些文件已完整写入：{0}{sep}{1}{sep}{2}{sep}{3}\n",
    "en": "Cancelled. These files had already been written in full: {0}{sep}{1}{sep}{2}{sep}{3}\n",
}

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="no process groups here")


@pytest.fixture(autouse=True)
def ctrl_c_heard() -> Iterator[None]:
    """Ctrl+C raises KeyboardInterrupt in this process, as in a terminal — also when the
    suite was started in the background, where the shell has SIGINT ignored."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("large") / "large.sqlite"
    return path, saved_large_plan(path)


def start(*argv: str) -> subprocess.Popen:
    """`peakplan ARGV` in a process group of its own, as a terminal runs a command."""
    return subprocess.Popen(
        [sys.executable, "main.py", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def group_left(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("delay", [0.15, 0.35, 0.55])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_during_a_large_export_says_so_and_leaves_no_file(
    large: tuple[Path, str], tmp_path: Path, delay: float, lang: str
) -> None:
    db, plan = large
    before = database_state(db)
    out = tmp_path / "out"
    out.mkdir()
    files = [
        (f"--{kind}", str(out / f"plan.{ext}"))
        for kind, ext in (("pdf", "pdf"), ("xlsx", "xlsx"), ("docx", "docx"), ("package", "zip"))
    ]
    process = start("--db", str(db), "--lang", lang, "export", plan, *sum(files, ()))
    time.sleep(delay)
    if process.poll() is not None:
        pytest.skip("the export was done before Ctrl+C")
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    written = [Path(path) for _flag, path in files]
    if process.returncode == 0:  # Ctrl+C came once the command had finished
        assert sorted(out.iterdir()) == sorted(written)
        return
    assert process.returncode == 130, stderr
    if stderr != CANCELLED[lang]:  # Ctrl+C came as the files took their names: all of them
        assert stderr == ALREADY_WRITTEN[lang].format(
            *(str(path) for path in written), sep="、" if lang == "zh" else ", "
        )
        assert sorted(out.iterdir()) == sorted(written)  # and no .part
        return
    assert stderr == CANCELLED[lang] and stdout == ""
    assert list(out.iterdir()) == []  # no .part, no destination
    assert database_state(db) == before  # the package's snapshot is not kept either
    deadline = time.monotonic() + 5
    while group_left(process.pid) and time.monotonic() < deadline:  # the PDF's child too
        time.sleep(0.02)
    assert not group_left(process.pid)


def test_ctrl_c_as_files_take_their_names_puts_all_of_them_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT as the first finished file is renamed: the second still takes its name
    (all or none), then the command stops."""
    real_replace, replaced = os.replace, []

    def interrupted_rename(source: Path, target: Path) -> None:
        if not replaced:
            os.kill(os.getpid(), signal.SIGINT)
        replaced.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_rename)
    targets = {tmp_path / "a.xlsx": b"a", tmp_path / "b.docx": b"b"}
    with pytest.raises(KeyboardInterrupt):
        atomic.write_all_atomic(targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.docx"]
    assert atomic.placed_files()[-2:] == list(targets)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_as_a_temporary_file_is_created_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT the moment a temporary file exists, before the writer has noted it (a
    large export once left a ``.plan.docx.….part`` behind this way): it is removed too."""
    real_create = atomic._create_temp

    def create_then_ctrl_c(path: Path) -> tuple[int, Path]:
        created = real_create(path)
        os.kill(os.getpid(), signal.SIGINT)
        return created

    monkeypatch.setattr(atomic, "_create_temp", create_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_all_atomic({tmp_path / "a.xlsx": b"a", tmp_path / "b.docx": b"b"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_after_the_files_are_written_names_them(
    db: Path,
    tmp_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command cannot say “no file was written” once they are: it names them."""
    monkeypatch.setattr(atomic, "_PLACED", [])
    real_replace = os.replace

    def interrupted_rename(source: Path, target: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_rename)
    target = tmp_path / "plan.json"
    code, out, err = run_cli(
        capsys, "--db", str(db), "--lang", lang, "export-json", DEMO_CITY, str(target)
    )
    assert code == 130 and out == ""
    said = {
        "zh": f"已取消。取消前这些文件已完整写入：{target}\n",
        "en": f"Cancelled. These files had already been written in full: {target}\n",
    }
    assert err == said[lang]
    assert target.exists() and not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


def _rename_interrupted_by(
    rename: object,
    db: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[str, bool]:
    """``peakplan rename`` with ``rename`` in place of the operation (it raises Ctrl+C): what
    the command said on stderr (it must exit 130, printing nothing else) and whether the
    database changed."""
    import workflows.plans

    monkeypatch.setattr(workflows.plans, "rename_plan", rename)
    before = database_state(db)
    code, out, err = run_cli(capsys, "--db", str(db), "--lang", lang, "rename", DEMO_CITY, "新")
    assert code == 130 and out == ""
    return err, database_state(db) != before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_during_a_database_command_says_cancelled(
    db: Path, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    err, changed = _rename_interrupted_by(interrupted, db, lang, monkeypatch, capsys)
    said = {
        "zh": "已取消，数据库未作任何更改。\n",
        "en": "Cancelled; nothing was changed in the database.\n",
    }
    assert err == said[lang]
    assert not changed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_a_library_turns_into_its_own_error_is_still_cancelled(
    db: Path, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pydantic, building a model's validator when Ctrl+C comes, reports a ``SchemaError``
    for it (a large export printed that traceback, exit code 1): the command still says it
    was cancelled."""

    def wrapped(*_args: object) -> None:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)  # the signal is heard before this ends
        except KeyboardInterrupt as exc:
            raise ValueError("Error building validator: KeyboardInterrupt") from exc

    err, changed = _rename_interrupted_by(wrapped, db, lang, monkeypatch, capsys)
    assert (
        err
        == {
            "zh": "已取消，数据库未作任何更改。\n",
            "en": "Cancelled; nothing was changed in the database.\n",
        }[lang]
    )
    assert not changed


def test_ctrl_c_as_the_finished_command_exits_changes_nothing(tmp_path: Path, db: Path) -> None:
    """Once the command has done its work and said so, Ctrl+C is held back: the process ends
    with the command's own code, without a traceback — not killed by the signal as Python
    shuts down, which a shell reports as cancelled."""
    script = (
        "import atexit, os, signal, sys\n"
        "import main\n"
        "atexit.register(os.kill, os.getpid(), signal.SIGINT)\n"
        "sys.exit(main.main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(db), "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert DEMO_CITY in done.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_once_a_database_command_saved_its_change_says_so(
    db: Path, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C after the change was committed (before the command said so): it was saved, and
    the line does not claim otherwise."""
    import workflows.plans

    real = workflows.plans.rename_plan

    def saved_then_interrupted(*args: object) -> None:
        real(*args)
        raise KeyboardInterrupt

    err, changed = _rename_interrupted_by(saved_then_interrupted, db, lang, monkeypatch, capsys)
    said = {
        "zh": "已取消，但取消前已有更改保存到数据库。\n",
        "en": "Cancelled, but changes had already been saved to the database.\n",
    }
    assert err == said[lang]
    assert changed


def test_ctrl_c_during_a_copy_says_the_target_database_is_unchanged(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C inside the copy's transaction: rolled back, and said so."""
    from storage.repository import PlanRepository

    real = PlanRepository.save_plan

    def interrupted(self: PlanRepository, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)
        raise KeyboardInterrupt

    target = tmp_path / "target.sqlite"
    shutil.copyfile(db, target)  # the same plans: --replace overwrites the city's
    before = database_state(target)
    monkeypatch.setattr(PlanRepository, "save_plan", interrupted)
    code, out, err = run_cli(
        capsys, "--db", str(db), "copy", DEMO_CITY, "--to", str(target), "--replace"
    )
    assert (code, out, err) == (130, "", "已取消，数据库未作任何更改。\n")
    assert database_state(target) == before


# Holds the program as it loads cli.commands (its first ~40 ms), and says so on stdout.
_HOLD_LOADING = """
import sys, time

class Hold:
    def find_spec(self, name, path=None, target=None):
        if name == "cli.commands":
            sys.meta_path.remove(self)
            print("loading", flush=True)
            time.sleep(60)
        return None

sys.meta_path.insert(0, Hold())
"""
_ENTRIES = {
    "main.py": "import runpy; runpy.run_path('main.py', run_name='__main__')",
    "peakplan": "from main import main; sys.exit(main())",  # as the console script runs it
}


@pytest.mark.parametrize("entry", sorted(_ENTRIES))
@pytest.mark.parametrize(
    ("lang", "command", "said"),
    [
        ("zh", ["list"], "已取消。\n"),
        ("en", ["export", "P", "--pdf", "p.pdf"], "Cancelled; no file was written.\n"),
    ],
)
def test_ctrl_c_while_the_program_loads_says_cancelled(
    tmp_path: Path, entry: str, lang: str, command: list[str], said: str
) -> None:
    """Ctrl+C before the command's own handling is loaded: the same line, exit code 130, no
    traceback."""
    argv = ["--db", str(tmp_path / "p.db"), "--lang", lang, *command]
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOADING + _ENTRIES[entry], *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "loading\n"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr, stdout) == (130, said, "")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "已取消。\n"),
        (["--lang", "en"], "Cancelled.\n"),
        (["--db", "export", "list"], "已取消。\n"),  # a database named “export”
        (["--db", "export", "rename", "P", "Q"], "已取消，数据库未作任何更改。\n"),
        (["--db=x.db", "--lang=en", "collect", "P"], "Cancelled; no file was written.\n"),
        (["--lang", "zh", "revisions", "P"], "已取消，未写入任何文件。\n"),
        (
            ["--lang", "en", "copy", "P", "--to", "t.db"],
            "Cancelled; nothing was changed in the database.\n",
        ),
        (["user", "set-name", "张三"], "已取消，数据库未作任何更改。\n"),
    ],
)
def test_ctrl_c_before_the_command_began_says_what_a_later_one_says(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.interrupt import cancelled_early

    assert cancelled_early(argv) == 130
    assert capsys.readouterr().err == said
