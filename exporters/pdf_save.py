"""reportlab's writing of the PDF objects (``Canvas.save``), the same bytes in less time.

A 300-page plan writes some 20,000 small values (names, numbers, references) through
reportlab's ``pdfdoc.format``; each text value goes through the ``extpdfdoc`` codec, a
Python call, and each name through ``PDFName``'s character-by-character check.  Here the
values are dispatched on their exact type first, and a text's bytes and a name's bytes are
remembered from the start to the end of a render (:func:`forget`); what reportlab does
otherwise is unchanged.
"""

from __future__ import annotations

from collections import OrderedDict

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from exporters.pdf_numbers import number

_format = pdfdoc.format  # reportlab's own
_PDFName = pdfdoc.PDFName
_dictionary_format = pdfdoc.PDFDictionary.format
_encoded: dict[str, bytes] = {}  # text → its bytes in the document's encoding
_names: dict[str, bytes] = {}  # a dictionary key → its PDF name's bytes


def _enc(text: str) -> bytes:
    data = _encoded.get(text)
    if data is None:
        data = _encoded[text] = text.encode("extpdfdoc")
    return data


def pdfdoc_enc(value: object) -> object:
    """``pdfdoc.pdfdocEnc``: text in the document's encoding, bytes as they are."""
    return _enc(value) if type(value) is str else pdfdoc_enc_other(value)


def pdfdoc_enc_other(value: object) -> object:
    return value.encode("extpdfdoc") if isinstance(value, str) else value


def format_value(element: object, document: object, toplevel: int = 0) -> bytes:
    """``pdfdoc.format``: the commonest values (bytes, text, numbers) by their exact type."""
    kind = type(element)
    if kind is bytes:
        return element  # type: ignore[return-value]
    if kind is str:
        return _enc(element)  # type: ignore[arg-type]
    if kind is float or kind is int:
        return _enc(number(element))
    return _format(element, document, toplevel)


def _name(key: str) -> bytes:
    data = _names.get(key)
    if data is None:
        data = _names[key] = pdfdoc_enc_other(_PDFName(key))  # type: ignore[assignment]
    return data


def dictionary_format(self: pdfdoc.PDFDictionary, document: object, IND: bytes = b"\n ") -> bytes:
    """``PDFDictionary.format``, its keys' names remembered."""
    entries = self.dict
    keys = list(entries.keys())
    if not isinstance(entries, OrderedDict):
        keys.sort()
    lines = [_name(key) + b" " + format_value(entries[key], document) for key in keys]
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        body = IND.join(lines)
    else:  # break up every 6 elements anyway
        for i in reversed(range(6, len(lines), 6)):
            lines.insert(i, b"\n ")
        body = b" ".join(lines)
    return b"<<\n" + body + b"\n>>"


def forget() -> None:
    """Start a document with nothing remembered (kept small from one export to the next)."""
    _encoded.clear()
    _names.clear()


def apply() -> None:
    pdfdoc.format = format_value
    pdfdoc.pdfdocEnc = pdfdoc_enc
    pdfdoc.PDFDictionary.format = dictionary_format
