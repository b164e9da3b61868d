"""`scrnews import`: a Word document (.docx) to an issue file in the block form, its pictures
saved under images/, and a report of what was approximated.

    guard (is it a sound .docx?) -> read (python-docx: nodes in reading order)
    -> meta + blocks (the issue's fields and body) -> yamlout (tidy YAML with comments)
    -> validated as an issue -> written, all files at once, or nothing

Nothing is written when anything fails, and an existing issue file is replaced only when
asked (force).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ScrnewsError, relpath

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import wrote and what it approximated."""

    issue: Path
    pictures: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    """What was approximated or guessed, each at its line in the issue file."""
    todo: int = 0
    """Pictures with no description in Word (each has a TODO for its alt text)."""


def default_out(source: Path, root: Path | None = None) -> Path:
    """issues/<the document's name as a file name>.yaml, under root (default: here)."""
    return (root or Path(".")) / "issues" / f"{slug(source.stem)}.yaml"


def slug(text: str) -> str:
    """'SCR Newsletter Spring 2019' -> 'scr-newsletter-spring-2019'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "imported"


def import_docx(
    source: Path | str,
    out: Path | str | None = None,
    *,
    board: Path | str | None = None,
    force: bool = False,
) -> ImportResult:
    """Import a .docx as an issue file (default: issues/<name>.yaml); return what was done.

    board names the settings file (scrnews.yaml) the issue will be built with; by default
    the nearest one above the issue file. Raises ScrnewsError, having written nothing, for a
    file that is not a sound .docx, an issue file that exists (unless force), or a picture
    file that exists with other content (unless force).
    """
    from . import guard

    source = Path(source)
    guard.check(source)
    settings = _settings(board)
    out = Path(out) if out is not None else default_out(source, settings and settings.folder)
    if out.exists() and not force:
        raise ScrnewsError(
            Problem(
                relpath(out),
                None,
                None,
                "",
                "this file already exists and was left as it is. Name another with --out, "
                "or add --force to replace it.",
            )
        )
    if settings is None:
        settings = _settings_for(out)
    made = _make(source, out, settings)
    files = {out: made.text.encode("utf-8"), **made.pictures}
    _check_pictures(made.pictures, force)
    from ..write import write_all

    write_all(files)
    return ImportResult(out, list(made.pictures), made.notes, made.todo)


@dataclass
class _Made:
    text: str
    pictures: dict[Path, bytes]
    notes: list[Problem]
    todo: int


def _make(source: Path, out: Path, settings: Any) -> _Made:
    """The issue file's text and its pictures, in memory; checked as an issue."""
    from ..project import project_root
    from .blocks import body
    from .meta import guess
    from .notes import Note
    from .pictures import Pictures
    from .read import Reader
    from .report import located
    from .yamlout import to_yaml

    root = settings.folder if settings is not None else project_root(out.resolve())
    images = root.resolve() / "images" / out.stem
    prefix = Path(os.path.relpath(images, out.resolve().parent)).as_posix()
    pictures = Pictures(prefix)
    document = _open(source)
    try:
        nodes = Reader(document, pictures).nodes()
    except _damage() as error:
        raise _damaged(source, error) from None
    meta = guess(nodes, source.stem, document, series=_series(settings))
    used = {id(p) for p in meta.used}
    blocks, notes = body([n for n in nodes if id(n) not in used])
    data, board_notes = _issue(meta, blocks, nodes, settings, out)
    notes = [*board_notes, *(Note((key,), c, c) for key, c in meta.comments.items()), *notes]
    text = to_yaml(data, notes, _header(source, out, root))
    _validate(text, out, settings)
    return _Made(
        text,
        {images / name: blob for name, blob in pictures.files.items()},
        located([n for n in notes if n.message], text, out),
        pictures.without_description,
    )


