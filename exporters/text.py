"""Text hygiene shared by the exporters."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (control characters other than tab and line breaks, lone
# surrogates, U+FFFE/U+FFFF).  Word and workbook files are XML, and so is reportlab's markup.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)
