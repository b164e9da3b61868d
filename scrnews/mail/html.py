"""The email edition's HTML: rendered from email.html, links made absolute, CSS inlined."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..labels import direction
from ..markup import link_scheme

if TYPE_CHECKING:
    import jinja2

    from ..build import LoadedIssue
    from . import Links

DEFAULT_COLOUR = "#1d4f91"
_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src|cite)=")([^"]*)(")')


def email_html(
    loaded: LoadedIssue, env: jinja2.Environment, links: Links, *, extra: dict | None = None
) -> str:
    """The issue as one email-safe HTML document, every style in a style attribute."""
    from .. import settings as board_settings
    from ..build import asset_urls
    from ..markup import image_urls
    from ..render import context_for
    from ..templates import render_template

    issue, settings = loaded.issue, loaded.settings
    colours = settings.settings.colours if settings else None
    urls = asset_urls(loaded)
    context = context_for(
        issue,
        extra={
            **board_settings.context(settings),
            "assets": urls,
            "page_url": links.page,
            "pdf_url": links.pdf,
            "dir": direction(issue.language),
            "brand": issue.board.colour or DEFAULT_COLOUR,
            "link": (colours.link if colours else None) or DEFAULT_COLOUR,
            **(extra or {}),
        },
    )
    with image_urls(urls):
        html = render_template(env, "email.html", context)
    css = render_template(env, "email.css", context)
    return inline_css(absolute_links(html, links), css)


def absolute_links(html: str, links: Links) -> str:
    """Every relative href and src (pictures, calendar files, #anchors) pointed at the web edition."""

    def absolute(match: re.Match[str]) -> str:
        url = match[2]
        if link_scheme(url.replace("&amp;", "&")) is not None:
            return match[0]
        return f"{match[1]}{links.resolve(url)}{match[3]}"

    return _LINK_ATTRIBUTE.sub(absolute, html)


def inline_css(html: str, css: str) -> str:
    """Copy the rules of css into the style attributes of the elements they match (css-inline).

    The page's own <style> (dark mode: rules a style attribute cannot hold) stays as it is.
    """
    import css_inline

    inliner = css_inline.CSSInliner(
        inline_style_tags=False,
        keep_style_tags=True,
        extra_css=css,
        minify_css=True,
        load_remote_stylesheets=False,
    )
    return inliner.inline(html).rstrip("\n") + "\n"  # a text file (and MIME part) ends a line


def size_warning(html: str, loaded: LoadedIssue) -> str | None:
    """A warning when Gmail would clip the message, with its size."""
    from ..errors import relpath
    from . import GMAIL_CLIP

    size = len(html.encode("utf-8"))
    if size <= GMAIL_CLIP:
        return None
    return (
        f"{relpath(loaded.path)}: the email edition's HTML is {size:,} bytes; Gmail shows only "
        f"the first {GMAIL_CLIP:,} (102 KB) and hides the rest behind 'View entire message'. "
        "Shorten the issue, or send it in two parts."
    )
