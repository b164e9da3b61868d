"""list: a list of items, with text before and after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block
from .parts import Item

if TYPE_CHECKING:
    from ..plaintext import PlainText


class List(Block):
    """A list of items (training on offer, things to remember), with text before and after."""

    type: Literal["list"]
    intro: Markdown | None = Field(default=None, examples=["Our training this term:"])
    """Text before the list."""
    items: list[Item] = Field(min_length=1, examples=[["Neglect toolkit training", "Safe sleep"]])
    """The items: a line of text each, or text with a note and sub-items."""
    ordered: bool = Field(default=False, examples=[True])
    """Number the items instead of bullets."""
    start: int | None = Field(default=None, ge=0, examples=[4])
    """The first item's number, when numbering continues from an earlier list."""
    after: Markdown | None = Field(default=None, examples=["Book on the website."])
    """Text after the list."""
    footnotes: list[Markdown] = Field(default=[], examples=[["[1] Ofsted, 2019."]])
    """Notes shown under the list and the text after it, each starting with the mark the text refers to it by."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.intro)
        out.items(self.items, self.ordered, self.start)
        out.markdown(self.after)
        out.notes(self.footnotes)
