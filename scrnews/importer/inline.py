"""A paragraph's runs as Markdown: bold, italic, struck-through text and links kept, the
characters Markdown would read as markup escaped, and a check that what was written reads
back as the same words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: Characters that start markup anywhere in a line.
_ANYWHERE = re.compile(r"([\\`*_\[\]<~])")
#: An entity such as &amp; or &#169;, which CommonMark would decode.
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: What starts a block when it begins a line: a heading, quote, list item, rule, setext line.
_LINE_START = re.compile(r"^(\s*)([#>+\-=|]|\d{1,9}(?=[.)]))")
_URL_PAREN = re.compile(r"[\s<>()\\]")


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    return _ENTITY.sub("&amp;", _ANYWHERE.sub(r"\\\1", text))


def escape_line_starts(markdown: str) -> str:
    """Escape what would start a heading, list or quote at the start of each line."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        match = _LINE_START.match(line)
        if match:
            mark = match.group(2)
            if mark[0].isdigit():  # 1. -> 1\.
                end = match.end()
                lines[index] = line[:end] + "\\" + line[end:]
            else:
                lines[index] = line[: match.start(2)] + "\\" + line[match.start(2) :]
    return "\n".join(lines)


def link_target(url: str) -> str:
    """A link address as Markdown writes it: spaces, angle brackets and parentheses
    percent-encoded (as a browser would send them), so nothing ends the address early."""
    return _URL_PAREN.sub(lambda m: f"%{ord(m[0]):02X}", url.strip())


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    strike: bool = False


@dataclass
class Piece:
    text: str  # plain text, or Markdown when raw
    style: Style
    link: str | None = None
    raw: bool = False
    shown: str = ""  # what raw Markdown reads as


@dataclass
class Inline:
    """The runs of one paragraph, gathered in order, then written as Markdown."""

    pieces: list[Piece] = field(default_factory=list)

    def text(self, text: str, style: Style, link: str | None = None) -> None:
        if text:
            self.pieces.append(Piece(text, style, link))

    def raw(self, markdown: str, plain: str = "", link: str | None = None) -> None:
        """Markdown written as it is (a picture, a footnote mark); plain is what it reads as."""
        self.pieces.append(Piece(markdown, Style(), link, raw=True, shown=plain))

    def line_break(self) -> None:
        self.pieces.append(Piece("\n", Style()))

    @property
    def plain(self) -> str:
        """The words as a reader sees them."""
        return "".join(p.shown if p.raw else p.text for p in self.pieces)

    @property
    def empty(self) -> bool:
        return not self.plain.strip() and not any(p.raw for p in self.pieces)

    def all(self, name: str) -> bool:
        """True when every visible piece has a style (a wholly bold line, say)."""
        shown = [p for p in self.pieces if not p.raw and p.text.strip()]
        return bool(shown) and all(getattr(p.style, name) for p in shown)

    def reads_back(self, markdown: str) -> bool:
        """True when markdown shows this paragraph's words, and nothing else."""
        if not any(p.style != Style() for p in self.pieces if not p.raw):
            return True  # nothing but escaped text and links: nothing to go wrong
        return reads_back(markdown, self.plain)

    def markdown(self, styled: bool = True) -> str:
        """The paragraph as Markdown: links, and emphasis unless styled is False."""
        out: list[str] = []
        index = 0
        pieces = _strip(self.pieces)
        while index < len(pieces):
            link = pieces[index].link
            end = index
            while end < len(pieces) and pieces[end].link == link:
                end += 1
            inner = _styled(pieces[index:end], styled)
            if link and inner.strip():
                lead, core, trail = _split_space(inner)
                out.append(f"{lead}[{core}]({link_target(link)}){trail}")
            else:
                out.append(inner)
            index = end
        text = "".join(out)
        text = re.sub(r"[ \t]*\n[ \t]*", lambda _: "\\\n", text)  # a hard line break
        return escape_line_starts(text)


def _strip(pieces: list[Piece]) -> list[Piece]:
    """Drop leading and trailing blanks and line breaks (Markdown would lose them anyway)."""
    pieces = list(pieces)
    while pieces and not pieces[0].raw and not pieces[0].text.strip():
        pieces.pop(0)
    while pieces and not pieces[-1].raw and not pieces[-1].text.strip():
        pieces.pop()
    if pieces and not pieces[0].raw:
        pieces[0] = Piece(pieces[0].text.lstrip(), pieces[0].style, pieces[0].link)
    if pieces and not pieces[-1].raw:
        pieces[-1] = Piece(pieces[-1].text.rstrip(), pieces[-1].style, pieces[-1].link)
    return pieces


def _styled(pieces: list[Piece], styled: bool) -> str:
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.raw:
            out.append(piece.text)
            index += 1
            continue
        style = piece.style if styled else Style()
        end = index
        text = ""
        while (
            end < len(pieces)
            and not pieces[end].raw
            and (pieces[end].style if styled else Style()) == style
        ):
            text += pieces[end].text
            end += 1
        out.append(_wrap(text, style))
        index = end
    return "".join(out)


def _wrap(text: str, style: Style) -> str:
    lead, core, trail = _split_space(text)
    if not core:
        return text
    parts = core.split("\n")  # emphasis may not run across a line break
    marks = ("**" if style.bold else "") + ("*" if style.italic else "")
    strike = "~~" if style.strike else ""
    wrapped = []
    for part in parts:
        part_lead, part_core, part_trail = _split_space(part)
        body = escape(part_core)
        if part_core:
            body = f"{strike}{marks}{body}{marks[::-1]}{strike}"
        wrapped.append(f"{part_lead}{body}{part_trail}")
    return lead + "\n".join(wrapped) + trail


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip(" \t")
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


def reads_back(markdown: str, plain: str) -> bool:
    """True when the Markdown shows the same words as the paragraph (emphasis marks that
    CommonMark would not read as emphasis show up as stray asterisks)."""
    return " ".join(_shown(markdown).split()) == " ".join(plain.split())


@lru_cache(maxsize=1)
def _emphasis_parser() -> Any:
    """CommonMark with strikethrough, as scrnews renders it, less linkify: what emphasis
    becomes does not depend on bare links, and finding them is most of a parse's time."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


def _shown(markdown: str) -> str:
    """The words a reader sees of one paragraph of Markdown."""
    words: list[str] = []
    for block in _emphasis_parser().parse(markdown):
        for token in block.children or ():
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append("\n")
    return "".join(words)
