"""Placeholders: words meant to be replaced before the issue goes out.

Errors in a published issue; warnings while it is a draft, which is what `scrnews new` makes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .codes import ERROR, WARNING
from .core import Hit, Subject, issue_rule

_MARKERS = re.compile(r"\b(?:TODO|TBC|TBA|FIXME|XXX+)\b")
_LOREM = re.compile(r"\blorem\s+ipsum\b", re.I)
_INSERT = re.compile(r"\[\s*insert\b[^\]]*\]", re.I)
_EXAMPLE = re.compile(r"(?:https?://|www\.|@)(?:[\w-]+\.)*example\.(?:org|com|net)\b", re.I)


@issue_rule
def placeholders(subject: Subject) -> Iterator[Hit]:
    """T201 TODO/TBC/XXX, T202 lorem ipsum, T203 [insert ...], T204 example.org links."""
    severity = ERROR if subject.published else WARNING
    after = " before this issue is published" if not subject.published else ""
    for loc, text in subject.texts:
        for match in _MARKERS.finditer(text):
            yield Hit(
                "T201",
                loc,
                f"{match[0]!r} marks something still to write: replace it with the words "
                f"the reader should see{after}.",
                match[0],
                severity,
            )
        for match in _LOREM.finditer(text):
            yield Hit(
                "T202",
                loc,
                f"placeholder text ({match[0]!r}): write the real text{after}.",
                match[0],
                severity,
            )
        for match in _INSERT.finditer(text):
            yield Hit(
                "T203",
                loc,
                f"{match[0]!r} was left to fill in: write what it asks for{after}.",
                match[0],
                severity,
            )
        for match in _EXAMPLE.finditer(text):
            yield Hit(
                "T204",
                loc,
                f"{match[0]!r} is an example address, not a real one: give the real "
                f"address{after}.",
                match[0],
                severity,
            )
