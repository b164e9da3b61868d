"""Issue dates as boards write them: a day, a month, a season, a quarter, a range, shown in
the issue's language and put in order in the archive and the feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from archive_factory import write_archive, write_issue
from click.testing import CliRunner

from scrnews.cli import cli
from scrnews.labels import format_date
from scrnews.period import PeriodError, from_isoformat, parse_period

READ = {
    # written                     first day        last day          English                          Welsh
    "2012-01-16": ("2012-01-16", "2012-01-16", "16 January 2012", "16 Ionawr 2012"),
    "2012-01": ("2012-01-01", "2012-01-31", "January 2012", "Ionawr 2012"),
    "January 2012": ("2012-01-01", "2012-01-31", "January 2012", "Ionawr 2012"),
    "Spring 2024": ("2024-03-01", "2024-05-31", "Spring 2024", "Gwanwyn 2024"),
    "Summer 2024": ("2024-06-01", "2024-08-31", "Summer 2024", "Haf 2024"),
    "Autumn 2024": ("2024-09-01", "2024-11-30", "Autumn 2024", "Hydref 2024"),
    "Winter 2023/24": ("2023-12-01", "2024-02-29", "Winter 2023/24", "Gaeaf 2023/24"),
    "2024-Q3": ("2024-07-01", "2024-09-30", "July to September 2024", "Gorffennaf i Fedi 2024"),
    "Q1 2024": ("2024-01-01", "2024-03-31", "January to March 2024", "Ionawr i Fawrth 2024"),
    "July to September 2011": (
        "2011-07-01",
        "2011-09-30",
        "July to September 2011",
        "Gorffennaf i Fedi 2011",
    ),
    "2011-07 to 2011-09": (
        "2011-07-01",
        "2011-09-30",
        "July to September 2011",
        "Gorffennaf i Fedi 2011",
    ),
    "November to January 2012": (
        "2011-11-01",
        "2012-01-31",
        "November 2011 to January 2012",
        "Tachwedd 2011 i Ionawr 2012",
    ),
    "Gorffennaf i Fedi 2011": (
        "2011-07-01",
        "2011-09-30",
        "July to September 2011",
        "Gorffennaf i Fedi 2011",
    ),
    "Mai i Ragfyr 2024": ("2024-05-01", "2024-12-31", "May to December 2024", "Mai i Ragfyr 2024"),
    # the other ways people write them
    "2024-1": ("2024-01-01", "2024-01-31", "January 2024", "Ionawr 2024"),
    "2024-1-5": ("2024-01-05", "2024-01-05", "5 January 2024", "5 Ionawr 2024"),
    "2024-02-29": ("2024-02-29", "2024-02-29", "29 February 2024", "29 Chwefror 2024"),
    "Medi 2024": ("2024-09-01", "2024-09-30", "September 2024", "Medi 2024"),
    "Sept. 2024": ("2024-09-01", "2024-09-30", "September 2024", "Medi 2024"),
    "  spring \t 2024 ": ("2024-03-01", "2024-05-31", "Spring 2024", "Gwanwyn 2024"),
    "Fall 2024": ("2024-09-01", "2024-11-30", "Autumn 2024", "Hydref 2024"),
    "Haf 2024": ("2024-06-01", "2024-08-31", "Summer 2024", "Haf 2024"),
    "Winter 2024": ("2024-12-01", "2025-02-28", "Winter 2024", "Gaeaf 2024"),
    "Winter 2023-2024": ("2023-12-01", "2024-02-29", "Winter 2023/24", "Gaeaf 2023/24"),
    "Gaeaf 2023/24": ("2023-12-01", "2024-02-29", "Winter 2023/24", "Gaeaf 2023/24"),
    "Winter 1999/00": ("1999-12-01", "2000-02-29", "Winter 1999/00", "Gaeaf 1999/00"),
    "2024 Q2": ("2024-04-01", "2024-06-30", "April to June 2024", "Ebrill i Fehefin 2024"),
    "q4 2024": ("2024-10-01", "2024-12-31", "October to December 2024", "Hydref i Ragfyr 2024"),
    "2024q1": ("2024-01-01", "2024-03-31", "January to March 2024", "Ionawr i Fawrth 2024"),
    "Jan. to Mar. 2024": (
        "2024-01-01",
        "2024-03-31",
        "January to March 2024",
        "Ionawr i Fawrth 2024",
    ),
    "Jul–Sep 2011": (
        "2011-07-01",
        "2011-09-30",
        "July to September 2011",
        "Gorffennaf i Fedi 2011",
    ),
    "September until November 2024": (
        "2024-09-01",
        "2024-11-30",
        "September to November 2024",
        "Medi i Dachwedd 2024",
    ),
    "July 2011 to September 2011": (
        "2011-07-01",
        "2011-09-30",
        "July to September 2011",
        "Gorffennaf i Fedi 2011",
    ),
    "Dec 2024 to Feb 2025": (
        "2024-12-01",
        "2025-02-28",
        "December 2024 to February 2025",
        "Rhagfyr 2024 i Chwefror 2025",
    ),
    "2023-11/2024-01": (
        "2023-11-01",
        "2024-01-31",
        "November 2023 to January 2024",
        "Tachwedd 2023 i Ionawr 2024",
    ),
    # a range inside one month is that month, not the thirteen months from the year before
    "June to June 2024": (
        "2024-06-01",
        "2024-06-30",
        "June to June 2024",
        "Mehefin i Fehefin 2024",
    ),
}


@pytest.mark.parametrize("written", READ)
def test_a_period_is_read_and_said_in_both_languages(written):
    first, last, english, welsh = READ[written]
    period = parse_period(written)
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (first, last)
    assert format_date(period, "en-GB") == english
    assert format_date(period, "cy-GB") == welsh
    assert parse_period(period.text()) == period  # what listings keep reads back the same


def test_a_yaml_date_is_a_day():
    assert parse_period(dt.date(2012, 1, 16)).kind == "day"


HOW = (
    "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), "
    "a quarter (2024-Q3) or a range of months (July to September 2011)"
)


@pytest.mark.parametrize(
    "written",
    [
        "2012-13",
        "2012-0",
        "2012-00 to 2012-03",
        "2012-01 to 2012-13",
        "2011-11 to 2012-00",
        "Spring",
        "2012-02-30",
        "Winter 2023/25",
        "Winter 2023/2025",
        "Winter 2023/23",
        "Spring 2024/25",
        "Summer 2023-2024",
        "sometime 2024",
        "Q5 2024",
        "June to Smarch 2024",
        "Smarch to June 2024",
        "Mayday 2024",
        "2024",
    ],
)
def test_a_period_scrnews_cannot_read_says_how_to_write_one(written):
    with pytest.raises(PeriodError) as caught:
        parse_period(written)
    assert str(caught.value) == f"{written!r} is not a date scrnews can read. {HOW}"


def test_a_number_is_read_as_text():
    """YAML reads `date: 2024` as a number: the message quotes it as the author wrote it."""
    with pytest.raises(PeriodError) as caught:
        parse_period(2024)
    assert str(caught.value) == f"'2024' is not a date scrnews can read. {HOW}"


@pytest.mark.parametrize("value", [["2024-01"], {"month": 1}, None, 2024.5])
def test_something_that_is_not_text_or_a_date_says_how_to_write_one(value):
    with pytest.raises(PeriodError) as caught:
        parse_period(value)
    assert str(caught.value) == f"expected a date such as 2012-01. {HOW}"


@pytest.mark.parametrize(
    "written", ["2024-09 to 2024-07", "2024-09/2023-12", "Sep 2024 to Jul 2024"]
)
def test_a_range_that_ends_before_it_starts_is_refused(written):
    with pytest.raises(PeriodError) as caught:
        parse_period(written)
    assert str(caught.value) == (
        f"{written!r} ends before it starts. Write the earlier month first, "
        "such as July to September 2011"
    )


def test_a_yaml_timestamp_is_the_day_it_falls_on():
    period = parse_period(dt.datetime(2024, 3, 5, 23, 30))
    assert (period.kind, period.first_day, period.last_day) == (
        "day",
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 5),
    )
    assert format_date(period, "en-GB") == "5 March 2024"


def test_a_period_already_read_is_kept_as_it_is():
    period = parse_period("Winter 2023/24")
    assert parse_period(period) is period


# ---------------------------------------------------------------- what listings and files keep

KEPT = {
    # written: (isoformat: the archive's sort key and the importer's date, text(): listings)
    "2012-01-16": ("2012-01-16", "2012-01-16"),
    "January 2012": ("2012-01", "2012-01"),
    "Spring 2024": ("2024-03/2024-05", "Spring 2024"),
    "Winter 2023/24": ("2023-12/2024-02", "Winter 2023/24"),
    "Winter 2024": ("2024-12/2025-02", "Winter 2024"),
    "Q3 2024": ("2024-07/2024-09", "2024-Q3"),
    "2024 Q4": ("2024-10/2024-12", "2024-Q4"),
    "Q1 2024": ("2024-01/2024-03", "2024-Q1"),
    "November to January 2012": ("2011-11/2012-01", "2011-11/2012-01"),
}


@pytest.mark.parametrize("written", KEPT)
def test_a_period_is_kept_as_a_sortable_key_and_as_text(written):
    period = parse_period(written)
    assert (period.isoformat(), period.text()) == KEPT[written]


@pytest.mark.parametrize(
    "key, first, last",
    [
        ("2012-01-16", "2012-01-16", "2012-01-16"),
        ("2012-02", "2012-02-01", "2012-02-29"),
        ("2023-12/2024-02", "2023-12-01", "2024-02-29"),
        ("2024-11/2024-12", "2024-11-01", "2024-12-31"),
    ],
)
def test_a_kept_key_gives_back_the_days_it_covers(key, first, last):
    """The archive dates a listing (and holds it back until its first day) from this key."""
    period = from_isoformat(key)
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (first, last)


def test_the_names_the_templates_use():
    day, month, season = map(parse_period, ["2012-01-16", "2012-03", "Winter 2023/24"])
    assert (day.year, day.month, day.day) == (2012, 1, 16)
    assert (month.year, month.month, month.day) == (2012, 3, None)
    assert (season.year, season.month, season.day) == (2023, 12, None)


def test_the_same_months_written_two_ways_are_the_same_period():
    """A quarter, a season and a range of the same months are one period (one listing, one
    key), however each is said; a different stretch is another."""
    written = ["2024-Q3", "July to September 2024", "2024-07/2024-09", "Jul-Sep 2024"]
    assert len({parse_period(w) for w in written}) == 1
    assert parse_period("Autumn 2024") == parse_period("September to November 2024")
    assert parse_period("Winter 2023/24") == parse_period("December 2023 to February 2024")
    assert parse_period("2024-07") != parse_period("2024-Q3")
    assert parse_period("2024-07-01") != parse_period("2024-07")


def test_periods_sort_by_their_first_day_then_their_last():
    written = ["2024-06-15", "Spring 2024", "2024-Q1", "2024-01", "Winter 2023/24", "2023-12"]
    ordered = sorted(written, key=parse_period)
    assert ordered == [
        "2023-12",
        "Winter 2023/24",
        "2024-01",
        "2024-Q1",
        "Spring 2024",
        "2024-06-15",
    ]


DATES = {1: "July to September 2023", 2: "2024-01", 3: "Spring 2024", 4: "2024-06-15"}


@pytest.fixture
def archive(tmp_path, monkeypatch):
    write_archive(tmp_path, 4)
    for number, date in DATES.items():
        write_issue(tmp_path / "issues", number, date=date)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027: every issue is due
    result = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def test_the_archive_lists_periods_newest_first_in_words(archive):
    index = (archive / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<p class="issue-line">([^<]+)</p>', index)
    assert lines == [
        "Issue 4, 15 June 2024",
        "Issue 3, Spring 2024",
        "Issue 2, January 2024",
        "Issue 1, July to September 2023",
    ]


def test_the_feed_dates_each_issue_from_the_first_day_it_covers(archive):
    feed = ET.parse(archive / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    published = [e.find("a:published", ns).text for e in feed.findall("a:entry", ns)]
    assert published == [
        "2024-06-15T00:00:00Z",
        "2024-03-01T00:00:00Z",
        "2024-01-01T00:00:00Z",
        "2023-07-01T00:00:00Z",
    ]


def test_next_and_previous_name_the_period(archive):
    page = (archive / "issue-3" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../issue-2/">Previous issue: Issue 2, January 2024</a>' in page
    assert 'rel="next" href="../issue-4/">Next issue: Issue 4, 15 June 2024</a>' in page


def test_an_issue_is_held_back_until_the_first_day_it_covers(tmp_path, monkeypatch):
    write_archive(tmp_path, 1)
    write_issue(tmp_path / "issues", 1, date="Spring 2030")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 2, 28, 12).timestamp())))
    held = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert "left out issues/issue-1.yaml" in held.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 3, 1, 12).timestamp())))
    due = CliRunner().invoke(cli, ["build", "--format", "html"])
    assert (tmp_path / "out" / "issue-1" / "index.html").is_file(), due.output
