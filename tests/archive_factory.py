"""A generated archive of issues for the batch, site and benchmark code (not a test module).

Each issue is the real example (issues/issue-2.yaml) renumbered, redated and retitled, so
pages and PDFs are as long as a board's; files it names (a logo) are left out.
"""

from __future__ import annotations

import contextlib
import copy
import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "issues" / "issue-2.yaml"
MONTHS = (1, 4, 7, 10)


def issue_data(number: int, /, **changes) -> dict:
    """Issue `number` of the archive: quarterly from January 2012, its own title and summary.

    A change whose value is None removes that key."""
    data = copy.deepcopy(_example())
    data["board"].pop("logo", None)
    year, quarter = divmod(number - 1, len(MONTHS))
    data.update(
        number=number,
        date=f"{2012 + year}-{MONTHS[quarter]:02d}",
        status="published",
        title=f"Learning from review {number}",
        summary=f"What review {number} taught the partnership.",
    )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def write_issue(folder: Path, number: int, /, **changes) -> Path:
    path = Path(folder) / f"issue-{number}.yaml"
    path.write_text(
        yaml.safe_dump(issue_data(number, **changes), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def write_archive(project: Path, count: int = 12) -> list[Path]:
    """project/issues/issue-1.yaml ... issue-<count>.yaml."""
    folder = Path(project) / "issues"
    folder.mkdir(parents=True, exist_ok=True)
    return [write_issue(folder, n) for n in range(1, count + 1)]


@contextlib.contextmanager
def working_in(folder: Path):
    """Run with folder as the working folder (module-scoped fixtures cannot use monkeypatch)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield Path(folder)
    finally:
        os.chdir(before)


_CACHE: dict = {}


def _example() -> dict:
    if "data" not in _CACHE:
        _CACHE["data"] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return _CACHE["data"]
