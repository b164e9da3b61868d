"""What the import approximated, each at the line of the YAML it is about."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, relpath
from ..load import format_loc, parse_document
from .notes import Note

#: A note about one picture is placed at the line that shows it, inside a longer text.
_PICTURE = re.compile(r"\bpicture-\d+\.\w+")


def located(notes: list[Note], text: str, path: Path) -> list[Problem]:
    """Each note as `file:line:col: field: message`, found in the YAML text as written."""
    doc = parse_document(text, path)
    lines = text.split("\n")
    found = []
    seen: set[tuple] = set()
    for note in notes:
        key = (note.loc, note.message)
        if key in seen:
            continue
        seen.add(key)
        line, column = doc.locate(note.loc)
        picture = _PICTURE.search(note.message)
        if picture and line is not None:
            line, column = _line_of(lines, f"/{picture[0]})", line, column)
        found.append(Problem(relpath(path), line, column, format_loc(note.loc), note.message))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))


def _line_of(
    lines: list[str], needle: str, line: int, column: int | None
) -> tuple[int, int | None]:
    """The first line from `line` on that holds needle, with its column (else line itself)."""
    for number in range(line, len(lines) + 1):
        at = lines[number - 1].find(needle)
        if at >= 0:
            start = lines[number - 1].rfind("![", 0, at)
            return number, (start if start >= 0 else at) + 1
    return line, column
