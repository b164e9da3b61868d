"""Read from an HTML file what its PDF should tag: headings and lists."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {"p"}
LISTS = {"ul", "ol"}
# Text in table cells may be read row by row across columns, so it is left out of `blocks`.
TABLES = {"table"}
# Content that never reaches the page, so never reaches the PDF either.
UNRENDERED = {"head", "script", "style", "template", "noscript"}


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_GAPS = re.compile(r"[\s\u00ad\u2010\u2011-]+")


def tighten(text: str) -> str:
    """Reduce text to what survives PDF extraction: no spaces or hyphens, ligatures opened."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _GAPS.sub("", text)


def describe(tag: str, words: str) -> str:
    """Name an element by its tag and first words: p "This is the second newsletter…"."""
    if len(words) > 50:
        cut = words[:51]
        words = (cut[:50] if cut.endswith(" ") else cut.rsplit(" ", 1)[0]).rstrip(" ,.;:") + "…"
    return f'{tag} "{words}"'


@dataclass
class Outline:
    """Headings (level, text) in source order, the number of non-empty lists, and the
    headings and paragraphs outside tables as (tag, text) in source order, and the
    non-empty lists as (tag, text) in the order they end (inner lists first)."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    lists: int = 0
    blocks: list[tuple[str, str]] = field(default_factory=list)
    list_texts: list[tuple[str, str]] = field(default_factory=list)


class _OutlineParser(HTMLParser):
    """Collect headings and lists, skipping hidden and unrendered subtrees."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._open: list[tuple[str, bool]] = []  # (tag, hidden)
        self._heading: list[str] | None = None
        self._block: tuple[str, list[str]] | None = None
        self._tables = 0
        self._list_items: list[int] = []
        self._list_text: list[list[str]] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = tag in UNRENDERED or "hidden" in dict(attrs)
        self._open.append((tag, hidden))
        if self._hidden():
            return
        if tag in HEADINGS:
            self._heading = []
        if tag in BLOCKS and self._block is None and not self._tables:
            self._block = (tag, [])
        if tag in TABLES:
            self._tables += 1
        elif tag in LISTS:
            self._list_items.append(0)
            self._list_text.append([])
        elif tag == "li" and self._list_items:
            self._list_items[-1] += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not any(t == tag for t, _ in self._open):
            return
        while self._open:
            name, hidden = self._open.pop()
            was_hidden = hidden or self._hidden()
            if not was_hidden:
                self._close(name)
            if name == tag:
                break

    def _close(self, tag):
        if tag in TABLES and self._tables:
            self._tables -= 1
        if self._block is not None and self._block[0] == tag:
            text = " ".join("".join(self._block[1]).split())
            if text:
                self.outline.blocks.append((tag, text))
            self._block = None
        if tag in HEADINGS and self._heading is not None:
            self.outline.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        elif tag in LISTS and self._list_items:
            text = " ".join("".join(self._list_text.pop()).split())
            if self._list_items.pop() > 0:
                self.outline.lists += 1
                self.outline.list_texts.append((tag, text))

    def handle_data(self, data):
        if self._hidden():
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._block is not None:
            self._block[1].append(data)
        for text in self._list_text:
            text.append(data)


def read_outline(path: str | Path) -> Outline:
    """Parse an HTML file and return its headings and list count."""
    parser = _OutlineParser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    return parser.outline
