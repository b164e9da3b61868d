"""HTML -> PDF with WeasyPrint: tagged PDF/UA-1 by default, warnings collected, reads fenced in."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_VARIANT = "pdf/ua-1"


@dataclass
class PdfResult:
    """The PDF's bytes and what WeasyPrint complained about while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)


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
) -> PdfResult:
    """Render html (whose relative links resolve against base_dir) to PDF bytes."""
    import weasyprint

    from .fetch import ProjectFetcher

    fetcher = ProjectFetcher(roots=[*roots, base_dir], assets=assets)
    collector = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(collector)
    try:
        document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
        css = [weasyprint.CSS(string=text, url_fetcher=fetcher) for text in stylesheets]
        rendered = document.render(stylesheets=css, pdf_variant=variant, pdf_tags=True)
        data = rendered.write_pdf(pdf_variant=variant, pdf_tags=True, custom_metadata=True)
    finally:
        wlog.removeHandler(collector)
    return PdfResult(data, len(rendered.pages), collector.messages)

