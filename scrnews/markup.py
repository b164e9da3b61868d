"""Markdown fields to safe HTML: CommonMark, bare links made clickable, no raw HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from urllib.parse import unquote

from markupsafe import Markup

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

#: Headings written inside a field sit under the section's own h2/h3.
HEADING_SHIFT = 2

#: Picture src as written -> URL of its copy beside the page, for the render under way.
_IMAGE_URLS: ContextVar[Mapping[str, str]] = ContextVar("image_urls")


@contextmanager
def image_urls(urls: Mapping[str, str]) -> Iterator[None]:
    """Point Markdown pictures rendered inside this block at their copies (src -> URL)."""
    token = _IMAGE_URLS.set(urls)
    try:
        yield
    finally:
        _IMAGE_URLS.reset(token)


def link_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser would read it, or None for a relative link."""
    # Percent-decoded too: markdown-it turns a tab in "java\tscript:" into "java%09script:".
    cleaned = _CONTROL.sub("", unquote(url))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto, tel and relative links; False for javascript:, data: and the like."""
    scheme = link_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


#: Endings that are file names far more often than web addresses in a newsletter ("notes.zip"):
#: a bare name ending so is not made a link (an address with www. or https:// still is).
FILE_ENDINGS = frozenset({"zip", "mov", "md", "py", "sh"})


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    """Every top-level domain of the Public Suffix List's ICANN section: com, uk, cymru, wales…

    From the list the publicsuffixlist package ships (and keeps up to date), read only when a
    text holds something that could be a bare address.
    """
    from publicsuffixlist import PSLFILE

    with open(PSLFILE, encoding="utf-8") as file:
        text = file.read()
    section = text[text.index("===BEGIN ICANN DOMAINS===") : text.index("===END ICANN DOMAINS===")]
    names = set(re.findall(r"^[^/\s]*?([^.\s/!*]+)\s*$", section, re.M))
    return frozenset(names | {_ascii_name(name) for name in names})


def _ascii_name(name: str) -> str:
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _linkify():
    """linkify-it that knows every top-level domain a reader may type (gov.wales,
    info@bwrdd.cymru, www.llyw.cymru): any name ending matches, then only those the Public
    Suffix List has are kept. (Its default list has only a dozen long ones, and building its
    patterns from all 1,400 costs some 0.2 s.)"""
    from linkify_it import LinkifyIt

    class PublicSuffixLinkify(LinkifyIt):
        def match(self, text):
            found = [m for m in super().match(text) or () if _real_domain(m)]
            return found or None

    linkify = PublicSuffixLinkify()
    linkify.tlds([r"[a-z]{3,63}", r"[^\x00-\x7f]{2,63}"], True)
    return linkify


def _real_domain(match) -> bool:
    """A link written with its scheme (https://…) always; a bare name or email address when
    its last label is a top-level domain (and not a file name's ending)."""
    if match.schema not in ("", "mailto:") or match.raw.lower().startswith("mailto:"):
        return True
    host = match.raw.split("@")[-1] if match.schema == "mailto:" else match.raw
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].rstrip(".").lower()
    label = host.rsplit(".", 1)[-1]
    if label in FILE_ENDINGS and not host.startswith("www.") and match.schema == "":
        return False
    return label in top_level_domains()


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.linkify = _linkify()
    md.validateLink = is_safe_link
    default_heading = md.renderer.rules.get("heading_open")

    def heading_open(self, tokens, idx, options, env):  # bound to the renderer, like link_open
        token = tokens[idx]
        level = min(6, int(token.tag[1]) + HEADING_SHIFT)
        token.tag = f"h{level}"
        if default_heading:
            return default_heading(tokens, idx, options, env)
        return md.renderer.renderToken(tokens, idx, options, env)

    def heading_close(self, tokens, idx, options, env):
        tokens[idx].tag = tokens[idx - 2].tag if idx >= 2 else tokens[idx].tag
        return md.renderer.renderToken(tokens, idx, options, env)

    def link_open(self, tokens, idx, options, env):  # bound to the renderer by add_render_rule
        # Mark links whose text is their own address, so print shows the address only once.
        if says_url(_link_text(tokens, idx), tokens[idx].attrGet("href") or ""):
            tokens[idx].attrJoin("class", "url")
            _break_address(tokens, idx)
        return md.renderer.renderToken(tokens, idx, options, env)

    def image(self, tokens, idx, options, env):
        src = tokens[idx].attrGet("src") or ""
        copy = _IMAGE_URLS.get({}).get(unquote(src))
        if copy is not None:
            tokens[idx].attrSet("src", md.normalizeLink(copy))
        return default_image(tokens, idx, options, env)

    default_image = md.renderer.rules["image"]
    md.add_render_rule("image", image)
    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("heading_close", heading_close)
    return md


_URL_START = re.compile(r"^((?:https?://)?(?:www\.)?[^./\-?#]*)", re.IGNORECASE)
_URL_BREAK = re.compile(r"(?<=/)(?!/)|(?<!/)(?=[.?#&=_])")


def url_html(address: str) -> Markup:
    """An address shown as text, with line breaks only at sensible points.

    The scheme stays on one line with the start of the site's name ("https://www." never ends
    a line); after that a line may break after a / or before . ? # & = _ (<wbr>, which adds
    no character, so the address copies as written).
    """
    if not re.match(r"(?i)https?://|www\.", address):
        return Markup("{}").format(address)
    start = _URL_START.match(address).group(1)
    parts = [part for part in _URL_BREAK.split(address[len(start) :]) if part]
    head = Markup('<span class="url-start">{}</span>').format(start) if start else Markup("")
    return head + Markup("<wbr>").join(parts)


def _link_text(tokens, idx: int) -> str:
    text = []
    for token in tokens[idx + 1 :]:
        if token.type == "link_close":
            break
        text.append(token.content)
    return "".join(text)


def _break_address(tokens, idx: int) -> None:
    """The address a link shows as its text, given its sensible line breaks (url_html)."""
    text = tokens[idx + 1] if idx + 1 < len(tokens) else None
    if text is not None and text.type == "text" and tokens[idx + 2].type == "link_close":
        text.type, text.content = "html_inline", str(url_html(text.content))


def _bare(address: str) -> str:
    address = re.sub(r"^(https?://|mailto:|tel:)", "", address.strip().lower())
    return address.removeprefix("www.").rstrip("/")


def says_url(text: str, href: str) -> bool:
    """True when a link's text already is its address (give or take https://, www. and a final /)."""
    return bool(text.strip()) and _bare(text) == _bare(href)


def render_block(text: str | None) -> Markup:
    """Render a Markdown field as block HTML (paragraphs, lists)."""
    if not text:
        return Markup("")
    return Markup(_parser().render(text))


def render_inline(text: str | None) -> Markup:
    """Render a short Markdown field without wrapping it in a paragraph."""
    if not text:
        return Markup("")
    return Markup(_parser().renderInline(text))


@lru_cache(maxsize=1)
def _link_finder():
    """A parser like _parser() that accepts every link and notes it: checks see what rendering sees."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.linkify = _parser().linkify  # one LinkifyIt: building its patterns costs ~25 ms each
    seen: list[str] = []
    md.validateLink = lambda url: seen.append(url) or True
    return md, seen


def link_targets(text: str) -> list[str]:
    """Every link and image address in Markdown text (entities decoded), as the renderer sees it."""
    md, seen = _link_finder()
    seen.clear()
    md.parse(text)
    return list(seen)


def image_sources(text: str) -> list[str]:
    """The src of every picture the renderer would show in Markdown text (percent-decoded)."""
    if "![" not in text:  # no picture: skip the parse
        return []
    sources = []
    for block in _parser().parse(text):
        for token in block.children or ():
            if token.type == "image":
                sources.append(unquote(token.attrGet("src") or ""))
    return sources


def unsafe_links(text: str) -> list[str]:
    """Link targets in Markdown text whose scheme a reader should never be sent to."""
    if not any(
        mark in text for mark in ":&%"
    ):  # no scheme, not even an encoded one: skip the parse
        return []
    return [url for url in link_targets(text) if not is_safe_link(url)]


def images_without_alt(text: str) -> list[str]:
    """Sources of Markdown images written with empty alt text."""
    return re.findall(r"!\[\s*\]\(\s*<?([^)\s>]*)", text)


def parse_tree(text: str):
    """A Markdown field's syntax tree, read as the renderer reads it (links made, unsafe ones
    left as text), for the plain-text part of the email edition."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(_parser().parse(text))


def image_copy(src: str) -> str:
    """Where a picture written in Markdown is copied beside the page, in the render under way."""
    return _IMAGE_URLS.get({}).get(unquote(src), src)


def parse_inline_tree(text: str):
    """A short Markdown field's syntax tree, read as render_inline reads it (no paragraphs or
    lists: a leading '*' or '1.' stays a mark of the text)."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(_parser().parseInline(text))
