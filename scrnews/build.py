"""The pipeline for one issue: load -> validate -> render -> pdf -> write."""

from __future__ import annotations

import hashlib
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PdfError, Problem, ValidationError, doing, relpath
from .project import project_root
from .safety import check_out_dir, is_inside
from .write import write_all

# The stages (pydantic, Jinja, Markdown) are imported where they are used, so that
# build_issue can start the PDF worker (and WeasyPrint's import) before paying for them.
if TYPE_CHECKING:
    from .briefing.model import Briefing
    from .load import Document, Loc
    from .mail import Edition
    from .pdf import PdfResult
    from .schema import Issue
    from .settings import LoadedSettings

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
PRINT_CSS = "print.css"


@dataclass
class LoadedIssue:
    """A validated issue (or briefing) with the document it came from (for locating later problems)."""

    issue: Issue | Briefing
    doc: Document
    settings: LoadedSettings | None = None
    """The board settings (scrnews.yaml) the issue was read with, if any."""
    translations: list[LoadedIssue] = field(default_factory=list)
    """A bilingual file's other languages, each read as its own issue (languages.py), with
    the same anchors as this one so a reader switching language stays in the same section."""

    @property
    def editions(self) -> list[LoadedIssue]:
        """This issue in each of its languages, its own first."""
        return [self, *self.translations]

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def stem(self) -> str:
        return self.doc.path.stem

    @property
    def kind(self) -> str:
        """newsletter or briefing."""
        return self.issue.kind


@dataclass
class BuildResult:
    """What a build wrote, and what it warned about."""

    source: Path
    html: Path | None = None
    pdf: Path | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    email: list[Path] = field(default_factory=list)
    """The email edition's files: email.html, <name>.txt and <name>.eml."""
    bilingual: Path | None = None
    """The PDF with both languages of a bilingual issue."""
    translations: list[Path] = field(default_factory=list)
    """A bilingual issue's other page and PDF (<name>/en/…)."""

    @property
    def outputs(self) -> list[Path]:
        made = [self.html, self.pdf, *self.email, *self.translations, self.bilingual]
        return [p for p in made if p is not None]


def load_issue(
    path: Path | str, *, config: Path | str | None = None, allow_untranslated: bool = False
) -> LoadedIssue:
    """Read and validate an issue file (board settings merged under it), checking the files it names exist.

    config names the settings file; by default the nearest scrnews.yaml above the issue.
    A file in two languages (`language: [cy-GB, en-GB]`) is read once per language; a text
    missing in one is an error, unless allow_untranslated and the issue is a draft.
    """
    from .load import load_document
    from .settings import issue_colour_problems, merge_board, settings_for

    settings = settings_for(Path(path), config)
    doc = load_document(path)
    doc.data = merge_board(doc.data, settings)
    loaded = _read_editions(doc, settings, allow_untranslated)
    missing = _missing_files(loaded) + issue_colour_problems(loaded.doc, loaded.issue.board)
    if missing:
        raise ValidationError(missing)
    return loaded


def _one_language(doc: Document) -> Problem:
    """A briefing in two languages, or with a text in two: a briefing is one A4 page in one."""
    from . import languages

    advice = (
        "write one briefing file for each language (for example briefing-child-t.yaml and "
        "briff-plentyn-t.yaml), each with its own language: line and text."
    )
    if languages.is_bilingual(doc.data):
        return doc.problem(("language",), f"a 7-minute briefing is in one language: {advice}")
    return doc.problem(
        languages.first_map(doc.data),
        "a 7-minute briefing is in one language: write this text once, in the briefing's "
        f"language, not as {{cy: …, en: …}}; for the other language, {advice}",
    )


