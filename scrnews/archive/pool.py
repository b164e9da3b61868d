"""Render issues in worker processes, each importing WeasyPrint once (not once per issue).

With one issue, or one job, everything stays in this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from ..build import Rendered, render_issue
from ..errors import Problem, ScrnewsError, relpath

log = logging.getLogger(__name__)


def render_many(plans: list, out: Path, *, jobs: int, kwargs: dict[str, Any]) -> Iterator[tuple]:
    """Yield (plan, Outcome, Rendered or None) for each plan, as each finishes."""
    from .build import Outcome

    # Web pages alone take milliseconds: not worth starting workers for.
    workers = min(jobs, len(plans)) if "pdf" in kwargs.get("formats", ("pdf",)) else 1
    if workers <= 1:
        for plan in plans:
            rendered, problems, seconds = render_one(plan.loaded, out, _with_nav(kwargs, plan))
            yield plan, _outcome(Outcome, plan, rendered, problems, seconds), rendered
        return
    with ProcessPoolExecutor(
        workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(logging.getLogger("scrnews").level,),
    ) as pool:
        futures = {
            pool.submit(render_one, plan.loaded, out, _with_nav(kwargs, plan)): plan
            for plan in plans
        }
        for future in as_completed(futures):
            plan = futures[future]
            rendered, problems, seconds = future.result()
            yield plan, _outcome(Outcome, plan, rendered, problems, seconds), rendered


def _with_nav(kwargs: dict[str, Any], plan) -> dict[str, Any]:
    return {**kwargs, "extra": {"nav": plan.nav}}


def render_one(
    loaded, out: Path, kwargs: dict[str, Any]
) -> tuple[Rendered | None, list[Problem], float]:
    """Render one issue; its problems are returned (they pickle), never raised."""
    started = time.perf_counter()
    try:
        rendered = render_issue(loaded, Path(out) / loaded.stem, **kwargs)
    except ScrnewsError as error:
        return None, error.problems, time.perf_counter() - started
    except Exception as exc:  # a bug must not stop the other issues; say where it happened
        log.debug("rendering %s failed", loaded.path, exc_info=True)
        return (
            None,
            [
                Problem(
                    relpath(loaded.path),
                    None,
                    None,
                    "",
                    f"scrnews failed while building "
                    f"this issue ({type(exc).__name__}: {exc}). The other issues were built; "
                    "please report this with the file.",
                )
            ],
            time.perf_counter() - started,
        )
    return rendered, [], time.perf_counter() - started


def _outcome(cls, plan, rendered: Rendered | None, problems: list[Problem], seconds: float):
    if rendered is None:
        return cls(plan.loaded.path, "failed", problems, seconds=seconds)
    return cls(plan.loaded.path, "built", pages=rendered.result.pages, seconds=seconds)


def _context():
    # fork is cheapest (the parent's imports come along) but only safe with one thread running.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _init_worker(level: int) -> None:
    """Import WeasyPrint once per worker, and show its warnings the way the CLI does."""
    import weasyprint  # noqa: F401

    logger = logging.getLogger("scrnews")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_Lowercase("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level or logging.INFO)


class _Lowercase(logging.Formatter):
    """'warning: ...', as the CLI writes it."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"
