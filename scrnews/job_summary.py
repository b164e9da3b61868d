"""A Markdown account of an archive build, for a CI job's summary page (`build --summary`):
what was published, what was held back and why, and what failed."""

from __future__ import annotations

from .errors import relpath

_STATES = (
    ("Published", ("built", "skipped")),
    ("Held back", ("held",)),
    ("Not built: mistakes to fix", ("failed",)),
)


def summary_markdown(result) -> str:
    """result: an archive.build.ArchiveResult."""
    lines = ["## Newsletter", ""]
    for title, states in _STATES:
        outcomes = [o for o in result.outcomes if o.state in states]
        if not outcomes:
            continue
        lines += [f"### {title}", ""]
        for outcome in outcomes:
            lines.append(f"- `{relpath(outcome.source)}`: {_what(outcome)}")
            lines += [f"  - `{str(p).lstrip(': ')}`" for p in outcome.problems]
        lines.append("")
    if not result.outcomes:
        lines += ["There are no issues yet: start one with `scrnews new`.", ""]
    return "\n".join(lines)


def _what(outcome) -> str:
    if outcome.state == "built":
        pages = outcome.pages
        return f"built ({pages} page{'' if pages == 1 else 's'})" if pages else "built"
    if outcome.state == "skipped":
        return "unchanged since the last run"
    if outcome.state == "held":
        return outcome.reason
    return "not built; its pages from the last run (if any) are kept"
