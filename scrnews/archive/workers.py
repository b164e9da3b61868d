"""What runs in the render process and its workers (pool.py starts them from the build).

The build makes each issue's page itself (milliseconds) and sends the workers what WeasyPrint
needs to make the PDF (seconds). The render process imports WeasyPrint and warms it up once,
while the build is still reading the issues, then forks the workers: they share all of that
copy-on-write and are ready in milliseconds. Each worker makes one PDF at a time. The render
process hands out the PDFs to make in the order they come (the build sends the biggest
first), passes results back, and when a worker dies (killed, out of memory) reports its PDF
as lost and starts another worker for the PDFs still waiting.

Messages are pickles. The build sends one Job per PDF, then b"" when there are no more; the
render process sends back a Made for each Job (results wait in the render process until the
build has sent everything, so neither side can block the other).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import children

if TYPE_CHECKING:
    from ..pdf import PdfResult

log = logging.getLogger(__name__)

#: What the warm-up renders: a little of everything a newsletter has, in the theme's typeface.
_WARM_UP = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>
<style>@font-face {{ font-family: warm; src: url({font}); }}
body {{ font-family: warm, sans-serif; }} @page {{ size: A4; @top-center {{ content: "Warm-up" }}
@bottom-center {{ content: "Page " counter(page) " of " counter(pages) }} }}</style></head>
<body><nav><ol><li><a href="#a">Part</a></li></ol></nav><main><h1 id="a">Heading</h1>
<p>Text with <strong>bold</strong>, <em>italics</em> and <a href="https://example.org">a link</a>.</p>
<ul><li>One</li><li>Two</li></ul><table><caption>Table</caption><tr><th>Head</th><td>1</td></tr>
</table><figure><svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" role="img">
<title>Chart</title><rect width="20" height="10" fill="#1d4f91"/><text y="18">3</text></svg>
<figcaption>Figure</figcaption></figure></main></body></html>"""


@dataclass
class Job:
    """One issue's PDF work: pdf.make_pdf(html, **options) (html is a list of each edition's
    (HTML, options) for a bilingual issue, which gets a PDF per language and a bilingual one)."""

    index: int
    html: str | list[tuple[str, dict]]
    options: dict[str, Any]


@dataclass
class Made:
    """A PDF made (pdf), or why it was not (error, in words), and how long it took."""

    index: int
    pdf: PdfResult | list[PdfResult] | None
    """A bilingual issue's are a list: each edition's PDF, then the bilingual one."""
    error: str = ""
    seconds: float = 0.0


def make_pdf(job: Job) -> Made:
    """Make one issue's PDF; a failure is returned in words (it pickles), never raised."""
    from .. import pdf as maker

    started = time.perf_counter()
    try:
        pdf = maker.make_pdf(job.html, **job.options)
    except Exception as exc:  # a bug must not stop the other issues; say where it happened
        log.debug("making PDF %d failed", job.index, exc_info=True)
        error = (
            f"scrnews failed while making this issue's PDF ({type(exc).__name__}: {exc}). "
            "The other issues were built; please report this with the file."
        )
        return Made(job.index, None, error, time.perf_counter() - started)
    return Made(job.index, pdf, "", time.perf_counter() - started)


def warm_up() -> None:
    """Import WeasyPrint and make one small PDF, so that the fonts, the C libraries and the
    type declarations WeasyPrint parses on first use are ready before the workers fork."""
    import email.policy  # noqa: F401  (imported on first use otherwise)

    from ..pdf import html_to_pdf
    from ..project import theme_dir

    fonts = sorted((theme_dir() / "fonts").glob("*.ttf"))
    html = _WARM_UP.format(font=fonts[0].name if fonts else "none.ttf")
    try:
        html_to_pdf(html, base_dir=theme_dir() / "fonts", roots=[theme_dir()])
    except Exception:  # only a warm-up: the real PDFs will say what is wrong
        log.debug("warming up WeasyPrint failed", exc_info=True)


