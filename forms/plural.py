"""English plurals in the bilingual texts: a count's noun is written as a format field.

A count is followed by its noun in the English text as a second field of the same name whose
format spec names the noun's two forms, singular first::

    "{count} {count:comment|comments}"   ->  "1 comment", "2 comments", "0 comments"

The Chinese text keeps its plain field ("{count} 条意见"): Chinese has no plural, and both
texts name the same fields.  :func:`fill` formats a text like ``str.format`` and also
understands such a spec; every table of texts (the interface's, the documents' labels, the
checks' messages) is filled through it.  A message written as an f-string takes the word
from :func:`plural` instead.  No Qt here: the app, the command line and the documents share it.
"""

from __future__ import annotations

import string
from typing import Any

SEPARATOR = "|"


def plural(count: object, one: str, many: str) -> str:
    """``one`` for a count of 1 (or -1), else ``many`` (English: "0 changes", "1 change").
    A count given as its text ("1", as the checks pass their values) counts alike."""
    single = count in (1, -1) or (isinstance(count, str) and count.strip() in ("1", "-1"))
    return one if single else many


def plural_spec(spec: str) -> tuple[str, str] | None:
    """The (singular, plural) a format spec names ("comment|comments"), else None."""
    if SEPARATOR not in spec:
        return None
    one, many = spec.split(SEPARATOR, 1)
    return one, many


class _Filler(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        forms = plural_spec(format_spec)
        if forms is None:
            return super().format_field(value, format_spec)
        return plural(value, *forms)


_FILLER = _Filler()


def fill(text: str, /, **params: object) -> str:
    """``text.format(**params)``, where a field "{n:one|many}" gives the word for ``n``."""
    return _FILLER.vformat(text, (), params)