def _read_editions(
    doc: Document, settings: LoadedSettings | None, allow_untranslated: bool
) -> LoadedIssue:
    """The issue in each of its languages (one, for most files), validated."""
    from . import languages
    from .validate import validate_document

    if not languages.is_bilingual(doc.data) and not languages.has_map(doc.data):
        return LoadedIssue(validate_document(doc), doc, settings)
    if isinstance(doc.data, dict) and doc.data.get("kind") == "briefing":
        raise ValidationError(_one_language(doc))
    wrong = languages.language_problems(doc)
    if wrong:
        raise ValidationError(wrong)
    tags = languages.languages_of(doc.data)
    problems = languages.translation_problems(doc, tags)
    draft = isinstance(doc.data, dict) and doc.data.get("status") == "draft"
    if problems and not (allow_untranslated and draft):
        if allow_untranslated:
            problems.append(languages.only_drafts(doc))
        raise ValidationError(problems)
    for problem in problems:
        log.warning("%s (built anyway: a draft, --allow-untranslated)", problem)
    editions, failed = [], []
    for tag in tags:
        edition = languages.edition(doc, tag, fallback=bool(problems))
        try:
            editions.append(LoadedIssue(validate_document(edition), edition, settings))
        except ValidationError as error:
            failed += [p for p in error.problems if p not in failed]
    if failed:
        raise ValidationError(sorted(failed, key=lambda p: (p.line or 0, p.column or 0)))
    first, *others = editions
    from .render import anchors

    shared = anchors(first.issue)
    for other in others:
        body = [
            block.model_copy(update={"id": anchor})
            for block, anchor in zip(other.issue.body, shared, strict=False)
        ]
        other.issue = other.issue.model_copy(update={"body": body + other.issue.body[len(body) :]})
    first.translations = others
    return first


def images(loaded: LoadedIssue) -> list[tuple[Loc, str]]:
    """(location, src) of every picture the issue names: the board's logo and the pictures
    in its Markdown fields (web addresses stay as written; the PDF's fetcher fences them)."""
    from .load import strings
    from .markup import image_sources, link_scheme

    found: list[tuple[Loc, str]] = []
    for edition in loaded.editions:  # a bilingual issue may show a picture in one language only
        if edition.issue.board.logo:
            found.append((("board", "logo", "src"), edition.issue.board.logo.src))
        for loc, text in strings(edition.doc.data):
            found += [(loc, src) for src in image_sources(text) if link_scheme(src) is None]
    return list(dict.fromkeys(found))


def _missing_files(loaded: LoadedIssue) -> list[Problem]:
    """Pictures that are missing, outside the project, or unusable (pictures.py says why)."""
    problems = []
    base = loaded.path.parent
    for loc, src in images(loaded):
        if not (base / src).is_file():
            problems.append(
                loaded.doc.problem(
                    loc,
                    f"the file {src!r} was not found (looked in {_folder(base)}). Check the "
                    "name and folder, or remove it.",
                )
            )
        elif not any(
            is_inside(base / src, root)
            for root in [project_root(loaded.path), *settings_root(loaded)]
        ):
            problems.append(
                loaded.doc.problem(
                    loc,
                    f"the file {src!r} is outside the project folder "
                    f"({_folder(project_root(loaded.path))}); scrnews only uses files inside it. "
                    "Copy the picture into the project, for example into images/, and name that copy.",
                )
            )
        elif why := _picture_problem(base / src, loc):
            problems.append(loaded.doc.problem(loc, f"the picture {src!r} {why}"))
    return problems


def _picture_problem(path: Path, loc: Loc) -> str | None:
    from .load import format_loc
    from .pictures import picture_problem

    with doing(f"checking the picture {path.name} ({format_loc(loc)})"):
        return picture_problem(path, "logo" if loc[0] == "board" else "picture")


def _folder(path: Path) -> str:
    shown = relpath(path)
    return "the current folder" if shown in (".", "") else f"{shown}/"


