"""The pipeline for one issue: load -> validate -> render -> pdf -> write."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PdfError, Problem, ValidationError, relpath
from .load import Document, load_document
from .render import render_html, render_pdf_css
from .schema import Issue
from .stats import stated_problems
from .templates import builtin_dir, make_environment
from .validate import validate_issue
from .write import write_all

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
SETTINGS_NAME = "scrnews.yaml"


@dataclass
class LoadedIssue:
    """A validated issue with the document it came from (for locating later problems)."""

    issue: Issue
    doc: Document

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def stem(self) -> str:
        return self.doc.path.stem


@dataclass
class BuildResult:
    """What a build wrote, and what it warned about."""

    source: Path
    html: Path | None = None
    pdf: Path | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def outputs(self) -> list[Path]:
        return [p for p in (self.html, self.pdf) if p is not None]


def load_issue(path: Path | str) -> LoadedIssue:
    """Read and validate an issue file, checking the files it names exist."""
    doc = load_document(path)
    loaded = LoadedIssue(validate_issue(doc), doc)
    missing = _missing_files(loaded) + stated_problems(loaded.issue, doc)
    if missing:
        raise ValidationError(missing)
    return loaded


def project_root(issue_path: Path) -> Path:
    """The folder holding scrnews.yaml above the issue, else the issue's folder (or its parent if 'issues')."""
    folder = issue_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SETTINGS_NAME).is_file():
            return candidate
    return folder.parent if folder.name == "issues" else folder


def _images(issue: Issue) -> list[tuple[tuple, str]]:
    """(location, src) of every image the issue names."""
    if issue.board.logo:
        return [(("board", "logo", "src"), issue.board.logo.src)]
    return []


def _missing_files(loaded: LoadedIssue) -> list[Problem]:
    problems = []
    base = loaded.path.parent
    for loc, src in _images(loaded.issue):
        if not (base / src).is_file():
            problems.append(loaded.doc.problem(
                loc, f"the file {src!r} was not found (looked in {relpath(base)}/). Check the "
                "name and folder, or remove the field."))
    return problems


def asset_urls(issue: Issue) -> dict[str, str]:
    """Image src as written in the issue -> URL of its copy beside the page."""
    return {src: f"assets/{Path(src).name}" for _, src in _images(issue)}


def assets_of(loaded: LoadedIssue) -> dict[str, Path]:
    """Files the page needs beside it: built URL (relative to the page) -> source file."""
    base = loaded.path.parent
    return {url: (base / src).resolve() for src, url in asset_urls(loaded.issue).items()}


@dataclass
class Rendered:
    """One issue made in memory: every file to write (path -> bytes) and the result to report."""

    outputs: dict[Path, bytes]
    result: BuildResult


def build_issue(
    path: Path | str,
    out_dir: Path | str = "out",
    *,
    formats: Sequence[str] = FORMATS,
    templates: Iterable[Path] = (),
    strict: bool = False,
) -> BuildResult:
    """Build one issue file into <out_dir>/<stem>/index.html and <stem>.pdf; return what was written."""
    loaded = load_issue(path)
    rendered = render_issue(loaded, Path(out_dir) / loaded.stem, formats=formats,
                            templates=templates, strict=strict)
    write_all(rendered.outputs)
    return rendered.result


def render_issue(
    loaded: LoadedIssue,
    target: Path,
    *,
    formats: Sequence[str] = FORMATS,
    templates: Iterable[Path] = (),
    strict: bool = False,
) -> Rendered:
    """Make an issue's files in memory, to be written into target/ (nothing touches the disk)."""
    env = make_environment([Path(t) for t in templates])
    assets = assets_of(loaded)
    html = render_html(loaded.issue, env, pdf_name=f"{loaded.stem}.pdf" if "pdf" in formats else None,
                       extra={"assets": asset_urls(loaded.issue)})
    result = BuildResult(source=loaded.path)
    outputs: dict[Path, bytes] = {}
    if "html" in formats:
        result.html = target / "index.html"
        outputs[result.html] = html.encode("utf-8")
        outputs.update({target / url: src.read_bytes() for url, src in assets.items()})
    if "pdf" in formats:
        from .pdf import html_to_pdf

        made = html_to_pdf(html, base_dir=target.resolve(), stylesheets=[render_pdf_css(loaded.issue, env)],
                           roots=[project_root(loaded.path), builtin_dir()], assets=assets)
        _check_warnings(loaded, made.warnings, strict)
        result.pdf, result.pages, result.warnings = target / f"{loaded.stem}.pdf", made.pages, made.warnings
        outputs[result.pdf] = made.data
    return Rendered(outputs, result)


def _check_warnings(loaded: LoadedIssue, warnings: list[str], strict: bool) -> None:
    for message in warnings:
        log.warning("%s: WeasyPrint: %s", relpath(loaded.path), message)
    if strict and warnings:
        raise PdfError([Problem(relpath(loaded.path), None, None, "", f"WeasyPrint: {message} "
                                "(--strict turns warnings into errors)") for message in warnings])
