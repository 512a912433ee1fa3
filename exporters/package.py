"""Exporting a plan: the PDF, workbook and Word file, and the submission package that holds
them with the plan's data, the check report and a manifest of SHA-256 checksums.

Everything is rendered in memory first and written last, all or nothing (``write_all_atomic``):
a failure at any step leaves no file behind.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporters.atomic import write_all_atomic
from exporters.blocks import Document
from exporters.document import build_document
from exporters.font_roles import FontFile, FontRole
from forms.appinfo import APP_NAME, APP_VERSION
from forms.checks import Finding, check_plan, final_export_error, is_final
from forms.errors import LocalizedError
from forms.file_names import fitted_stem
from forms.plan import Plan, now_iso
from forms.report import check_report
from forms.serialize import SCHEMA_VERSION, plan_to_json
from forms.template import Template

if TYPE_CHECKING:
    from exporters.pdf_child import PdfChild

PACKAGE_FORMAT = "peakplan.package"
MANIFEST_VERSION = 1
MANIFEST_NAME = "manifest.json"
# File names inside a package: fixed, so that any machine can read a package back.
PACKAGE_FILES = {
    "pdf": "plan.pdf",
    "xlsx": "plan.xlsx",
    "docx": "plan.docx",
    "json": "plan.json",
    "report": "check-report.json",
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "report": "application/json",
}

Progress = Callable[[float, str], None]  # (share done 0..1, what is being done)


@dataclass
class ExportRequest:
    """Which files to write where; ``None`` skips a format."""

    pdf: Path | None = None
    xlsx: Path | None = None
    docx: Path | None = None
    package: Path | None = None
    lang: str | None = None  # default: the plan's language
    comments: bool = False  # an annex of the review comments in the PDF and Word files
    final: bool = False  # the final document even if the plan is not yet submitted
    fonts: Mapping[FontRole, FontFile] = field(default_factory=dict)

    def targets(self) -> dict[str, Path]:
        chosen = {"pdf": self.pdf, "xlsx": self.xlsx, "docx": self.docx, "package": self.package}
        return {kind: Path(path) for kind, path in chosen.items() if path is not None}


def default_file_stem(plan: Plan, lang: str = "zh") -> str:
    """A file name for the plan's exports, safe on Windows and Linux."""
    suffix = "碳达峰试点实施方案" if lang == "zh" else " carbon peaking pilot plan"
    return fitted_stem(plan.meta.name, suffix)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(plan: Plan, template: Template, files: Mapping[str, bytes]) -> dict[str, Any]:
    return {
        "format": PACKAGE_FORMAT,
        "manifest_version": MANIFEST_VERSION,
        "app": {"name": APP_NAME, "version": APP_VERSION},
        "template": {"id": template.id, "version": template.version},
        "plan": {
            "id": plan.id,
            "name": plan.meta.name,
            "status": plan.meta.status.value,
            "schema_version": SCHEMA_VERSION,
        },
        "exported_at": now_iso(),
        "files": [
            {
                "name": name,
                "size": len(data),
                "sha256": _sha256(data),
                "media_type": MEDIA_TYPES[kind],
            }
            for kind, name in PACKAGE_FILES.items()
            if (data := files.get(name)) is not None
        ],
    }


