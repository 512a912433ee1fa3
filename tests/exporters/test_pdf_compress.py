"""Pages and font subsets compressed by a thread beside the layout and the save
(exporters.pdf_compress): the same PDF bytes as reportlab's compression at the save, no thread
left behind, renders in two threads at once each with their own pages."""

from __future__ import annotations

import threading
import zlib

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from exporters import pdf, pdf_compress
from exporters.document import build_document
from exporters.fonts import resolve_fonts
from exporters.pdf import PdfLayoutError, render_pdf
from forms.plan import Plan
from tests.exporters.conftest import make_nasty_plan, template_of


def is_font(stream: str | bytes) -> bool:
    """Whether a stream is a TrueType file (an embedded font's subset)."""
    return isinstance(stream, bytes) and stream[:4] in (b"\x00\x01\x00\x00", b"true")


def render(plan: Plan, processors: int, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(pdf, "usable_processors", lambda: processors)
    return render_pdf(build_document(plan, template_of(plan), "zh"), resolve_fonts())


def test_pages_compressed_beside_the_layout_are_the_bytes_reportlab_writes(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    compressed_by_thread: list[int] = []
    fonts_by_thread: list[bytes] = []
    compressed_at_the_save: list[str | bytes] = []
    run = pdf_compress._Compressed.run
    encode = pdfdoc.PDFStreamFilterZCompress.encode

    def counted(self: pdf_compress._Compressed) -> None:
        if isinstance(self.text, bytes):
            fonts_by_thread.append(self.text)
        else:
            compressed_by_thread.append(threading.get_ident())
        run(self)

    def saved(self: object, text: str | bytes) -> bytes:
        compressed_at_the_save.append(text)
        return encode(self, text)

    monkeypatch.setattr(pdf_compress._Compressed, "run", counted)
    monkeypatch.setattr(pdfdoc.PDFStreamFilterZCompress, "encode", saved)
    beside = render(demo_city, 2, monkeypatch)
    pages = len(compressed_by_thread)
    page_texts_saved = sum("BT" in text for text in compressed_at_the_save if isinstance(text, str))
    fonts_saved = [text for text in compressed_at_the_save if is_font(text)]
    at_the_save = render(demo_city, 1, monkeypatch)
    assert beside == at_the_save
    assert pages > 20 and pages == beside.count(b"/Type /Page\n")  # every page, by the thread
    assert threading.get_ident() not in compressed_by_thread  # … not by the render's own
    assert len(compressed_by_thread) == pages  # and none when one processor is all there is
    # … and the save took the thread's bytes: it compressed no page again (only the contents'
    # page-number forms), where with one processor it compresses them all
    page_texts_alone = sum("BT" in text for text in compressed_at_the_save if isinstance(text, str))
    assert page_texts_alone - page_texts_saved >= pages
    # the embedded fonts' subsets (bytes: TrueType files) likewise, each one by the thread
    fonts_alone = [text for text in compressed_at_the_save if is_font(text)]
    assert fonts_saved == [] and len(fonts_by_thread) >= 3
    assert fonts_alone == fonts_by_thread  # the same subsets, in the same order
    assert len(fonts_by_thread) == beside.count(b"/Length1 ")


def test_a_failed_render_leaves_no_thread_behind(
    demo_city: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = threading.active_count()
    document = build_document(demo_city, template_of(demo_city), "zh")
    showed = 0
    show_page = pdf.BaseDocTemplate.handle_pageEnd

    def fails_on_the_third_page(self: pdf.BaseDocTemplate) -> None:
        nonlocal showed
        showed += 1
        if showed == 3:
            raise RuntimeError("layout failed")
        show_page(self)

    monkeypatch.setattr(pdf.BaseDocTemplate, "handle_pageEnd", fails_on_the_third_page)
    monkeypatch.setattr(pdf, "usable_processors", lambda: 2)
    with pytest.raises(PdfLayoutError):
        render_pdf(document, resolve_fonts())
    assert threading.active_count() == before
    assert getattr(pdf_compress._active, "worker", None) is None


def test_two_renders_at_once_each_get_their_own_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    monkeypatch.setattr(pdf, "usable_processors", lambda: 2)
    plans = {"nasty": make_nasty_plan()}
    plans["city"] = make_nasty_plan()
    plans["city"].projects = plans["city"].projects[:3]
    fonts = resolve_fonts()
    documents = {k: build_document(p, template_of(p), "zh") for k, p in plans.items()}
    alone = {k: render_pdf(d, fonts) for k, d in documents.items()}
    together: dict[str, bytes] = {}

    def one(key: str) -> None:
        together[key] = render_pdf(documents[key], fonts)

    threads = [threading.Thread(target=one, args=(key,)) for key in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone


def test_a_stream_other_than_the_pages_own_is_compressed_as_reportlab_would() -> None:
    page = pdf_compress._Compressed("BT /F1 12 Tf (a) Tj ET")
    page.run()
    assert page.encode(page.text) == zlib.compress(page.text.encode("utf8"))
    other = "q 1 0 0 1 0 0 cm Q"
    assert page.encode(other) == pdfdoc.PDFZCompress.encode(other)
