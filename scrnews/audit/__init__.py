"""Accessibility audit of built newsletters: HTML in Chromium, validity, tagged PDF."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from scrnews.audit.browser import BrowserMissing
from scrnews.audit.problem import Problem, ToolMissing

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = [
    "BrowserMissing",
    "Problem",
    "ToolMissing",
    "audit_dir",
    "audit_html",
    "audit_pdf",
    "audit_reading_order",
    "find_outputs",
]

log = logging.getLogger(__name__)


def audit_html(
    paths: Iterable[str | Path],
    *,
    browser: bool = True,
    validate: bool = True,
    chromium: Browser | None = None,
) -> list[Problem]:
    """Check HTML pages in Chromium (axe, reflow, zoom, keyboard) and validate them with vnu.

    Pass an open `chromium` (from `open_browser()`) to reuse it; Playwright's sync API
    cannot start a second instance while one is running in the same thread.
    """
    paths = list(paths)
    problems: list[Problem] = []
    if browser and paths:
        problems += _browser_checks(paths, chromium)
    if validate:
        from scrnews.audit.vnu import check_vnu

        problems += check_vnu(paths)
    return problems


def _browser_checks(paths: list, chromium: Browser | None) -> list[Problem]:
    """Run the browser checks on every page, launching Chromium only if none was given."""
    from scrnews.audit.browser import open_browser
    from scrnews.audit.html_checks import check_html

    if chromium is None:
        with open_browser() as launched:
            return _browser_checks(paths, launched)
    problems: list[Problem] = []
    for path in paths:
        log.debug("auditing %s", path)
        problems += check_html(chromium, path)
    return problems


def audit_pdf(paths: Iterable[str | Path]) -> list[Problem]:
    """Check PDFs for PDF/UA-1 basics, comparing each with a sibling index.html if present."""
    from scrnews.audit.pdf_checks import check_pdf

    problems: list[Problem] = []
    for path in paths:
        html = page_of(path)
        log.debug("auditing %s", path)
        problems += check_pdf(path, html)
    return problems


def page_of(pdf: str | Path) -> Path | None:
    """The web page a PDF is the print edition of: index.html beside it, except for a bilingual
    issue's <name>-bilingual.pdf, which has both languages and so no one page to match."""
    html = Path(pdf).with_name("index.html")
    if Path(pdf).stem.endswith("-bilingual") or not html.is_file():
        return None
    return html


def audit_reading_order(paths: Iterable[str | Path]) -> list[Problem]:
    """Check each PDF's text follows the order of its sibling index.html (needs pdftotext)."""
    from scrnews.audit.reading_order import check_reading_order

    problems: list[Problem] = []
    for path in paths:
        html = page_of(path)
        if html is not None:
            problems += check_reading_order(path, html)
    return problems


def find_outputs(out_dir: str | Path) -> tuple[list[Path], list[Path]]:
    """The pages (index.html, */index.html, and a bilingual issue's other language,
    */cy/index.html or */en/index.html) and PDFs (*/*.pdf, */cy/*.pdf, */en/*.pdf)."""
    out_dir = Path(out_dir)
    pages = sorted(out_dir.glob("*/index.html"))
    pages += sorted(p for code in ("cy", "en") for p in out_dir.glob(f"*/{code}/index.html"))
    if (out_dir / "index.html").is_file():
        pages.insert(0, out_dir / "index.html")
    pdfs = sorted(out_dir.glob("*/*.pdf"))
    pdfs += sorted(p for code in ("cy", "en") for p in out_dir.glob(f"*/{code}/*.pdf"))
    return pages, pdfs


def audit_dir(
    out_dir: str | Path,
    browser: bool = True,
    validate: bool = True,
    chromium: Browser | None = None,
) -> list[Problem]:
    """Audit a build folder: index.html, every */index.html and every */*.pdf."""
    pages, pdfs = find_outputs(out_dir)
    log.debug("auditing %d pages and %d PDFs in %s", len(pages), len(pdfs), out_dir)
    html = audit_html(pages, browser=browser, validate=validate, chromium=chromium)
    return html + audit_pdf(pdfs) + audit_reading_order(pdfs)
