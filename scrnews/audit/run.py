"""`scrnews audit`: every check on a build folder, what it found, which tools were missing."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrnews.audit import audit_html, audit_pdf, audit_reading_order, find_outputs
from scrnews.audit.problem import Problem, ToolMissing

if TYPE_CHECKING:
    from playwright.sync_api import Browser

log = logging.getLogger(__name__)

#: The checks, in the order they run and are counted, with what each covers.
CHECKS = {
    "axe": "axe-core, WCAG 2.0-2.2 A and AA",
    "keyboard": "Tab reaches every link, focus visible",
    "reflow": "320 px wide",
    "text zoom": "200% text",
    "fonts": "every letter drawn in the page's own fonts",
    "HTML validity": "Nu HTML Checker",
    "PDF structure": "PDF/UA-1 tags, metadata, fonts",
    "reading order": "PDF text follows the HTML",
    "local files": "every href, src and CSS url() finds its file",
}
BROWSER_CHECKS = ("axe", "keyboard", "reflow", "text zoom", "fonts")


class NothingToAudit(Exception):
    """The folder holds no built pages or PDFs."""


@dataclass
class AuditReport:
    """What an audit looked at, which checks ran, what they found and which tools were missing."""

    out_dir: Path
    pages: list[Path]
    pdfs: list[Path]
    problems: list[Problem] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every check ran and none found a problem."""
        return not self.problems and not self.missing

    def counts(self) -> dict[str, int]:
        """Problems found by each check that ran (0 for a clean check)."""
        found = Counter(problem.check for problem in self.problems)
        return {check: found[check] for check in self.ran}

    def summary(self) -> str:
        """One line: what was audited and how many problems each check found."""
        pages = f"{_plural(len(self.pages), 'page')} and {_plural(len(self.pdfs), 'PDF')}"
        counts = ", ".join(f"{check} {count}" for check, count in self.counts().items())
        scope = f"{pages} in {self.out_dir} ({counts or 'no checks ran'})"
        not_run = ""
        if self.not_run:
            not_run = f" Not run: {', '.join(self.not_run)} (see the warning above)."
        if self.problems:
            found = _plural(len(self.problems), "accessibility problem")
            return f"Error: {found} in {scope}.{not_run}"
        if self.not_run:
            return (
                f"Error: audit incomplete; the checks that ran found nothing in {scope}.{not_run}"
            )
        return f"No accessibility problems in {scope}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_audit(
    out_dir: str | Path = "out",
    *,
    browser: bool = True,
    validate: bool = True,
    chromium: Browser | None = None,
) -> AuditReport:
    """Audit every page and PDF in out_dir; a missing tool is recorded and the rest still run."""
    out_dir = Path(out_dir)
    pages, pdfs = find_outputs(out_dir)
    if not pages and not pdfs:
        raise NothingToAudit(
            f"there are no built pages or PDFs in {out_dir}/ (looked for index.html, "
            f"*/index.html and */*.pdf). Build first with `scrnews build --out {out_dir}`."
        )
    report = AuditReport(out_dir, pages, pdfs)
    if browser and pages:
        _run(report, BROWSER_CHECKS, lambda: audit_html(pages, validate=False, chromium=chromium))
    if validate and pages:
        _run(report, ("HTML validity",), lambda: audit_html(pages, browser=False))
    if pdfs:
        _run(report, ("PDF structure",), lambda: audit_pdf(pdfs))
        _run(report, ("reading order",), lambda: audit_reading_order(pdfs))
    if pages:
        from scrnews.audit.local_files import check_local_files

        _run(report, ("local files",), lambda: check_local_files(pages))
    return report


def _run(report: AuditReport, checks: tuple[str, ...], audit) -> None:
    """Run one group of checks into the report, or note the tool it lacked."""
    try:
        report.problems += audit()
    except ToolMissing as missing:
        log.debug("%s not run: %s", ", ".join(checks), missing)
        report.missing.append(f"{', '.join(checks)} not run: {missing}")
        report.not_run += checks
        return
    report.ran += checks
