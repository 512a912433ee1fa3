"""The workbook and Word file rendered in a child process while the PDF is rendered here (the
command line's exports): the same package as one file after another, the child's failures
reported like this process's own, and no child left behind when the export stops early."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import docx
import openpyxl
import pytest

import exporters.package as package
import exporters.parallel as parallel
from exporters.atomic import ExportError
from exporters.package import MANIFEST_NAME, ExportCancelledError, ExportRequest, export_plan
from forms.plan import Plan
from tests.exporters.conftest import template_of

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")

MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


class SpiedChild(parallel.ChildWork):
    started: ClassVar[list[int]] = []

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        SpiedChild.started.append(self._process.pid)


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children started; the child is used even on a one-processor machine."""
    if threading.active_count() > 1:
        pytest.skip("another thread runs in this test process: exports do not fork here")
    monkeypatch.setattr(parallel, "usable_processors", lambda: 2)
    monkeypatch.setattr(parallel, "ChildWork", SpiedChild)
    SpiedChild.started = []
    return SpiedChild.started


def request_in(folder: Path) -> ExportRequest:
    folder.mkdir(exist_ok=True)
    return ExportRequest(
        pdf=folder / "plan.pdf",
        xlsx=folder / "plan.xlsx",
        docx=folder / "plan.docx",
        package=folder / "plan.zip",
    )


def claim_all(claims: parallel.Claims) -> None:
    """As a child that has begun every file it was given."""
    for name in claims.names:
        assert claims.claim(name)


def assert_gone(pid: int) -> None:
    """The child has ended and been waited for: not even a zombie is left."""
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def timeless(value: Any) -> Any:
    """``value`` with its moments (export time) replaced, the rest compared as it is."""
    if isinstance(value, str):
        return MOMENT.sub("<moment>", value)
    if isinstance(value, dict):
        return {key: timeless(item) for key, item in value.items()}
    if isinstance(value, list):
        return [timeless(item) for item in value]
    return value


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "read.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def workbook_cells(data: bytes) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [timeless(list(row)) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def word_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return timeless(texts)


def read_package(path: Path, folder: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    manifest = json.loads(files[MANIFEST_NAME])
    return {
        "names": names,
        "manifest": timeless(
            {
                **manifest,
                "files": [(e["name"], e["media_type"]) for e in manifest["files"]],
            }
        ),
        "pdf": pdf_text(files["plan.pdf"], folder),
        "xlsx": workbook_cells(files["plan.xlsx"]),
        "docx": word_texts(files["plan.docx"]),
        "json": timeless(json.loads(files["plan.json"])),
        "report": timeless(json.loads(files["check-report.json"])),
    }


def test_the_package_rendered_side_by_side_is_the_one_rendered_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int]
) -> None:
    demo_city.chapters[0].text += "\n𠀀"  # a character no font draws: a finding in the workbook
    template = template_of(demo_city)
    in_turn = export_plan(demo_city, template, request_in(tmp_path / "in_turn"))
    assert children == []
    beside = export_plan(demo_city, template, request_in(tmp_path / "beside"), parallel=True)
    assert len(children) == 1
    assert_gone(children[0])
    assert [path.name for path in beside] == [path.name for path in in_turn]
    expected = read_package(tmp_path / "in_turn" / "plan.zip", tmp_path)
    found = read_package(tmp_path / "beside" / "plan.zip", tmp_path)
    assert found == expected
    assert "U+20000" in json.dumps(found["xlsx"], ensure_ascii=False)  # the font finding came
    for name in ("plan.pdf", "plan.docx"):  # the files beside the package: the package's own
        with zipfile.ZipFile(tmp_path / "beside" / "plan.zip") as archive:
            inside = archive.read(name)
        assert (tmp_path / "beside" / name).read_bytes() == inside
    assert workbook_cells((tmp_path / "beside" / "plan.xlsx").read_bytes()) == expected["xlsx"]


