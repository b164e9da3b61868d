"""Errors a newsletter editor can act on: each names file, line, column and field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


#: What scrnews is doing now, outermost first ("building issues/issue-2.yaml", "writing out/").
_DOING: ContextVar[tuple[str, ...]] = ContextVar("scrnews_doing", default=())


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Note what scrnews is doing, so that an unexpected error can say so in one line."""
    token = _DOING.set((*_DOING.get(), what))
    try:
        yield
    except Exception as exc:
        if not isinstance(exc, ScrnewsError) and not hasattr(exc, "scrnews_doing"):
            exc.scrnews_doing = _DOING.get()  # the innermost steps, where it was raised
        raise
    finally:
        _DOING.reset(token)


def unexpected(exc: BaseException) -> str:
    """One line for an error scrnews did not foresee: what it was doing, and what went wrong."""
    steps = getattr(exc, "scrnews_doing", ())
    where = f" while {', '.join(steps)}" if steps else ""
    detail = " ".join(str(exc).split()) or "(no message)"
    return (
        f"scrnews stopped unexpectedly{where}: {type(exc).__name__}: {detail}. This is a bug in "
        "scrnews; run again with --debug to see where, and please report it."
    )
