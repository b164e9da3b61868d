"""Completeness (warnings): a study without a link, an empty block, numbers and dates that
do not follow on from the issues checked with this one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..errors import relpath
from .core import Hit, Subject, archive_rule, issue_rule
from .forms import blocks, is_empty_block, studies_without_link


@issue_rule
def missing_parts(subject: Subject) -> Iterator[Hit]:
    """C501 studies without a link, C502 blocks with nothing in them."""
    for loc in studies_without_link(subject.data):
        yield Hit(
            "C501",
            loc,
            f"{subject.field_name(loc)} has no url: readers cannot find the study. Add its address "
            "(url: https://…).",
        )
    for loc, block in blocks(subject.data):
        if is_empty_block(block) and loc in subject.doc.value_marks:
            yield Hit(
                "C502",
                loc,
                f"{subject.field_name(loc)} has nothing in it but its heading. Write it, or remove it.",
            )


def _first_day(subject: Subject) -> dt.date | None:
    date = getattr(subject.issue, "date", None)
    day = getattr(date, "first_day", None)
    return day if isinstance(day, dt.date) else None


@archive_rule
def sequence(subjects: list[Subject]) -> Iterator[tuple[Subject, Hit]]:
    """C503 a number that does not follow the one before; C504 a date earlier than it."""
    numbered = sorted(
        (s for s in subjects if isinstance(getattr(s.issue, "number", None), int)),
        key=lambda s: (s.issue.number, s.name),
    )
    for before, subject in zip(numbered, numbered[1:], strict=False):
        number, previous = subject.issue.number, before.issue.number
        if number == previous:
            yield (
                subject,
                Hit(
                    "C503",
                    ("number",),
                    f"issue {number} is also the number of {relpath(before.path)}. Give each issue "
                    "its own number.",
                ),
            )
        elif number != previous + 1:
            missing = previous + 1 if number == previous + 2 else f"{previous + 1} to {number - 1}"
            yield (
                subject,
                Hit(
                    "C503",
                    ("number",),
                    f"issue {number} follows issue {previous} ({relpath(before.path)}): issue "
                    f"{missing} is missing. Check the number, or add the missing issue.",
                ),
            )
        day, previous_day = _first_day(subject), _first_day(before)
        if day and previous_day and day < previous_day:
            yield (
                subject,
                Hit(
                    "C504",
                    ("date",),
                    f"issue {number} is dated {subject.issue.date.isoformat()}, before issue "
                    f"{previous} ({before.issue.date.isoformat()}). Check the date or the number.",
                ),
            )