def test_a_failure_in_the_child_is_the_same_error_and_no_file_is_written(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(_receive: Any, claims: parallel.Claims, *_args: Any) -> dict[str, bytes]:
        claim_all(claims)
        raise ExportError("工作簿无法生成。", "The workbook cannot be made.")

    monkeypatch.setattr(package, "_render_in_child", failing)
    with pytest.raises(ExportError) as raised:
        export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
    assert raised.value.message("zh") == "工作簿无法生成。"
    assert raised.value.message("en") == "The workbook cannot be made."
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def test_a_bug_in_the_child_is_raised_here_with_the_childs_traceback(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(_receive: Any, claims: parallel.Claims, *_args: Any) -> dict[str, bytes]:
        claim_all(claims)
        return {}["xlsx"]

    monkeypatch.setattr(package, "_render_in_child", buggy)
    with pytest.raises(KeyError) as raised:
        export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
    assert "buggy" in str(raised.value.__cause__)
    assert list(tmp_path.iterdir()) == []


def test_a_child_that_dies_gives_a_clear_error_and_no_file(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(_receive: Any, claims: parallel.Claims, *_args: Any) -> dict[str, bytes]:
        claim_all(claims)
        os.kill(os.getpid(), signal.SIGKILL)  # as the system does when memory runs out
        return {}

    monkeypatch.setattr(package, "_render_in_child", killed)
    with pytest.raises(parallel.ExportChildError) as raised:
        export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
    assert "意外退出" in raised.value.message("zh") and "-9" in raised.value.message("zh")
    assert "no file was written" in raised.value.message("en")
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def slow_child(_receive: Any, claims: parallel.Claims, *_args: Any) -> dict[str, bytes]:
    claim_all(claims)
    time.sleep(60)  # ended by the parent long before
    return {}


def idle_child(_receive: Any, _claims: parallel.Claims, *_args: Any) -> dict[str, bytes]:
    time.sleep(60)  # takes nothing on: the parent, free, renders every file itself
    return {}


def test_what_the_child_has_not_begun_is_rendered_here(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    template = template_of(demo_city)
    in_turn = read_package(
        export_plan(demo_city, template, request_in(tmp_path / "a"))[-1], tmp_path
    )
    monkeypatch.setattr(package, "_render_in_child", idle_child)
    export_plan(demo_city, template, request_in(tmp_path / "b"), parallel=True)
    assert read_package(tmp_path / "b" / "plan.zip", tmp_path) == in_turn
    assert_gone(children[0])


def test_cancelled_while_the_pdf_is_rendered_ends_the_child(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "_render_in_child", slow_child)
    seen: list[str] = []

    def progress(_share: float, what: str) -> None:
        seen.append(what)

    with pytest.raises(ExportCancelledError):
        export_plan(
            demo_city,
            template_of(demo_city),
            request_in(tmp_path),
            progress,
            lambda: seen.count("pdf") > 3,
            parallel=True,
        )
    assert "write" not in seen
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def test_cancelled_while_waiting_for_the_child_ends_it(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "_render_in_child", slow_child)
    seen: list[str] = []
    asked_after_pdf: list[bool] = []

    def cancelled() -> bool:  # the third question after the PDF: while the child works
        if seen and seen[-1] != "pdf":
            asked_after_pdf.append(True)
        return len(asked_after_pdf) >= 3

    with pytest.raises(ExportCancelledError):
        export_plan(
            demo_city,
            template_of(demo_city),
            request_in(tmp_path),
            lambda _share, what: seen.append(what),
            cancelled,
            parallel=True,
        )
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def test_the_callers_own_work_is_done_once_while_the_child_renders(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "_render_in_child", slow_child)
    seen: list[str] = []

    def meanwhile() -> None:  # the child has every file; the test cancels once this is done
        seen.append("meanwhile")
        if len(seen) == 1:
            os.kill(children[0], 0)  # the child is still rendering

    with pytest.raises(ExportCancelledError):
        export_plan(
            demo_city,
            template_of(demo_city),
            request_in(tmp_path),
            cancelled=lambda: "meanwhile" in seen,
            parallel=True,
            meanwhile=meanwhile,
        )
    assert seen == ["meanwhile"]
    monkeypatch.setattr(parallel, "usable_processors", lambda: 1)  # in turn: called once too
    export_plan(demo_city, template_of(demo_city), request_in(tmp_path), meanwhile=meanwhile)
    assert seen == ["meanwhile", "meanwhile"] and len(children) == 1


def test_one_processor_renders_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "usable_processors", lambda: 1)
    written = export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
    assert children == [] and len(written) == 4


def test_no_process_to_be_had_renders_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # the process limit

    monkeypatch.setattr(os, "fork", no_fork)
    written = export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
    assert children == [] and len(written) == 4
    with zipfile.ZipFile(written[-1]) as archive:
        assert len(archive.namelist()) == 6


def test_another_thread_running_renders_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int]
) -> None:
    """As in the app, whose export runs in a worker thread: forking it is not safe."""
    outcome: list[list[Path]] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            export_plan(demo_city, template_of(demo_city), request_in(tmp_path), parallel=True)
        )
    )
    worker.start()
    worker.join()
    assert children == [] and len(outcome[0]) == 4


CHILD = """
import json, sys
import main
code = main.main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": [m for m in ("openpyxl", "docx") if m in sys.modules]}))
"""


def test_the_command_line_renders_the_workbook_and_word_file_in_a_child(tmp_path: Path) -> None:
    """Structural: the exporting process itself never loads openpyxl or python-docx."""
    if parallel.usable_processors() < 2:
        pytest.skip("one processor: everything is rendered in turn")
    root = Path(__file__).resolve().parents[2]
    db, target = str(tmp_path / "p.db"), tmp_path / "p.zip"
    subprocess.run([sys.executable, "main.py", "--db", db, "demo"], cwd=root, check=True)
    argv = [
        "--db",
        db,
        "export",
        "云岚市（示例）",
        "--package",
        str(target),
        "--xlsx",
        str(tmp_path / "p.xlsx"),
    ]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"code": 0, "loaded": []}
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert len(archive.namelist()) == 6
    assert workbook_cells((tmp_path / "p.xlsx").read_bytes())


ORPHANED = """
import time
from exporters.parallel import ChildWork

child = ChildWork(lambda receive: receive())  # waits for what the parent would send
print(child._process.pid, flush=True)
time.sleep(60)
"""


def ended(pid: int) -> bool:
    """Gone, or a zombie its new parent has not waited for yet (it runs no more)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_child_whose_parent_is_killed_ends_instead_of_waiting_for_ever() -> None:
    """The export killed (SIGKILL: no clean-up runs) while its child waits for the PDF's font
    findings: the child must not stay behind for ever, holding its memory."""
    root = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHANED], cwd=root, stdout=subprocess.PIPE, text=True
    )
    try:
        pid = int(parent.stdout.readline())
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
    deadline = time.monotonic() + 10
    while not ended(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    still_running = not ended(pid)
    if still_running:
        os.kill(pid, signal.SIGKILL)
    assert not still_running
