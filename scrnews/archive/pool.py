"""Make the PDFs of an archive build: in this process for one job, else in worker processes.

The workers are forked from one render process (workers.py), started as the build begins:
it imports WeasyPrint and warms it up on another core while this process reads the issues,
so neither cost is paid again per worker. A worker that dies (killed, out of memory) loses
only the PDF it was making; the others are still made.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator

from .. import children
from .workers import Job, Lost, Made, make_pdf, serve

__all__ = ["Job", "Made", "RenderPool", "make_pdf"]


class RenderPool:
    """Up to jobs worker processes, forked from a render process that starts now."""

    def __init__(self, jobs: int) -> None:
        context = children.context()
        self._conn, theirs = context.Pipe()
        level = logging.getLogger("scrnews").level
        self._process = context.Process(
            target=serve, args=(theirs, jobs, os.getpid(), level), name="scrnews-render"
        )
        self._process.start()
        theirs.close()
        self._sent: list[int] = []
        self._finished = False

    def submit(self, job: Job) -> None:
        """Queue a PDF to make; PDFs are started in the order they are submitted."""
        payload = pickle.dumps((job.index, job.html, job.options))
        self._conn.send_bytes(pickle.dumps((job.index, payload)))
        self._sent.append(job.index)

    def results(self) -> Iterator[Made]:
        """Say that was every PDF; yield a Made for each one, as each is done."""
        waiting = set(self._sent)
        if waiting:
            self._conn.send_bytes(b"")
        while waiting:
            try:
                made = pickle.loads(self._conn.recv_bytes())
            except (EOFError, OSError):  # the render process itself is gone
                self._process.join()
                for index in sorted(waiting):
                    yield _lost(index, "render process", self._process.exitcode)
                break
            if isinstance(made, Lost):
                made = _lost(made.index, "worker process", made.exitcode)
            waiting.discard(made.index)
            yield made
        self._finished = bool(self._sent)  # else it may still be warming up: stop it at once

    def close(self) -> None:
        """Stop the render process and its workers: at once, unless their work is done."""
        self._conn.close()
        if not self._finished:
            self._process.kill()
        self._process.join()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _lost(index: int, who: str, exitcode: int | None) -> Made:
    error = (
        f"the {who} making this issue's PDF {children.describe_exit(exitcode)}, so the "
        "issue was not built. Build again; if it happens again, try --jobs 1, which needs "
        "less memory."
    )
    return Made(index, None, error)
