"""quote: words quoted from someone else, with who said them and where."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown, Url
from .base import Block

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Quote(Block):
    """A quotation with its attribution. Lines starting with `> ` inside the text are a
    quotation within it (a judge quoting the statute)."""

    type: Literal["quote"]
    text: Markdown = Field(examples=["The welfare of the child is paramount."])
    """The words quoted (Markdown). Start lines with `> ` for a quotation inside the quotation."""
    attribution: str | None = Field(default=None, examples=["Mrs Justice Example"])
    """Who said or wrote it."""
    role: str | None = Field(default=None, examples=["Family Division of the High Court"])
    """Their role, after their name."""
    source: str | None = Field(default=None, examples=["Re X (A Child) [2024] EWHC 1"])
    """Where the words come from: a judgment, a report, a review."""
    url: Url | None = Field(default=None, examples=["https://www.bailii.org/"])
    """A link to the source."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.text, quote=True)
        if self.source and self.url:
            cite = out.link(self.source, self.url)
        else:
            cite = self.source or (out.url(self.url) if self.url else "")
        said = ", ".join(p for p in (self.attribution, self.role, cite) if p)
        if said:
            out.para(f"— {said}")
