"""events: training, briefings and conferences, each with a calendar file beside the page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator

from ..fields import Day, Markdown, Url
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText

# Welsh too: "9:30 i 12:30", "2yh tan 4yh" (yb, y bore: am; yh, yr hwyr/prynhawn: pm).
_TIME = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|yb|yh)?\s*"
    r"(?:(?:to|until|i|tan|hyd|-|–|—)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|yb|yh)?)?\s*$",
    re.I,
)


def clock(text: str) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """'9:30 to 12:30' -> ((9, 30), (12, 30)); '2pm' -> ((14, 0), None); None if unreadable."""
    match = _TIME.match(text)
    if not match:
        return None
    start = _hm(match[1], match[2], match[3] or match[6])
    end = _hm(match[4], match[5], match[6]) if match[4] else None
    if start is None or (match[4] and end is None):
        return None
    return start, end


def _hm(hours: str, minutes: str | None, half: str | None) -> tuple[int, int] | None:
    h, m = int(hours), int(minutes or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() in ("pm", "yh") else 0)
    return (h, m) if h < 24 and m < 60 else None


class Event(Model):
    """A training session, briefing or conference."""

    title: str = Field(examples=["Learning from reviews: neglect"])
    """What it is."""
    date: Day = Field(examples=["2024-09-12"])
    """The day it is on (the first day, if it runs over several)."""
    end: Day | None = Field(default=None, examples=["2024-09-13"])
    """The last day, for an event over several days."""
    time: str | None = Field(default=None, examples=["9:30 to 12:30"])
    """When it starts and ends, such as 9:30 to 12:30 or 2pm to 4pm (put it in quotes)."""
    place: str | None = Field(
        default=None, examples=["Margaret McMillan Tower\nPrince's Way\nBradford"]
    )
    """Where it is: a venue or an address, one line each (after `place: |`)."""
    online: bool = Field(default=False, examples=[True])
    """It is held online (shown as 'Online'; the joining details usually come on booking)."""
    booking: Url | None = Field(default=None, examples=["https://www.example-scp.org.uk/training"])
    """Where to book a place."""
    audience: str | None = Field(default=None, examples=["Practitioners in all agencies"])
    """Who it is for."""
    cost: str | None = Field(default=None, examples=["Free"])
    """What it costs, in your words."""
    description: Markdown | None = Field(
        default=None, examples=["What the latest reviews tell us."]
    )
    """More about it (Markdown)."""

    @field_validator("time")
    @classmethod
    def _readable_time(cls, value: str | None) -> str | None:
        if value is not None and clock(value) is None:
            raise ValueError(
                f"{value!r} is not a time scrnews can put in a calendar. Write it like "
                "'9:30 to 12:30' or '2pm to 4pm', in quotes"
            )
        return value

    @model_validator(mode="after")
    def _ends_after(self) -> Event:
        if self.end is not None and self.end.start < self.date.start:
            raise ValueError(
                f"the event ends ({self.end.isoformat()}) before it starts "
                f"({self.date.isoformat()}). Check 'date' and 'end'"
            )
        return self

    @property
    def place_lines(self) -> list[str]:
        return [line.strip() for line in (self.place or "").splitlines() if line.strip()]


class Events(Block):
    """Training and events: a dated list, each with a calendar file (.ics) readers can add."""

    type: Literal["events"]
    intro: Markdown | None = Field(default=None, examples=["Our training this autumn:"])
    """Text before the events."""
    events: list[Event] = Field(
        min_length=1, examples=[[{"title": "Neglect training", "date": "2024-09-12"}]]
    )
    """The events, in the order to show them."""
    after: Markdown | None = Field(
        default=None, examples=["All courses are free to partner agencies."]
    )
    """Text after the events."""

    def context(self, view: Any, issue: Any, labels: dict[str, str]) -> dict[str, Any]:
        return {"calendar": [calendar_name(view.id, i, e) for i, e in enumerate(self.events)]}

    def files(self, view: Any, issue: Any) -> dict[str, bytes]:
        from ..calendar import event_ics

        return {
            calendar_name(view.id, index, event): event_ics(
                event, issue, uid_seed=f"{view.id}-{index}"
            )
            for index, event in enumerate(self.events)
        }

    def plain_text(self, out: PlainText, view: Any) -> None:
        words = out.labels
        out.markdown(self.intro)
        for index, event in enumerate(self.events):
            out.heading(event.title, out.sub(view))
            when = out.date(event.date)
            if event.end:
                when += f" {words['date_to']} {out.date(event.end)}"
            if event.time:
                when += f", {event.time}"
            out.para(when)
            out.lines([words["online"]] * event.online + event.place_lines)
            if event.audience:
                out.para(f"{words['audience']}: {event.audience}")
            if event.cost:
                out.para(f"{words['cost']}: {event.cost}")
            out.markdown(event.description)
            if event.booking:
                out.para(out.link(words["book"], event.booking))
            out.para(out.link(words["add_to_calendar"], view.extra["calendar"][index]))
        out.markdown(self.after)


def calendar_name(block_id: str, index: int, event: Event) -> str:
    """The .ics file of an event, relative to the page: events/<block>-<n>.ics."""
    return f"events/{block_id}-{index + 1}.ics"
