"""quote: words quoted from someone else, with who said them and where."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Markdown, Url
from .base import Block


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
