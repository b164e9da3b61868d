"""The HTML only the preview shows: the reload script tag, the problem overlay, the index page."""

from __future__ import annotations

import re
from html import escape

from ..errors import Problem, relpath
from .session import IssueState, Session

RELOAD_URL = "/__scrnews__/reload.js"

_OVERLAY = """<div id="scrnews-overlay" role="alert" aria-labelledby="scrnews-overlay-title" \
style="position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;overflow:auto;margin:0;\
padding:1rem 1.25rem;background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #b00020;\
font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)">
<h2 id="scrnews-overlay-title" style="margin:0 0 .5rem;font-size:1.2rem;color:#b00020">{title}</h2>
<pre style="margin:0 0 .5rem;white-space:pre-wrap;font:15px/1.5 ui-monospace,monospace">\
{lines}</pre>
<p style="margin:0">{note}
<button type="button" id="scrnews-overlay-close">Hide this message</button></p>
</div>
"""


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem exactly as `scrnews check` prints it."""
    return [str(problem).lstrip(": ") for problem in problems]


def overlay(problems: list[Problem], *, showing_last_good: bool) -> str:
    title = f"{_count(problems)} found: the page was not rebuilt"
    note = (
        "Below is the last version that built. " if showing_last_good else ""
    ) + "Fix the file and save it; this message goes away by itself."
    return _OVERLAY.format(
        title=escape(title), lines=escape("\n".join(problem_lines(problems))), note=escape(note)
    )


def _count(problems: list[Problem]) -> str:
    return f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"


def script_tag(stem: str, token: str | None) -> str:
    return (
        f'<script src="{RELOAD_URL}" data-stem="{escape(stem)}" '
        f'data-version="{escape(token or "")}"></script>\n'
    )


def inject(html: str, extra: str) -> str:
    """Put extra just before the last </body>, or at the end if there is none."""
    ends = [m.start() for m in re.finditer(r"</body\s*>", html, re.IGNORECASE)]
    at = ends[-1] if ends else len(html)
    return html[:at] + extra + html[at:]


def issue_page(state: IssueState, token: str | None) -> str:
    """The issue's last good page, with the problem overlay when the latest save broke it."""
    problems = state.problems
    if state.good is None:
        body = overlay(problems, showing_last_good=False) if problems else "<p>Building…</p>"
        return _plain(state.stem, body + script_tag(state.stem, token))
    extra = overlay(problems, showing_last_good=True) if problems else ""
    return inject(state.good.html, extra + script_tag(state.stem, token))


def stale_pdf_page(state: IssueState, token: str | None) -> str:
    """What /<stem>/<stem>.pdf shows while the issue has problems: they, not an old PDF."""
    name = f"{state.stem}.pdf"
    last = (
        f' <a href="{escape(name)}?last-good">Open the PDF of the last version that built</a>.'
        if state.good is not None
        else ""
    )
    body = (
        f"<h1>The PDF is not up to date</h1>\n<p>{_count(state.problems)} in "
        f"{escape(relpath(state.path))} stopped the rebuild:</p>\n<pre>"
        f"{escape(chr(10).join(problem_lines(state.problems)))}</pre>\n<p>Fix the file and "
        f"save it: this page then shows the new PDF by itself.{last}</p>\n"
    )
    return _plain(name, body + script_tag(state.stem, token))


def missing_page(stem: str, token: str | None) -> str:
    """What an open page shows when its issue file has gone from the folder."""
    body = (
        f"<h1>No issue called {escape(stem)!s} here</h1><p>Its file may have been deleted or "
        f'renamed. This page reloads by itself if it comes back. <a href="/">All issues</a></p>'
    )
    return _plain(stem, body + script_tag(stem, token))


def index_page(session: Session) -> str:
    """A list of every issue in the preview, each with its title or its problems."""
    items = []
    for stem, state in session.issues.items():
        title = state.good.title if state.good else stem
        status = (
            (
                f" <strong>({_count(state.problems)}: "
                f"{escape(problem_lines(state.problems)[0])})</strong>"
            )
            if state.problems
            else ""
        )
        items.append(
            f'<li><a href="/{escape(stem)}/">{escape(title)}</a> '
            f"<small>{escape(relpath(state.path))}</small>{status}</li>"
        )
    listing = (
        "<ul>\n" + "\n".join(items) + "\n</ul>" if items else "<p>There are no issue files yet.</p>"
    )
    where = f" in {escape(relpath(session.folder))}/" if session.folder else ""
    return _plain(
        "scrnews preview",
        f"<h1>Issues{where}</h1>\n{listing}\n" + script_tag("", session.token("")),
    )


def _plain(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} – '
        f"scrnews preview</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'</head>\n<body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">\n<main>\n{body}'
        f"</main>\n</body>\n</html>\n"
    )
