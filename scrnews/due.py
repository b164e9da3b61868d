"""Whether a file that does not validate is due for publication, judged from its own lines.

A draft with a mistake must not stop the issues that are due (`scrnews build`, and
`scrnews check --due`), yet it cannot be read as an issue: its `status:` and `date:` lines say.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

_STATUS = re.compile(r"^status:\s*[\"']?draft\b", re.M)
_DATE = re.compile(r"^date:\s*[\"']?(\d{4})-(\d{2})(?:-(\d{2}))?[\"']?\s*(?:#.*)?$", re.M)


def not_due_by_its_text(path: Path, today: dt.date) -> str | None:
    """Why the file is not due ('marked draft', 'dated 2031-05, after today'), or None."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if _STATUS.search(text):
        return "marked draft"
    match = _DATE.search(text)
    if match:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3] or 1))
        except ValueError:
            return None
        if day > today:
            written = "-".join(part for part in match.groups() if part)
            return f"dated {written}, after today ({today.isoformat()})"
    return None
