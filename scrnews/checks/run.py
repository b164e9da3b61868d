"""Run every rule over some issue files: read each, apply the rules, drop what the board has
switched off (scrnews.yaml `checks.ignore`, or a `# scrnews: ignore` comment with a reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..due import not_due_by_its_text
from ..errors import ScrnewsError, relpath
from . import completeness, links, placeholders, plain, privacy  # noqa: F401 (they register)
from .codes import ERROR, WARNING
from .config import CheckSettings
from .core import ARCHIVE_RULES, ISSUE_RULES, Finding, Hit, Report, Subject, finding
from .suppress import suppressions


def check_files(
    paths: Sequence[Path | str],
    *,
    config: Path | str | None = None,
    online: bool = False,
    timeout: float = 10.0,
    due_only: bool = False,
    today: dt.date | None = None,
) -> Report:
    """Check each issue file; return every finding (nothing is raised for a bad issue).

    due_only: errors in an issue that is not due for publication (a draft, or dated after
    today) are reported as warnings, so they do not stop the issues that are due.
    """
    report = Report()
    subjects: list[Subject] = []
    for path in map(Path, paths):
        report.files.append(relpath(path))
        subject, problems = read(path, config)
        report.findings += [Finding.from_problem(p) for p in problems]
        if subject is not None:
            subjects.append(subject)
        elif due_only and not_due_by_its_text(path, today or _today()):
            _downgrade(report.findings, relpath(path))
    # A bilingual issue is checked in each language (privacy, placeholders, links…); the
    # archive's rules (numbers in sequence) see it once.
    editions = [e for s in subjects for e in (s, *s.cache.get("editions", []))]
    hits: list[tuple[Subject, Hit]] = [
        (s, h) for s in editions for rule in ISSUE_RULES for h in rule(s)
    ]
    hits += [pair for rule in ARCHIVE_RULES for pair in rule(subjects)]
    if online:
        from .online import online_hits

        hits += online_hits(subjects, timeout=timeout)
    report.findings += _kept(subjects, hits)
    if due_only:
        day = today or _today()
        for subject in subjects:
            if not is_due(subject, day):
                _downgrade(report.findings, subject.name)
    return report


def read(path: Path, config: Path | str | None) -> tuple[Subject | None, list]:
    """The issue as the rules see it, and the problems of reading and validating it."""
    from ..build import load_issue

    try:
        loaded = load_issue(path, config=config)
    except ScrnewsError as error:  # the rules wait until the file reads and validates
        return None, error.problems
    subject = Subject(path, loaded.doc, loaded.issue, _checks(loaded.settings))
    subject.cache["editions"] = [
        Subject(path, other.doc, other.issue, subject.settings) for other in loaded.translations
    ]
    return subject, []


def _checks(settings) -> CheckSettings:
    return settings.settings.checks if settings is not None else CheckSettings()


def _kept(subjects: list[Subject], hits: Iterable[tuple[Subject, Hit]]) -> list[Finding]:
    """Findings, less those the board switched off; with what is wrong with its comments."""
    kept: list[Finding] = []
    comments = {id(s): suppressions(s) for s in subjects}
    for subject in subjects:
        kept += comments[id(subject)].findings
        for edition in subject.cache.get("editions", []):  # the same file's comments
            comments[id(edition)] = comments[id(subject)]
    seen: set[tuple] = set()
    for subject, hit in hits:
        if hit.code in subject.settings.ignore:
            continue
        found = finding(subject, hit)
        if comments[id(subject)].covers(subject, found, hit.loc) or found in seen:
            continue
        seen.add(found)
        kept.append(found)
    return kept


def is_due(subject: Subject, today: dt.date) -> bool:
    """Published, and dated today or earlier (an unreadable date counts as due)."""
    if not subject.published:
        return False
    day = getattr(getattr(subject.issue, "date", None), "first_day", None)
    return not isinstance(day, dt.date) or day <= today


def _today() -> dt.date:
    from ..archive.build import publication_today

    return publication_today()


def _downgrade(findings: list[Finding], name: str) -> None:
    from dataclasses import replace

    for index, item in enumerate(findings):
        if item.file == name and item.severity == ERROR:
            findings[index] = replace(item, severity=WARNING)
