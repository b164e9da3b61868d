"""Characters the PDF's fonts cannot draw, as errors at the fields that hold them.

WeasyPrint draws a character that no font of the page has either with a font of the building
machine (so the PDF depends on that machine, and its letters change typeface mid-word) or as
an empty box, the .notdef glyph, which PDF/UA-1 forbids and a reader sees as a hole in the
word ("d□r" for "dŵr"). Both are mistakes the author can act on, so each character is named
with the first field that holds it.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .errors import Problem, relpath

if TYPE_CHECKING:
    from .load import Document, Loc


def gap_problems(doc: Document, gaps: list[tuple[str, str | None]], fonts: str) -> list[Problem]:
    """One problem per character (file:line:col of its first use), from pdf.PdfResult.gaps.

    fonts names the page's own typeface for the message ("Atkinson Hyperlegible Next").
    """
    from .load import strings

    places = list(strings(doc.data))
    problems = []
    for char, fallback in gaps:
        found = [loc for loc, text in places if char in text]
        problems.append(_problem(doc, char, fallback, fonts, found))
    return problems


def _problem(
    doc: Document, char: str, fallback: str | None, fonts: str, found: list[Loc]
) -> Problem:
    what = f"the character {char!r} ({describe(char)})"
    if fallback is None:
        why = f"{what} is in none of the fonts, so the PDF would print an empty box for it"
    else:
        why = (
            f"{what} is not in the theme's fonts ({fonts}), so the PDF would draw it with "
            f"{fallback} from this computer"
        )
    advice = "Use fonts that have it (fonts: in scrnews.yaml), or write another character."
    if not found:
        return Problem(
            relpath(doc.path), None, None, "", f"{why}: it is in the theme's own words. {advice}"
        )
    line, column = where(doc, found[0], char)
    also = f" It is also in {len(found) - 1} other field(s)." if len(found) > 1 else ""
    from .load import format_loc

    key = format_loc(doc.as_written(found[0]))
    return Problem(doc.name, line, column, key, f"{why}. {advice}{also}")


def describe(char: str) -> str:
    """'U+0175 LATIN SMALL LETTER W WITH CIRCUMFLEX'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def where(doc: Document, loc: Loc, char: str) -> tuple[int | None, int | None]:
    """The line and column of the character itself: the first line from the value's start
    that holds it (a block of text spans many lines), else the value's own position."""
    line, column = doc.locate(loc)
    if line is None:
        return line, column
    for number in range(line, min(len(doc.lines), line + 400) + 1):
        text = doc.line_text(number)
        start = column - 1 if number == line and column else 0
        at = text.find(char, start)
        if at >= 0:
            return number, at + 1
    return line, column
