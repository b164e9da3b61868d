"""The email edition as one MIME message (.eml): a plain-text and an HTML alternative, in UTF-8.

The message has a subject, a sender (the board's address) and a language, and no recipients,
date or Message-ID: a mail tool or `scrnews send` adds those, and unsubscribe headers
(List-Unsubscribe) belong to the mail tool that keeps the list. It is reproducible: the
MIME boundaries are made from the content, so two builds of one issue give the same bytes.
"""

from __future__ import annotations

import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..schema import Board, Issue

#: CRLF line ends, as a message travels: the .eml bytes are what `scrnews send` sends.
POLICY = SMTP


def subject_of(issue: Issue) -> str:
    """'Serious Case Review Newsletter, Issue 2, January 2012', with the issue's title after."""
    from ..render import issue_line

    subject = f"{issue.series}, {issue_line(issue)}"
    return f"{subject}: {issue.title}" if issue.title else subject


def sender_of(board: Board) -> str | None:
    """'Bradford Safeguarding Children Board <info@bradford-scb.org.uk>', or None without an email."""
    if not board.email:
        return None
    user, _, domain = board.email.rpartition("@")
    return str(Address(board.name, user, domain))


def email_message(
    subject: str,
    text: str,
    html: str,
    *,
    sender: str | None,
    language: str,
    pdf: tuple[str, bytes] | None = None,
) -> bytes:
    """The message: multipart/alternative (text, then HTML), in multipart/mixed with the PDF."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    if sender:
        message["From"] = sender
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if pdf is not None:
        message.add_attachment(pdf[1], maintype="application", subtype="pdf", filename=pdf[0])
    message["Content-Language"] = language  # after the parts: set_content moves Content-*
    # Boundaries from the content, not random: the same issue gives the same bytes. "=_" cannot
    # occur in quoted-printable or base64 text, so no part can contain its boundary.
    digest = hashlib.sha256(f"{subject}\0{text}\0{html}".encode())
    if pdf is not None:
        digest.update(pdf[1])
    for part in message.walk():
        if part.is_multipart():
            part.set_boundary(f"=_{part.get_content_subtype()}_{digest.hexdigest()[:32]}")
    return message.as_bytes(policy=POLICY)
