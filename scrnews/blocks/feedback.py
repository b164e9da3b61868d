"""feedback: an invitation to tell the board what readers think."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Feedback(Block):
    """An invitation to send views on the newsletter."""

    type: Literal["feedback"]
    text: Markdown = Field(examples=["We are keen to hear your views. Email info@example.org."])
    """The invitation (Markdown)."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.text)
