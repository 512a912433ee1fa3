"""Every test runs against temporary folders: no test touches the user's real database."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

import exporters.parallel as parallel
import exporters.pdf_child as pdf_child

SCREENS = Path(__file__).parent / "fixtures" / "screens"

# Hypothesis keeps its examples and caches in the system's temporary folder, not in a
# .hypothesis/ folder of the project (set before any test module is collected): no test
# writes into the project.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "peakplan-tests-hypothesis")

# The caches (fonts' metrics, compiled prose, templates) in a folder of this run's, not the
# user's ~/.cache/PeakPlan: no test writes into the user's own caches, and two runs side by
# side do not share them.  One per run, so warm after its first export, for its tests and the
# processes they start alike; removed when the run ends.
RUN_CACHE = Path(tempfile.mkdtemp(prefix="peakplan-tests-cache-"))
os.environ["XDG_CACHE_HOME"] = str(RUN_CACHE)


def pytest_sessionfinish() -> None:
    # Tests that import main install the dataclass code cache here too: nothing written into
    # the folder once it is gone.
    from forms import codecache

    codecache.uninstall()
    shutil.rmtree(RUN_CACHE, ignore_errors=True)


# Qt's offscreen screen is 800×800 unless configured: tests run on a screen larger than full
# HD, and the screen-fit tests start processes on the small screens officials have.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS / '2560x1440.json'}"


QT_FIXTURES = {"qtbot", "qapp"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs a Qt application is marked ``gui`` (``-m "not gui"`` skips them),
    by the fixtures it uses rather than by hand, so no test is left out."""
    for item in items:
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


_qt_test_before = [False]  # whether the test that ran before this one used Qt


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """The windows a test left are closed and deleted when it ends (the app's tests here and
    in tests/ui), so that a later test's event loop never paints one: late in a long run, Qt
    painting a window an earlier test had left behind read its screen from freed memory and
    crashed (a segmentation fault in test_start_window or test_outline_editor)."""
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")  # only where a test loaded Qt
    if widgets is None or widgets.QApplication.instance() is None:
        return
    # Only after a test that used Qt here (or left a window), and after the test that follows
    # one (pytest lets go of a test's fixtures only once its teardown is over): the full
    # collection below walks the whole heap, ~1 s late in a run, and was a third of the
    # suite's time when it ran after each of the ~300 tests that touch no Qt object.
    used_qt = request.node.get_closest_marker("gui") is not None
    left = widgets.QApplication.topLevelWidgets()
    qt_before, _qt_test_before[0] = _qt_test_before[0], used_qt or bool(left)
    if not (used_qt or left or qt_before):
        return
    from PySide6.QtCore import QEvent

    for widget in left:
        widget.close()
        widget.deleteLater()
    widgets.QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # Python's garbage too, now: a window a reference cycle held was otherwise freed whenever
    # a later test's allocations set off a collection, and Qt's offscreen cursor, still
    # pointing at it, then crashed the run hiding another window (QCursor::pos).
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("PEAKPLAN_DB", raising=False)
    monkeypatch.delenv("PEAKPLAN_LANG", raising=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A private PostgreSQL server for the whole session (see tests/postgres.py).  Where it
    cannot start, its tests fail in CI (``$CI`` set) and are skipped with the reason elsewhere."""
    from tests.postgres import ServerUnavailable, remove_server, start_server

    try:
        server = start_server()
    except ServerUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL test server: {exc}")
        pytest.skip(f"PostgreSQL test server: {exc}")
    try:
        yield server
    finally:
        remove_server(server)


@pytest.fixture
def postgres_url(postgres_server: object) -> str:
    """The URL of an empty database of the test server, this test's alone."""
    return postgres_server.new_schema()  # type: ignore[attr-defined]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plans.sqlite"


@pytest.fixture
def repo(db_path: Path) -> Iterator[object]:
    from storage.database import open_database
    from storage.repository import PlanRepository

    database = open_database(db_path)
    try:
        yield PlanRepository(database)
    finally:
        database.close()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in, root included (root ignores permission bits, so the
    folder is made immutable with chattr; /sys is the fallback where chattr is refused)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    made = chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode
    if made == 0:
        try:
            yield folder
        finally:
            subprocess.run([chattr, "-i", str(folder)], check=True)
    else:
        yield Path("/sys/kernel")


class SpiedChild(parallel.ChildWork):
    """A command-line export's child process, its pid noted as it starts."""

    started: ClassVar[list[int]] = []

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        SpiedChild.started.append(self.pid)


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the export children started; the child is used even on a one-processor
    machine."""
    if threading.active_count() > 1:
        pytest.skip("another thread runs in this test process: exports do not fork here")
    monkeypatch.setattr(parallel, "usable_processors", lambda: 2)
    monkeypatch.setattr(pdf_child, "ChildWork", SpiedChild)
    SpiedChild.started = []
    return SpiedChild.started


@pytest.fixture(autouse=True)
def _chart_attributes_checked() -> None:
    """The app has reportlab skip checking each chart attribute as it is set (a debugging aid,
    the same bytes either way: reportlab_fixes); the tests keep it, so that a misspelt chart
    attribute fails here (set again before each test: some apply reportlab_fixes again)."""
    from reportlab import rl_config

    import exporters.pdf  # noqa: F401  (its import applies reportlab_fixes)

    rl_config.shapeChecking = 1
