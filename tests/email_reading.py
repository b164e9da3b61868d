"""Reading the email edition as a reader would, against the web page as the yardstick.

`reader_units(html)` lists what a reader of the web page reads, one piece each: the words of
every paragraph, list item, table cell, term, caption and heading (each without the pieces
nested in it, so a list item's sub-list is a piece of its own), and the address of every link.
Column headings are left out: they label values, and the plain text may give each value its
label (Owner: Health) and leave out the label of a column with no values.
The email edition loses nothing when each piece is in its HTML part and in its text part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

#: Elements whose words are one piece of reading.
UNITS = {"p", "li", "td", "th", "dt", "dd", "caption", "figcaption", "h2", "h3", "h4", "h5", "h6"}
#: Elements whose content a reader of the page does not read as text (or reads elsewhere).
SKIPPED = {"nav", "script", "style", "head", "svg", "title", "summary"}
VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col"}


@dataclass
class Reading:
    """The pieces of a page: words (whitespace removed) and link addresses (absolute)."""

    texts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hidden, starts a piece)
        self.units: list[list[str]] = []
        self.everything: list[str] = []  # every word shown, in order
        self.reading = Reading()

    @property
    def hidden(self) -> bool:
        return any(hidden for _, hidden, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        hidden = (
            tag in SKIPPED
            or "visually-hidden" in classes
            or "skip-link" in classes
            or "preheader" in classes
        )
        if tag == "a" and not self.hidden and not hidden:
            href = attributes.get("href") or ""
            if href and not href.startswith("#"):
                self.reading.links.append(urljoin(self.base, unescape(href)))
        if tag in VOID:
            return
        column_heading = tag == "th" and any(t == "thead" for t, _, _ in self.stack)
        starts = tag in UNITS and not self.hidden and not hidden and not column_heading
        self.stack.append((tag, hidden, starts))
        if starts:
            self.units.append([])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _, starts = self.stack.pop()
            if starts:
                words = re.sub(r"\s+", "", "".join(self.units.pop()))
                if words:
                    self.reading.texts.append(words)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.units and not self.hidden:
            self.units[-1].append(data)
        if not self.hidden:
            self.everything.append(data)


def reader_units(html: str, base: str = "") -> Reading:
    """The pieces a reader reads in a page (links made absolute against base)."""
    start = html.find("<body")
    reader = _Reader(base)
    reader.feed(html[start:] if start >= 0 else html)
    reader.close()
    return reader.reading


def text_of_html(html: str) -> str:
    """An HTML part's words with all whitespace removed, for finding pieces in it."""
    start = html.find("<body")
    reader = _Reader("")
    reader.feed(html[start:])
    reader.close()
    return re.sub(r"\s+", "", "".join(reader.everything))


def text_of_plain(text: str) -> str:
    """The plain-text part's words as a reader reads them: without link references [n],
    quotation marks '> ' or line breaks, all whitespace removed."""
    numbers = set(re.findall(r"(?m)^\[(\d+)\] \S+$", text))  # the references listed
    text = re.sub(r"(?m)^(?:> ?)+", "", text)
    text = re.sub(r" ?\[(\d+)\]", lambda m: "" if m[1] in numbers else m[0], text)
    return re.sub(r"\s+", "", text)


def shown(url: str) -> str:
    """An address as the plain text prints it (no mailto:, tel: numbers without spaces)."""
    return re.sub(r"^(mailto|tel):", "", url)


def missing(reading: Reading, email_html: str, plain: str) -> dict[str, list[str]]:
    """Each piece of the web page that is not in the email's HTML part, or not in its text."""
    html_words, plain_words = text_of_html(email_html), text_of_plain(plain)
    hrefs = {urljoin("", unescape(h)) for h in re.findall(r'href="([^"]*)"', email_html)}
    plain_squashed = re.sub(r"\s+", "", plain)
    return {
        "html text": [t for t in reading.texts if t not in html_words],
        "plain text": [t for t in reading.texts if t not in plain_words],
        "html links": [u for u in reading.links if u not in hrefs],
        "plain links": [
            u for u in reading.links if re.sub(r"\s+", "", shown(u)) not in plain_squashed
        ],
    }
