"""Typographic care applied to a finished page: curly quotes and apostrophes (settings
`smart_quotes: true`). Only the output changes; the issue file keeps what its author typed."""

from __future__ import annotations


def smart_quotes(html: str) -> str:
    """' and " in the page's text as ‘ ’ “ ” (’ for apostrophes); tags, attributes, styles,
    scripts and code are left as they are."""
    import smartypants  # only boards that ask for it pay for the import

    # Jinja writes ' and " in text as &#39; and &#34;; smartypants reads ' and &quot;. Every
    # attribute the theme and the Markdown renderer write is in double quotes, so a bare '
    # inside one is still the same attribute.
    html = html.replace("&#39;", "'").replace("&#34;", "&quot;")
    attrs = smartypants.Attr
    return smartypants.smartypants(html, attrs.q | attrs.w | attrs.u)
