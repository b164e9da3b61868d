"""The time an issue covers, as boards write it: a day, a month, a season, a quarter or a range.

Plain Python (no pydantic), so the archive's listings and the labels can use it cheaply.
A period is stored as its first and last month (and day, for a day), which sorts issues
correctly whatever the author wrote; `kind` remembers how to say it again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

#: Month names a period may be written with, English and Welsh, with the Welsh soft
#: mutations that follow "i" ("Gorffennaf i Fedi") so that a Welsh range reads back too.
_MONTH_WORDS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("january", "jan", "ionawr"),
        ("february", "feb", "chwefror"),
        ("march", "mar", "mawrth", "fawrth"),
        ("april", "apr", "ebrill"),
        ("may", "mai", "fai"),
        ("june", "jun", "mehefin", "fehefin"),
        ("july", "jul", "gorffennaf", "orffennaf"),
        ("august", "aug", "awst"),
        ("september", "sep", "sept", "medi", "fedi"),
        ("october", "oct", "hydref"),
        ("november", "nov", "tachwedd", "dachwedd"),
        ("december", "dec", "rhagfyr", "ragfyr"),
    ],
    start=1,
):
    for _name in _names:
        _MONTH_WORDS[_name] = _number

#: Seasons: the month each starts in (meteorological seasons, as the Met Office counts them).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SEASON_WORDS = {
    "spring": "spring",
    "summer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
    "gwanwyn": "spring",
    "haf": "summer",
    # "Hydref" is both October and autumn in Welsh: it is read as October (the month names
    # come after the seasons below); write "Autumn 2024" for the season (shown "Hydref 2024").
    "gaeaf": "winter",
}

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_RANGE = re.compile(r"^(\d{4})-(\d{1,2})\s*(?:/|to|–|—|-)\s*(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*(\d{4}))$", re.I)
_SEASON = re.compile(r"^([a-z]+)\s+(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$", re.I)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$", re.I)
_WORD_RANGE = re.compile(
    r"^([a-z]+)\.?(?:\s+(\d{4}))?\s*(?:to|until|i|–|—|-)\s*([a-z]+)\.?\s+(\d{4})$", re.I
)


@dataclass(frozen=True, order=True)
class Period:
    """A stretch of time: from the first day of `start` to the last day of `end`.

    kind: "day", "month", "season", "quarter" or "range" (of months).
    """

    start: dt.date
    end: dt.date
    kind: str = field(default="month", compare=False)
    season: str | None = field(default=None, compare=False)
    """spring, summer, autumn or winter, for a season."""
    split_year: bool = field(default=False, compare=False)
    """A winter written across two years ("Winter 2023/24")."""

    # The names the rest of scrnews (and templates) used for a month-or-day date.
    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month(self) -> int:
        return self.start.month

    @property
    def day(self) -> int | None:
        return self.start.day if self.kind == "day" else None

    @property
    def first_day(self) -> dt.date:
        return self.start

    @property
    def last_day(self) -> dt.date:
        return self.end

    def isoformat(self) -> str:
        """A sortable, readable key: 2012-01-16, 2012-01, or 2011-07/2011-09 for longer periods."""
        if self.kind == "day":
            return self.start.isoformat()
        first = f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == "month":
            return first
        return f"{first}/{self.end.year:04d}-{self.end.month:02d}"

    def text(self) -> str:
        """The period in the form `parse_period` reads back (English): for listings and caches."""
        if self.kind == "season":
            return f"{self.season.capitalize()} {_season_year(self)}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{self.start.month // 3 + 1}"  # starts in 1, 4, 7 or 10
        return self.isoformat()


def _season_year(period: Period) -> str:
    year = period.start.year
    return f"{year}/{(year + 1) % 100:02d}" if period.split_year else str(year)


def month_span(first: tuple[int, int], last: tuple[int, int], kind: str, **extra) -> Period:
    """The period from the first day of month `first` to the last day of month `last`
    (a last month past 12 counts on into the next year: (2023, 14) is February 2024)."""
    start = dt.date(first[0], first[1], 1)
    following = dt.date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
    return Period(start, following - dt.timedelta(days=1), kind, **extra)


def day(date: dt.date) -> Period:
    return Period(date, date, "day")


def month(year: int, number: int) -> Period:
    return month_span((year, number), (year, number), "month")


class PeriodError(ValueError):
    """Text that is not a period scrnews can read."""


HOW_TO_WRITE = (
    "Write a day (2012-01-16), a month (2012-01 or January 2012), a season (Spring 2024), "
    "a quarter (2024-Q3) or a range of months (July to September 2011)"
)


def parse_period(value: object) -> Period:
    """Read a period from YAML: a date, or text in one of the forms HOW_TO_WRITE names."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, Period):
        return value
    if not isinstance(value, str | int):
        raise PeriodError(f"expected a date such as 2012-01. {HOW_TO_WRITE}")
    text = " ".join(str(value).split())
    try:
        found = _read(text)
    except ValueError:  # a month 13, a 30th of February
        found = None
    if found is None:
        raise PeriodError(f"{text!r} is not a date scrnews can read. {HOW_TO_WRITE}")
    if found.end < found.start:
        raise PeriodError(
            f"{text!r} ends before it starts. Write the earlier month first, "
            "such as July to September 2011"
        )
    return found


