"""text: paragraphs of Markdown, with or without a heading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Text(Block):
    """Paragraphs of text, with or without a heading: an introduction, an article, a case study."""

    type: Literal["text"]
    text: Markdown = Field(examples=["*Learning from Reviews* shares what we have learned."])
    """The text (Markdown: a blank line starts a paragraph, `- ` starts a list item)."""
    footnotes: list[Markdown] = Field(default=[], examples=[["[1] Ofsted, 2019."]])
    """Notes shown under the text, each starting with the mark the text refers to it by."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.text)
        out.notes(self.footnotes)
