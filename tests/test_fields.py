"""The field types every schema shares (scrnews/fields.py): web and email addresses, phone
numbers, Markdown, colours and dates, each accepted as an author writes it or refused with the
words an author reads."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from scrnews.build import load_issue
from scrnews.errors import ValidationError
from scrnews.fields import Colour, Day, Email, IssueDate, Markdown, Phone, Url

HOW = (
    "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), "
    "a quarter (2024-Q3) or a range of months (July to September 2011)"
)


def accepted(kind, value):
    return TypeAdapter(kind).validate_python(value)


def refused(kind, value) -> str:
    """The message an author reads for `value` in a field of this type."""
    with pytest.raises(PydanticError) as caught:
        TypeAdapter(kind).validate_python(value)
    [error] = caught.value.errors()
    return str(error["ctx"]["error"])


# ---------------------------------------------------------------- web addresses


@pytest.mark.parametrize(
    "written, kept",
    [
        ("https://www.example.org/page", "https://www.example.org/page"),
        ("http://example.org", "http://example.org"),
        ("  https://www.example.org/page\n", "https://www.example.org/page"),
        ("HTTPS://WWW.EXAMPLE.ORG/", "HTTPS://WWW.EXAMPLE.ORG/"),
        ("Http://example.org/a?b=c#d", "Http://example.org/a?b=c#d"),
    ],
)
def test_a_web_address_is_kept_as_written_without_surrounding_spaces(written, kept):
    assert accepted(Url, written) == kept


@pytest.mark.parametrize(
    "written, shown",
    [
        ("www.example.org/page", "www.example.org/page"),
        ("example.org", "example.org"),
        (" bradford-scb.org.uk/reviews ", "bradford-scb.org.uk/reviews"),
    ],
)
def test_a_web_address_without_https_says_to_put_it_in_front(written, shown):
    assert refused(Url, written) == (
        f"'{shown}' needs 'https://' (or 'http://') in front: write https://{shown}"
    )


@pytest.mark.parametrize(
    "written",
    [
        "ftp://example.org/file",
        "mailto:info@example.org",
        "javascript:alert(1)",
        "our website",
        "/reviews/page.html",
        "reviews/www.example.org",
        "",
    ],
)
def test_something_that_is_not_a_web_address_says_what_to_write(written):
    assert refused(Url, written) == (
        f"{written!r} is not a web address. Write a full address such as "
        "https://www.example.org/page"
    )


@pytest.mark.parametrize(
    "written",
    ["https://", "https:///page", "http://?q=1", "https://www.example.org/our page", "https:// x"],
)
def test_a_web_address_with_no_site_name_or_a_space_is_refused(written):
    assert refused(Url, written) == (
        f"{written!r} is not a complete web address (no site name, or a space in it). "
        "Write it like https://www.example.org/page"
    )


def test_a_bad_web_address_is_reported_at_its_line_and_field(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text(
        "board:\n  name: Example Board\n  website: https://\ndate: 2024-06\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3:12: board.website: 'https://' is not a complete web address (no site name, "
        "or a space in it). Write it like https://www.example.org/page."
    ]


# ---------------------------------------------------------------- email addresses and phones


@pytest.mark.parametrize(
    "written, kept",
    [
        ("info@example.org", "info@example.org"),
        (" first.last+news@mail.example.org.uk ", "first.last+news@mail.example.org.uk"),
    ],
)
def test_an_email_address_is_kept_without_surrounding_spaces(written, kept):
    assert accepted(Email, written) == kept


@pytest.mark.parametrize(
    "written, bare",
    [("mailto:info@example.org", "info@example.org"), ("MailTo:a@b.org", "a@b.org")],
)
def test_an_email_address_written_as_a_mailto_link_says_to_write_it_bare(written, bare):
    assert refused(Email, written) == f"write the address without 'mailto:': {bare}"


@pytest.mark.parametrize(
    "written",
    [
        "info",
        "info@example",
        "@example.org",
        "info @example.org",
        "info@example..org",
        "a@b.c@d.org",
    ],
)
def test_something_that_is_not_an_email_address_is_refused(written):
    assert refused(Email, written) == (
        f"{written!r} is not an email address. Write it like name@example.org"
    )


@pytest.mark.parametrize(
    "written, kept",
    [
        ("01274 434361", "01274 434361"),
        ("+44 1274 434361", "+44 1274 434361"),
        ("(01274) 434-361", "(01274) 434-361"),
        (" 01274 434361 ext. 12 ", "01274 434361 ext. 12"),
        ("01274 434361 x123", "01274 434361 x123"),
        (1274434361, "1274434361"),
        ("999999", "999999"),
    ],
)
def test_a_phone_number_is_kept_as_text_as_written(written, kept):
    assert accepted(Phone, written) == kept


@pytest.mark.parametrize(
    "written, shown",
    [
        ("call us", "call us"),
        ("12345", "12345"),
        ("0127 4434 3614 4434 3614", "0127 4434 3614 4434 3614"),
        ("01274 434361 ext 1234567", "01274 434361 ext 1234567"),
        ("01274 434361 and ask", "01274 434361 and ask"),
        (12345, "12345"),
    ],
)
def test_something_that_is_not_a_phone_number_is_refused(written, shown):
    assert refused(Phone, written) == (
        f"{shown!r} is not a phone number. Write digits and spaces, such as "
        "01274 434361 or +44 1274 434361"
    )


# ---------------------------------------------------------------- Markdown


def test_markdown_with_safe_links_and_described_pictures_is_kept_as_written():
    text = "See [the review](https://example.org) or [write](mailto:a@b.org).\n\n![A map](map.png)"
    assert accepted(Markdown, text) == text


@pytest.mark.parametrize(
    "text, url, scheme",
    [
        ("[click](javascript:alert(1))", "javascript:alert(1)", "javascript"),
        ("Look [here](data:text/html,hi) and [there](vbscript:x)", "data:text/html,hi", "data"),
    ],
)
def test_a_link_with_an_unsafe_scheme_is_refused_naming_the_first(text, url, scheme):
    assert refused(Markdown, text) == (
        f"the link {url!r} uses '{scheme}:', which scrnews does not allow. "
        "Links may start with https://, http://, mailto: or tel:, or be relative"
    )


def test_a_picture_without_a_description_says_where_to_write_one():
    assert refused(Markdown, "Text\n\n![](chart.png) and ![ ](other.png)") == (
        "the image 'chart.png' has no description. Write one in the brackets: "
        "![What the picture shows](chart.png)"
    )


# ---------------------------------------------------------------- colours


@pytest.mark.parametrize(
    "written, kept", [("#005ea5", "#005ea5"), ("#005EA5", "#005ea5"), (" #A0b1C2 ", "#a0b1c2")]
)
def test_a_colour_is_kept_in_lower_case(written, kept):
    assert accepted(Colour, written) == kept


@pytest.mark.parametrize(
    "written, shown",
    [
        ("005ea5", "'005ea5'"),
        ("#05a", "'#05a'"),
        ("#005ea5ff", "'#005ea5ff'"),
        ("#00ge00", "'#00ge00'"),
        ("blue", "'blue'"),
        (123456, "123456"),
        (None, "None"),
    ],
)
def test_something_that_is_not_a_colour_is_refused(written, shown):
    assert refused(Colour, written) == (
        f"{shown} is not a colour. Write six hex digits after '#', such as '#005ea5' (in quotes)"
    )


def test_a_colour_without_its_hash_is_reported_at_its_line(tmp_path):
    path = tmp_path / "issue.yaml"
    path.write_text(
        "board:\n  name: Example Board\n  colour: 005EA5\ndate: 2024-06\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3:11: board.colour: '005EA5' is not a colour. Write six hex digits after '#', "
        "such as '#005ea5' (in quotes)."
    ]


# ---------------------------------------------------------------- dates


def test_an_issue_date_is_read_as_a_period_and_written_back_as_the_author_wrote_it():
    period = accepted(IssueDate, "Winter 2023/24")
    assert (period.first_day, period.last_day) == (dt.date(2023, 12, 1), dt.date(2024, 2, 29))
    assert TypeAdapter(IssueDate).dump_python(period) == "Winter 2023/24"
    assert TypeAdapter(IssueDate).dump_python(accepted(IssueDate, "Q3 2024")) == "2024-Q3"
    assert accepted(IssueDate, dt.date(2024, 9, 12)).kind == "day"


def test_an_issue_date_scrnews_cannot_read_says_how_to_write_one():
    assert refused(IssueDate, "Smarch 2024") == (
        f"'Smarch 2024' is not a date scrnews can read. {HOW}"
    )
    assert refused(IssueDate, ["2024"]) == f"expected a date such as 2012-01. {HOW}"


def test_a_day_is_one_day_written_back_as_year_month_day():
    period = accepted(Day, "2024-9-12")
    assert (period.kind, period.first_day) == ("day", dt.date(2024, 9, 12))
    assert TypeAdapter(Day).dump_python(period) == "2024-09-12"


@pytest.mark.parametrize(
    "written, shown",
    [("2024-09", "2024-09"), ("Spring 2024", "Spring 2024"), ("Q1 2024", "2024-Q1")],
)
def test_a_longer_period_where_a_day_is_wanted_says_to_write_the_date_in_full(written, shown):
    assert refused(Day, written) == (
        f"{shown!r} is not a single day. Write the date in full, such as 2024-09-12"
    )


def test_a_day_scrnews_cannot_read_says_how_to_write_a_date():
    assert refused(Day, "2024-02-30") == f"'2024-02-30' is not a date scrnews can read. {HOW}"


def test_the_json_schema_of_dates_says_how_to_write_them():
    assert TypeAdapter(IssueDate).json_schema() == {
        "type": "string",
        "description": HOW + ".",
        "examples": ["2012-01", "2012-01-16", "Spring 2024", "July to September 2011"],
    }
    assert TypeAdapter(Day).json_schema() == {
        "type": "string",
        "format": "date",
        "examples": ["2024-09-12"],
    }
