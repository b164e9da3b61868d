"""Issue -> HTML: assemble the template context; the templates do the rest."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import jinja2

from . import __version__
from .labels import format_date, labels_for
from .schema import Issue
from .templates import render_template


@dataclass(frozen=True)
class BlockView:
    """One block as the templates see it: its anchor, its heading (or None) and what it holds."""

    block: Any
    id: str
    heading: str | None
    nth: int = 1
    """Which block of its type this is (1 for the first figures block, 2 for the second…)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.block.type

    @property
    def template(self) -> str:
        return self.block.template


def anchors(issue: Issue) -> list[str]:
    """Each block's anchor id: its own id, else made from its heading (or type), unique."""
    used = {block.id for block in issue.body if block.id}
    return [
        block.id or _unique(slug(block.heading or "") or block.type, used) for block in issue.body
    ]


def blocks_of(issue: Issue, *, prefix: str = "") -> list[BlockView]:
    """The issue's blocks in the order written, each with a unique anchor id (after prefix,
    for a document that holds the issue in two languages)."""
    labels = labels_for(issue.language)
    views: list[BlockView] = []
    seen: dict[str, int] = {}
    for block, anchor in zip(issue.body, anchors(issue), strict=True):
        anchor = prefix + anchor
        seen[block.type] = seen.get(block.type, 0) + 1
        view = BlockView(block, anchor, block.heading, seen[block.type])
        view.extra.update(block.context(view, issue, labels))
        views.append(view)
    return views


def slug(text: str) -> str:
    """A readable anchor id: 'National Learning & Developments' -> 'national-learning-developments',
    'Dŵr a thŷ' -> 'dwr-a-thy' (accents dropped, not the letters under them)."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )
    words = re.findall(r"[a-z0-9]+", plain.replace("'", "").replace("’", ""))
    return "-".join(words)[:60].strip("-")


def _unique(candidate: str, used: set[str]) -> str:
    candidate = candidate or "section"
    if candidate[0].isdigit():
        candidate = f"s-{candidate}"
    name, n = candidate, 2
    while name in used:
        name, n = f"{candidate}-{n}", n + 1
    used.add(name)
    return name


def issue_line(issue: Issue) -> str:
    """'Issue 2, January 2012', 'Volume 3, Issue 2, Spring 2024', or just the period."""
    labels = labels_for(issue.language)
    parts = []
    if issue.volume is not None:
        parts.append(f"{labels['volume']} {issue.volume}")
    if issue.number is not None:
        parts.append(f"{labels['issue']} {issue.number}")
    parts.append(format_date(issue.date, issue.language))
    return ", ".join(parts)


def page_title(issue: Issue) -> str:
    """The title a browser tab, a PDF reader's title bar and the archive show."""
    parts = [f"{issue.series}, {issue_line(issue)}"]
    if issue.title:
        parts.insert(0, issue.title)
    parts.append(issue.board.name)
    return " – ".join(parts)


def context_for(
    issue: Issue, *, pdf_name: str | None = None, extra: dict | None = None, prefix: str = ""
) -> dict:
    """Everything the templates may use."""
    from .briefing.links import briefing_links

    views = blocks_of(issue, prefix=prefix)
    return {
        "issue": issue,
        "board": issue.board,
        "labels": labels_for(issue.language),
        "blocks": views,
        "contents": [view for view in views if view.heading],
        "title": page_title(issue),
        "issue_line": issue_line(issue),
        "date_text": format_date(issue.date, issue.language),
        "pdf_name": pdf_name,
        "generator": f"scrnews {__version__}",
        "briefing_links": briefing_links(views, (extra or {}).get("nav")),
        **(extra or {}),
    }


def block_files(issue: Issue) -> dict[str, bytes]:
    """Files the blocks write beside the page (calendar entries), URL -> bytes."""
    files: dict[str, bytes] = {}
    for view in blocks_of(issue):
        files.update(view.block.files(view, issue))
    return files


def render_html(issue: Issue, env: jinja2.Environment, **kwargs: Any) -> str:
    """Render the issue's web page (the PDF is made from it too)."""
    context = context_for(issue, **kwargs)
    html = render_template(env, "issue.html", context)
    return finish(html, context.get("settings"))


def finish(html: str, settings: Any) -> str:
    """The typographic care the board's settings ask for, applied to a rendered page."""
    if settings is not None and settings.smart_quotes:
        from .typography import smart_quotes

        html = smart_quotes(html)
    return html


def render_pdf_css(issue: Issue, env: jinja2.Environment) -> str:
    """Render the page rules (running header, page numbers) in the issue's language."""
    return render_template(env, "pdf.css", {"labels": labels_for(issue.language), "issue": issue})
