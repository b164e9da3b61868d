"""The block types as a reader meets them, on the example issues of other boards: what each
block says is there, in the right element, in the page and in the PDF; events come with a
calendar file a calendar program can read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pikepdf
import pytest

from scrnews.build import build_issue, load_issue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "issues"
RIVERSIDE = EXAMPLES / "riverside-spring-2024.yaml"
WESTMOOR = EXAMPLES / "westmoor-2011-q3.yaml"


@pytest.fixture(scope="module")
def riverside(tmp_path_factory):
    return build_issue(RIVERSIDE, tmp_path_factory.mktemp("riverside"), strict=True)


@pytest.fixture(scope="module")
def westmoor(tmp_path_factory):
    return build_issue(WESTMOOR, tmp_path_factory.mktemp("westmoor"), strict=True)


def page(result) -> str:
    return result.html.read_text(encoding="utf-8")


# ---------------------------------------------------------------- identity and order


def test_a_season_and_no_number_make_the_masthead(riverside, pdf_pages):
    html = page(riverside)
    assert '<span class="issue-line"><span class="badge">Spring 2024</span></span>' in html
    assert "Issue " not in re.search(r"<header.*?</header>", html, re.S).group(0)
    assert "Spring 2024" in pdf_pages(riverside.pdf)[0]


def test_a_quarter_and_a_volume_make_the_masthead(westmoor):
    assert '<span class="badge">Volume 1, Issue 1, July to September 2011</span>' in page(westmoor)


def test_blocks_come_in_the_order_written_and_only_headed_ones_are_in_the_contents(riverside):
    html = page(riverside)
    issue = load_issue(RIVERSIDE).issue
    classes = re.findall(r'<(?:section|div|aside) class="block block-(\w+)', html)
    assert classes == [block.type for block in issue.body]
    contents = re.search(r'<nav class="contents".*?</nav>', html, re.S).group(0)
    linked = re.findall(
        r'<a href="#[^"]+"><span class="contents-text">([^<]+)</span></a>', contents
    )
    assert linked == [block.heading for block in issue.body if block.heading]
    assert issue.body[-1].heading is None  # the feedback block: no heading, none invented


def test_a_box_is_an_aside_first_in_the_body(riverside):
    main = page(riverside).split('<main id="main"', 1)[1]
    first = re.search(r"<(\w+) class=\"block", main)
    assert first.group(1) == "aside"
    assert 'class="block block-box box box-key"' in main


# ---------------------------------------------------------------- quotations and messages


def test_a_quotation_inside_a_quotation_is_a_blockquote_inside_a_blockquote(riverside):
    figure = re.search(r'<figure class="quote">.*?</figure>', page(riverside), re.S).group(0)
    outer = figure.index("<blockquote")
    inner = figure.index("<blockquote", outer + 1)
    assert outer < inner < figure.index("</blockquote>")
    assert "paramount consideration" in figure[inner:]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
    assert "Her Honour Judge Example, Designated Family Judge for Northshire" in caption
    assert re.search(r"<cite><a href=\"https://www.legislation.gov.uk/[^\"]+\">Re R", caption)


def test_a_sub_committee_signs_a_message(riverside, pdf_text, tight):
    line = "The Learning and Improvement Sub-Committee, Riverside Safeguarding Children Partnership"
    assert f'<p class="byline">{line}</p>' in page(riverside)
    assert tight(line) in tight(pdf_text(riverside.pdf))


# ---------------------------------------------------------------- reviews


def test_each_review_is_a_card_with_its_facts_and_numbered_learning(riverside):
    html = page(riverside)
    cards = re.findall(r'<article class="review".*?</article>', html, re.S)
    assert len(cards) == 3
    first = cards[0]
    assert re.search(
        r"<h3 id=\"[^\"]+\">Child T <span class=\"review-code\">\(RSCP-LCSPR-03\)", first
    )
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", first))
    assert facts == {
        "Type": "LCSPR",
        "Status": "Published",
        "Started": "March 2023",
        "Completed": "January 2024",
        "Published": "14 February 2024",
    }
    learning = re.search(r'<ol class="learning"[^>]*>(.*?)</ol>', first, re.S).group(1)
    assert learning.count("<li>") == 3
    assert [re.search(r"<h3[^>]*>([^<]+)", c).group(1).strip() for c in cards] == [
        "Child T",
        "RR-2024-02",
        "Family K",
    ]


def test_learning_points_are_numbered_in_the_pdf(riverside, pdf_text):
    text = " ".join(pdf_text(riverside.pdf).split())
    assert re.search(r"Learning points 1\. Hunger is a message\..*2\. Ask the child\.", text)


# ---------------------------------------------------------------- figures stated directly


def test_no_reviews_this_quarter_is_said_with_numbers_not_charts(westmoor, pdf_text):
    html = page(westmoor)
    counts = re.findall(
        r'<span class="count-value">(\d+)</span> <span class="count-label">([^<]+)</span>', html
    )
    assert counts == [
        ("0", "Serious case reviews completed"),
        ("2", "Cases considered for a review"),
    ]
    assert "<svg" not in html
    text = " ".join(pdf_text(westmoor.pdf).split())
    assert "0 Serious case reviews completed" in text


def test_a_numbered_list_that_continues_keeps_its_numbers(westmoor, pdf_text):
    text = " ".join(pdf_text(westmoor.pdf).split())
    assert re.search(r"1\. Checked the action plans.*2\. Ran two practice forums.*3\. Agreed", text)


# ---------------------------------------------------------------- tables, contacts


def test_text_after_a_table_follows_the_table(riverside):
    html = page(riverside)
    table = html.index('<table class="content-table"')
    after = html.index("The full reviews say more about each agency")
    assert html.index("</table>", table) < after


def test_a_seven_line_address_keeps_its_lines(riverside, pdf_text):
    html = page(riverside)
    address = re.search(r'<p class="address">(.*?)</p>', html, re.S).group(1)
    lines = [line.strip() for line in address.split("<br>")]
    assert lines == [
        "Riverside Safeguarding Children Partnership",
        "Business Support Unit",
        "Floor 3, Civic Centre",
        "1 Market Street",
        "Riverside",
        "Northshire",
        "RS1 1AA",
    ]
    pdf_lines = [line.strip() for line in pdf_text(riverside.pdf, layout=False).splitlines()]
    at = pdf_lines.index("Floor 3, Civic Centre")
    assert pdf_lines[at - 1 : at + 5] == lines[1:]


# ---------------------------------------------------------------- events


def test_events_are_a_dated_list_with_time_place_and_booking(riverside):
    html = page(riverside)
    events = re.findall(r'<li class="event">(.*?)</li>\n', html, re.S)
    assert len(events) == 3
    assert '<time datetime="2024-04-17">17 April 2024</time>, 9:30 to 12:30' in events[0]
    assert "Riverside Civic Centre<br>Room 2" in events[0]
    assert "Online" in events[1]
    assert (
        '<time datetime="2024-06-12">12 June 2024</time> to '
        '<time datetime="2024-06-13">13 June 2024</time>'
    ) in events[2]


def _calendar(riverside, index: int) -> icalendar.Event:
    links = re.findall(r'<a href="(events/[^"]+\.ics)" download>', page(riverside))
    assert len(links) == 3
    ics = riverside.html.parent / links[index]
    [event] = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    return event


def test_each_event_has_a_calendar_file_in_london_time(riverside):
    event = _calendar(riverside, 0)
    assert str(event["SUMMARY"]) == "Hearing the child: a half-day course"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute, end.hour, end.minute) == (9, 30, 12, 30)
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=1)  # BST
    assert str(event["LOCATION"]) == "Riverside Civic Centre, Room 2"
    assert str(event["URL"]) == "https://www.riverside-scp.example.org/training/hearing-the-child"


def test_an_afternoon_time_and_an_all_day_event(riverside):
    online = _calendar(riverside, 1)
    assert (online.decoded("DTSTART").hour, online.decoded("DTEND").hour) == (14, 15)
    assert str(online["LOCATION"]) == "Online"
    conference = _calendar(riverside, 2)
    assert conference.decoded("DTSTART") == dt.date(2024, 6, 12)
    assert conference.decoded("DTEND") == dt.date(2024, 6, 14)  # the day after the last


def test_calendar_files_are_the_same_on_every_build(riverside, tmp_path):
    again = build_issue(RIVERSIDE, tmp_path, formats=("html",))
    for ics in (riverside.html.parent / "events").glob("*.ics"):
        assert (again.html.parent / "events" / ics.name).read_bytes() == ics.read_bytes()


def test_the_calendar_link_is_for_screens_only(riverside, pdf_text):
    assert "Add to your calendar" not in pdf_text(riverside.pdf)
    with pikepdf.open(riverside.pdf) as pdf:
        uris = [
            str(a.A.URI)
            for p in pdf.pages
            for a in p.get("/Annots", [])
            if "/A" in a and "/URI" in a.A
        ]
    assert not [u for u in uris if u.endswith(".ics")]


def test_a_time_a_calendar_cannot_read_is_refused_at_its_line(write_issue, tmp_path):
    from scrnews.errors import ValidationError

    path = write_issue(
        "board: {name: B}\ndate: 2024-06\nbody:\n  - type: events\n    events:\n"
        "      - title: Forum\n        date: 2024-06-12\n        time: after lunch\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "issue.yaml:8:15: body[0].events[0].time: 'after lunch' is not a time scrnews can put "
        "in a calendar. Write it like '9:30 to 12:30' or '2pm to 4pm', in quotes."
    ]


def test_the_organiser_is_the_boards_address_whatever_its_name(write_issue, tmp_path):
    """A board name over two lines (a YAML block) once stopped the calendar file being written."""
    path = write_issue(
        "board:\n  name: |\n    Example Safeguarding\n    Partnership\n  email: info@example.org\n"
        "date: 2024-06\nbody:\n  - type: events\n    events:\n"
        "      - {title: Forum, date: 2024-06-12}\n"
    )
    result = build_issue(path, tmp_path / "out", formats=("html",))
    [ics] = (result.html.parent / "events").glob("*.ics")
    [event] = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:info@example.org"
    assert event["ORGANIZER"].params["CN"] == "Example Safeguarding Partnership"
