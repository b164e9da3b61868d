"""The plain-text part, written from the issue model: the frame here, each block by itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..labels import format_date, labels_for, with_name
from ..plaintext import PlainText

if TYPE_CHECKING:
    from ..build import LoadedIssue
    from ..schema import Board
    from . import Links


def email_text(loaded: LoadedIssue, links: Links) -> str:
    """The issue as plain text: masthead, links to the web edition, every block, the footer."""
    from ..build import asset_urls
    from ..markup import image_urls
    from ..render import blocks_of, issue_line

    issue = loaded.issue
    labels = labels_for(issue.language)
    out = PlainText(labels, issue.language, resolve=links.resolve)
    out.para(issue.board.name)
    out.heading(f"{issue.series}, {issue_line(issue)}", 1)
    out.para(issue.title)
    if issue.status == "draft":
        out.para(labels["draft"])
    out.para(f"{labels['view_online']}: {links.page}")
    if links.pdf:
        out.para(f"{labels['pdf_link']}: {links.pdf}")
    with image_urls(asset_urls(loaded)):
        for view in blocks_of(issue):
            if view.heading:
                out.heading(view.heading, 2)
            view.block.plain_text(out, view)
            out.end_section()
    _footer(out, loaded, links)
    return out.text()


def _footer(out: PlainText, loaded: LoadedIssue, links: Links) -> None:
    issue, board, labels = loaded.issue, loaded.issue.board, out.labels
    settings = loaded.settings.settings if loaded.settings else None
    out.heading(labels["alt_formats_heading"], 2)
    ask = (settings.alternative_formats if settings else None) or labels["alt_formats"]
    out.para(f"{with_name(ask, board.name, issue.language)}{_reach(board, labels, out)}.")
    if links.pdf:
        out.para(f"{labels['pdf_link']}: {links.pdf}")
    short = f" ({board.short_name})" if board.short_name else ""
    site = f" {out.url(board.website)}" if board.website else ""
    date = format_date(issue.date, issue.language)
    out.para(f"{labels['published']}: {board.name}{short}, {date}.{site}")
    if settings and settings.footer:
        out.markdown(settings.footer)
    out.end_section()


def _reach(board: Board, labels: dict[str, str], out: PlainText) -> str:
    """' at info@…' and ' or phone 01274 …', as partials/other_formats.html words them."""
    words = ""
    if board.email:
        words += f" {labels['by_email']} {board.email}"
    elif board.website:
        words += f" {labels['by_website']} {out.url(board.website)}"
    if board.phone:
        joiner = labels["or_phone"] if board.email or board.website else labels["by_phone"]
        words += f" {joiner} {board.phone}"
    return words
