"""links: further reading, procedures, useful sites."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block
from .parts import Link

if TYPE_CHECKING:
    from ..plaintext import PlainText


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

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.intro)
        out.bullets(
            [
                out.link(link.title, link.url)
                + (f": {out.inline(link.description)}" if link.description else "")
                for link in self.links
            ]
        )
        out.markdown(self.after)
