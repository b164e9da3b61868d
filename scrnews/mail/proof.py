"""`scrnews send`: make an issue's email edition in memory and send it as a proof."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ScrnewsError, relpath
from . import Edition
from .send import Server, send


@dataclass(frozen=True)
class Proof:
    """What was (or, in a dry run, would be) sent."""

    edition: Edition
    sender: str
    to: tuple[str, ...]
    server: Server | None
    attached: str | None

    def describe(self) -> list[str]:
        """The lines a dry run prints."""
        size = len(self.edition.message)
        parts = "text and HTML" + (f", with {self.attached} attached" if self.attached else "")
        return [
            f'"{self.edition.subject}" ({parts}; {size:,} bytes)',
            f"  from {self.sender}",
            f"  to {', '.join(self.to)}",
            f"  through {self.server.describe() if self.server else '(no --smtp-host given)'}",
        ]


def send_proof(
    path: Path | str,
    to: Sequence[str],
    server: Server | None,
    *,
    sender: str | None = None,
    base_url: str | None = None,
    attach_pdf: bool = False,
    templates: Iterable[Path] = (),
    config: Path | str | None = None,
    dry_run: bool = False,
) -> Proof:
    """Make the email edition of the issue at path (links to its web page and PDF) and send it
    to the addresses in to through server, unless dry_run; return what was sent."""
    from ..build import load_issue, render_issue

    loaded = load_issue(path, config=config)
    rendered = render_issue(
        loaded,
        Path("."),
        formats=("email",),
        templates=templates,
        base_url=base_url,
        attach_pdf=attach_pdf,
        link_pdf=True,
    )
    edition = rendered.edition
    assert edition is not None  # "email" was asked for
    who = sender or edition.sender
    if not who:
        raise ScrnewsError(
            Problem(
                relpath(loaded.path),
                None,
                None,
                "board.email",
                "the board has no email address to send from. Write one under board: in "
                "scrnews.yaml or in the issue, or send with --from ADDRESS.",
            )
        )
    proof = Proof(edition, who, tuple(to), server, f"{loaded.stem}.pdf" if attach_pdf else None)
    if dry_run:
        return proof
    if server is None:
        raise ScrnewsError("name the mail server with --smtp-host (or SCRNEWS_SMTP_HOST).")
    send(edition.message, who, to, server)
    return proof
