"""Field types shared by the issue and settings schemas, each with a message an editor can act on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, PlainValidator

from . import markup

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}( ?(ext\.?|x) ?[0-9]{1,6})?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme and "." in value.split("/")[0]:
            raise ValueError(
                f"{value!r} needs 'https://' (or 'http://') in front: write https://{value}"
            )
        raise ValueError(
            f"{value!r} is not a web address. Write a full address such as "
            "https://www.example.org/page"
        )
    if not parts.netloc or " " in value:
        raise ValueError(
            f"{value!r} is not a complete web address (no site name, or a space in "
            "it). Write it like https://www.example.org/page"
        )
    return value


def _check_email(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        raise ValueError(f"write the address without 'mailto:': {value[7:]}")
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address. Write it like name@example.org")
    return value


def _check_phone(value: str | int) -> str:
    value = str(value).strip()
    if not _PHONE.match(value):
        raise ValueError(
            f"{value!r} is not a phone number. Write digits and spaces, such as "
            "01274 434361 or +44 1274 434361"
        )
    return value


def _check_markdown(value: str) -> str:
    for url in markup.unsafe_links(value):
        scheme = markup.link_scheme(url)
        raise ValueError(
            f"the link {url!r} uses '{scheme}:', which scrnews does not allow. "
            "Links may start with https://, http://, mailto: or tel:, or be relative"
        )
    for src in markup.images_without_alt(value):
        raise ValueError(
            f"the image {src!r} has no description. Write one in the brackets: "
            "![What the picture shows](" + src + ")"
        )
    return value


def _check_colour(value: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value.strip()):
        raise ValueError(
            f"{value!r} is not a colour. Write six hex digits after '#', "
            "such as '#005ea5' (in quotes)"
        )
    return value.strip().lower()


Url = Annotated[str, AfterValidator(_check_url)]
Email = Annotated[str, AfterValidator(_check_email)]
Phone = Annotated[str, BeforeValidator(_check_phone)]
Markdown = Annotated[str, AfterValidator(_check_markdown)]
Colour = Annotated[str, BeforeValidator(_check_colour)]


@dataclass(frozen=True, order=True)
class PublicationDate:
    """A publication date, to the month ('2012-01') or to the day ('2012-01-16')."""

    year: int
    month: int
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def isoformat(self) -> str:
        return self.first_day.isoformat() if self.day else f"{self.year:04d}-{self.month:02d}"


def _parse_date(value: object) -> PublicationDate:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PublicationDate(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        match = _MONTH.match(text)
        try:
            if match:
                year, month = int(match[1]), int(match[2])
                dt.date(year, month, 1)
                return PublicationDate(year, month)
            day = dt.date.fromisoformat(text)
            return PublicationDate(day.year, day.month, day.day)
        except ValueError:
            pass
    raise ValueError(
        f"{value!r} is not a date scrnews can read. Write the year, month and "
        "day as 2012-01-16, or just the year and month as 2012-01"
    )


IssueDate = Annotated[
    PublicationDate,
    PlainValidator(_parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
]
