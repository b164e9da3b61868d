"""The block types an issue's body is made of, one module each, with two templates each in
`templates/default/blocks/`: `<type>.html` (web page and PDF) and `<type>.email.html`.

To add a type: write its module here (a `Block` subclass with `type: Literal["name"]`, a
docstring under every field and a `plain_text` method for the email's text part), its two
templates, and add the class to TYPES below. tests/test_email.py fails for a type without
its email forms.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .actions import Actions
from .base import Block, Model
from .box import Box
from .contacts import Contacts
from .events import Events
from .feedback import Feedback
from .figures import Figures
from .links import Links
from .lists import List
from .message import Message
from .quote import Quote
from .reviews import Reviews
from .studies import Studies
from .table import Table
from .text import Text
from .themes import Themes

#: Every block type, in the order the README and the JSON Schema describe them.
TYPES: tuple[type[Block], ...] = (
    Text,
    Message,
    Quote,
    Box,
    List,
    Reviews,
    Figures,
    Themes,
    Actions,
    Studies,
    Events,
    Table,
    Contacts,
    Links,
    Feedback,
)

#: A block of any type, told apart by its `type:` field.
AnyBlock = Annotated[Union[TYPES], Field(discriminator="type")]  # noqa: UP007


def type_name(model: type[Block]) -> str:
    """The `type:` value of a block class: Text -> 'text'."""
    return model.model_fields["type"].annotation.__args__[0]


BY_NAME: dict[str, type[Block]] = {type_name(model): model for model in TYPES}

__all__ = ["AnyBlock", "BY_NAME", "Block", "Model", "TYPES", "type_name"]