def _read(text: str) -> Period | None:
    lowered = text.lower()
    if match := _ISO_MONTH.match(text):
        return month(int(match[1]), _month_number(int(match[2])))
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", text):
        return day(dt.date.fromisoformat(_padded(text)))
    if match := _ISO_RANGE.match(text):
        first = (int(match[1]), _month_number(int(match[2])))
        last = (int(match[3]), _month_number(int(match[4])))
        return month_span(first, last, "range")
    if match := _QUARTER.match(text):
        year = int(match[1] or match[4])
        quarter = int(match[2] or match[3])
        return month_span((year, quarter * 3 - 2), (year, quarter * 3), "quarter")
    if (match := _SEASON.match(lowered)) and match[1] in _SEASON_WORDS:
        return _season(_SEASON_WORDS[match[1]], int(match[2]), match[3])
    if (match := _MONTH_YEAR.match(lowered)) and match[1] in _MONTH_WORDS:
        return month(int(match[2]), _MONTH_WORDS[match[1]])
    if (match := _WORD_RANGE.match(lowered)) and {match[1], match[3]} <= set(_MONTH_WORDS):
        last = (int(match[4]), _MONTH_WORDS[match[3]])
        first_month = _MONTH_WORDS[match[1]]
        first_year = int(match[2]) if match[2] else last[0] - (first_month > last[1])
        return month_span((first_year, first_month), last, "range")
    return None


def _season(name: str, year: int, second: str | None) -> Period:
    start = SEASONS[name]
    if second is not None:
        # "2023/24" or "2023/2024" ("1999/00" too): only a winter runs into the next year
        following = year + 1 if len(second) == 4 else (year + 1) % 100
        if name != "winter" or int(second) != following:
            raise ValueError("only a winter spans two years")
    # a winter ends in "month 14" of its first year, which month_span counts as February
    last = (year, start + 2)
    return month_span((year, start), last, "season", season=name, split_year=second is not None)


def _month_number(number: int) -> int:
    if not 1 <= number <= 12:
        raise ValueError("no such month")
    return number


def _padded(text: str) -> str:
    year, month_, day_ = text.split("-")
    return f"{year}-{int(month_):02d}-{int(day_):02d}"


def from_isoformat(text: str) -> Period:
    """The period a `Period.isoformat()` key stands for (the kind of a longer one is lost)."""
    if "/" in text:
        first, last = text.split("/")
        (y1, m1), (y2, m2) = (map(int, part.split("-")) for part in (first, last))
        return month_span((y1, m1), (y2, m2), "range")
    parts = [int(part) for part in text.split("-")]
    return day(dt.date(*parts)) if len(parts) == 3 else month(*parts)
