"""Counts derived from the issue's data: case statistics, action-plan status, and the check
that the figures an issue states in its text agree with the figures its cases give.

Plain Python only (no plotting or data library), so building the web page stays fast.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .blocks.actions import Action
    from .blocks.figures import Case, Figures
    from .errors import Problem
    from .load import Document, Loc

#: Facets a case can be counted by, in the order the figures show them.
FACETS = ("outcome", "age_band", "sex", "issues", "review_type", "year", "age")
#: Values with a fixed order (the schema's own choices); other facets keep their own order.
FIXED_ORDER = {
    "sex": ("boy", "girl", "unknown"),
    "outcome": ("died", "life-threatening incident", "serious harm"),
}
RAG_ORDER = ("green", "amber", "red", "complete")
#: A case without a value for a facet is counted under this key, so the counts add up.
NOT_RECORDED = ""


@dataclass(frozen=True)
class Breakdown:
    """How many reviews have each value of one facet, in display order."""

    facet: str
    counts: tuple[tuple[Any, int], ...]

    @property
    def values(self) -> list[Any]:
        return [value for value, _ in self.counts]

    def __getitem__(self, value: Any) -> int:
        return dict(self.counts).get(value, 0)

    def __bool__(self) -> bool:
        return any(value != NOT_RECORDED for value, _ in self.counts)


@dataclass(frozen=True)
class CaseStats:
    """The counts the local reviews' figures show."""

    reviews: int
    breakdowns: dict[str, Breakdown]

    def __getitem__(self, facet: str) -> Breakdown:
        return self.breakdowns[facet]


def case_stats(cases: Sequence[Case]) -> CaseStats:
    """Count the cases by every facet."""
    return CaseStats(len(cases), {facet: breakdown(cases, facet) for facet in FACETS})


def breakdown(cases: Sequence[Case], facet: str) -> Breakdown:
    """Count the cases by one facet; a case may list several issues, each counted once."""
    counter: Counter = Counter()
    for case in cases:
        counter.update(_values(case, facet))
    if set(counter) == {NOT_RECORDED}:
        return Breakdown(facet, ())
    order = sorted(counter, key=_sort_key(facet, cases, counter))
    return Breakdown(facet, tuple((value, counter[value]) for value in order))


def _values(case: Case, facet: str) -> list[Any]:
    value = getattr(case, facet)
    if facet == "issues":
        return list(dict.fromkeys(issue.strip() for issue in value))
    return [NOT_RECORDED if value is None else value]


def _sort_key(facet: str, cases: Sequence[Case], counter: Counter):
    first_seen = {
        v: i
        for i, v in reversed(list(enumerate(v for case in cases for v in _values(case, facet))))
    }

    def key(value: Any) -> tuple:
        last = value == NOT_RECORDED
        if facet in FIXED_ORDER:
            return (last, FIXED_ORDER[facet].index(value) if not last else 0)
        if facet == "age_band":
            return (last, age_band_key(str(value)), first_seen[value])
        if facet in ("year", "age"):
            return (last, value if not last else 0)
        if facet == "issues":
            return (last, -counter[value], first_seen[value])
        return (last, first_seen[value])

    return key


def age_band_key(band: str) -> float:
    """Order age groups by their lower end: 'under 1' < '1 to 4' < '5 to 9' < '16 and over'."""
    numbers = re.findall(r"\d+", band)
    if not numbers:
        return float("inf")
    lowest = float(numbers[0])
    return lowest - 0.5 if re.match(r"\s*(under|less than|below|<)", band, re.I) else lowest


def rag_counts(actions: Iterable[Action]) -> list[tuple[str, int]]:
    """(status, how many) in the order green, amber, red, complete, leaving out zeros."""
    counter = Counter(action.status for action in actions if action.status)
    return [(status, counter[status]) for status in RAG_ORDER if counter[status]]


# ---------------------------------------------------------------- prose and data agree


def stated_problems(block: Figures, doc: Document, loc: Loc) -> list[Problem]:
    """Each figure the text gives (the block's `stated` and `since`) that its cases contradict."""
    problems = _since_problems(block, doc, loc)
    if block.stated is None:
        return problems
    return problems + _figure_problems(block, doc, loc)


def _since_problems(block: Figures, doc: Document, loc: Loc) -> list[Problem]:
    if block.since is None:
        return []
    return [
        doc.problem(
            (*loc, "cases", i, "year"),
            f"this review's year, {case.year}, is before 'since' "
            f"({block.since}), so the text leaves it out. Correct the year or "
            "'since' so the two agree.",
        )
        for i, case in enumerate(block.cases)
        if case.year and case.year < block.since
    ]


def _figure_problems(block: Figures, doc: Document, loc: Loc) -> list[Problem]:
    base = (*loc, "stated")
    problems: list[Problem] = []
    stated, cases = block.stated, block.cases
    if stated.reviews is not None and stated.reviews != len(cases):
        message = _reviews_message(stated.reviews, cases, doc, loc)
        problems.append(doc.problem((*base, "reviews"), message))
    for facet in FACETS:
        derived = breakdown(cases, facet)
        for value, figure in getattr(stated, facet).items():
            if derived[value] != figure:
                message = _mismatch(facet, value, figure, derived, cases, doc, loc)
                problems.append(
                    doc.problem((*base, facet, _yaml_key(doc, (*base, facet), value)), message)
                )
    return problems


def _reviews_message(figure: int, cases: Sequence[Case], doc: Document, loc: Loc) -> str:
    if not cases:
        return (
            f"the text gives {figure} {_plural(figure, 'review', 'reviews')}, but there are no "
            "cases to count. Add one entry per review under 'cases', or give the number "
            "under 'counts' instead of 'stated'."
        )
    line, _ = doc.locate((*loc, "cases"))
    where = f" (from line {line})" if line else ""
    return (
        f"the text gives {figure} reviews, but {_cases_name(doc, loc)}{where} lists {len(cases)}. "
        "Add or remove cases, or correct this figure, so the two agree."
    )


def _cases_name(doc: Document, loc: Loc) -> str:
    from .load import format_loc

    return format_loc(doc.as_written((*loc, "cases")))


def _mismatch(
    facet: str,
    value: Any,
    figure: int,
    derived: Breakdown,
    cases: Sequence[Case],
    doc: Document,
    loc: Loc,
) -> str:
    shown = f"{facet} '{value}'"
    lines = [
        doc.locate((*loc, "cases", i))[0]
        for i, case in enumerate(cases)
        if value in _values(case, facet)
    ]
    if lines:
        found = (
            f"{len(lines)} ({_plural(len(lines), 'the case', 'the cases')} on "
            f"{_plural(len(lines), 'line', 'lines')} {_join(str(n) for n in lines)})"
        )
    else:
        known = [str(v) for v in derived.values if v != NOT_RECORDED]
        found = "none" + (
            f"; the cases use {_join(repr(v) for v in known)}"
            if known
            else f"; no case gives its {facet}"
        )
    return (
        f"the text gives {figure} with {shown}, but {_cases_name(doc, loc)} has {found}. "
        "Correct this figure or the cases so the two agree."
    )


def _yaml_key(doc: Document, parent: tuple, value: Any) -> Any:
    """The key as the YAML file wrote it (a number key such as 2009 is the text '2009' there)."""
    data = doc.data
    for part in parent:
        if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = data.get(part, {}) if isinstance(data, dict) else {}
    for key in data if isinstance(data, dict) else ():
        if str(key).strip() == str(value):
            return key
    return value


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _join(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    *head, last = items
    return f"{', '.join(head)} and {last}" if head else last
