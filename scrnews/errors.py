"""Errors a newsletter editor can act on: each names file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.key}:" if self.key else ""
        return f"{where}:{field} {self.message}"


class ScrnewsError(Exception):
    """Base class for every error scrnews reports to a user."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one a line, then a count when there is more than one."""
        lines = [str(p).lstrip(": ") for p in self.problems]
        if len(self.problems) > 1:
            lines.append(f"{len(self.problems)} problems found.")
        return "\n".join(lines)


class LoadError(ScrnewsError):
    """The file could not be read as YAML."""


class ValidationError(ScrnewsError):
    """The YAML was read but does not describe a valid issue or settings file."""


class TemplateError(ScrnewsError):
    """A template could not be found, parsed or rendered."""


class PdfError(ScrnewsError):
    """WeasyPrint could not make the PDF, or warned under --strict."""


class OutputError(ScrnewsError):
    """The output could not be written where it was asked for."""


def relpath(path: Path | str) -> str:
    """Show a path relative to the working folder when it is inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
