"""HTML -> PDF with WeasyPrint: tagged PDF/UA-1 by default, warnings collected, reads fenced in."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_VARIANT = "pdf/ua-1"


@dataclass
class PdfResult:
    """The PDF's bytes and what WeasyPrint complained about while making it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """scrnews's own warnings about the PDF, such as images too coarse for print."""
    refused: list = field(default_factory=list)
    """fetch.Refusal for every address the fetcher would not read (the build makes them errors)."""
    gaps: list[tuple[str, str | None]] = field(default_factory=list)
    """(character, font) for each character the page's own fonts could not draw: font is the
    machine's font WeasyPrint fell back to, or None for an empty box (.notdef). glyphs.py
    makes them errors at the fields that hold them."""
    inspected: Any = None
    """What the `inspect` function found in the layout (a briefing's panel fill), if one was given."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_to_pdf(html: str, **kwargs) -> PdfResult:
    """Render html to PDF bytes for a profile (profiles.py).

    Relative links resolve against base_dir, where the page's files will be: assets maps
    their URLs to source files, generated to bytes made in memory (print.css).
    """
    return _make(html, **kwargs)[0]


def make_pdf(source: str | Sequence[tuple[str, dict]], **kwargs):
    """The PDF work of one issue, in this process: html_to_pdf(source, **kwargs) for a page's
    HTML; editions_to_pdf(source, **kwargs) for a bilingual issue's editions, each (html,
    html_to_pdf's keyword arguments). A build, its warm worker and an archive's workers all
    call this, so each makes the same bytes."""
    if isinstance(source, str):
        return html_to_pdf(source, **kwargs)
    return editions_to_pdf(source, **kwargs)


def editions_to_pdf(
    jobs: Sequence[tuple[str, dict]],
    *,
    title: str,
    side_by_side: tuple[str, dict] | None = None,
) -> list[PdfResult]:
    """Each edition's PDF, then the bilingual one: side_by_side's (html, options) laid out on
    its own, or else every edition back to back, made of their pages (each laid out once;
    WeasyPrint's way to join documents, with the first's options). jobs are (html,
    html_to_pdf's keyword arguments)."""
    made = [_make(html, **kwargs) for html, kwargs in jobs]
    results = [result for result, _, _ in made]
    if side_by_side is not None:
        html, kwargs = side_by_side
        return [*results, html_to_pdf(html, **kwargs)]
    first, write = made[0][1], made[0][2]
    joined = first.copy([page for _, rendered, _ in made for page in rendered.pages])
    joined.metadata.title = title
    token = _MIXED.set(True)
    try:
        data = write(joined, title)
    finally:
        _MIXED.reset(token)
    results.append(PdfResult(data, len(joined.pages)))
    return results


def _make(
    html: str,
    *,
    base_dir: Path,
    stylesheets: Iterable[str] = (),
    roots: Iterable[Path] = (),
    assets: Mapping[str, Path] | None = None,
    variant: str | None = DEFAULT_VARIANT,
    profile: str = "screen",
    allow_remote: Iterable[str] = (),
    generated: Mapping[str, bytes] | None = None,
    inspect: Callable[[Any], Any] | None = None,
):
    """(PdfResult, WeasyPrint's rendered document, a function that writes a document with the
    same options). inspect, if given, is called with the laid-out document before it is
    written (a module-level function, so it can be sent to a worker process); what it
    returns comes back as the result's `inspected`."""
    import weasyprint

    _tag_languages()
    from .fetch import ProjectFetcher
    from .profiles import finisher, get_profile, low_resolution_images, write_options

    chosen = get_profile(profile)
    options = write_options(variant)
    notes: list[str] = []

    def write(document, salt: str) -> bytes:
        return document.write_pdf(
            finisher=finisher(chosen, f"{variant}\n{salt}".encode()), **options
        )

    fetcher = ProjectFetcher(
        roots=[*roots, base_dir],
        assets=assets,
        allow_remote=allow_remote,
        base_dir=base_dir,
        generated=generated,
    )
    collector = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(collector)
    try:
        base_url = base_dir.as_uri() + "/"
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        sheets = [text for text in [*stylesheets, chosen.page_css] if text]
        css = [weasyprint.CSS(string=text, url_fetcher=fetcher) for text in sheets]
        # Presentational hints: the HTML attributes a browser honours, such as <ol start="3">
        # (a list that continues after a paragraph), which WeasyPrint otherwise ignores.
        rendered = document.render(stylesheets=css, presentational_hints=True, **options)
        _one_annotation_per_link(rendered)
        inspected = inspect(rendered) if inspect is not None else None
        data = write(rendered, html)
        if chosen.min_dpi:
            notes = low_resolution_images(rendered, chosen.min_dpi, assets or {})
    finally:
        wlog.removeHandler(collector)
    gaps = font_gaps(rendered, declared_families([html, *(generated or {}).values()]))
    # A .notdef glyph is reported as an error at its field instead (glyphs.py).
    warnings = [m for m in collector.messages if not m.startswith(".notdef glyph rendered")]
    result = PdfResult(data, len(rendered.pages), warnings, notes, fetcher.refused, gaps, inspected)
    return result, rendered, write


#: True while a PDF that joins documents in different languages is written: each document's
#: top-level elements are then tagged with its <html lang> (the PDF's own /Lang is the first's).
_MIXED: ContextVar[bool] = ContextVar("mixed_languages", default=False)


_FONT_FACE = re.compile(
    r"@font-face\s*\{[^}]*?font-family\s*:\s*(?:\"([^\"]+)\"|'([^']+)'|([^;}]+))", re.I
)


def declared_families(texts: Iterable[str | bytes]) -> list[str]:
    """The families the page's @font-face rules name, in order: the fonts it brings."""
    found: dict[str, None] = {}
    for text in texts:
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        found.update(dict.fromkeys("".join(m).strip() for m in _FONT_FACE.findall(text)))
    return list(found)


def font_gaps(rendered, declared: list[str]) -> list[tuple[str, str | None]]:
    """(character, font) drawn as .notdef (font None) or, when the page brings its own fonts,
    with a font it does not bring for want of the character (WeasyPrint's fallback to the
    machine's fonts), in order. Text the style itself sets in a font of the machine, such as
    code in `monospace`, is not a gap when the page's own fonts have its characters."""
    families = {name.lower() for name in declared}
    gaps: dict[str, str | None] = {}
    elsewhere: dict[str, str] = {}
    for font in rendered.fonts.values():
        for codepoint in sorted(font.missing):
            gaps[chr(codepoint)] = None
        if families and font.family.lower() not in families:
            for text in font.to_unicode.values():
                for char in text:
                    if not char.isspace():
                        elsewhere.setdefault(char, font.family)
    if elsewhere:
        own = _characters(f for f in rendered.fonts.values() if f.family.lower() in families)
        for char, family in elsewhere.items():
            if char not in gaps and ord(char) not in own:
                gaps[char] = family
    return sorted(gaps.items())


def _characters(fonts) -> set[int]:
    """The code points the fonts can draw (their cmaps), read with fontTools from the whole
    font (file_content is only the subset the PDF embeds, once it is written)."""
    import io

    from fontTools.ttLib import TTFont
    from weasyprint.text.fonts import get_hb_object_data

    found: set[int] = set()
    for font in fonts:
        try:
            data = get_hb_object_data(font.hb_face)
            found |= set(TTFont(io.BytesIO(data), fontNumber=font.index).getBestCmap())
        except Exception:  # a font fontTools cannot read: its characters count as missing
            log.debug("could not read the cmap of %s", font.family, exc_info=True)
    return found


def _one_annotation_per_link(document) -> None:
    """Keep the link annotation of each piece of a link, not those of the elements inside it.

    WeasyPrint 70 also gives every element inside a link (the <span> and <wbr> that break an
    address sensibly, the words of a contents entry) an annotation of its own, which the tagged
    PDF does not reference from a Link element (PDF/UA 7.18.5). The link's own annotation
    covers the same area, so the inner ones are dropped before the PDF is written.
    """
    for page in document.pages:
        inside = {
            id(inner) for *_, box in page.links for inner in box.descendants() if inner is not box
        }
        page.links[:] = [link for link in page.links if id(link[3]) not in inside]


def _start_worker(parent_pid: int) -> None:
    """In the worker: end with the build however it ends, then import WeasyPrint (warming the
    worker before the HTML is ready)."""
    from .children import die_with_parent, name_process, quiet_signals

    die_with_parent(parent_pid)
    quiet_signals()
    name_process("scrnews-pdf")
    import weasyprint  # noqa: F401

    from . import fetch, profiles  # noqa: F401  (what html_to_pdf imports, before the HTML comes)


def _tag_languages() -> None:
    """Tag the language of a passage, as PDF/UA-1 asks (7.2): WeasyPrint 70 sets the document's
    /Lang only, so every structure element made for an HTML element with a lang attribute
    (a bilingual PDF's Welsh and English halves) gets /Lang too. Done by wrapping WeasyPrint's
    tag-tree builder, which calls itself by its module-level name for every box."""
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "scrnews_lang", False):
        return

    def build_with_lang(box, parent, pdf, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        root = getattr(box, "element_tag", None) in ("html", "body")
        own = lang and (not root or _MIXED.get())
        for made in build(box, parent, pdf, *args, **kwargs):
            if own and "Lang" not in made:
                import pydyf

                made["Lang"] = pydyf.String(lang)
            yield made

    build_with_lang.scrnews_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_with_lang


class WarmRenderer:
    """Makes a PDF in a child process started early, so WeasyPrint's slow import runs on the
    second core while this process loads, validates and renders the HTML.

    Used for single-issue builds; falls back to rendering in-process where fork is not
    available or threads are running (fork is only safe in a single-threaded process).
    """

    def __init__(self) -> None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        from .children import context

        self._pool = None
        if context().get_start_method() == "fork":
            self._pool = ProcessPoolExecutor(
                1, mp_context=context(), initializer=_start_worker, initargs=(os.getpid(),)
            )
            self._pool.submit(int)  # start the worker now

    def __call__(self, source, **kwargs):
        """make_pdf(source, **kwargs), on the worker when there is one."""
        if self._pool is None:
            return make_pdf(source, **kwargs)
        return self._pool.submit(make_pdf, source, **kwargs).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WarmRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
