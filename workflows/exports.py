"""Writing a plan out: its JSON document, the official documents and the submission
package (a package sent is kept as a snapshot), a department's collection workbook.

Exporters are imported inside the functions: starting the app must not load them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from forms.appinfo import APP_VERSION
from forms.errors import LocalizedError
from forms.file_names import file_name_part, fitted_stem
from forms.plan import Plan
from forms.serialize import plan_to_json
from forms.template import Template
from storage.repository import PlanRepository
from storage.snapshots import SnapshotInfo, SnapshotKind, Snapshots
from workflows.errors import (
    OUTPUT_KINDS,
    BlankEndingError,
    DatabaseDestinationError,
    NoOutputError,
    SameDestinationError,
    SnapshotNotKeptError,
    WrongFileTypeError,
)

if TYPE_CHECKING:
    from exporters.package import ExportRequest
    from exporters.pdf_child import PdfChild

Progress = Callable[[float, str], None]


def file_stem(name: str, *suffixes: str) -> str:
    """A file name (without its extension): ``name`` then ``suffixes``, joined by “-”, usable
    on Windows and Linux whatever a plan's or a department's name holds (“/”, “..”, line
    breaks) and short enough for the file system — the file lands in the folder chosen, not
    beside or below it.  A long ``name`` is shortened; the suffixes are kept."""
    return fitted_stem(name, "".join(f"-{file_name_part(suffix)}" for suffix in suffixes))


# The first bytes of an SQLite database and of its write-ahead log (either byte order).
_DATABASE_MARKS = (b"SQLite format 3\x00", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def _is_database(path: Path | str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return any(head.startswith(mark) for mark in _DATABASE_MARKS)


# Endings of documents some program opens by their name; any other (or none) is the user's.
_DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".xlsx", ".xlsm", ".xls", ".docx", ".docm", ".doc", ".zip", ".json"}
    | {".odt", ".ods", ".csv", ".txt", ".html"}
)


def check_destinations(paths: Mapping[str, Path | str]) -> None:
    """Refuse, before anything is rendered (``paths``: each output's kind — ``pdf``, ``xlsx``,
    ``docx``, ``package``, ``json`` — and its file): a destination the system cannot even
    look at (a name longer than the file system allows, a loop of links, a folder that may
    not be searched), said as for any file that cannot be written, not as a traceback; one
    file named for two outputs (the second replaced the first); a file named as another
    kind of document (``--pdf plan.docx``: Word would refuse it) or ending in a space or a
    dot (``"plan.pdf "``: no program takes it for a PDF); and a database or its
    log — the plans' own database named by mistake was replaced by the export, every plan
    lost."""
    from exporters.atomic import unwritable

    seen: set[str] = set()
    for kind, path in paths.items():
        same = os.path.normcase(os.path.realpath(path))
        if same in seen:
            raise SameDestinationError(Path(path))
        seen.add(same)
        name = Path(path).name
        if name.rstrip(" .\t") not in ("", name):  # not "..", which names a folder
            raise BlankEndingError(Path(path), kind)
        suffix = Path(path).suffix.lower()
        if suffix in _DOCUMENT_SUFFIXES and suffix != OUTPUT_KINDS[kind][2]:
            raise WrongFileTypeError(Path(path), kind)
        try:
            found = os.stat(path)
        except FileNotFoundError:  # a new file; a missing folder is said when it is written
            continue
        except OSError as exc:
            raise unwritable(Path(path), exc) from exc
        if stat.S_ISREG(found.st_mode) and _is_database(path):
            raise DatabaseDestinationError(Path(path))


def export_json(plan: Plan, path: Path | str) -> Path:
    """Write the plan as a JSON document (atomically); returns the path written."""
    from exporters.atomic import write_atomic

    check_destinations({"json": path})
    return write_atomic(Path(path), plan_to_json(plan, APP_VERSION).encode("utf-8"))


def render_exports(
    plan: Plan,
    template: Template,
    request: ExportRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    child: PdfChild | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Path]:
    """Write the files ``request`` names; touches no database, so it may run off the UI
    thread. Follow it with :func:`keep_exported_package`.  ``cancelled`` is polled as the
    export goes: when it turns true, ExportCancelledError is raised and no file written.
    ``child``: the PDF is rendered in this forked child process, started before the plan was
    read (the command line; the app, whose export runs in a worker thread, renders in its
    own process); ``meanwhile`` is the caller's own work, done while the child renders."""
    from exporters.package import export_plan

    if not request.targets():
        raise NoOutputError()
    check_destinations(request.targets())
    return export_plan(
        plan, template, request, progress, cancelled, child=child, meanwhile=meanwhile
    )


def keep_exported_package(
    repo: PlanRepository, plan: Plan, request: ExportRequest, body: str | None = None
) -> SnapshotInfo | None:
    """What was sent is kept: a snapshot of the plan when a package was written.
    ``body``: the plan's JSON if the caller made it already (see :func:`snapshot_body`)."""
    if request.package is None:
        return None
    return Snapshots(repo).take(
        plan, f"报送包 / package: {Path(request.package).name}", SnapshotKind.EXPORT, body
    )


def snapshot_body(plan: Plan, request: ExportRequest) -> str | None:
    """The JSON :func:`keep_exported_package` will store, made beforehand (a worker thread
    makes it, so the window does not wait for it); None when no package is written."""
    return None if request.package is None else plan_to_json(plan)


def export_documents(
    repo: PlanRepository,
    plan: Plan,
    template: Template,
    request: ExportRequest,
    progress: Progress | None = None,
    child: PdfChild | None = None,
) -> tuple[list[Path], SnapshotInfo | None]:
    """The PDF, workbook, Word file and/or package, and the snapshot a package implies.
    ``child``: see :func:`render_exports` (the command line's, where forking is safe).
    Raises :class:`SnapshotNotKeptError` when the files are written but not the snapshot."""
    bodies: list[str | None] = []  # the snapshot's JSON, made while the child renders
    written = render_exports(
        plan,
        template,
        request,
        progress,
        child=child,
        meanwhile=lambda: bodies.append(snapshot_body(plan, request)),
    )
    try:
        kept = keep_exported_package(repo, plan, request, bodies[0] if bodies else None)
    except LocalizedError as exc:
        raise SnapshotNotKeptError(written, exc) from exc
    return written, kept


def export_collection_workbook(
    plan: Plan, template: Template, path: Path | str, department: str | None, lang: str | None
) -> Path:
    """A department's data-collection workbook (all departments when ``department`` is None)."""
    from exporters.atomic import write_atomic
    from exporters.collect import render_collection_workbook

    check_destinations({"xlsx": path})
    data = render_collection_workbook(plan, template, department, lang or plan.meta.language)
    return write_atomic(Path(path), data)
