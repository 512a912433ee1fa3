"""The PDF of a command-line export, rendered in a child process forked as the command starts.

The PDF's libraries (reportlab) and fonts take a tenth of a second and more to load; the plan
model, the database and the document's own modules as much again, and then the plan has to
be read and the document built.  So the command forks at once, before any of that: the child
loads the PDF side and resolves the fonts while this process reads the plan and builds the
document (pure data), which it then sends; the child renders it and sends the PDF back, and
this process writes the files as ever (all or nothing).

With other files (``--xlsx``, ``--docx``, ``--package``) the work is shared the same way: the
workbook and the package's data are made here (from the plan, which the child never reads),
after the child has sent the font findings the workbook lists; the Word file (made from the
document alone) is made by whichever process is free first.

Where no child may be forked (see :func:`exporters.parallel.may_fork`) or none can be had,
there is none, and the export renders everything in this process.  This module must stay
light: it is imported before the fork.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from exporters.font_roles import FontFile, FontRole
from exporters.parallel import ChildWork, Claims, Closing, Link, may_fork

if TYPE_CHECKING:
    from exporters.blocks import Document
    from forms.checks import Finding


def start_pdf_child(
    fonts: Mapping[FontRole, FontFile], fonts_listed: bool = False, word: bool = False
) -> PdfChild | None:
    """A child that prepares at once to render a PDF with ``fonts`` (the user's choice), or
    None where none may or can be started.  ``fonts_listed``: the workbook will list the
    characters the fonts lack (the child loads what finds them beforehand); ``word``: the
    Word file is asked for too (the child may make it)."""
    if not may_fork():
        return None
    try:
        return PdfChild(fonts, fonts_listed, word)
    except OSError:  # no second process to be had here
        return None


class PdfChild(Closing):
    """The child started by :func:`start_pdf_child`.  Use as a context manager: leaving it
    ends the child, wherever the export stopped."""

    def __init__(self, fonts: Mapping[FontRole, FontFile], fonts_listed: bool, word: bool) -> None:
        self._claims = Claims(("docx",)) if word else None
        try:
            self._work = ChildWork(_render_in_child, self._claims, dict(fonts), fonts_listed)
        except BaseException:
            if self._claims is not None:
                self._claims.close()
            raise

    def send(self, document: Document, fonts_listed: bool, word: bool) -> None:
        """The document to render; ``fonts_listed``: send the font findings first (see
        :meth:`font_findings`); ``word``: make the Word file too, if this process has not
        claimed it (see :meth:`claim_word`)."""
        self._work.send((document, fonts_listed, word))

    def font_findings(self, check: Callable[[], None] | None = None) -> list[Finding]:
        """The characters no font draws, as findings of the check (the document was sent
        with ``fonts_listed``); the child's error raised here if it failed first."""
        return self._work.receive(check)

    def claim_word(self) -> bool:
        """Whether this process is to make the Word file: true unless the child began it."""
        return self._claims is None or self._claims.claim("docx")

    def result(self, check: Callable[[], None] | None = None) -> dict[str, bytes]:
        """The PDF (``"pdf"``) and, if the child made it, the Word file (``"docx"``)."""
        return self._work.result(check)

    def close(self) -> None:
        self._work.close()
        if self._claims is not None:
            self._claims.close()


def _render_in_child(
    link: Link,
    claims: Claims | None,
    fonts: dict[FontRole, FontFile],
    fonts_listed: bool,
) -> dict[str, bytes]:
    """The child's part: load, wait for the document, render (and perhaps the Word file:
    its writer is loaded while the document is not there yet)."""
    # No garbage collection in the child: it ends as soon as it
    # has answered and the system takes back all its memory at once; collections would walk
    # what it loads (18 ms while it loads reportlab and the fonts), the document (4 ms) and
    # the Word file (7 ms for the large plan's), for no memory saved.
    gc.disable()
    from exporters.fonts import prepare_to_draw, resolve_fonts
    from exporters.pdf import render_pdf

    if fonts_listed:  # loaded while the parent still reads the plan
        importlib.import_module("exporters.coverage")
    resolved = resolve_fonts(fonts)  # a FontError goes back at once: the parent raises it
    if link.idle():  # what the render would do first, done while there is time
        prepare_to_draw(resolved)
    if claims is not None and link.idle():  # the Word file's writer, while there is time
        importlib.import_module("exporters.docx")
    document, fonts_listed, word = link.receive()
    if fonts_listed:
        from exporters.coverage import font_findings

        link.tell(font_findings(document, resolved))
    made = {"pdf": render_pdf(document, resolved)}
    if word and claims is not None and claims.claim("docx"):
        from exporters.docx import render_docx

        made["docx"] = render_docx(document)
    return made
