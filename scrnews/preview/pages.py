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


_GAUGES = """<aside id="scrnews-fill" aria-labelledby="scrnews-fill-title" \
style="position:fixed;z-index:2147483646;right:0;bottom:0;max-width:min(26rem,100vw);\
max-height:60vh;overflow:auto;margin:0;padding:.75rem 1rem;background:#fff;color:#1a1a1a;\
border:2px solid #1a1a1a;font:15px/1.4 system-ui,sans-serif">
<h2 id="scrnews-fill-title" style="margin:0 0 .4rem;font-size:1rem;border:0;padding:0;\
color:#1a1a1a">How full each box of the A4 page is</h2>
<ul style="list-style:none;margin:0;padding:0">
{rows}</ul>
{notes}<p style="margin:.4rem 0 0;font-size:13px">Preview only: the built page and PDF do not \
have this list. <button type="button" id="scrnews-fill-close">Hide</button></p>
</aside>
<style>{outlines}</style>
"""
_GAUGE_ROW = """<li style="margin:0 0 .2rem{over}">\
<meter min="0" max="100" low="90" high="100" optimum="60" value="{value}" \
style="width:4.5rem;vertical-align:middle" aria-hidden="true"></meter> {label}: {note}</li>
"""


def gauges(state: IssueState) -> str:
    """A briefing's 'how full' list: every box of its PDF page, with the words too many."""
    good = state.good
    if good is None or not good.gauges:
        return ""
    rows = "".join(
        _GAUGE_ROW.format(
            label=escape(gauge.label),
            value=min(gauge.percent, 100),
            note=escape(gauge.note),
            over="" if gauge.fits else ";color:#b00020;font-weight:bold",
        )
        for gauge in good.gauges
    )
    notes = "".join(
        f'<p style="margin:.4rem 0 0;color:#b00020">{escape(line)}</p>\n'
        for line in good.fit_problems
    )
    outlines = "".join(
        f'[data-fit="{gauge.region}"]{{outline:4px solid #b00020;outline-offset:2px}}'
        for gauge in good.gauges
        if not gauge.fits
    )
    return _GAUGES.format(rows=rows, notes=notes, outlines=outlines)


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
    return inject(state.good.html, extra + gauges(state) + script_tag(state.stem, token))


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