def asset_urls(loaded: LoadedIssue) -> dict[str, str]:
    """Picture src as written in the issue -> URL of its copy beside the page, assets/<name>.

    Different files with one name (images/a/logo.png, images/b/logo.png) each get a short
    hash of their path in the project, so neither copy overwrites the other.
    """
    base, root = loaded.path.parent, project_root(loaded.path)
    files = {src: (base / src).resolve() for _, src in images(loaded)}
    named: defaultdict[str, set[Path]] = defaultdict(set)
    for src, path in files.items():
        named[Path(src).name].add(path)
    urls = {}
    for src, path in files.items():
        name = Path(src).name
        if len(named[name]) > 1:
            where = Path(os.path.relpath(path, root)).as_posix().encode("utf-8")
            name = f"{Path(name).stem}-{hashlib.sha256(where).hexdigest()[:8]}{Path(name).suffix}"
        urls[src] = f"assets/{name}"
    return urls


def assets_of(loaded: LoadedIssue) -> dict[str, Path]:
    """Files the page needs beside it: built URL (relative to the page) -> source file."""
    base = loaded.path.parent
    return {url: (base / src).resolve() for src, url in asset_urls(loaded).items()}


@dataclass
class Rendered:
    """One issue made in memory: every file to write (path -> bytes) and the result to report."""

    outputs: dict[Path, bytes]
    result: BuildResult
    edition: Edition | None = None
    """The email edition, when one was made (its message is also in outputs, as <stem>.eml)."""


def build_issue(
    path: Path | str,
    out_dir: Path | str = "out",
    *,
    formats: Sequence[str] = FORMATS,
    templates: Iterable[Path] = (),
    strict: bool = False,
    profile: str = "screen",
    pdf_variant: str | None = None,
    config: Path | str | None = None,
    allow_remote: Sequence[str] = (),
    base_url: str | None = None,
    attach_pdf: bool = False,
    bilingual: str | None = None,
    allow_untranslated: bool = False,
) -> BuildResult:
    """Build one issue into <out_dir>/<stem>/index.html and <stem>.pdf; return what was written.

    With "email" in formats, also email.html, <stem>.txt and <stem>.eml (base_url, or
    base_url in scrnews.yaml, says where the web edition is published; attach_pdf puts the
    PDF in the .eml). A bilingual issue also gets <stem>/<code>/ for its other language and
    <stem>-bilingual.pdf, laid out as bilingual says (back-to-back or side-by-side);
    allow_untranslated builds a draft with texts missing in one language.
    """
    # profile: screen, print or archive (profiles.py); config: the settings file to use.
    options = dict(
        formats=formats,
        templates=templates,
        strict=strict,
        profile=profile,
        pdf_variant=pdf_variant,
        base_url=base_url,
        attach_pdf=attach_pdf,
        bilingual=bilingual,
    )
    if not _makes_pdf(formats, attach_pdf):
        return _build_one(path, out_dir, config, allow_untranslated, **options)
    from .pdf import WarmRenderer

    with WarmRenderer() as make_pdf:
        return _build_one(
            path,
            out_dir,
            config,
            allow_untranslated,
            make_pdf=make_pdf,
            allow_remote=allow_remote,
            **options,
        )


def _build_one(
    path: Path | str,
    out_dir: Path | str,
    config: Path | str | None,
    allow_untranslated: bool = False,
    **options,
) -> BuildResult:
    with doing("reading it"):
        loaded = load_issue(path, config=config, allow_untranslated=allow_untranslated)
    check_out_dir(out_dir, project_root(loaded.path))
    with doing("making its page and PDF"):
        rendered = render_issue(loaded, Path(out_dir) / loaded.stem, **options)
    with doing(f"writing into {relpath(out_dir)}/"):
        write_all(rendered.outputs)
    return rendered.result


@dataclass
class Unfinished:
    """What render_page leaves to do: the PDF to make, pdf.make_pdf(html, **pdf), and the email
    edition (made after the PDF, which it may carry)."""

    target: Path
    html: str | list[tuple[str, dict]]
    """The page's HTML; for a bilingual issue, each edition's (HTML, options) (pdf.make_pdf)."""
    pdf: dict | None
    """html_to_pdf's options (editions_to_pdf's for a bilingual issue); None for no PDF."""
    keep_pdf: bool
    """The PDF is one of the outputs (not only attached to the email)."""
    email: tuple | None = None
    """(environment, links, extra, attach_pdf) for the email edition; None for none."""
    editions: list[tuple[LoadedIssue, Rendered, Unfinished]] = field(default_factory=list)
    """A bilingual issue's editions, each with its page and what is left of it (bilingual.py)."""


