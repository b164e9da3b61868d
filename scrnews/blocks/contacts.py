"""contacts: people and organisations readers can contact, with postal addresses kept line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..fields import Email, Markdown, Phone, Url
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Contact(Model):
    """A person or an organisation readers can contact."""

    name: str | None = Field(default=None, examples=["Rachael Hammond"])
    """The person's name (or leave it out for an organisation)."""
    role: str | None = Field(default=None, examples=["Serious Case Review Officer"])
    """Their role."""
    organisation: str | None = Field(
        default=None, examples=["Bradford Safeguarding Children Board"]
    )
    """The organisation, team or service."""
    email: Email | None = Field(default=None, examples=["info@example-scp.org.uk"])
    """Email address."""
    phone: Phone | None = Field(default=None, examples=["01274 434361"])
    """Phone number."""
    website: Url | None = Field(default=None, examples=["https://www.example-scp.org.uk"])
    """Web address."""
    address: str | None = Field(
        default=None, examples=["Safeguarding Unit\nCity Hall\nBradford\nBD1 1HY"]
    )
    """Postal address: write each line on its own line (after `address: |`); the lines are kept."""

    @model_validator(mode="after")
    def _someone(self) -> Contact:
        if not (self.name or self.organisation):
            raise ValueError(
                "a contact needs a name or an organisation. Write name: Jo Bloggs, "
                "or organisation: Safeguarding Unit"
            )
        return self

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in (self.address or "").splitlines() if line.strip()]


class Contacts(Block):
    """Who to contact: people and organisations, with email, phone, website and postal address."""

    type: Literal["contacts"]
    intro: Markdown | None = Field(default=None, examples=["For advice, contact:"])
    """Text before the contacts."""
    people: list[Contact] = Field(
        min_length=1, examples=[[{"name": "Rachael Hammond", "email": "info@example-scp.org.uk"}]]
    )
    """The contacts, in order."""
    after: Markdown | None = Field(default=None, examples=["In an emergency, call 999."])
    """Text after the contacts."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        words = out.labels
        out.markdown(self.intro)
        for person in self.people:
            lines = [", ".join(p for p in (person.name, person.role, person.organisation) if p)]
            lines += person.address_lines
            if person.email:
                lines.append(f"{words['email']}: {person.email}")
            if person.phone:
                lines.append(f"{words['phone']}: {person.phone}")
            if person.website:
                lines.append(f"{words['website']}: {out.url(person.website)}")
            out.lines(lines)
        out.markdown(self.after)
