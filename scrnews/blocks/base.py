"""What every block shares: the model base, the block base, and the hooks a block type may fill in.

A block type is one module in this package (its model, with a docstring for every field, and
its plain-text form for the email edition) and two templates: `templates/default/blocks/
<type>.html` (web page and PDF) and `<type>.email.html` beside it (the email edition). The
hooks below let a type add what its templates need (charts, counts), check what pydantic
cannot (rows against a header, figures against cases), write files beside the page (calendar
entries) and write itself as plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from ..errors import Problem
    from ..load import Document, Loc
    from ..plaintext import PlainText


class Model(BaseModel):
    """Strict about unknown keys (typos), forgiving about numbers written where text goes.

    Field docstrings are read only when a message or the JSON Schema needs them
    (`scrnews.schema.field_doc`): pydantic's `use_attribute_docstrings` would parse every
    class's source at import.
    """

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        frozen=True,
    )


_ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class Block(Model):
    """Fields every block has."""

    #: The block type's name, as written after `type:`; each subclass narrows it to a Literal.
    type: str
    heading: str | None = Field(default=None, examples=["What we learned"])
    """The block's heading, if it has one; headed blocks are listed in the contents."""
    id: str | None = Field(default=None, examples=["learning"])
    """The anchor of the block in the page (…/issue-2/#learning); made from the heading when left out."""

    #: Words the theme may show for this kind of block, such as the contents' label.
    kind_label: ClassVar[str] = ""

    @field_validator("id")
    @classmethod
    def _anchor(cls, value: str | None) -> str | None:
        if value is not None and not _ANCHOR.match(value):
            raise ValueError(
                f"{value!r} cannot be an anchor. Start with a letter and use only letters, "
                "digits and hyphens, such as learning-points"
            )
        return value

    @property
    def template(self) -> str:
        return f"blocks/{self.type}.html"

    @property
    def email_template(self) -> str:
        """Its form in the email edition: one column, styles inlined, tables for layout."""
        return f"blocks/{self.type}.email.html"

    def context(self, view: Any, issue: Any, labels: dict[str, str]) -> dict[str, Any]:
        """What this block's template needs besides the block itself (charts, counts)."""
        return {}

    def problems(self, doc: Document, loc: Loc) -> list[Problem]:
        """Mistakes pydantic cannot see, each at its own line (loc is the block's location)."""
        return []

    def files(self, view: Any, issue: Any) -> dict[str, bytes]:
        """Files to write beside the page (URL relative to the page -> bytes)."""
        return {}

    def plain_text(self, out: PlainText, view: Any) -> None:
        """Write the block, below its heading, into the email's plain-text part.

        Every type writes all it shows (the email edition loses nothing); the heading and the
        list of link addresses after it are written by the frame.
        """
        raise NotImplementedError(f"the {self.type} block has no plain-text form")
