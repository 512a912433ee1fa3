"""`peakplan export … --pdf` forks a child as it starts (it loads the PDF's side while the
command reads the plan): the same PDF as without it, the same messages and exit codes when
the export fails, and no process left behind however it ends — a plan not found, the child
killed, Ctrl+C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import exporters.parallel as parallel
import main

ROOT = Path(__file__).resolve().parents[1]
DEMO_CITY = "云岚市（示例）"

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system"),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc"),
]
two_processors = pytest.mark.skipif(
    parallel.usable_processors() < 2, reason="one processor: no child is started"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli-child") / "plans.sqlite")
    subprocess.run(
        [sys.executable, "main.py", "--db", path, "demo"], cwd=ROOT, check=True, capture_output=True
    )
    return path


def one_processor() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def start(*argv: str, processors: int = 2, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`peakplan ARGV` in a process group of its own (as a terminal runs a command); with one
    processor, it renders in its own process, as before the child existed."""
    return subprocess.Popen(
        [sys.executable, "main.py", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=one_processor if processors == 1 else None,
        env={**os.environ, **(env or {})},
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def group_members(group: int) -> list[int]:
    """The processes still running in process group ``group`` (zombies do not count)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == group and fields[0] not in {"Z", "X"}:
            members.append(int(entry.name))
    return members


def assert_no_process_left(group: int) -> None:
    deadline = time.monotonic() + 5  # an ending child may take a moment to go
    while (left := group_members(group)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert left == []


def children_of(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def wait_for_child(process: subprocess.Popen) -> int:
    deadline = time.monotonic() + 30
    while not (found := children_of(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, "no child was started"
        time.sleep(0.002)
    return found[0]


@two_processors
def test_the_pdf_is_the_one_rendered_without_the_child(db: str, tmp_path: Path) -> None:
    """Byte for byte, in reportlab's invariant mode (no dates, no random ids)."""
    invariant = {"RL_invariant": "1"}
    for lang in ("zh", "en"):
        files = {n: tmp_path / f"{lang}-{n}.pdf" for n in (1, 2)}
        for processors, path in files.items():
            argv = ("--db", db, "export", DEMO_CITY, "--doc-lang", lang, "--pdf", str(path))
            code, out, err = finish(start(*argv, processors=processors, env=invariant))
            assert code == 0, err
            assert str(path) in out
        assert files[2].read_bytes() == files[1].read_bytes()


@two_processors
@pytest.mark.parametrize("kinds", [("--pdf",), ("--package", "--xlsx", "--docx")])
def test_a_plan_not_found_is_said_as_before_and_leaves_no_process(
    db: str, tmp_path: Path, kinds: tuple[str, ...]
) -> None:
    results = []
    for processors in (1, 2):
        folder = tmp_path / str(processors)
        folder.mkdir()
        targets = [arg for kind in kinds for arg in (kind, str(folder / f"out{kind[2:]}"))]
        process = start("--db", db, "export", "no such plan", *targets, processors=processors)
        results.append(finish(process))
        assert_no_process_left(process.pid)
        assert list(folder.iterdir()) == []
    assert results[1] == results[0]
    code, out, err = results[0]
    assert code == main.EXIT_FAILURE and "no such plan" in err and out == ""


@two_processors
def test_a_killed_child_is_said_and_no_file_is_written(db: str, tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    process = start("--db", db, "export", DEMO_CITY, "--pdf", str(target))
    os.kill(wait_for_child(process), signal.SIGKILL)
    code, out, err = finish(process)
    assert code == main.EXIT_FAILURE
    assert "意外退出" in err and "-9" in err and out == ""
    assert list(tmp_path.iterdir()) == []
    assert_no_process_left(process.pid)
    package = tmp_path / "plan.zip"
    process = start("--db", db, "--lang", "en", "export", DEMO_CITY, "--package", str(package))
    os.kill(wait_for_child(process), signal.SIGKILL)
    code, out, err = finish(process)
    assert code == main.EXIT_FAILURE and "no file was written" in err
    assert list(tmp_path.iterdir()) == []


@two_processors
@pytest.mark.parametrize("delay", [0.0, 0.1, 0.2])  # the demo's PDF: ~0.4 s in all
@pytest.mark.parametrize("kinds", [("--pdf",), ("--package", "--xlsx")])
def test_ctrl_c_ends_the_export_and_its_child_and_writes_nothing(
    db: str, tmp_path: Path, delay: float, kinds: tuple[str, ...]
) -> None:
    """Ctrl+C reaches the whole process group, the child included, at any moment of the
    export (the child loading, the plan being read, the PDF being rendered): exit code 130,
    no file, no process left.  Ctrl+C as the files take their names, or once they have,
    puts all of them in place and names them (a moment a loaded machine reaches)."""
    targets = [arg for kind in kinds for arg in (kind, str(tmp_path / f"out{kind[2:]}"))]
    written = sorted(Path(path) for path in targets[1::2])
    process = start("--db", db, "export", DEMO_CITY, *targets)
    wait_for_child(process)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.skip("the export was done before Ctrl+C")
    os.killpg(process.pid, signal.SIGINT)
    code, out, err = finish(process)
    assert_no_process_left(process.pid)
    if code == 0:  # Ctrl+C came once the command had finished
        assert out and sorted(tmp_path.iterdir()) == written
        return
    assert code == 130, err
    if err != "已取消，未写入任何文件。\n":  # Ctrl+C came as the files took their names
        said, _, names = err.rstrip("\n").partition("：")
        assert said == "已取消。取消前这些文件已完整写入"
        assert sorted(Path(name) for name in names.split("、")) == written
        assert sorted(tmp_path.iterdir()) == written  # all of them, and no .part
        return
    assert list(tmp_path.iterdir()) == []
    assert out == ""


def test_the_child_starts_only_for_an_export_with_a_pdf(
    db: str, tmp_path: Path, children: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Wrong arguments, no file asked for, a malformed font option, a workbook alone: no
    child; a PDF: one, ended when the command is done."""
    with pytest.raises(SystemExit) as raised:  # argparse: --pdf without its file
        main.main(["--db", db, "export", DEMO_CITY, "--pdf"])
    assert raised.value.code == 2
    assert main.main(["--db", db, "export", DEMO_CITY]) == main.EXIT_FAILURE
    bad_font = ["--font", "nonsense", "--pdf", str(tmp_path / "a.pdf")]
    assert main.main(["--db", db, "export", DEMO_CITY, *bad_font]) == main.EXIT_FAILURE
    assert "nonsense" in capsys.readouterr().err
    xlsx = tmp_path / "a.xlsx"
    assert main.main(["--db", db, "export", DEMO_CITY, "--xlsx", str(xlsx)]) == main.EXIT_OK
    assert children == [] and xlsx.exists()
    pdf = tmp_path / "b.pdf"
    assert main.main(["--db", db, "export", DEMO_CITY, "--pdf", str(pdf)]) == main.EXIT_OK
    assert len(children) == 1 and pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)


def test_a_plan_not_found_ends_the_child_at_once(
    db: str, tmp_path: Path, children: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main.main(["--db", db, "export", "no such plan", "--pdf", str(tmp_path / "a.pdf")])
    assert code == main.EXIT_FAILURE and "no such plan" in capsys.readouterr().err
    assert len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)
    assert list(tmp_path.iterdir()) == []
