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
from scrnews.period import PeriodError, parse_period

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


@pytest.mark.parametrize(
    "written", ["2012-13", "Spring", "2012-02-30", "Winter 2023/25", "sometime 2024", "Q5 2024"]
)
def test_a_period_scrnews_cannot_read_says_how_to_write_one(written):
    with pytest.raises(PeriodError, match=r"Write a day \(2012-01-16\), a month"):
        parse_period(written)


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="ends before it starts"):
        parse_period("2024-09 to 2024-07")


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
