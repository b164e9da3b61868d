"""box: a call-out or sidebar set apart from the text ("Key learning", "What is a case review?")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..fields import Markdown
from .base import Block
from .parts import Item

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Box(Block):
    """A call-out or sidebar: an `aside` in the web page, a framed panel in the PDF."""

    type: Literal["box"]
    text: Markdown | None = Field(
        default=None, examples=["A review looks at how agencies worked together."]
    )
    """The box's text (Markdown)."""
    items: list[Item] = Field(default=[], examples=[["Missed appointments", "Closed doors"]])
    """A list in the box, after the text."""
    ordered: bool = Field(default=False, examples=[True])
    """Number the list instead of bullets."""
    style: Literal["note", "key", "warning"] = Field(default="note", examples=["key"])
    """How the box looks: note (tinted), key (key learning: ruled in the brand colour) or warning."""
    footnotes: list[Markdown] = Field(default=[], examples=[["[1] Ofsted, 2019."]])
    """Notes shown under the box's text and list, each starting with the mark the text refers to it by."""

    @model_validator(mode="after")
    def _not_empty(self) -> Box:
        if not (self.text or self.items or self.heading):
            raise ValueError("this box is empty. Give it a heading, text or items")
        return self

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.text)
        out.items(self.items, self.ordered)
        out.notes(self.footnotes)
