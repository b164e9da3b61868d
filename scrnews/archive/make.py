"""Make the changed issues of an archive build: each page in this process, each PDF in the pool.

Pages take milliseconds and need the issue model; PDFs take seconds and need only the page,
so the workers get just what WeasyPrint needs. The longest issues go first, so that no worker
is still making a long PDF when the others have finished.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ScrnewsError, relpath
from .inputs import Plan

if TYPE_CHECKING:
    from ..build import Rendered, Unfinished
    from .pool import Made, RenderPool

log = logging.getLogger(__name__)


@dataclass
class Result:
    """One issue made in memory (rendered), or the problems that stopped it."""

    plan: Plan
    rendered: Rendered | None
    problems: list[Problem]
    seconds: float


def make_all(
    todo: list[Plan], out: Path, pool: RenderPool | None, options: dict, *, strict: bool
) -> Iterator[Result]:
    """Make each issue's page, then its PDF (in pool, or here without one); yield each Result
    as it is done. options are render_page's (formats, templates, profile, ...)."""
    from ..build import render_page
    from .pool import Job, make_pdf

    pages: dict[int, tuple[Plan, Rendered, Unfinished, float]] = {}
    for index, plan in enumerate(sorted(todo, key=_size, reverse=True)):
        started = time.perf_counter()
        try:
            target = out / plan.loaded.stem
            rendered, rest = render_page(plan.loaded, target, **options, extra={"nav": plan.nav})
        except ScrnewsError as error:
            yield Result(plan, None, error.problems, time.perf_counter() - started)
            continue
        except Exception as exc:  # a bug must not stop the other issues; say where it happened
            yield Result(plan, None, [_bug(plan, exc)], time.perf_counter() - started)
            continue
        page = (plan, rendered, rest, time.perf_counter() - started)
        if rest.pdf is None:  # no PDF wanted
            yield _finish(page, None, strict)
        elif pool is None:
            yield _finish(page, make_pdf(Job(index, rest.html, rest.pdf)), strict)
        else:
            pages[index] = page
            pool.submit(Job(index, rest.html, rest.pdf))
    if pool is not None:
        for made in pool.results():
            yield _finish(pages.pop(made.index), made, strict)


def _finish(
    page: tuple[Plan, Rendered, Unfinished, float], made: Made | None, strict: bool
) -> Result:
    """Check what WeasyPrint reported, add the PDF to the issue's files, make what follows it."""
    from ..build import finish_issue

    plan, rendered, rest, seconds = page
    if made is not None:
        seconds += made.seconds
        if made.pdf is None:
            problem = Problem(relpath(plan.loaded.path), None, None, "", made.error)
            return Result(plan, None, [problem], seconds)
    try:
        finish_issue(plan.loaded, rendered, rest, made.pdf if made else None, strict=strict)
    except ScrnewsError as error:
        return Result(plan, None, error.problems, seconds)
    except Exception as exc:
        return Result(plan, None, [_bug(plan, exc)], seconds)
    return Result(plan, rendered, [], seconds)


def _size(plan: Plan) -> int:
    """How long an issue is, by the bytes of its file (its PDF's pages are not known yet)."""
    try:
        return plan.item.path.stat().st_size
    except OSError:
        return 0


def _bug(plan: Plan, exc: Exception) -> Problem:
    log.debug("building %s failed", plan.loaded.path, exc_info=True)
    return Problem(
        relpath(plan.loaded.path),
        None,
        None,
        "",
        f"scrnews failed while building this issue ({type(exc).__name__}: {exc}). "
        "The other issues were built; please report this with the file.",
    )
