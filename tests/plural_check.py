"""Which fields of the bilingual tables are counts, and whether their English says the noun
in the plural form ("{count} {count:comment|comments}", see forms/plural.py)."""

from __future__ import annotations

import re
import string

from forms.plural import plural_spec

# A count in the Chinese text stands before its measure word ("{count} 条", "{new} 个"), an
# ordinal after 第 ("第 {row} 个" is not a count); "项目" is a word, not the measure word 项.
_MEASURED = re.compile(r"(?<!第)(?<!第 )\{(\w+)\}\s*(?:个|处|项(?!目)|条|字|次|份|件)")
# The counts the tables name without a measure word, or may name later.
KNOWN_COUNTS = {"count", "n", "errors", "warnings", "infos", "notes", "changes", "new"}
# Words after an English count that are not its noun: "{added} added", "{off} off track",
# "at least {target} suggested" (characters, as the count before it says).
NOT_NOUNS = {"added", "updated", "suggested", "off", "under", "not", "of", "in", "and", "or"}


def fields(text: str) -> list[tuple[str, str]]:
    """(name, format spec) of every field of ``text``."""
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name]


def count_fields(table: dict[str, tuple[str, str]]) -> set[str]:
    """The field names ``table`` uses as counts: the known ones and every one the Chinese
    gives a measure word."""
    found = {m.group(1) for zh, _ in table.values() for m in _MEASURED.finditer(zh)}
    return found | KNOWN_COUNTS


def singular_plural_faults(table: dict[str, tuple[str, str]]) -> list[str]:
    """Each entry whose English puts a noun after a count without naming its two forms, or
    whose plural field is malformed or in the Chinese."""
    counts = count_fields(table)
    faults = []
    for key, (zh, en) in table.items():
        if any(plural_spec(spec) for _, spec in fields(zh)):
            faults.append(f"{key}: a plural form in the Chinese text")
        plain = {name for name, spec in fields(en) if not plural_spec(spec)}
        plurals = {name for name, spec in fields(en) if plural_spec(spec)}
        for name, spec in fields(en):
            forms = plural_spec(spec)
            if forms and (not all(forms) or name not in plain):
                faults.append(f"{key}: {{{name}:{spec}}} needs two forms and the count itself")
        for match in re.finditer(r"\{(\w+)\}\s+([A-Za-z]+)", en):
            name, word = match.groups()
            if name in counts and word not in NOT_NOUNS and name not in plurals:
                faults.append(f"{key}: “{{{name}}} {word}” has no singular ({en!r})")
        if "(s)" in en:
            faults.append(f"{key}: “(s)” instead of a plural form")
    return faults
