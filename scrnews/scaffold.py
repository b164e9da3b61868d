"""Start things: `new` (the next issue, from the latest one) and `init` (a board's project)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .audit.vnu import PINNED_VERSION as VNU_VERSION
from .errors import LoadError, Problem, ScrnewsError, relpath
from .load import load_document
from .wheel import python_version

log = logging.getLogger(__name__)

FILES = Path(__file__).parent / "scaffold_files"
#: The one place the text of a board's first issue is kept (`scrnews new` with no issue yet).
FIRST_ISSUE = Path(__file__).parent / "first_issue.yaml"
#: The issue format as JSON Schema, at a project's top (made by init, refreshed by new).
SCHEMA_NAME = "issue.schema.json"
VENDOR = Path("vendor")
DEFAULT_BOARD = "Example Safeguarding Children Partnership"

#: Copied as they are: what stays the same from one issue to the next.
CARRIED = ("board", "series", "volume", "language", "keywords")
#: Blocks copied whole: what recurs in every issue, or is tracked from issue to issue.
KEPT_BLOCKS = ("contacts", "links", "feedback", "actions", "reviews")
#: Blocks whose frame (heading, signatories, column headings) carries over, the rest to write.
TODO = {
    "text": {"text": "TODO: the text."},
    "message": {"text": "TODO: the message."},
    "quote": {"text": "TODO: the words quoted."},
    "box": {"text": "TODO: the box."},
    "list": {"items": ["TODO: an item."]},
    "figures": {"intro": "TODO: what the figures show."},
    "themes": {"themes": [{"title": "TODO: a theme", "items": ["TODO: what was done."]}]},
    "studies": {"studies": [{"title": "TODO: a national study or report"}]},
    "table": {"rows": []},
}
KEEP_FIELDS = {
    "message": ("signatories",),
    "quote": ("attribution", "role", "source"),
    "box": ("style",),
    "list": ("ordered",),
    "figures": ("since", "cases", "display", "facets"),
    "table": ("caption", "header", "row_headers"),
}


def this_month(today: dt.date | None = None) -> str:
    from .archive.build import publication_today

    day = today or publication_today()
    return f"{day.year:04d}-{day.month:02d}"


# ---------------------------------------------------------------- new


def new_issue(folder: Path | str = "issues", *, today: dt.date | None = None) -> Path:
    """Write the next issue into folder, started from the latest one; return its path."""
    folder = Path(folder)
    if _first_issue_due(folder):
        path = folder / "issue-1.yaml"
        _create(path, schema_line(folder) + first_issue_text(this_month(today)))
        log.info("wrote %s (issue 1, draft): fill in each TODO", relpath(path))
        return path
    latest, data = _latest(folder)
    number = int(data["number"]) + 1
    path = folder / f"{_next_stem(latest.stem, number)}.yaml"
    text = _header(latest, number) + _dump(next_issue_data(data, number, this_month(today)))
    _create(path, schema_line(folder) + text)
    log.info("wrote %s (issue %d, draft): fill in each TODO", relpath(path), number)
    return path


def schema_line(folder: Path) -> str:
    """The line that tells an editor's YAML language server where the issue format is, when the
    project keeps one (`scrnews init` writes issue.schema.json); the file is brought up to date."""
    import os

    from .project import project_root
    from .schema import json_schema
    from .write import write_all

    schema = project_root(folder / "issue.yaml") / SCHEMA_NAME
    if not schema.is_file():
        return ""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if schema.read_text(encoding="utf-8") != text:
        write_all({schema: text.encode("utf-8")})
        log.info("brought %s up to date with this scrnews", relpath(schema))
    where = os.path.relpath(schema, folder.resolve()).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={where}\n"


def first_issue_text(month: str) -> str:
    """The YAML of a board's first issue, dated month (the board comes from scrnews.yaml)."""
    return FIRST_ISSUE.read_text(encoding="utf-8").replace("@DATE@", month)


def _first_issue_due(folder: Path) -> bool:
    """No issue yet, in a project whose scrnews.yaml names the board."""
    from .project import find_settings

    empty = not (folder.is_dir() and any(folder.glob("*.yaml")))
    return empty and find_settings(folder / "issue-1.yaml") is not None


def next_issue_data(data: dict[str, Any], number: int, month: str) -> dict[str, Any]:
    """The next issue: what carries over, numbered, dated, marked draft, TODOs for the rest."""
    new: dict[str, Any] = {key: data[key] for key in CARRIED[:3] if key in data}
    new.update(
        number=number,
        date=month,
        status="draft",
        title="TODO: a headline for this issue",
        summary="TODO: one sentence about this issue, shown in the archive and the news feed.",
    )
    new.update({key: data[key] for key in CARRIED[3:] if key in data})
    new["body"] = [block for block in map(_next_block, _blocks(data)) if block is not None]
    return new


