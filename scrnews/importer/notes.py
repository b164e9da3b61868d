"""A note on something the import approximated or guessed, and where it is in the issue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Loc = tuple[Any, ...]


@dataclass
class Note:
    """Something approximated: where it is in the issue, what happened, and (for a guess) the
    comment written beside it in the YAML."""

    loc: Loc
    message: str
    comment: str | None = None


def dropped_note(formatting: set[str]) -> Note:
    """The note for a block whose Word formatting Markdown cannot show."""
    return Note((), "formatting Markdown cannot show was dropped: " + ", ".join(sorted(formatting)))
