"""themes: learning initiatives grouped under themes ("Hearing the voice of the child")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block, Model
from .parts import Item

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Theme(Model):
    """A theme and what was done under it."""

    title: str = Field(examples=["Hearing the voice of the child"])
    """The theme, shown as a sub-heading."""
    intro: Markdown | None = Field(default=None, examples=["Three things changed."])
    """Text before the items."""
    items: list[Item] = Field(default=[], examples=[["A conference was held."]])
    """The initiatives."""
    ordered: bool = Field(default=False, examples=[True])
    """Number the items instead of bullets."""
    start: int | None = Field(default=None, ge=0, examples=[3])
    """The first item's number, when numbering continues."""


class Themes(Block):
    """Learning themes, each with the initiatives taken under it."""

    type: Literal["themes"]
    intro: Markdown | None = Field(
        default=None, examples=["A number of initiatives have taken place:"]
    )
    """Text before the themes."""
    themes: list[Theme] = Field(
        min_length=1, examples=[[{"title": "Working with fathers", "items": ["A survey."]}]]
    )
    """The themes, in order."""
    after: Markdown | None = Field(default=None, examples=["More will follow."])
    """Text after the themes."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.intro)
        for theme in self.themes:
            out.heading(theme.title, out.sub(view))
            out.markdown(theme.intro)
            out.items(theme.items, theme.ordered, theme.start)
        out.markdown(self.after)