def render_issue(
    loaded: LoadedIssue,
    target: Path,
    *,
    formats: Sequence[str] = FORMATS,
    templates: Iterable[Path] = (),
    strict: bool = False,
    make_pdf: Callable[..., PdfResult] | None = None,
    profile: str = "screen",
    pdf_variant: str | None = None,
    allow_remote: Sequence[str] = (),
    extra: dict | None = None,
    base_url: str | None = None,
    attach_pdf: bool = False,
    link_pdf: bool | None = None,
    bilingual: str | None = None,
) -> Rendered:
    """Make an issue's files in memory, to be written into target/ (nothing touches the disk).

    make_pdf renders the PDF (default: in this process); build_issue passes a warm worker.
    The email edition links the PDF when this build makes it, or when link_pdf says so.
    An issue in two languages makes each edition and a bilingual PDF (bilingual.py), laid
    out as `bilingual` says: back-to-back (default) or side-by-side.
    """
    rendered, rest = render_page(
        loaded,
        target,
        formats=formats,
        templates=templates,
        profile=profile,
        pdf_variant=pdf_variant,
        allow_remote=allow_remote,
        extra=extra,
        base_url=base_url,
        attach_pdf=attach_pdf,
        link_pdf=link_pdf,
        bilingual=bilingual,
    )
    made = None
    if rest.pdf is not None:
        from .pdf import make_pdf as here

        made = (make_pdf or here)(rest.html, **rest.pdf)
    finish_issue(loaded, rendered, rest, made, strict=strict)
    return rendered


def render_page(
    loaded: LoadedIssue,
    target: Path,
    *,
    bilingual: str | None = None,
    prefix: str = "",
    **options,
) -> tuple[Rendered, Unfinished]:
    """Make an issue's page and the files beside it in memory, and say what is left to do
    (finish_issue): an archive build makes the PDFs in worker processes meanwhile. options
    are render_one_page's (formats, templates, profile, …).

    A bilingual issue's editions are made by bilingual.render_pages (layout: bilingual);
    prefix goes before the page's anchors (for a PDF joined with another language's)."""
    formats = options.get("formats", FORMATS)
    if loaded.kind == "briefing" and "email" in formats:
        options.update(formats=_without_email(loaded, formats), attach_pdf=False)
    if loaded.translations:
        from .bilingual import render_pages

        return render_pages(loaded, target, layout=bilingual, **options)
    return render_one_page(loaded, target, prefix=prefix, **options)


