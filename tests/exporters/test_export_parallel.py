"""The PDF rendered in a child process started before the plan was read (the command line's
exports), the other files here meanwhile: the same files as one after another, the child's
failures reported like this process's own, and no child left behind when the export stops
early."""

from __future__ import annotations

import contextlib
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
from typing import Any

import docx
import openpyxl
import pytest
from reportlab import rl_config

import exporters.parallel as parallel
import exporters.pdf as pdf_module
import exporters.pdf_child as pdf_child
from exporters.atomic import ExportError
from exporters.font_roles import FontError, FontFile, FontRole
from exporters.package import MANIFEST_NAME, ExportCancelledError, ExportRequest, export_plan
from exporters.pdf import PdfLayoutError
from forms.plan import Plan
from tests.exporters.conftest import template_of

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")

MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


@pytest.fixture
def invariant() -> Any:
    """reportlab's invariant mode (no dates, no random ids): PDFs compared byte for byte.
    Set in this process, so the children forked from it render in it too."""
    rl_config.invariant = 1
    yield
    rl_config.invariant = 0


def request_in(folder: Path, **kinds: bool) -> ExportRequest:
    """The files ``kinds`` names (all four when none) in ``folder``."""
    folder.mkdir(exist_ok=True)
    names = {"pdf": "plan.pdf", "xlsx": "plan.xlsx", "docx": "plan.docx", "package": "plan.zip"}
    return ExportRequest(
        **{kind: folder / name for kind, name in names.items() if kinds.get(kind, not kinds)}
    )


def child_for(request: ExportRequest, fonts: dict[FontRole, FontFile] | None = None) -> Any:
    """The child the command line starts for ``request``, before the plan is read."""
    child = pdf_child.start_pdf_child(
        fonts or {},
        fonts_listed=request.xlsx is not None or request.package is not None,
        word=request.docx is not None or request.package is not None,
    )
    assert child is not None
    return child


def export_with_child(plan: Plan, request: ExportRequest, **options: Any) -> list[Path]:
    with child_for(request, options.pop("fonts", None)) as child:
        return export_plan(plan, template_of(plan), request, child=child, **options)


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


def read_package(path: Path) -> dict[str, Any]:
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
        "pdf": files["plan.pdf"],  # invariant mode: the same bytes
        "xlsx": workbook_cells(files["plan.xlsx"]),
        "docx": word_texts(files["plan.docx"]),
        "json": timeless(json.loads(files["plan.json"])),
        "report": timeless(json.loads(files["check-report.json"])),
    }


def test_the_pdf_rendered_by_the_child_is_the_one_rendered_here(
    demo_city: Plan, tmp_path: Path, children: list[int], invariant: None
) -> None:
    in_turn = export_plan(demo_city, template_of(demo_city), request_in(tmp_path / "a", pdf=True))
    assert children == []
    by_child = export_with_child(demo_city, request_in(tmp_path / "b", pdf=True))
    assert len(children) == 1
    assert_gone(children[0])
    assert [path.name for path in by_child] == [path.name for path in in_turn] == ["plan.pdf"]
    assert by_child[0].read_bytes() == in_turn[0].read_bytes()


def test_the_package_made_with_the_child_is_the_one_made_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int], invariant: None
) -> None:
    demo_city.chapters[0].text += "\n𠀀"  # a character no font draws: a finding in the workbook
    template = template_of(demo_city)
    in_turn = export_plan(demo_city, template, request_in(tmp_path / "in_turn"))
    assert children == []
    with_child = export_with_child(demo_city, request_in(tmp_path / "child"))
    assert len(children) == 1
    assert_gone(children[0])
    assert [path.name for path in with_child] == [path.name for path in in_turn]
    expected = read_package(tmp_path / "in_turn" / "plan.zip")
    found = read_package(tmp_path / "child" / "plan.zip")
    assert found == expected
    assert "U+20000" in json.dumps(found["xlsx"], ensure_ascii=False)  # the font finding came
    assert "U+20000" in json.dumps(found["report"], ensure_ascii=False)
    for name in ("plan.pdf", "plan.docx"):  # the files beside the package: the package's own
        with zipfile.ZipFile(tmp_path / "child" / "plan.zip") as archive:
            inside = archive.read(name)
        assert (tmp_path / "child" / name).read_bytes() == inside
    assert workbook_cells((tmp_path / "child" / "plan.xlsx").read_bytes()) == expected["xlsx"]