def zip_package(plan: Plan, template: Template, files: Mapping[str, bytes]) -> bytes:
    """The package: the files and a manifest with their sizes and SHA-256 checksums."""
    content = json.dumps(manifest(plan, template, files), ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    written_at = time.localtime()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in {MANIFEST_NAME: content.encode("utf-8"), **files}.items():
            archive.writestr(_readable_entry(name, written_at), data)
    return buffer.getvalue()


def _readable_entry(name: str, written_at: tuple[int, ...]) -> zipfile.ZipInfo:
    """An entry that unzips as a regular file anyone may read (0644): ``writestr`` with a
    bare name stores 0600, so on a shared computer only the one who unzipped could read it."""
    entry = zipfile.ZipInfo(name, date_time=written_at)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = (stat.S_IFREG | 0o644) << 16
    entry.create_system = 3  # Unix: the mode above is what unzip applies
    return entry


class ExportCancelledError(LocalizedError):
    """The user cancelled the export before its files were written: none was."""

    def __init__(self) -> None:
        super().__init__(
            "导出已取消，没有写入任何文件。", "The export was cancelled; no file was written."
        )


class _Steps:
    """Progress through the export: each file rendered, the package, then the writing.
    Each report first asks ``cancelled`` (a plain callable, polled from the worker thread)."""

    def __init__(
        self, progress: Progress | None, steps: int, cancelled: Callable[[], bool] | None = None
    ) -> None:
        self.progress, self.steps, self.done = progress, steps, 0
        self.cancelled = cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelledError()

    def report(self, what: str) -> None:
        self.check()
        if self.progress is not None:
            self.progress(self.done / self.steps, what)

    def within(self, what: str) -> Callable[[float], None]:
        """Progress inside the current step, given as its share done."""
        start = self.done

        def report(share: float) -> None:
            self.check()
            if self.progress is not None:
                self.progress((start + share) / self.steps, what)

        return report


def export_plan(
    plan: Plan,
    template: Template,
    request: ExportRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    child: PdfChild | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Path]:
    """Render what ``request`` asks for and write it; returns the paths written.

    ``child``: the PDF is rendered by this child process, started by the caller before it
    read the plan (the command line: see :mod:`exporters.pdf_child`), while this process
    makes the other files.  ``meanwhile``: the caller's own work, called once before the
    files are written — while the child renders, if there is one.

    Raises a :class:`~forms.errors.LocalizedError` (no usable font, unwritable destination)
    with nothing written; :class:`ExportCancelledError` when ``cancelled()`` turns true before
    the files are written (they are written together at the end, atomically).
    """
    targets = request.targets()
    if not targets:
        return []
    lang = request.lang or plan.meta.language
    packaging = "package" in targets
    need = {kind for kind in ("pdf", "xlsx", "docx") if kind in targets or packaging}
    steps = _Steps(progress, len(need) + (1 if packaging else 0) + 1, cancelled)
    final = is_final(plan, request.final)
    # The check's findings go into the workbook (and so the package) and decide whether a
    # final document may be made; a draft PDF or Word file alone needs none of them.
    findings = check_plan(plan, template) if final or "xlsx" in need else []
    if final and (error := final_export_error(findings)) is not None:
        raise error  # no placeholder, no unverified name, one peak year in a final document
    document = build_document(plan, template, lang, comments=request.comments, final=final)
    if child is not None and "pdf" in need:
        rendered, findings = _render_with_child(
            child, plan, template, document, need, findings, steps, packaging, meanwhile
        )
    else:  # one file after another
        rendered, findings = _render(plan, template, request, document, need, findings, steps)
        if meanwhile is not None:
            meanwhile()
    outputs: dict[Path, bytes] = {
        targets[kind]: data for kind, data in rendered.items() if kind in targets
    }
    if packaging:
        steps.report("package")
        outputs[targets["package"]] = _package(plan, template, lang, findings, rendered)
        steps.done += 1
    steps.report("write")
    written = write_all_atomic(outputs)
    steps.done = steps.steps
    steps.report("done")
    return written


def _render(
    plan: Plan,
    template: Template,
    request: ExportRequest,
    document: Document,
    need: set[str],
    findings: list[Finding],
    steps: _Steps,
) -> tuple[dict[str, bytes], list[Finding]]:
    """The files asked for, as bytes; the findings gain the font's missing characters."""
    lang = document.lang
    rendered: dict[str, bytes] = {}
    if "pdf" in need:
        from exporters.coverage import font_findings
        from exporters.fonts import resolve_fonts
        from exporters.pdf import render_pdf

        steps.report("pdf")
        fonts = resolve_fonts(request.fonts)
        rendered["pdf"] = render_pdf(document, fonts, steps.within("pdf"))
        if "xlsx" in need:  # the workbook lists the characters drawn as boxes
            findings = [*findings, *font_findings(document, fonts)]
        steps.done += 1
    if "xlsx" in need:
        from exporters.xlsx import render_xlsx

        steps.report("xlsx")
        rendered["xlsx"] = render_xlsx(plan, template, findings, lang)
        steps.done += 1
    if "docx" in need:
        from exporters.docx import render_docx

        steps.report("docx")
        rendered["docx"] = render_docx(document)
        steps.done += 1
    return rendered, findings


def _render_with_child(
    child: PdfChild,
    plan: Plan,
    template: Template,
    document: Document,
    need: set[str],
    findings: list[Finding],
    steps: _Steps,
    packaging: bool,
    meanwhile: Callable[[], object] | None,
) -> tuple[dict[str, bytes], list[Finding]]:
    """:func:`_render`, the PDF by ``child``: it has the document; this process makes the
    workbook (with the PDF's font findings, which the child sends first) and a package's
    plan JSON and check report, then the Word file unless the child, done first, began it."""
    word = "docx" in need
    steps.report("pdf")
    child.send(document, fonts_listed="xlsx" in need, word=word)
    if meanwhile is not None:
        meanwhile()
    rendered: dict[str, bytes] = {}
    if "xlsx" in need:  # the workbook (and the report) list the characters drawn as boxes
        findings = [*findings, *child.font_findings(steps.check)]
        steps.report("xlsx")
        rendered |= _make_part("xlsx", plan, template, document, findings)
        steps.done += 1
    if packaging:
        steps.report("package")
        rendered |= _make_part("data", plan, template, document, findings)
    if word and child.claim_word():
        steps.report("docx")
        rendered |= _make_part("docx", plan, template, document, findings)
        steps.done += 1
    made = child.result(steps.check)
    steps.done += len(made)
    rendered |= made
    return {kind: rendered[kind] for kind in PACKAGE_FILES if kind in rendered}, findings


def _make_part(
    kind: str, plan: Plan, template: Template, document: Document, findings: list[Finding]
) -> dict[str, bytes]:
    """The workbook, the Word file, or ("data") the package's plan JSON and check report."""
    if kind == "xlsx":
        from exporters.xlsx import render_xlsx

        return {kind: render_xlsx(plan, template, findings, document.lang)}
    if kind == "docx":
        from exporters.docx import render_docx

        return {kind: render_docx(document)}
    return _data_files(plan, template, document.lang, findings)


def _data_files(
    plan: Plan, template: Template, lang: str, findings: list[Finding]
) -> dict[str, bytes]:
    """The package's plan JSON and check report."""
    report = json.dumps(check_report(plan, template, lang, findings), ensure_ascii=False, indent=2)
    return {
        "json": plan_to_json(plan, APP_VERSION).encode("utf-8"),
        "report": report.encode("utf-8"),
    }


def _package(
    plan: Plan,
    template: Template,
    lang: str,
    findings: list[Finding],
    rendered: dict[str, bytes],
) -> bytes:
    """The package of the ``rendered`` files; its plan JSON and check report made here unless
    ``rendered`` holds them already."""
    if "json" not in rendered:
        rendered = rendered | _data_files(plan, template, lang, findings)
    files = {name: rendered[kind] for kind, name in PACKAGE_FILES.items() if kind in rendered}
    return zip_package(plan, template, files)
