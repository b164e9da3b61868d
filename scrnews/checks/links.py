"""Links, read as the renderer reads them (CommonMark, bare addresses made into links).

Offline: L301 malformed, L302 http: to a site this issue links as https:, L303 one link text
to two places, L304 'click here' (WCAG 2.4.4). `--online` adds what only asking the sites
can tell (online.py): dead and redirected links, and http: to sites that serve https:.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..load import Loc
from .core import Hit, Subject, issue_rule

URL_KEYS = frozenset({"url", "website", "booking"})
VAGUE = frozenset(
    {
        "here",
        "click here",
        "click",
        "this link",
        "link",
        "read more",
        "more",
        "more here",
        "click this link",
        "this",
        "this page",
        "find out more",
        "more information",
        "website",
    }
)
_LOOKS_LIKE_HOST = re.compile(
    r"^(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|gov|uk|nhs|wales|cymru)(?:[/:?#]|$))",
    re.I,
)
#: What linkify could make a link of: a scheme, www., an email address, or a dotted name.
_MAYBE_ADDRESS = re.compile(r"://|www\.|@|\w\.[a-z]{2,}", re.I)
_SCHEME_TYPO = re.compile(r"^(?:h?t?tps?|htp|htps|https?)(?::/?(?!/)|//|;//|:\\\\)", re.I)


@dataclass(frozen=True)
class Link:
    """A link as a reader meets it: where it is written, its words, its address."""

    loc: Loc
    text: str
    href: str
    explicit: bool  # written as [words](address), not an address on its own


def links_of(subject: Subject) -> list[Link]:
    """Every link in the issue: address fields and the links inside Markdown text."""
    if "links" not in subject.cache:
        found: list[Link] = []
        for loc, text in subject.texts:
            if isinstance(loc[-1], str) and loc[-1] in URL_KEYS:
                found.append(Link(loc, text, text.strip(), False))
            elif loc[-1] == "title" and len(loc) > 2 and loc[-3] == "links":
                # an entry of a links list: its title is the link's words
                url = _sibling(subject, loc, "url")
                if isinstance(url, str):
                    found.append(Link(loc, text, url.strip(), True))
            else:
                found += _markdown_links(loc, text)
        subject.cache["links"] = found
    return subject.cache["links"]


def _sibling(subject: Subject, loc: Loc, key: str):
    parent = subject.data
    for part in loc[:-1]:
        parent = parent[part]
    return parent.get(key) if isinstance(parent, dict) else None


def _markdown_links(loc: Loc, text: str) -> list[Link]:
    from ..markup import _parser

    if "](" in text:  # words of its own for a link: read it as CommonMark does
        return _parsed_links(loc, text)
    if not _MAYBE_ADDRESS.search(text):  # far cheaper than linkify's own pretest
        return []
    linkify = _parser().linkify  # bare addresses, and <https://…>
    return [Link(loc, m.text, m.url, False) for m in linkify.match(text) or ()]


def _parsed_links(loc: Loc, text: str) -> list[Link]:
    from ..markup import _link_finder

    md, _seen = _link_finder()  # accepts every address, so a malformed one is seen too
    found = []
    for block in md.parse(text):
        children = block.children or []
        for index, token in enumerate(children):
            if token.type != "link_open":
                continue
            words = []
            for inner in children[index + 1 :]:
                if inner.type == "link_close":
                    break
                words.append(inner.content)
            label = "".join(words)
            href = token.attrGet("href") or ""
            explicit = token.markup not in ("linkify", "autolink")
            found.append(Link(loc, label, href, explicit))
    return found


@issue_rule
def link_rules(subject: Subject) -> Iterator[Hit]:
    links = links_of(subject)
    secure = {_host(link.href) for link in links if link.href.lower().startswith("https://")}
    board = subject.data.get("board")
    if isinstance(board, dict) and str(board.get("website", "")).startswith("https://"):
        secure.add(_host(board["website"]))
    texts: dict[str, str] = {}
    for link in links:
        problem = malformed(link.href)
        if problem and link.explicit:
            yield Hit("L301", link.loc, problem, link.href)
            continue
        if link.href.lower().startswith("http://") and _host(link.href) in secure:
            yield Hit(
                "L302",
                link.loc,
                f"{link.href!r} uses http:, but this issue links to {_host(link.href)} with "
                f"https: elsewhere. Write {'https://' + link.href[7:]!r}.",
                link.text if not link.explicit else link.href,
            )
        if not link.explicit:
            continue
        label = " ".join(link.text.lower().split()).strip(" .:!")
        if label in VAGUE:
            yield Hit(
                "L304",
                link.loc,
                f"the link text {link.text!r} does not say where the link goes (WCAG 2.4.4). "
                "Make the words of the link name the page, such as "
                "'[Working Together 2023](https://...)'.",
                f"[{link.text}]",
            )
        elif label:
            first = texts.setdefault(label, link.href)
            if not _same_place(first, link.href):
                yield Hit(
                    "L303",
                    link.loc,
                    f"the link text {link.text!r} also leads to {first}, but here to "
                    f"{link.href}. Give each place its own words.",
                    f"[{link.text}]({link.href}",
                )


def malformed(href: str) -> str | None:
    """What is wrong with a link address, or None."""
    address = href.strip()
    if not address or address.startswith(("#", "/")):
        return None
    if _SCHEME_TYPO.match(address) and not re.match(r"^https?://[^/]", address, re.I):
        return (
            f"{href!r} is not a web address: write it as https://… (two slashes after the colon)."
        )
    lowered = address.lower()
    if lowered.startswith(("http://", "https://")):
        host = urlsplit(address).hostname or ""
        if not host or ("." not in host and host != "localhost"):
            return f"{href!r} has no site name after https://. Write the whole address."
        if " " in address:
            return f"{href!r} has a space in it. Remove it, or write %20."
        return None
    if lowered.startswith("mailto:"):
        return None if "@" in address else f"{href!r} is not an email address."
    if lowered.startswith("tel:"):
        return None
    if _LOOKS_LIKE_HOST.match(address):
        return f"{href!r} needs 'https://' in front, or it leads to a page of this site: write https://{address}."
    return None


def _host(href: str) -> str:
    try:
        return (urlsplit(href.strip()).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def _same_place(a: str, b: str) -> bool:
    def norm(url: str) -> str:
        return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")

    return norm(a) == norm(b)
