"""Reading order: the PDF's text follows the HTML's source order.

A tagged PDF is read in the order of its structure tree: that is the order a screen reader,
a reflowing viewer and a copy follow, whatever the page's drawing (a briefing's clock face is
drawn round a circle and read 1 to 7). A PDF without tags is read as pdftotext reads the
drawing.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from scrnews.audit.outline import describe, read_outline, tighten
from scrnews.audit.problem import Problem, ToolMissing, found_by, wcag

log = logging.getLogger(__name__)

#: Paragraphs are matched by their first characters (spaces and hyphens dropped): enough to
#: tell them apart, short enough to stay on one page.
PREFIX = 40
INSTALL_HINT = (
    "The reading-order check needs pdftotext. Install it with 'apt-get install poppler-utils' "
    "(Debian/Ubuntu) or 'brew install poppler' (macOS)."
)


def pdf_text(path: str | Path) -> str:
    """The PDF's text in the order it is drawn (what copying it gives), or ToolMissing without
    poppler. (-raw: pdftotext's own guess from where words sit reads two columns of text row
    by row wherever their lines happen to line up, though the PDF has them in order.)"""
    program = shutil.which("pdftotext")
    if program is None:
        raise ToolMissing(INSTALL_HINT)
    done = subprocess.run(
        [program, "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext could not read {path}: {done.stderr.strip()}")
    return done.stdout


def reading_text(path: str | Path) -> str:
    """The PDF's text in reading order: its tags' order, or pdftotext's when it has none."""
    import pikepdf

    from scrnews.audit.pdf_struct import tagged_text

    with pikepdf.open(path) as pdf:
        text = tagged_text(pdf)
    return pdf_text(path) if text is None else text


def check_reading_order(pdf: str | Path, html: str | Path) -> list[Problem]:
    """Report the first heading or paragraph the PDF reads out of the HTML's order.

    Text missing from the PDF altogether (screen-only parts) is passed over: this check is
    about order; the heading and list checks cover what must be there.
    """
    text = tighten(reading_text(pdf))
    position, previous = 0, None
    for tag, words in read_outline(html).blocks:
        key = tighten(words) if tag != "p" else tighten(words)[:PREFIX]
        found = text.find(key, position) if key else -1
        if found >= 0:
            position, previous = found + len(key), (tag, words)
        elif key and key in text:
            return found_by("reading order", [_out_of_order(str(pdf), (tag, words), previous)])
        elif key:
            log.debug("%s: not in the PDF text: %s %r", pdf, tag, words[:60])
    return []


def _out_of_order(name: str, block: tuple[str, str], previous: tuple[str, str] | None) -> Problem:
    after = f" before {describe(*previous)}" if previous else " too early"
    return Problem(
        name,
        describe(*block),
        wcag("1.3.2"),
        f"the PDF's text reads this{after}, but the web page has it after: people who listen "
        "to, reflow or copy the PDF meet them out of order",
    )
