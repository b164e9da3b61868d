"""The email edition: the issue as email-safe HTML, a plain-text part, and one message (.eml).

`html.py` renders the HTML and inlines its CSS, `text.py` writes the plain text from the
issue model, `message.py` puts both (and the PDF, when asked) into a MIME message, and
`send.py` hands that message to an SMTP server (`scrnews send`, for proofs). build.py calls
`make_edition` when `--format` names email.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..errors import Problem, ValidationError, relpath

if TYPE_CHECKING:
    import jinja2

    from ..build import LoadedIssue

log = logging.getLogger(__name__)

#: Gmail shows only the first 102 KB of a message's HTML, then "[Message clipped]".
GMAIL_CLIP = 102_000
HTML_NAME = "email.html"


@dataclass(frozen=True)
class Links:
    """Where the email's links lead: the published web edition, and its PDF when linked."""

    page: str
    pdf: str | None = None

    def resolve(self, url: str) -> str:
        """A link as written in the issue (relative ones too) as an address a mail reader opens."""
        return urljoin(self.page, url)


@dataclass
class Edition:
    """The email edition of one issue, in memory."""

    html: str
    text: str
    message: bytes
    subject: str
    sender: str | None
    warnings: list[str] = field(default_factory=list)


def edition_links(loaded: LoadedIssue, base_url: str | None = None, *, pdf: bool = True) -> Links:
    """The web page's and the PDF's addresses, from --base-url or base_url in scrnews.yaml.

    A mail reader has no folder to find index.html in: every link of the email needs the
    address where the out/ folder is published. Without one, nothing can be made.
    """
    base = base_url or (loaded.settings.settings.base_url if loaded.settings else None)
    if not base:
        raise ValidationError(_no_base_url(loaded))
    page = urljoin(base if base.endswith("/") else base + "/", f"{loaded.stem}/")
    return Links(page, urljoin(page, f"{loaded.stem}.pdf") if pdf else None)


def _no_base_url(loaded: LoadedIssue) -> Problem:
    what = (
        "the email edition needs the address where your out/ folder is published: its "
        '"View this newsletter in your browser" and PDF links, and its pictures, point there '
        f"(out/{loaded.stem}/ is read at <base_url>{loaded.stem}/)."
    )
    example = "base_url: https://www.example-scp.org.uk/newsletter/"
    if loaded.settings:
        return Problem(
            relpath(loaded.settings.path),
            None,
            None,
            "base_url",
            f"{what} Add a line such as {example} to this file, or build with --base-url.",
        )
    return Problem(
        relpath(loaded.path),
        None,
        None,
        "",
        f"{what} Write scrnews.yaml beside your issues/ folder with a line such as "
        f"{example}, or build with --base-url.",
    )


def make_edition(
    loaded: LoadedIssue,
    env: jinja2.Environment,
    links: Links,
    *,
    extra: dict | None = None,
    pdf: bytes | None = None,
) -> Edition:
    """Render the email edition: inlined HTML, plain text, and the message holding both.

    pdf, when given, is attached to the message (--attach-pdf).
    """
    from .html import email_html, size_warning
    from .message import email_message, sender_of, subject_of
    from .text import email_text

    html = email_html(loaded, env, links, extra=extra)
    text = email_text(loaded, links)
    subject, sender = subject_of(loaded.issue), sender_of(loaded.issue.board)
    attachment = (f"{loaded.stem}.pdf", pdf) if pdf is not None else None
    message = email_message(
        subject, text, html, sender=sender, language=loaded.issue.language, pdf=attachment
    )
    warnings = [w for w in [size_warning(html, loaded)] if w]
    for warning in warnings:
        log.warning("%s", warning)
    return Edition(html, text, message, subject, sender, warnings)