def _blocks(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The body of an issue as written, blocks whichever form it was written in."""
    from .legacy import translate
    from .load import Document

    doc = Document(Path("issue.yaml"), json.loads(json.dumps(data, default=str)))
    translate(doc)
    body = doc.data.get("body") if isinstance(doc.data, dict) else None
    return [block for block in body or [] if isinstance(block, dict)]


def _next_block(block: dict[str, Any]) -> dict[str, Any] | None:
    """A block of the latest issue as the next issue starts it."""
    kind = block.get("type")
    if kind in KEPT_BLOCKS:
        return block
    if kind == "events":
        return None  # its dates have passed; `scrnews new` cannot know the next ones
    if kind not in TODO:
        return None
    frame = {key: block[key] for key in ("type", "heading", "id") if key in block}
    kept = {key: block[key] for key in KEEP_FIELDS.get(kind, ()) if key in block}
    if kind == "table" and "header" in kept:
        kept["rows"] = [["TODO"] * len(kept["header"])]
        return {**frame, **kept}
    return {**frame, **kept, **TODO[kind]}


def _latest(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The issue file with the highest number in folder, with its data as written."""
    found: list[tuple[int, str, Path, dict]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = load_document(path).data
        except LoadError:
            continue
        if isinstance(data, dict) and isinstance(data.get("number"), int):
            found.append((data["number"], _sortable(data.get("date")), path, data))
    if not found:
        raise ScrnewsError(
            Problem(
                relpath(folder),
                None,
                None,
                "",
                "there is no issue here to start from (no .yaml file with a "
                "number: line) and no scrnews.yaml above it. Write the first issue by hand, "
                "or run `scrnews init` in a new folder to get a project.",
            )
        )
    _, _, path, data = max(found, key=lambda item: (item[0], item[1]))
    return path, data


def _sortable(value: Any) -> str:
    from .period import PeriodError, parse_period

    try:
        return parse_period(value).isoformat()
    except PeriodError:
        return str(value)


def _next_stem(stem: str, number: int) -> str:
    """issue-2 -> issue-3; scr-newsletter-07 -> scr-newsletter-08 (keeping the digits' width)."""
    match = re.search(r"(\d+)(?!.*\d)", stem)
    if not match:
        return f"issue-{number}"
    digits = str(number).zfill(len(match[1]))
    return stem[: match.start()] + digits + stem[match.end() :]


def _header(source: Path, number: int) -> str:
    return (
        f"# Issue {number}, started by `scrnews new` from {source.name}.\n"
        "# Replace every TODO, check it with `scrnews check`, and change status to\n"
        "# published when it is ready (it appears on the site from its date).\n\n"
    )


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def _create(path: Path, text: str) -> None:
    """Write a new file; never replace one."""
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScrnewsError(
            Problem(
                relpath(path),
                None,
                None,
                "",
                "this file already exists, and scrnews never overwrites an issue. "
                "Rename or move it if you want a fresh start.",
            )
        ) from None


# ---------------------------------------------------------------- init


def init_project(
    target: Path | str, *, board: str = DEFAULT_BOARD, today: dt.date | None = None
) -> list[Path]:
    """Create a board's newsletter project in target (new or empty); return the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScrnewsError(
            Problem(
                relpath(target),
                None,
                None,
                "",
                "this folder is not empty; scrnews init only writes into a new or "
                "empty folder, so it never overwrites anything. Name a new folder, "
                "such as `scrnews init my-board`.",
            )
        )
    values = {
        "@BOARD@": board,
        "@DATE@": this_month(today),
        "@VERSION@": __version__,
        "@PYTHON@": python_version(),
        "@VNU@": VNU_VERSION,
    }
    written = []
    for source in sorted(p for p in FILES.rglob("*") if p.is_file()):
        path = target / _destination(source.relative_to(FILES))
        text = source.read_text(encoding="utf-8")
        for placeholder, value in values.items():
            quoted = (
                json.dumps(value, ensure_ascii=False)
                if source.suffix in (".yaml", ".yml")
                else value
            )
            text = text.replace(placeholder, quoted if placeholder == "@BOARD@" else value)
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, text)
        written.append(path)
    written += write_vendor(target / VENDOR)
    written.append(_write_schema(target / SCHEMA_NAME))
    log.info("made a newsletter project in %s/: see its README.md", relpath(target))
    return written


def _write_schema(path: Path) -> Path:
    from .schema import json_schema

    _create(path, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return path


def write_vendor(folder: Path) -> list[Path]:
    """vendor/: a wheel of this scrnews, and what the workflow installs with it (pinned)."""
    from .wheel import pins, write_wheel

    wheel = write_wheel(folder)
    requirements = folder / "requirements.txt"
    constraints = folder / "constraints.txt"
    _create(
        requirements,
        "# What .github/workflows/newsletter.yml installs: scrnews from the wheel in this folder\n"
        "# (a copy of the scrnews that made this project), with the accessibility audit's extras.\n"
        "# The wheel's path is from the project's top folder, where the workflow runs pip;\n"
        "# constraints.txt (beside this file) holds the versions of everything it needs.\n"
        f"./{VENDOR.as_posix()}/{wheel.name}[audit]\n"
        "-c constraints.txt\n",
    )
    _create(
        constraints,
        f"# The versions scrnews {__version__} used when `scrnews init` made this project (Python\n"
        f"# {python_version()}), so a new release of a library cannot change the newsletter unseen.\n"
        + "".join(f"{pin}\n" for pin in pins(wheel)),
    )
    return [wheel, requirements, constraints]


def _destination(relative: Path) -> Path:
    """scaffold_files/dot-github/... -> .github/...; gitignore -> .gitignore (kept visible here)."""
    parts = list(relative.parts)
    parts[0] = {"dot-github": ".github", "gitignore": ".gitignore"}.get(parts[0], parts[0])
    return Path(*parts)