def serve(conn, jobs: int, parent_pid: int, level: int) -> None:
    """The render process: warm up, then make the build's PDFs in up to jobs workers."""
    children.die_with_parent(parent_pid, watch=False)  # no thread: this process forks
    children.quiet_signals()
    children.name_process("scrnews-render")
    _log_like_the_cli(level)
    started = time.perf_counter()
    warm_up()
    log.debug(
        "render process: WeasyPrint imported and warmed up in %.2f s", time.perf_counter() - started
    )
    gc.freeze()  # what is loaded now stays put, so the workers' garbage collector leaves it shared
    _Relay(conn, jobs, level).run()


class _Relay:
    """Hand jobs to workers in the order they come; pass results back to the build."""

    def __init__(self, build, jobs: int, level: int) -> None:
        self.build, self.jobs, self.level = build, jobs, level
        self.context = children.context()
        self.waiting: deque[tuple[int, bytes]] = deque()
        self.idle: list[tuple[Any, Any]] = []  # (process, connection)
        self.busy: dict[Any, tuple[Any, int]] = {}  # connection -> (process, job index)
        self.results: list[bytes] = []
        self.all_sent = False

    def run(self) -> None:
        from multiprocessing.connection import wait

        try:
            while not (self.all_sent and not self.busy and not self.waiting):
                for conn in wait([*self.busy, self.build]):
                    if conn is self.build:
                        if not self._receive():
                            return  # the build went away, or gave up: stop at once
                    else:
                        self._collect(conn)
                self._hand_out()
        finally:
            self._stop()

    def _receive(self) -> bool:
        try:
            message = self.build.recv_bytes()
        except (EOFError, OSError):
            return False
        if self.all_sent:
            return False  # nothing is expected after b"": the build is closing
        if message:
            self.waiting.append(pickle.loads(message))
        else:
            self.all_sent = True
            self._flush()
        return True

    def _collect(self, conn) -> None:
        process, index = self.busy.pop(conn)
        try:
            result = conn.recv_bytes()
        except (EOFError, OSError):  # the worker died with this PDF in hand
            conn.close()
            process.join()
            result = pickle.dumps(Lost(index, process.exitcode))
        else:
            self.idle.append((process, conn))
        self.results.append(result)
        if self.all_sent:
            self._flush()

    def _flush(self) -> None:
        for result in self.results:
            self.build.send_bytes(result)
        self.results.clear()

    def _hand_out(self) -> None:
        while self.waiting and (self.idle or len(self.busy) < self.jobs):
            process, conn = self.idle.pop() if self.idle else self._start()
            index, payload = self.waiting.popleft()
            self.busy[conn] = (process, index)
            conn.send_bytes(payload)

    def _start(self):
        ours, theirs = self.context.Pipe()
        # A forked worker closes the ends it inherits of the other pipes here, or a process
        # would not see the other end die (a pipe ends when every copy of its end is closed).
        inherited = [self.build, *self.busy, *(conn for _, conn in self.idle), ours]
        forked = self.context.get_start_method() == "fork"
        process = self.context.Process(
            target=work,
            args=(theirs, os.getpid(), self.level, inherited if forked else []),
            name="scrnews-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        return process, ours

    def _stop(self) -> None:
        for _, conn in self.idle:
            with contextlib.suppress(OSError):
                conn.send_bytes(b"")  # the worker ends
        for process, _ in self.busy.values():
            process.kill()
        for process, conn in [*self.idle, *((p, c) for c, (p, _) in self.busy.items())]:
            process.join()
            conn.close()


@dataclass
class Lost:
    """The worker making PDF `index` died; exitcode says how (negative: by that signal)."""

    index: int
    exitcode: int | None


def work(conn, parent_pid: int, level: int, inherited: list) -> None:
    """A worker: make each PDF it is sent until it is sent b""."""
    children.die_with_parent(parent_pid)
    children.quiet_signals()
    children.name_process("scrnews-worker")
    for other in inherited:
        other.close()
    _log_like_the_cli(level)
    while payload := conn.recv_bytes():
        index, html, options = pickle.loads(payload)
        conn.send_bytes(pickle.dumps(make_pdf(Job(index, html, options))))


def _log_like_the_cli(level: int) -> None:
    """Show log lines the way the CLI does, in a process started by spawn (fork keeps them)."""
    logger = logging.getLogger("scrnews")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_Lowercase())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level or logging.INFO)


class _Lowercase(logging.Formatter):
    """'warning: ...', as the CLI writes it."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        return prefix + record.getMessage()
