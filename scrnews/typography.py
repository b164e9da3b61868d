"""Typographic care applied to a finished page: curly quotes and apostrophes (settings
`smart_quotes: true`). Only the output changes; the issue file keeps what its author typed."""

from __future__ import annotations

import re

APOSTROPHE = "\u2019"

#: A quote straight after inline markup that follows a word ("**Mae**'n", "[Cymru](…)'r",
#: "the *board*'s"): an apostrophe, though smartypants, which sees the text after the tag
#: alone, would open a quotation there.
_AFTER_MARKUP = re.compile(
    r"(?<=[^\s>])((?:</?(?:a|abbr|b|cite|code|em|i|mark|q|small|span|strong|sub|sup)\b[^>]*>)+)"
    r"'(?=\w)"
)

#: Welsh elisions written on their own ("Mae hi 'n", "rhwng y tŷ 'r ardd") and decades
#: ("'90au", "'90s"): apostrophes, not the opening of a quotation. A letter quoted on its own
#: ("the letter 'r'") is still a quotation.
_ELISION = re.compile(r"(?<![\w'\u2019])'(?=(?:r|n|w|i|u|m|th|ch|\d\d(?:au|s))(?![\w'\u2019]))")


def smart_quotes(html: str) -> str:
    """' and " in the page's text as ‘ ’ “ ” (’ for apostrophes, Welsh elisions such as ’r and
    ’n included); tags, attributes, styles, scripts and code are left as they are."""
    import smartypants  # only boards that ask for it pay for the import

    # Jinja writes ' and " in text as &#39; and &#34;; smartypants reads ' and &quot;. Every
    # attribute the theme and the Markdown renderer write is in double quotes, so a bare '
    # inside one is still the same attribute.
    html = html.replace("&#39;", "'").replace("&#34;", "&quot;")
    html = _AFTER_MARKUP.sub(lambda m: m.group(1) + APOSTROPHE, html)
    html = _text_only(html, lambda text: _ELISION.sub(APOSTROPHE, text))
    attrs = smartypants.Attr
    return smartypants.smartypants(html, attrs.q | attrs.w | attrs.u)


_TAG_OR_SKIPPED = re.compile(
    r"<(script|style|code|pre|kbd|samp|math|textarea)\b.*?</\1\s*>|<[^>]*>", re.S | re.I
)


def _text_only(html: str, change) -> str:
    """change() applied to the page's text only: not to tags, attributes, or what smartypants
    also leaves alone (scripts, styles, code)."""
    parts, at = [], 0
    for match in _TAG_OR_SKIPPED.finditer(html):
        parts += [change(html[at : match.start()]), match.group(0)]
        at = match.end()
    parts.append(change(html[at:]))
    return "".join(parts)
