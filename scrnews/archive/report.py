"""What an archive build did: each issue's outcome, the progress shown while it runs, and the
closing table."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, relpath

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What happened to one issue file: built, skipped (unchanged), failed, or held (not due)."""

    source: Path
    state: str
    problems: list[Problem] = field(default_factory=list)
    pages: int | None = None
    seconds: float = 0.0
    reason: str = ""


@dataclass
class ArchiveResult:
    """What build_all did, for the summary table and the exit status."""

    out_dir: Path
    outcomes: list[Outcome]
    seconds: float
    written: bool

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]


class Reporter:
    """Progress of a build; the CLI swaps in a progress bar on a terminal. Plain log lines here."""

    def start(self, total: int) -> None:
        """total issues are about to be rendered."""

    def advance(self, outcome: Outcome) -> None:
        if outcome.state == "built":
            pages = (
                f"{outcome.pages} page{'' if outcome.pages == 1 else 's'}, "
                if outcome.pages
                else ""
            )
            log.info("built %s (%s%.1f s)", relpath(outcome.source), pages, outcome.seconds)

    def finish(self) -> None:
        """Rendering is over."""


def summary(result: ArchiveResult) -> list[str]:
    """The closing table: issues built, skipped, failed (and held back), and the time taken."""
    rows = [
        ("built", result.count("built")),
        ("skipped", result.count("skipped")),
        ("failed", result.count("failed")),
    ]
    if result.count("held"):
        rows.append(("not due", result.count("held")))
    lines = [f"{'':<9}{'issues':>7}"]
    lines += [f"{name:<9}{n:>7}" for name, n in rows]
    lines.append(f"{'total':<9}{len(result.outcomes):>7}   {result.seconds:.1f} s")
    return lines
