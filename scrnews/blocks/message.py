"""message: a signed piece, such as the chair's foreword or a guest's word."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..fields import Markdown
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Signatory(Model):
    """Who signs a message: a person (name, role, organisation) or a group such as a sub-committee."""

    name: str | None = Field(default=None, examples=["Professor Nick Frost"])
    """The person's name."""
    role: str | None = Field(default=None, examples=["Independent Chair"])
    """Their role."""
    organisation: str | None = Field(
        default=None, examples=["Bradford Safeguarding Children Board"]
    )
    """Their organisation."""
    group: str | None = Field(default=None, examples=["The Case Review Sub-Committee"])
    """A group that signs together, such as a sub-committee, instead of (or beside) a person."""

    @model_validator(mode="after")
    def _someone(self) -> Signatory:
        if not (self.name or self.group):
            raise ValueError(
                "a signatory needs a name or a group. Write name: Jo Bloggs, "
                "or group: The Learning and Improvement Sub-Group"
            )
        return self

    @property
    def byline(self) -> str:
        """'Professor Nick Frost, Independent Chair, BSCB': who signs, on one line."""
        return ", ".join(p for p in (self.name, self.role, self.group, self.organisation) if p)


class Message(Block):
    """A signed piece: the chair's foreword, a word from the scrutineer, a guest article."""

    type: Literal["message"]
    text: Markdown = Field(examples=["Sharing learning from reviews is vital."])
    """The message (Markdown; blank lines separate paragraphs)."""
    signatories: list[Signatory] = Field(
        default=[],
        examples=[[{"name": "Professor Nick Frost", "role": "Independent Chair, BSCB"}]],
    )
    """Who signs it, shown after the text, one to a line."""
    footnotes: list[Markdown] = Field(default=[], examples=[["[1] Ofsted, 2019."]])
    """Notes shown under the message, after its signatories, each starting with the mark the text refers to it by."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.text)
        for person in self.signatories:
            out.para(person.byline)
        out.notes(self.footnotes)
