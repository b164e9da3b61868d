"""Pieces more than one block type uses: list items and links."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ..fields import Markdown, Url
from .base import Model


class Item(Model):
    """A list item: Markdown text, an optional note in italics, optional sub-items.

    A plain line of text is an item too: `- Training is on the website.`
    """

    text: Markdown = Field(examples=["A multi-agency conference was held."])
    """The item's text (Markdown)."""
    note: Markdown | None = Field(default=None, examples=["More of these events will be planned."])
    """A remark shown in italics after the text."""
    items: list[Item] = Field(default=[], examples=[["first step", "second step"]])
    """Sub-items, shown as a list inside this one."""
    ordered: bool = Field(default=False, examples=[True])
    """Number the sub-items (1, 2, 3) instead of bullets."""
    start: int | None = Field(default=None, ge=0, examples=[3])
    """The number of the first sub-item, when numbering continues from an earlier list."""

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # A plain line of text is an item too.
        return {"anyOf": [{"type": "string"}, handler(core_schema)]}


class Link(Model):
    """A link to a document, procedure or web page."""

    title: str = Field(examples=["Working Together to Safeguard Children"])
    """The link text: say where it goes."""
    url: Url = Field(examples=["https://www.gov.uk/government/publications/working-together"])
    """The address."""
    description: Markdown | None = Field(default=None, examples=["The statutory guidance."])
    """A sentence about it, after the link."""
