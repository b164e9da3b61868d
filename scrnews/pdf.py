"""HTML -> PDF with WeasyPrint: tagged PDF/UA-1 by default, warnings collected, reads fenced in."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_VARIANT = "pdf/ua-1"


@dataclass
class PdfResult:
    """The PDF's bytes and what WeasyPrint complained about while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """scrnews's own warnings about the PDF, such as images too coarse for print."""
    refused: list = field(default_factory=list)
    """fetch.Refusal for every address the fetcher would not read (the build makes them errors)."""
    inspected: Any = None
    """What the `inspect` function found in the layout (a briefing's panel fill), if one was given."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_to_pdf(
    html: str,
    *,
    base_dir: Path,
    stylesheets: Iterable[str] = (),
    roots: Iterable[Path] = (),
    assets: Mapping[str, Path] | None = None,
    variant: str | None = DEFAULT_VARIANT,
    profile: str = "screen",
    allow_remote: Iterable[str] = (),
    generated: Mapping[str, bytes] | None = None,
    inspect: Callable[[Any], Any] | None = None,
) -> PdfResult:
    """Render html to PDF bytes for a profile (profiles.py).

    Relative links resolve against base_dir, where the page's files will be: assets maps
    their URLs to source files, generated to bytes made in memory (print.css). inspect, if
    given, is called with the laid-out document before it is written (a module-level function,
    so it can be sent to a worker process); what it returns comes back as `inspected`.
    """
    import weasyprint

    from .fetch import ProjectFetcher
    from .profiles import finisher, get_profile, low_resolution_images, write_options

    chosen = get_profile(profile)
    options = write_options(variant)
    notes: list[str] = []

    fetcher = ProjectFetcher(
        roots=[*roots, base_dir],
        assets=assets,
        allow_remote=allow_remote,
        base_dir=base_dir,
        generated=generated,
    )
    collector = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(collector)
    try:
        base_url = base_dir.as_uri() + "/"
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        sheets = [text for text in [*stylesheets, chosen.page_css] if text]
        css = [weasyprint.CSS(string=text, url_fetcher=fetcher) for text in sheets]
        # Presentational hints: the HTML attributes a browser honours, such as <ol start="3">
        # (a list that continues after a paragraph), which WeasyPrint otherwise ignores.
        rendered = document.render(stylesheets=css, presentational_hints=True, **options)
        _one_annotation_per_link(rendered)
        inspected = inspect(rendered) if inspect is not None else None
        data = rendered.write_pdf(
            finisher=finisher(chosen, f"{variant}\n{html}".encode()), **options
        )
        if chosen.min_dpi:
            notes = low_resolution_images(rendered, chosen.min_dpi, assets or {})
    finally:
        wlog.removeHandler(collector)
    return PdfResult(
        data, len(rendered.pages), collector.messages, notes, fetcher.refused, inspected
    )


def _one_annotation_per_link(document) -> None:
    """Keep the link annotation of each piece of a link, not those of the elements inside it.

    WeasyPrint 70 also gives every element inside a link (the <span> and <wbr> that break an
    address sensibly, the words of a contents entry) an annotation of its own, which the tagged
    PDF does not reference from a Link element (PDF/UA 7.18.5). The link's own annotation
    covers the same area, so the inner ones are dropped before the PDF is written.
    """
    for page in document.pages:
        inside = {
            id(inner) for *_, box in page.links for inner in box.descendants() if inner is not box
        }
        page.links[:] = [link for link in page.links if id(link[3]) not in inside]


def _start_worker(parent_pid: int) -> None:
    """In the worker: end with the build however it ends, then import WeasyPrint (warming the
    worker before the HTML is ready)."""
    from .children import die_with_parent, name_process, quiet_signals

    die_with_parent(parent_pid)
    quiet_signals()
    name_process("scrnews-pdf")
    import weasyprint  # noqa: F401

    from . import fetch, profiles  # noqa: F401  (what html_to_pdf imports, before the HTML comes)


class WarmRenderer:
    """Makes a PDF in a child process started early, so WeasyPrint's slow import runs on the
    second core while this process loads, validates and renders the HTML.

    Used for single-issue builds; falls back to rendering in-process where fork is not
    available or threads are running (fork is only safe in a single-threaded process).
    """

    def __init__(self) -> None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        from .children import context

        self._pool = None
        if context().get_start_method() == "fork":
            self._pool = ProcessPoolExecutor(
                1, mp_context=context(), initializer=_start_worker, initargs=(os.getpid(),)
            )
            self._pool.submit(int)  # start the worker now

    def __call__(self, html: str, **kwargs) -> PdfResult:
        if self._pool is None:
            return html_to_pdf(html, **kwargs)
        return self._pool.submit(html_to_pdf, html, **kwargs).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WarmRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
