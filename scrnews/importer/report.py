"""What the import approximated, each at the line of the YAML it is about."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, relpath
from ..load import format_loc, parse_document
from .blocks import Note


def located(notes: list[Note], text: str, path: Path) -> list[Problem]:
    """Each note as `file:line:col: field: message`, found in the YAML text as written."""
    doc = parse_document(text, path)
    found = []
    seen: set[tuple] = set()
    for note in notes:
        key = (note.loc, note.message)
        if key in seen:
            continue
        seen.add(key)
        line, column = doc.locate(note.loc)
        found.append(Problem(relpath(path), line, column, format_loc(note.loc), note.message))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))
