"""What `scrnews check` prints: text lines, one JSON document, or GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import asdict

from .codes import CODES
from .core import Finding, Report


def text_lines(report: Report) -> list[str]:
    """`file:line:col: CODE severity: message`, one a finding, in file and line order."""
    return [str(item).lstrip(": ") for item in report.sorted()]


def closing_line(report: Report) -> str:
    """The last line: how many errors and warnings, or that every file is fine."""
    files = len(report.files)
    noun = "issue file" if files == 1 else "issue files"
    warnings = _plural(report.warnings, "warning")
    if report.errors:
        extra = f" (and {warnings})" if report.warnings else ""
        return f"Error: {_plural(report.errors, 'problem')} found{extra}; fix them and check again."
    if report.warnings:
        return f"{warnings} in {files} {noun}; no errors."
    return f"{files} {noun} OK"


def json_text(report: Report) -> str:
    """The whole report as JSON: the files checked, the counts, every finding."""
    return json.dumps(
        {
            "files": report.files,
            "errors": report.errors,
            "warnings": report.warnings,
            "findings": [_as_dict(item) for item in report.sorted()],
        },
        indent=2,
        ensure_ascii=False,
    )


def _as_dict(item: Finding) -> dict:
    return asdict(item)


def github_lines(report: Report) -> list[str]:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…::CODE message`."""
    lines = []
    for item in report.sorted():
        where = [f"file={_property(item.file)}"]
        if item.line is not None:
            where.append(f"line={item.line}")
            if item.column is not None:
                where.append(f"col={item.column}")
        message = f"{item.code} {item.message}" if item.code else f"{item.field}: {item.message}"
        lines.append(f"::{item.severity} {','.join(where)}::{_data(message.lstrip(': '))}")
    return lines


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def rule_table() -> list[str]:
    """`scrnews check --rules`: each code, its usual severity and what it finds."""
    return [f"{code}  {c.severity:<7}  {c.family}: {c.summary}" for code, c in CODES.items()]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
