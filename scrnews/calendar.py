"""An event as an iCalendar file (RFC 5545), so readers can add it to Outlook or their phone.

Reproducible like the rest of a build: the UID comes from the issue and the event, and the
stamp from SOURCE_DATE_EPOCH or the issue's date, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlsplit

from .profiles import source_date

LONDON = "Europe/London"


def event_ics(event: Any, issue: Any, *, uid_seed: str) -> bytes:
    """One VCALENDAR holding one VEVENT, in Europe/London time (UTC offsets from the tz database)."""
    from zoneinfo import ZoneInfo

    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//scrnews//Safeguarding newsletter//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    entry = icalendar.Event()
    entry.add("uid", _uid(event, issue, uid_seed))
    entry.add("dtstamp", _stamp(issue))
    entry.add("summary", event.title)
    start, end = _times(event, ZoneInfo(LONDON))
    entry.add("dtstart", start)
    entry.add("dtend", end)
    where = ", ".join(event.place_lines)
    if event.online:
        where = ", ".join(part for part in ("Online", where) if part)
    if where:
        entry.add("location", where)
    details = [text for text in (event.description, event.audience, event.cost) if text]
    if event.booking:
        details.append(event.booking)
        entry.add("url", event.booking)
    if details:
        entry.add("description", "\n\n".join(details))
    if issue.board.email:  # ORGANIZER is an address; without one there is none to give
        organizer = icalendar.vCalAddress(f"mailto:{issue.board.email}")
        organizer.params["cn"] = " ".join(issue.board.name.split())
        entry.add("organizer", organizer)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _times(event: Any, zone: Any) -> tuple[Any, Any]:
    """Timed events in London time; an event without a time is all-day (DTEND is the day after)."""
    from .blocks.events import clock

    first = event.date.start
    last = event.end.start if event.end else first
    hours = clock(event.time) if event.time else None
    if hours is None:
        return first, last + dt.timedelta(days=1)
    (h1, m1), ends = hours
    start = dt.datetime(first.year, first.month, first.day, h1, m1, tzinfo=zone)
    h2, m2 = ends if ends else (h1 + 1, m1) if h1 < 23 else (23, 59)
    end = dt.datetime(last.year, last.month, last.day, h2, m2, tzinfo=zone)
    return start, max(end, start)


def _uid(event: Any, issue: Any, seed: str) -> str:
    host = urlsplit(issue.board.website).hostname if issue.board.website else None
    digest = hashlib.sha256(
        "\0".join([issue.board.name, seed, event.title, event.date.isoformat()]).encode("utf-8")
    ).hexdigest()[:24]
    return f"{digest}@{host or 'scrnews.invalid'}"


def _stamp(issue: Any) -> dt.datetime:
    stamp = source_date()
    if stamp is None:
        first = issue.date.first_day
        return dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone.utc)
    return stamp
