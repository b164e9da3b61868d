"""Field types shared by the issue and settings schemas, each with a message an editor can act on."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from . import markup
from .period import HOW_TO_WRITE, Period, PeriodError, parse_period

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}( ?(ext\.?|x) ?[0-9]{1,6})?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


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


#: The checks by themselves, for addresses given on the command line (--base-url, --to).
check_url, check_email = _check_url, _check_email

Url = Annotated[str, AfterValidator(_check_url)]
Email = Annotated[str, AfterValidator(_check_email)]
Phone = Annotated[str, BeforeValidator(_check_phone)]
Markdown = Annotated[str, AfterValidator(_check_markdown)]
Colour = Annotated[str, BeforeValidator(_check_colour)]


def _check_period(value: object) -> Period:
    try:
        return parse_period(value)
    except PeriodError as error:
        raise ValueError(str(error)) from None


def _check_day(value: object) -> Period:
    period = _check_period(value)
    if period.kind != "day":
        raise ValueError(
            f"{period.text()!r} is not a single day. Write the date in full, such as 2024-09-12"
        )
    return period


IssueDate = Annotated[
    Period,
    PlainValidator(_check_period),
    PlainSerializer(lambda p: p.text(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": HOW_TO_WRITE + ".",
            "examples": ["2012-01", "2012-01-16", "Spring 2024", "July to September 2011"],
        }
    ),
]
"""A day, a month, a season, a quarter or a range of months (see scrnews/period.py)."""

Day = Annotated[
    Period,
    PlainValidator(_check_day),
    PlainSerializer(lambda p: p.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2024-09-12"]}),
]
"""One day, written 2024-09-12."""

#: The old name of a month-or-day date.
PublicationDate = Period