def render_one_page(
    loaded: LoadedIssue,
    target: Path,
    *,
    formats: Sequence[str] = FORMATS,
    templates: Iterable[Path] = (),
    profile: str = "screen",
    pdf_variant: str | None = None,
    allow_remote: Sequence[str] = (),
    extra: dict | None = None,
    base_url: str | None = None,
    attach_pdf: bool = False,
    link_pdf: bool | None = None,
    prefix: str = "",
) -> tuple[Rendered, Unfinished]:
    """render_page for one language: the issue's page in its own language (or, for a
    bilingual issue, one edition's), whatever other languages it has."""
    links = None
    if "email" in formats:  # before any work: without base_url there is no email to make
        from .mail import edition_links

        pdf_linked = "pdf" in formats if link_pdf is None else link_pdf
        links = edition_links(loaded, base_url, pdf=pdf_linked)
    from . import settings as board
    from .markup import image_urls
    from .profiles import get_profile, modified_date
    from .profiles import pdf_variant as variant_for
    from .project import builtin_dir

    pages = _pages_for(loaded)

    # Fonts (the theme's and the board's) are copied beside the page as fonts/..., like images.
    variant = variant_for(get_profile(profile), pdf_variant)
    env = settings_env(loaded, templates)
    assets = {**assets_of(loaded), **board.font_assets(loaded.settings)}
    pdf_name = f"{loaded.stem}.pdf" if "pdf" in formats else None
    urls = asset_urls(loaded)
    with image_urls(urls):  # Markdown pictures point at their copies, like the logo
        html = pages.render_html(
            loaded.issue,
            env,
            pdf_name=pdf_name,
            **({"prefix": prefix} if prefix else {}),  # only a bilingual newsletter's
            extra={
                "assets": urls,
                **board.context(loaded.settings),
                "modified": modified_date(loaded.issue.date.first_day),
                **(extra or {}),
            },
        )
    # The page links its print stylesheet (page size, running header, page numbers, contents
    # page numbers): WeasyPrint reads it from memory, browsers print with it, and the Nu
    # checker, which reads only the page, never sees WeasyPrint's own properties.
    generated = {PRINT_CSS: pages.render_pdf_css(loaded.issue, env).encode("utf-8")}
    result = BuildResult(source=loaded.path)
    outputs: dict[Path, bytes] = {}
    if "html" in formats:
        result.html = target / "index.html"
        outputs[result.html] = html.encode("utf-8")
        outputs.update({target / url: src.read_bytes() for url, src in assets.items()})
        outputs.update({target / url: data for url, data in generated.items()})
        outputs.update(
            {target / url: data for url, data in pages.block_files(loaded.issue).items()}
        )
    pdf = None
    if _makes_pdf(formats, attach_pdf):
        pdf = dict(
            base_dir=target.resolve(),
            generated=generated,
            roots=[project_root(loaded.path), builtin_dir(), *settings_root(loaded)],
            assets=assets,
            variant=variant,
            profile=profile,
            allow_remote=tuple(allow_remote),
            **_measure(loaded),
        )
    email = (env, links, extra, attach_pdf) if links is not None else None
    return Rendered(outputs, result), Unfinished(target, html, pdf, "pdf" in formats, email)


def finish_issue(
    loaded: LoadedIssue,
    rendered: Rendered,
    rest: Unfinished,
    made: PdfResult | None,
    *,
    strict: bool,
) -> None:
    """Check what happened while the PDF was made (raising PdfError), add it to rendered, then
    make the email edition. A bilingual issue's PDFs (a list) are bilingual.finish_pages's."""
    if rest.editions:
        from .bilingual import finish_pages

        finish_pages(loaded, rendered, rest, made, strict=strict)
        return
    pdf_data = None
    if made is not None:
        check_pdf(loaded, made, rest.target, rest.html, strict)
        _check_fit(loaded, made)
        pdf_data = made.data
        if rest.keep_pdf:  # --attach-pdf alone puts the PDF in the message only
            result = rendered.result
            result.pdf = rest.target / f"{loaded.stem}.pdf"
            result.pages, result.warnings = made.pages, [*made.warnings, *made.notes]
            rendered.outputs[result.pdf] = made.data
    if rest.email is not None:
        from .mail import HTML_NAME, make_edition

        env, links, extra, attach_pdf = rest.email
        edition = make_edition(
            loaded, env, links, extra=extra, pdf=pdf_data if attach_pdf else None
        )
        email = {
            rest.target / HTML_NAME: edition.html.encode("utf-8"),
            rest.target / f"{loaded.stem}.txt": edition.text.encode("utf-8"),
            rest.target / f"{loaded.stem}.eml": edition.message,
        }
        rendered.outputs.update(email)
        rendered.result.email = list(email)
        rendered.result.warnings += edition.warnings
        rendered.edition = edition


