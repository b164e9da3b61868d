"""A bilingual issue's outputs: a page and a PDF per language, and one PDF with both.

    out/<name>/index.html, <name>.pdf          the issue's own language (the first it names)
    out/<name>/<code>/index.html, <name>.pdf   each other language (en/ or cy/)
    out/<name>/<name>-bilingual.pdf            both: side by side, or back to back

Every page names the others with `<link rel="alternate" hreflang>` and has a switch to them
that keeps the reader's place (the pages share their anchors). In the bilingual PDF each
language's passages are in an element with its `lang`, which pdf.py tags /Lang.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .labels import CODES, NAMES

if TYPE_CHECKING:
    from .build import LoadedIssue, Rendered, Unfinished

LAYOUTS = ("back-to-back", "side-by-side")
DEFAULT_LAYOUT = "back-to-back"
TEMPLATE = "bilingual.html"


def folder(loaded: LoadedIssue, edition: LoadedIssue) -> str:
    """Where an edition's page is, relative to the issue's folder: '' or 'en/'."""
    return "" if edition is loaded else f"{CODES[edition.issue.language]}/"


def pdf_name(loaded: LoadedIssue) -> str:
    return f"{loaded.stem}-bilingual.pdf"


def languages(loaded: LoadedIssue, current: LoadedIssue) -> list[dict[str, Any]]:
    """Each edition as the page of `current` links to it: tag, code, name, href, current."""
    back = "../" if current is not loaded else ""
    return [
        {
            "tag": edition.issue.language,
            "code": CODES[edition.issue.language],
            "name": NAMES[edition.issue.language],
            "href": "index.html"
            if edition is current
            else f"{back}{folder(loaded, edition)}index.html",
            "current": edition is current,
        }
        for edition in loaded.editions
    ]


def render_pages(
    loaded: LoadedIssue,
    target: Path,
    *,
    layout: str | None = None,
    formats: Sequence[str] = ("html", "pdf"),
    extra: dict | None = None,
    **options: Any,
) -> tuple[Rendered, Unfinished]:
    """Every edition's page and the files beside it, and what is left to do: one piece of PDF
    work (pdf.make_pdf) that makes each edition's PDF and the bilingual one. The email edition
    is the issue's own language's. options are render_one_page's."""
    from .build import Unfinished, render_one_page

    layout = layout or DEFAULT_LAYOUT
    contexts = [_context(loaded, edition, extra, formats) for edition in loaded.editions]
    editions = []
    for edition, context in zip(loaded.editions, contexts, strict=True):
        own = [f for f in formats if f != "email" or edition is loaded]
        place = target / folder(loaded, edition)
        page, rest = render_one_page(edition, place, formats=own, extra=context, **options)
        editions.append((edition, page, rest))
    first = editions[0][2]
    source: str | list[tuple[str, dict]] = first.html
    work = first.pdf  # --attach-pdf alone: the issue's own language's PDF, for its message
    if "pdf" in formats:  # every edition's PDF, and the bilingual one
        if layout == "side-by-side":
            source = [(rest.html, rest.pdf) for _, _, rest in editions]
            side = (bilingual_html(loaded, options.get("templates", ())), first.pdf)
            work = {"title": _title(loaded), "side_by_side": side}
        else:  # the editions' pages joined: each needs anchors of its own (cy-…, en-…)
            source = [
                _prefixed(edition, place=rest.target, context=context, options=options)
                for (edition, _, rest), context in zip(editions, contexts, strict=True)
            ]
            work = {"title": _title(loaded)}
    rest = Unfinished(target, source, work, "pdf" in formats, editions=editions)
    return editions[0][1], rest


def _prefixed(edition: LoadedIssue, *, place: Path, context: dict, options: dict):
    """An edition's (HTML, options) for a PDF joined with the others: its anchors after its
    language's code."""
    from .build import render_one_page

    code = CODES[edition.issue.language]
    more = {k: v for k, v in options.items() if k not in ("formats", "attach_pdf")}
    _, rest = render_one_page(
        edition, place, formats=["pdf"], extra=context, prefix=f"{code}-", **more
    )
    return rest.html, rest.pdf


def finish_pages(
    loaded: LoadedIssue, rendered: Rendered, rest: Unfinished, made: Any, *, strict: bool
) -> None:
    """Finish each edition with its PDF (build.finish_issue), then gather every file into
    rendered (the first edition's): the other edition's, and the bilingual PDF."""
    from .build import check_pdf, finish_issue

    results = made if isinstance(made, list) else [] if made is None else [made]
    left = iter(results)
    for edition, page, edition_rest in rest.editions:
        mine = next(left) if edition_rest.pdf is not None else None
        finish_issue(edition, page, edition_rest, mine, strict=strict)
    joined = next(left, None)
    for _, page, _ in rest.editions[1:]:
        rendered.outputs.update(page.outputs)
        rendered.result.translations += page.result.outputs
    if joined is not None:
        side = (rest.pdf or {}).get("side_by_side")
        if side is not None:  # its own layout, so its own report
            check_pdf(loaded, joined, rest.target, side[0], strict)
        rendered.outputs[rest.target / pdf_name(loaded)] = joined.data
        rendered.result.bilingual = rest.target / pdf_name(loaded)
        rendered.result.warnings += [*joined.warnings, *joined.notes]


def _context(loaded: LoadedIssue, edition: LoadedIssue, extra: dict | None, formats) -> dict:
    """What an edition's page adds to the template context: its languages, the bilingual PDF."""
    back = "../" if edition is not loaded else ""
    return {
        **(extra or {}),
        "languages": languages(loaded, edition),
        "bilingual_pdf": f"{back}{pdf_name(loaded)}" if "pdf" in formats else None,
        "nav": _nav_for(extra, loaded, edition),
    }


def _title(loaded: LoadedIssue) -> str:
    """The bilingual PDF's title: each edition's, the issue's own language first."""
    from .render import page_title

    return " / ".join(page_title(edition.issue) for edition in loaded.editions)


def _nav_for(extra: dict | None, loaded: LoadedIssue, edition: LoadedIssue) -> Any:
    """The archive's links (site.navigation) as the page of one edition sees them."""
    nav = (extra or {}).get("nav")
    if edition is loaded or not nav:
        return nav
    return nav.get("editions", {}).get(edition.issue.language)


def bilingual_html(loaded: LoadedIssue, templates) -> str:
    """One HTML document with every edition, each block beside its translation; ids prefixed
    with each language's code so both contents lists work."""
    from . import settings as board
    from .build import asset_urls, settings_env
    from .markup import image_urls
    from .render import context_for, finish
    from .templates import render_template

    env = settings_env(loaded, templates)
    urls = asset_urls(loaded)
    editions = []
    with image_urls(urls):
        for edition in loaded.editions:
            code = CODES[edition.issue.language]
            context = context_for(edition.issue, prefix=f"{code}-")
            context.update(code=code, tag=edition.issue.language)
            editions.append(context)
        first = editions[0]
        html = render_template(
            env,
            TEMPLATE,
            {
                **first,
                **board.context(loaded.settings),
                "assets": urls,
                "editions": editions,
                "title": " / ".join(context["title"] for context in editions),
            },
        )
    return finish(html, loaded.settings.settings if loaded.settings else None)
