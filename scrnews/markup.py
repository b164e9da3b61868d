"""Markdown fields to safe HTML: CommonMark, bare links made clickable, no raw HTML."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

#: Headings written inside a field sit under the section's own h2/h3.
HEADING_SHIFT = 2


def link_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser would read it, or None for a relative link."""
    cleaned = _CONTROL.sub("", url)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto, tel and relative links; False for javascript:, data: and the like."""
    scheme = link_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.validateLink = is_safe_link
    default_heading = md.renderer.rules.get("heading_open")

    def heading_open(tokens, idx, options, env):
        token = tokens[idx]
        level = min(6, int(token.tag[1]) + HEADING_SHIFT)
        token.tag = f"h{level}"
        if default_heading:
            return default_heading(tokens, idx, options, env)
        return md.renderer.renderToken(tokens, idx, options, env)

    def heading_close(tokens, idx, options, env):
        tokens[idx].tag = tokens[idx - 2].tag if idx >= 2 else tokens[idx].tag
        return md.renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


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


_LINK_SYNTAX = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>|^\[[^\]]+\]:\s*<?(\S+?)>?\s*$",
                          re.MULTILINE)


def unsafe_links(text: str) -> list[str]:
    """Link targets in Markdown text whose scheme a reader should never be sent to."""
    found = []
    for match in _LINK_SYNTAX.finditer(text):
        url = next(group for group in match.groups() if group is not None)
        if url and not is_safe_link(url):
            found.append(url)
    return found


def images_without_alt(text: str) -> list[str]:
    """Sources of Markdown images written with empty alt text."""
    return re.findall(r"!\[\s*\]\(\s*<?([^)\s>]*)", text)
