"""What a rule sees (a Subject: one issue file and its text), what it returns (Hits), and
what the user gets (Findings, each at file:line:col with a code and a severity).

Rules register themselves with `issue_rule` (one issue at a time) or `archive_rule` (every
issue checked together, for numbering and dates); their patterns are compiled once, when
their module is imported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import Document, Loc, format_loc, strings
from .codes import CODES, ERROR, WARNING
from .forms import reading_rank


@dataclass(frozen=True)
class Finding:
    """One thing `scrnews check` reports. code is "" for a problem reading the file itself."""

    file: str
    line: int | None
    column: int | None
    code: str
    severity: str
    message: str
    field: str = ""

    def __str__(self) -> str:
        if not self.code:  # written exactly as build reports it
            return str(Problem(self.file, self.line, self.column, self.field, self.message))
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {self.code} {self.severity}: {self.message}"

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code)

    @classmethod
    def from_problem(cls, problem: Problem) -> Finding:
        return cls(
            problem.file, problem.line, problem.column, "", ERROR, problem.message, problem.key
        )


@dataclass(frozen=True)
class Hit:
    """What a rule found: its code, the text's key path, and where in that text (if known)."""

    code: str
    loc: Loc
    message: str
    needle: str | None = None  # the words found, to place the finding on their own line
    severity: str | None = None  # None: the code's usual severity


@dataclass
class Subject:
    """One issue file as the rules see it."""

    path: Path
    doc: Document
    issue: Any | None  # the validated issue, or None when the file has mistakes
    settings: Any  # checks.config.CheckSettings
    cache: dict = field(default_factory=dict)  # what one rule family works out, for another

    @property
    def name(self) -> str:
        return self.doc.name

    @property
    def data(self) -> dict:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def status(self) -> str:
        status = self.data.get("status", "published")
        return status.strip().lower() if isinstance(status, str) else "published"

    @property
    def published(self) -> bool:
        return self.status != "draft"

    @cached_property
    def texts(self) -> list[tuple[Loc, str]]:
        """Every string written in this file (not those taken from scrnews.yaml), in reading order."""
        marks = self.doc.value_marks
        found = [(loc, text) for loc, text in strings(self.doc.data) if loc in marks]
        order = {loc: i for i, (loc, _) in enumerate(found)}
        return sorted(found, key=lambda item: (reading_rank(item[0]), order[item[0]]))

    @cached_property
    def source(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return ""

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.source)]

    def where(self, hit: Hit) -> tuple[int | None, int | None]:
        """Line and column of the hit: of the words it found when they can be seen in the
        file as written, else of the value they are in."""
        line, column = self.doc.locate(hit.loc)
        if hit.needle and line is not None and column is not None and self.source:
            needle = hit.needle.split("\n", 1)[0]
            start = self._line_starts[line - 1] + column - 1
            text = _get(self.doc.data, hit.loc)
            limit = start + 2 * len(text if isinstance(text, str) else "") + 200
            found = self.source.find(needle, start, limit)
            if found >= 0:
                row = bisect.bisect_right(self._line_starts, found)
                return row, found - self._line_starts[row - 1] + 1
        return line, column

    def field_name(self, loc: Loc) -> str:
        """The field as the file writes it ('foreword.text' for the older form's foreword)."""
        written = getattr(self.doc, "as_written", None)
        return format_loc(written(loc) if written else loc)

    def lines_of(self, loc: Loc) -> set[int]:
        """The lines a suppression comment may stand on to cover text at loc: its key and value."""
        lines = {self.doc.locate(loc)[0], self.doc.locate(loc, key=True)[0]}
        return {line for line in lines if line is not None}


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


IssueRule = Callable[[Subject], Iterable[Hit]]
ArchiveRule = Callable[[list[Subject]], Iterable[tuple[Subject, Hit]]]

ISSUE_RULES: list[IssueRule] = []
ARCHIVE_RULES: list[ArchiveRule] = []


def issue_rule(function: IssueRule) -> IssueRule:
    """Register a rule that looks at one issue at a time."""
    ISSUE_RULES.append(function)
    return function


def archive_rule(function: ArchiveRule) -> ArchiveRule:
    """Register a rule that compares the issues checked together."""
    ARCHIVE_RULES.append(function)
    return function


def finding(subject: Subject, hit: Hit) -> Finding:
    line, column = subject.where(hit)
    severity = hit.severity or CODES[hit.code].severity
    return Finding(
        subject.name, line, column, hit.code, severity, hit.message, subject.field_name(hit.loc)
    )


@dataclass
class Report:
    """Everything `scrnews check` found in the files it was given."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    def sorted(self) -> Iterator[Finding]:
        return iter(sorted(self.findings, key=lambda f: f.sort_key))