def check_pdf(loaded: LoadedIssue, made: PdfResult, target: Path, html: str, strict: bool):
    """What WeasyPrint refused, could not draw or warned about while it made html's PDF:
    errors at the issue's lines where it can (raising PdfError), else warnings shown."""
    _check_refusals(loaded, made.refused, target)
    _check_gaps(loaded, made.gaps, html)
    _check_warnings(loaded, made.warnings, strict)
    for note in made.notes:
        log.warning("%s", note)


def settings_env(loaded: LoadedIssue, templates: Iterable[Path] = ()):
    """The Jinja environment: --templates folders, the board's, then the built-in theme."""
    from .templates import make_environment

    own = loaded.settings.templates if loaded.settings else []
    return make_environment([*(Path(t) for t in templates), *own])


def _makes_pdf(formats: Sequence[str], attach_pdf: bool) -> bool:
    return "pdf" in formats or ("email" in formats and attach_pdf)


def _without_email(loaded: LoadedIssue, formats: Sequence[str]) -> tuple[str, ...]:
    """A briefing is one A4 page to print, show or send as a PDF: it has no email edition. In
    a build of other editions too (an archive's) it simply has none; asked for alone, it is
    an error."""
    kept = tuple(f for f in formats if f != "email")
    if not kept:
        raise ValidationError(
            loaded.doc.problem(
                ("kind",),
                "a 7-minute briefing has no email edition: it is one A4 page, to print or to "
                "send as its PDF. Build it with --format html,pdf (the default), and link to "
                "it from a newsletter's email.",
            )
        )
    log.info("%s: a 7-minute briefing has no email edition", relpath(loaded.path))
    return kept


def _pages_for(loaded: LoadedIssue):
    """The module that makes this kind of document's page and print stylesheet (render_html,
    render_pdf_css, block_files): scrnews.render for a newsletter, briefing.render for a briefing."""
    if loaded.kind == "briefing":
        from .briefing import render as briefing_pages

        return briefing_pages
    from . import render

    return render


def _measure(loaded: LoadedIssue) -> dict:
    """A briefing's PDF is measured as it is made: how full each panel's box is (fit.py)."""
    if loaded.kind != "briefing":
        return {}
    from .briefing.fit import measure

    return {"inspect": measure}


def _check_fit(loaded: LoadedIssue, made: PdfResult) -> None:
    """A briefing whose text does not fit its one page is an error, at the panel's line."""
    if loaded.kind == "briefing":
        from .briefing.fit import fit_problems

        problems = fit_problems(loaded, made.inspected)
        if problems:
            raise PdfError(problems)


def settings_root(loaded: LoadedIssue) -> list[Path]:
    # A --config file outside the project may name a logo or fonts beside it.
    return [loaded.settings.folder] if loaded.settings else []


def _check_refusals(loaded: LoadedIssue, refused: list, target: Path) -> None:
    """Addresses the PDF's fetcher would not read are errors (WeasyPrint only logs them)."""
    if refused:
        from .fetch import refusal_problems

        urls = asset_urls(loaded)
        named = {urls[src]: loc for loc, src in images(loaded)}
        raise PdfError(
            refusal_problems(loaded.doc, refused, target.resolve().as_uri() + "/", named)
        )


def _check_gaps(loaded: LoadedIssue, gaps: list, html: str) -> None:
    """A character the page's fonts lack is an error at its field (WeasyPrint only warns)."""
    if gaps:
        from .glyphs import gap_problems
        from .pdf import declared_families

        fonts = ", ".join(declared_families([html])) or "none declared"
        raise PdfError(gap_problems(loaded.doc, gaps, fonts))


def _check_warnings(loaded: LoadedIssue, warnings: list[str], strict: bool) -> None:
    """Show WeasyPrint's warnings; under --strict they are the build's errors instead."""
    if not strict:
        for message in warnings:
            log.warning("%s: WeasyPrint: %s", relpath(loaded.path), message)
    elif warnings:
        raise PdfError(
            [
                Problem(
                    relpath(loaded.path),
                    None,
                    None,
                    "",
                    f"WeasyPrint: {message} (--strict turns warnings into errors)",
                )
                for message in warnings
            ]
        )