@pytest.mark.parametrize("kinds", [{"pdf": True, "docx": True}, {"pdf": True, "xlsx": True}])
def test_the_pdf_with_one_other_file_is_what_is_made_in_turn(
    demo_city: Plan, tmp_path: Path, children: list[int], invariant: None, kinds: dict
) -> None:
    in_turn = export_plan(demo_city, template_of(demo_city), request_in(tmp_path / "a", **kinds))
    with_child = export_with_child(demo_city, request_in(tmp_path / "b", **kinds))
    assert [p.name for p in with_child] == [p.name for p in in_turn]
    for mine, theirs in zip(with_child, in_turn, strict=True):
        if mine.suffix == ".pdf":
            assert mine.read_bytes() == theirs.read_bytes()
        elif mine.suffix == ".docx":
            assert word_texts(mine.read_bytes()) == word_texts(theirs.read_bytes())
        else:
            assert workbook_cells(mine.read_bytes()) == workbook_cells(theirs.read_bytes())
    assert_gone(children[0])


@pytest.fixture
def word_makers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file where each process that makes a Word file writes its pid (the child, forked
    from this process, inherits the spy)."""
    import exporters.docx as docx_module

    log = tmp_path / "word-makers"
    render_docx = docx_module.render_docx

    def spied(*args: Any) -> bytes:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return render_docx(*args)

    monkeypatch.setattr(docx_module, "render_docx", spied)
    return log


def test_the_word_file_is_made_by_the_child_when_this_process_is_busy(
    demo_city: Plan,
    tmp_path: Path,
    children: list[int],
    monkeypatch: pytest.MonkeyPatch,
    word_makers: Path,
) -> None:
    """Whoever is free first makes the Word file: the child, while this process is still
    making the workbook; the package is whole."""
    import exporters.xlsx as xlsx

    render_xlsx = xlsx.render_xlsx

    def slow_workbook(*args: Any) -> bytes:  # until the child has begun the Word file
        deadline = time.monotonic() + 30
        while not word_makers.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return render_xlsx(*args)

    monkeypatch.setattr(xlsx, "render_xlsx", slow_workbook)
    written = export_with_child(demo_city, request_in(tmp_path / "out"))
    assert word_makers.read_text().split() == [str(children[0])]
    assert len(written) == 4
    with zipfile.ZipFile(tmp_path / "out" / "plan.zip") as archive:
        assert len(archive.namelist()) == 6
        inside = archive.read("plan.docx")
    assert (tmp_path / "out" / "plan.docx").read_bytes() == inside
    assert word_texts(inside)


def test_the_word_file_is_made_here_when_this_process_is_free(
    demo_city: Plan, tmp_path: Path, children: list[int], word_makers: Path
) -> None:
    """With the PDF and the Word file only, this process has nothing else to do: it makes the
    Word file while the child renders the PDF."""
    written = export_with_child(demo_city, request_in(tmp_path / "out", pdf=True, docx=True))
    assert word_makers.read_text().split() == [str(os.getpid())]
    assert [path.name for path in written] == ["plan.pdf", "plan.docx"]


def test_a_failure_in_the_child_is_the_same_error_and_no_file_is_written(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(link: parallel.Link, *_args: Any) -> dict[str, bytes]:
        link.receive()
        raise ExportError("PDF 无法生成。", "The PDF cannot be made.")

    monkeypatch.setattr(pdf_child, "_render_in_child", failing)
    with pytest.raises(ExportError) as raised:
        export_with_child(demo_city, request_in(tmp_path))
    assert raised.value.message("zh") == "PDF 无法生成。"
    assert raised.value.message("en") == "The PDF cannot be made."
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def test_an_unusable_font_is_the_same_error_as_in_turn_and_no_file(
    demo_city: Plan, tmp_path: Path, children: list[int]
) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    fonts = {FontRole.BODY: FontFile(not_a_font)}
    out = tmp_path / "out"
    request = request_in(out, pdf=True, xlsx=True)
    request.fonts = fonts
    with pytest.raises(FontError) as in_turn:
        export_plan(demo_city, template_of(demo_city), request)
    for kinds in ({"pdf": True}, {"pdf": True, "xlsx": True}, {}):
        request = request_in(out, **kinds)
        request.fonts = fonts
        with pytest.raises(FontError) as raised:
            export_with_child(demo_city, request, fonts=fonts)
        assert raised.value.message("zh") == in_turn.value.message("zh")
        assert raised.value.message("en") == in_turn.value.message("en")
        assert list(out.iterdir()) == []
    assert len(children) == 3
    for pid in children:
        assert_gone(pid)


def test_a_layout_failure_in_the_child_is_the_same_error_and_no_file(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus import Flowable

    class Unsplittable(Flowable):
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return available_width, 10_000

        def split(self, available_width: float, available_height: float) -> list[Flowable]:
            return []

    story = pdf_module._Renderer.story  # the child is forked with this in place
    monkeypatch.setattr(pdf_module._Renderer, "story", lambda self: [*story(self), Unsplittable()])
    out = tmp_path / "out"
    with pytest.raises(PdfLayoutError) as in_turn:
        export_plan(demo_city, template_of(demo_city), request_in(out))
    with pytest.raises(PdfLayoutError) as raised:
        export_with_child(demo_city, request_in(out))
    assert raised.value.message("zh") == in_turn.value.message("zh")
    assert raised.value.message("en") == in_turn.value.message("en")
    assert list(out.iterdir()) == []
    assert_gone(children[0])


def test_a_bug_in_the_child_is_raised_here_with_the_childs_traceback(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(link: parallel.Link, *_args: Any) -> dict[str, bytes]:
        link.receive()
        return {}["pdf"]

    monkeypatch.setattr(pdf_child, "_render_in_child", buggy)
    with pytest.raises(KeyError) as raised:
        export_with_child(demo_city, request_in(tmp_path, pdf=True))
    assert "buggy" in str(raised.value.__cause__)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("when", ["before the document", "after the document"])
def test_a_child_that_dies_gives_a_clear_error_and_no_file(
    demo_city: Plan,
    tmp_path: Path,
    children: list[int],
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    def killed(link: parallel.Link, *_args: Any) -> dict[str, bytes]:
        if when == "after the document":
            link.receive()
        os.kill(os.getpid(), signal.SIGKILL)  # as the system does when memory runs out
        return {}

    monkeypatch.setattr(pdf_child, "_render_in_child", killed)
    with pytest.raises(parallel.ExportChildError) as raised:
        export_with_child(demo_city, request_in(tmp_path))
    assert "意外退出" in raised.value.message("zh") and "-9" in raised.value.message("zh")
    assert "no file was written" in raised.value.message("en")
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def slow_child(link: parallel.Link, *_args: Any) -> dict[str, bytes]:
    link.receive()
    time.sleep(60)  # ended by the parent long before
    return {}


def test_cancelled_while_waiting_for_the_child_ends_it(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_child, "_render_in_child", slow_child)
    asked: list[bool] = []

    def cancelled() -> bool:  # the third question: while the child works
        asked.append(True)
        return len(asked) >= 3

    started = time.monotonic()
    with pytest.raises(ExportCancelledError):
        export_with_child(demo_city, request_in(tmp_path, pdf=True), cancelled=cancelled)
    assert time.monotonic() - started < 30
    assert list(tmp_path.iterdir()) == []
    assert_gone(children[0])


def test_a_failure_here_ends_the_child_before_it_is_sent_anything(
    demo_city: Plan, tmp_path: Path, children: list[int]
) -> None:
    """As when the plan is not found: the child, still loading, is ended; nothing written."""
    with pytest.raises(LookupError), child_for(request_in(tmp_path)):
        raise LookupError("no such plan")
    assert len(children) == 1
    assert_gone(children[0])
    assert list(tmp_path.iterdir()) == []


def test_the_callers_own_work_is_done_once_while_the_child_renders(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_child, "_render_in_child", slow_child)
    seen: list[str] = []

    def meanwhile() -> None:  # the test cancels once this is done
        seen.append("meanwhile")
        if len(seen) == 1:
            os.kill(children[0], 0)  # the child is still rendering

    with pytest.raises(ExportCancelledError):
        export_with_child(
            demo_city,
            request_in(tmp_path, pdf=True),
            cancelled=lambda: "meanwhile" in seen,
            meanwhile=meanwhile,
        )
    assert seen == ["meanwhile"]
    export_plan(demo_city, template_of(demo_city), request_in(tmp_path), meanwhile=meanwhile)
    assert seen == ["meanwhile", "meanwhile"] and len(children) == 1


def test_one_processor_starts_no_child(
    demo_city: Plan, tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "usable_processors", lambda: 1)
    assert pdf_child.start_pdf_child({}, fonts_listed=True, word=True) is None
    assert children == []


def test_no_process_to_be_had_starts_no_child(
    children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # the process limit

    monkeypatch.setattr(os, "fork", no_fork)
    before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else set()
    assert pdf_child.start_pdf_child({}, fonts_listed=True, word=True) is None
    assert children == []
    if before:  # the pipes made for it were closed again
        assert set(os.listdir("/proc/self/fd")) == before


def test_another_thread_running_starts_no_child(children: list[int]) -> None:
    """As in the app, whose export runs in a worker thread: forking it is not safe."""
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(pdf_child.start_pdf_child({})))
    worker.start()
    worker.join()
    assert outcome == [None] and children == []


def test_claims_are_taken_once_across_processes() -> None:
    claims = parallel.Claims(("docx", "xlsx"))
    try:
        pid = os.fork()
        if pid == 0:  # the child takes one
            os._exit(0 if claims.claim("docx") else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert not claims.claim("docx")
        assert claims.claim("xlsx") and not claims.claim("xlsx")
    finally:
        claims.close()


ORPHANED = """
import time
from exporters.parallel import ChildWork

