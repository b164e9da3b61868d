"""links: further reading, procedures, useful sites."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block
from .parts import Link


class Links(Block):
    """Further reading and procedures: text, then a list of links."""

    type: Literal["links"]
    intro: Markdown | None = Field(default=None, examples=["Our procedures are online."])
    """Text before the links."""
    links: list[Link] = Field(
        default=[], examples=[[{"title": "Working Together", "url": "https://www.gov.uk/"}]]
    )
    """The links, as a list."""
    after: Markdown | None = Field(default=None, examples=["Ask your safeguarding lead."])
    """Text after the links."""
