"""Each finished page of the PDF compressed on a second processor while the next is laid out.

reportlab keeps every page's drawing operators as text and compresses them all when the
document is saved: for the 323 pages of the large plan, 2.4 MB through zlib, about a tenth
of the render, after the last page.  zlib lets go of Python's lock while it compresses, so a
thread can do it beside the layout: each page's operators are handed to it as the page ends
(``PDFPage.setStream``), and saving takes the compressed bytes instead of compressing them
again (the same bytes: the same zlib call on the same text).

The embedded fonts' subsets go the same way: each is made as the document is saved, and its
zlib (most of the save's compressing: a demo plan's six subsets are ~1 MB) runs on that thread
while the save formats the document's other objects.

Only while :func:`compressing_pages` is active, in a process with a second processor; pages
and fonts made otherwise are compressed at the save, as reportlab does.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import zlib
from collections.abc import Iterator

from reportlab.pdfbase import pdfdoc, ttfonts

_set_stream = pdfdoc.PDFPage.setStream  # reportlab's own
_check_format = pdfdoc.PDFPage.check_format
_add_subset_objects = ttfonts.TTFontFace.addSubsetObjects
_active = threading.local()  # .worker: the compressor of this thread's render, if any


class _Compressed:
    """A page's operators or a font's subset, compressed (or being compressed) by the worker
    thread."""

    __slots__ = ("_done", "_error", "_result", "text")
    pdfname = "FlateDecode"  # a stream filter, as reportlab's PDFZCompress

    def __init__(self, text: str | bytes) -> None:
        self.text = text
        self._done = threading.Event()
        self._result: bytes | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            data = self.text if isinstance(self.text, bytes) else self.text.encode("utf8")
            self._result = zlib.compress(data)
        except BaseException as exc:  # raised again where the bytes are asked for
            self._error = exc
        finally:
            self._done.set()

    def encode(self, text: str | bytes) -> bytes:
        """The compressed bytes of ``text`` (the page's own operators, as reportlab passes
        them); other text is compressed here, as reportlab would."""
        if text is not self.text:
            return pdfdoc.PDFZCompress.encode(text)
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class _Compressor:
    def __init__(self) -> None:
        self._pages: queue.SimpleQueue[_Compressed | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="pdf-pages", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (page := self._pages.get()) is not None:
            page.run()

    def submit(self, text: str | bytes) -> _Compressed:
        page = _Compressed(text)
        self._pages.put(page)
        return page

    def close(self) -> None:
        self._pages.put(None)
        self._thread.join()


def _set_page_stream(self: pdfdoc.PDFPage, code: object) -> None:
    _set_stream(self, code)
    worker = getattr(_active, "worker", None)
    if worker is not None and self.compression and isinstance(self.stream, str):
        self._compressed = worker.submit(self.stream)


def _check_page_format(self: pdfdoc.PDFPage, document: object) -> None:
    had_contents = bool(self.Contents)
    _check_format(self, document)
    compressed = getattr(self, "_compressed", None)
    if (
        compressed is not None
        and not had_contents
        and isinstance(self.Contents, pdfdoc.PDFStream)
        and self.Contents.content is compressed.text
        and self.Contents.filters == [pdfdoc.PDFZCompress]
    ):
        self.Contents.filters = [compressed]


def _add_subset_objects_beside(
    self: ttfonts.TTFontFace, doc: pdfdoc.PDFDocument, fontname: str, subset: list[int]
) -> object:
    reference = _add_subset_objects(self, doc, fontname, subset)
    worker = getattr(_active, "worker", None)
    stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")  # as reportlab names it
    if (
        worker is not None
        and isinstance(stream, pdfdoc.PDFStream)
        and isinstance(stream.content, bytes)
        and stream.filters == [pdfdoc.PDFZCompress]
    ):
        stream.filters = [worker.submit(stream.content)]
    return reference


@contextlib.contextmanager
def compressing_pages() -> Iterator[None]:
    """Pages this thread finishes inside the block are compressed by a thread of their own
    (a block inside another uses the outer one's)."""
    if getattr(_active, "worker", None) is not None:
        yield
        return
    worker = _active.worker = _Compressor()
    try:
        yield
    finally:
        _active.worker = None
        worker.close()


def apply() -> None:
    pdfdoc.PDFPage.setStream = _set_page_stream
    pdfdoc.PDFPage.check_format = _check_page_format
    ttfonts.TTFontFace.addSubsetObjects = _add_subset_objects_beside
