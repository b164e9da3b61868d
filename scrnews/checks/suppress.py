"""Switching a rule off for one line: `# scrnews: ignore P105: the board's own duty line`.

The comment goes at the end of the line the finding is on, or of the line of the field's key
(for text written over several lines). It must say why: a comment without a reason switches
nothing off and is itself reported (S001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .codes import CODES
from .core import Finding, Subject

_COMMENT = re.compile(r"#\s*scrnews:\s*ignore\b(?P<rest>[^\n]*)", re.I)
_CODE = re.compile(r"\b[A-Za-z]\d{3}\b")


@dataclass
class Suppressions:
    """The codes switched off on each line of one file, and what was wrong with the comments."""

    by_line: dict[int, set[str]]
    findings: list[Finding]

    def covers(self, subject: Subject, finding: Finding, loc) -> bool:
        lines = {finding.line, *subject.lines_of(loc)} if loc is not None else {finding.line}
        return any(finding.code in self.by_line.get(line, ()) for line in lines)


def suppressions(subject: Subject) -> Suppressions:
    """Read the `# scrnews: ignore` comments of an issue file."""
    by_line: dict[int, set[str]] = {}
    findings: list[Finding] = []
    source = subject.source
    if "scrnews:" not in source:
        return Suppressions(by_line, findings)
    for number, line in enumerate(source.splitlines(), start=1):
        match = _COMMENT.search(line)
        if not match:
            continue
        column = match.start() + 1
        codes_part, _, reason = match["rest"].partition(":")
        codes = [code.upper() for code in _CODE.findall(codes_part)]
        unknown = [code for code in codes if code not in CODES]
        if not codes or unknown:
            findings.append(
                Finding(
                    subject.name,
                    number,
                    column,
                    "S002",
                    CODES["S002"].severity,
                    f"{', '.join(unknown) or 'no code'}: name the rule to switch off by its "
                    "code, as `# scrnews: ignore P105: why this is fine` "
                    "(`scrnews check --rules` lists them).",
                )
            )
        if not reason.strip():
            findings.append(
                Finding(
                    subject.name,
                    number,
                    column,
                    "S001",
                    CODES["S001"].severity,
                    "this comment switches nothing off until it says why: write "
                    f"`# scrnews: ignore {', '.join(codes) or 'CODE'}: <why this is fine here>`.",
                )
            )
            continue
        by_line.setdefault(number, set()).update(c for c in codes if c in CODES)
    return Suppressions(by_line, findings)