child = ChildWork(lambda link: link.receive())  # waits for what the parent would send
print(child.pid, flush=True)
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
    """The export killed (SIGKILL: no clean-up runs) while its child waits for the document:
    the child must not stay behind for ever, holding its memory."""
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


def test_a_result_that_cannot_be_sent_back_is_an_error_here() -> None:
    child = parallel.ChildWork(lambda _link: threading.Lock())  # no pickle for a lock
    with child, pytest.raises(TypeError) as raised:
        child.result()
    assert "lock" in str(raised.value)
    assert_gone(child.pid)


def test_a_child_that_has_answered_is_waited_for_not_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After its answer the child is ending of itself: it is reaped as soon as it has gone,
    with its own exit code, and sent no signal."""
    signals: list[int] = []
    kill = os.kill

    def noted_kill(pid: int, sig: int) -> None:
        signals.append(sig)
        kill(pid, sig)

    monkeypatch.setattr(parallel.os, "kill", noted_kill)
    for work in (lambda _link: "done", lambda _link: 1 / 0):
        child = parallel.ChildWork(work)
        with child, contextlib.suppress(ZeroDivisionError):
            child.result()
        assert child.exitcode == 0
        assert_gone(child.pid)
    assert not {signal.SIGTERM, signal.SIGKILL} & set(signals)