def _issue(meta, blocks, nodes, settings, out: Path) -> tuple[dict[str, Any], list]:
    """The issue's data in the README's order: board, series, number, date... body."""
    from ..project import find_settings
    from .meta import board_name
    from .notes import Note

    data: dict[str, Any] = {}
    notes = []
    found = find_settings(out.resolve())
    shared = settings is not None and settings.settings.board is not None
    if shared and found is not None and found.resolve() == settings.path.resolve():
        pass  # the board comes from scrnews.yaml, as for every issue
    elif shared:
        data["board"] = settings.settings.board.model_dump(mode="json", exclude_none=True)
        data["board"].pop("logo", None)
        notes.append(Note(("board",), "", f"from {relpath(settings.path)}"))
    else:
        named = board_name(nodes)
        if named:
            data["board"] = {"name": named[0], **({"short_name": named[1]} if named[1] else {})}
            guessed = "guessed: the first board named in the text"
            notes.append(Note(("board",), guessed, guessed))
        else:
            data["board"] = {"name": "TODO: the board's full name"}
            notes.append(Note(("board", "name"), "no board named in the text: write its name"))
    for key in ("series", "number", "volume", "date", "title", "language"):
        if key in meta.fields:
            data[key] = meta.fields[key]
    data["status"] = "draft"
    notes.append(Note(("status",), "", "published once the guesses and TODOs are checked"))
    if "keywords" in meta.fields:
        data["keywords"] = meta.fields["keywords"]
    data["body"] = blocks
    return data, notes


def _header(source: Path, out: Path, root: Path) -> list[str]:
    lines = []
    schema = root / "issue.schema.json"
    if schema.is_file():
        where = Path(os.path.relpath(schema.resolve(), out.resolve().parent)).as_posix()
        lines.append(f"yaml-language-server: $schema={where}")
    lines += [
        f"Imported from {source.name} by `scrnews import`. Comments mark what was guessed;",
        "`scrnews check` lists each TODO left to write. Change status to published when done.",
    ]
    return lines


def _validate(text: str, out: Path, settings: Any) -> None:
    """The import must give a valid issue; if it does not, that is scrnews's fault: say so."""
    from ..load import parse_document
    from ..settings import merge_board
    from ..validate import validate_issue

    doc = parse_document(text, out)
    doc.data = merge_board(doc.data, settings)
    try:
        validate_issue(doc)
    except ScrnewsError as error:
        raise ScrnewsError(
            [
                *error.problems,
                Problem(
                    relpath(out),
                    None,
                    None,
                    "",
                    "scrnews import made an issue it cannot read back (a mistake in scrnews, "
                    "not in the document); nothing was written. Please report it with the "
                    "lines above.",
                ),
            ]
        ) from None


def _check_pictures(pictures: dict[Path, bytes], force: bool) -> None:
    clashes = [
        path
        for path, blob in pictures.items()
        if path.exists() and not force and path.read_bytes() != blob
    ]
    if clashes:
        raise ScrnewsError(
            [
                Problem(
                    relpath(path),
                    None,
                    None,
                    "",
                    "a different picture already has this name (from an earlier import?) and "
                    "was left as it is. Use another --out name, or add --force to replace it.",
                )
                for path in clashes
            ]
        )


_DAMAGED: tuple[type[BaseException], ...] = (
    KeyError,
    ValueError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


def _damage() -> tuple[type[BaseException], ...]:
    """What python-docx raises for a document whose parts are missing or broken."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return (*_DAMAGED, PackageNotFoundError, XMLSyntaxError)


def _open(source: Path) -> Any:
    import docx

    try:
        return docx.Document(str(source))
    except _damage() as error:
        raise _damaged(source, error) from None


def _damaged(source: Path, error: BaseException) -> ScrnewsError:
    log.debug("python-docx could not read %s: %r", source, error)
    return ScrnewsError(
        Problem(
            relpath(source),
            None,
            None,
            "",
            "this .docx is damaged: part of it cannot be read. Open it in Word, which can "
            "often repair it, and save it again.",
        )
    )


def _settings(board: Path | str | None) -> Any:
    if board is None:
        return None
    from ..settings import load_settings

    return load_settings(board)


def _settings_for(out: Path) -> Any:
    from ..project import find_settings
    from ..settings import load_settings

    found = find_settings(out.resolve())
    return load_settings(found) if found is not None else None


def _series(settings: Any) -> str:
    """The series an issue gets when it names none."""
    from ..schema import DEFAULT_SERIES

    return (settings.settings.series if settings is not None else None) or DEFAULT_SERIES
