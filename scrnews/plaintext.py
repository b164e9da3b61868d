"""The plain-text part of the email edition, written from the issue model, never from HTML.

Each block type writes itself through a `PlainText` (its `plain_text` method, beside its
model in scrnews/blocks/); this module holds what they share: paragraphs wrapped at 72
columns, headings underlined (= for the issue, - for a block, ~ below it), lists indented,
Markdown fields read from their syntax tree, tables as aligned columns (or one record per
row when they do not fit), and each link given once as a numbered reference [n] listed
after its section.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .labels import format_date
from .markup import says_url

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

    from .blocks.parts import Item
    from .period import Period

WIDTH = 72
UNDERLINE = {1: "=", 2: "-"}
SUB_UNDERLINE = "~"
_SPACES = re.compile(r"[ \t\r\n]+")  # not \s: a no-break space stays one


def words(text: str) -> str:
    """Runs of spaces and line breaks as one space (a no-break space is kept)."""
    return _SPACES.sub(" ", text).strip()


class PlainText:
    """The text being written: paragraphs (already wrapped) separated by blank lines, the
    lines of a list by line breaks.

    resolve turns a link as written (relative ones too) into the address a reader can open.
    """

    def __init__(
        self,
        labels: dict[str, str],
        language: str,
        *,
        resolve: Callable[[str], str] = lambda url: url,
        width: int = WIDTH,
    ) -> None:
        self.labels, self.language, self.width = labels, language, width
        self.resolve = resolve
        self._parts: list[str] = []
        self._in_list = 0  # depth of lists being written: their lines follow without a gap
        self._first_line = False  # the next line starts a list (a blank line before it)
        self._numbers: dict[str, int] = {}  # address -> its reference number, message-wide
        self._section: list[int] = []  # numbers used since the last end_section()

    # ------------------------------------------------------------ words a block needs

    def date(self, period: Period) -> str:
        """A date or period in words, in the issue's language."""
        return format_date(period, self.language)

    def link(self, text: str, url: str) -> str:
        """Link words with their reference, 'the report [3]'; an address shown as itself stays so."""
        text, target = words(text), self.resolve(url)
        if not text or says_url(text, url) or says_url(text, target):
            return text or shown(target)
        number = self._numbers.setdefault(target, len(self._numbers) + 1)
        if number not in self._section:
            self._section.append(number)
        return f"{text} [{number}]"

    def url(self, url: str) -> str:
        """An address printed as itself (as the web page shows it)."""
        return shown(self.resolve(url))

    def inline(self, text: str | None) -> str:
        """A short Markdown field as one run of words, links as references."""
        if not text:
            return ""
        from .markup import parse_inline_tree

        return words(self._inline_of(parse_inline_tree(text)))

    # ------------------------------------------------------------ writing

    def heading(self, text: str, level: int = 2) -> None:
        """A heading, wrapped, underlined as long as its longest line."""
        lines = textwrap.wrap(words(text), self.width, break_long_words=False) or [""]
        mark = UNDERLINE.get(level, SUB_UNDERLINE)
        self._add("\n".join([*lines, mark * max(len(line) for line in lines)]))

    def sub(self, view: Any) -> int:
        """The level of titles inside a block: under its heading, or a block heading's own."""
        return 3 if view.heading else 2

    def para(self, text: str | None, indent: int = 0) -> None:
        """Words wrapped into a paragraph (nothing for empty text)."""
        if text and text.strip():
            self._add(self._wrap(text, " " * indent, " " * indent))

    def notes(self, notes: Sequence[str]) -> None:
        """Notes under a block, one paragraph each, read inline: a leading '[1]' or '*' stays
        the mark the text refers to it by."""
        for note in notes:
            self.para(self.inline(note))

    def lines(self, lines: Sequence[str], indent: int = 0) -> None:
        """Lines kept as written (a postal address), as one paragraph."""
        kept = [f"{' ' * indent}{words(line)}" for line in lines if line.strip()]
        if kept:
            self._add("\n".join(kept))

    def markdown(self, text: str | None, indent: int = 0, *, quote: bool = False) -> None:
        """A Markdown field: paragraphs, lists, quotations, headings and tables.

        quote marks every line with '> ', as a quotation is marked in a reply.
        """
        prefix = " " * indent + ("> " if quote else "")
        self._markdown_at(text, prefix, prefix)

    def markdown_item(self, text: str, mark: str = "-", indent: int = 0) -> None:
        """A Markdown field as one list item under its mark (inside listing())."""
        pad = " " * indent
        self._markdown_at(text, f"{pad}{mark} ", pad + " " * (len(mark) + 1))

    def points(self, texts: Sequence[str], ordered: bool = True) -> None:
        """A list whose items are Markdown fields of a paragraph or more (learning points)."""
        with self.listing():
            for mark, text in zip(marks(len(texts), ordered, None), texts, strict=True):
                self._markdown_at(text, f"{mark} ", " " * (len(mark) + 1))

    @contextmanager
    def listing(self) -> Iterator[None]:
        """Lines written inside follow one another with no blank line (the lines of a list)."""
        if not self._in_list:
            self._first_line = True
        self._in_list += 1
        try:
            yield
        finally:
            self._in_list -= 1

    def items(
        self,
        items: Sequence[Item],
        ordered: bool = False,
        start: int | None = None,
        indent: int = 0,
    ) -> None:
        """A list of items (Markdown text, an optional note, sub-items), each under its mark."""
        pad = " " * indent
        with self.listing():
            for mark, item in zip(marks(len(items), ordered, start), items, strict=True):
                hang = " " * (indent + len(mark) + 1)
                self._markdown_at(item.text, f"{pad}{mark} ", hang)
                if item.note:
                    self.para(self.inline(item.note), len(hang))
                if item.items:
                    self.items(item.items, item.ordered, item.start, len(hang))

    def bullets(
        self,
        texts: Sequence[str],
        ordered: bool = False,
        start: int | None = None,
        indent: int = 0,
    ) -> None:
        """A list of runs of words already made (inline text with references)."""
        pad = " " * indent
        with self.listing():
            for mark, text in zip(marks(len(texts), ordered, start), texts, strict=True):
                self._add(self._wrap(text, f"{pad}{mark} ", " " * (indent + len(mark) + 1)))

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None = None
    ) -> None:
        """A table: aligned columns when it fits the width, else one record per row."""
        if caption:
            self.para(caption)
        head = [words(h) for h in header]
        cells = [[words(c) for c in row] for row in rows]
        widths = [
            max([len(h), *(len(r[i]) for r in cells if i < len(r))]) for i, h in enumerate(head)
        ]
        gap = "   "
        if sum(widths) + len(gap) * (len(widths) - 1) <= self.width:
            table = [gap.join(h.ljust(w) for h, w in zip(head, widths, strict=False)).rstrip()]
            table.append(gap.join("-" * w for w in widths))
            table += [
                gap.join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip()
                for r in cells
            ]
            self._add("\n".join(table))
            return
        for row in cells:
            record = [f"{h}: {c}" for h, c in zip(head, row, strict=False) if c]
            with self.listing():
                for index, part in enumerate(record):
                    self._add(self._wrap(part, "- " if index == 0 else "  ", "  "))

    def end_section(self) -> None:
        """List the addresses of the links used since the section began: [1] https://…"""
        if self._section:
            by_number = {n: url for url, n in self._numbers.items()}
            self._add("\n".join(f"[{n}] {shown(by_number[n])}" for n in self._section))
            self._section = []

    def text(self) -> str:
        """The whole text, ending with one newline."""
        self.end_section()
        return "".join(self._parts).strip("\n") + "\n"

    # ------------------------------------------------------------ inside

    def _add(self, chunk: str) -> None:
        tight = self._in_list and not self._first_line
        self._first_line = False
        if self._parts:
            self._parts.append("\n" if tight else "\n\n")
        self._parts.append(chunk)

    def _wrap(self, text: str, first: str, rest: str) -> str:
        """Wrap at the width; a line break written in the text (two spaces, a backslash) is kept."""
        out, prefix = [], first
        for line in text.split("\n"):
            out.append(
                textwrap.fill(
                    words(line),
                    self.width,
                    initial_indent=prefix,
                    subsequent_indent=rest,
                    break_long_words=False,  # an address is never cut
                    break_on_hyphens=False,
                )
                or prefix.rstrip()
            )
            prefix = rest
        return "\n".join(out)

    def _markdown_at(self, text: str | None, first: str, rest: str) -> None:
        if not text:
            return
        from .markup import parse_tree

        for index, node in enumerate(parse_tree(text).children):
            self._block(node, first if index == 0 else rest, rest)

    def _block(self, node: SyntaxTreeNode, first: str, rest: str) -> None:
        kind = node.type
        if kind == "paragraph":
            self._add(self._wrap(self._inline_of(node.children[0]), first, rest))
        elif kind == "heading":
            text = words(self._inline_of(node.children[0]))
            mark = UNDERLINE.get(int(node.tag[1]), SUB_UNDERLINE)
            self._add(f"{first}{text}\n{rest}{mark * len(text)}")
        elif kind in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else None
            with self.listing():
                numbered = marks(len(node.children), kind == "ordered_list", start)
                for index, (mark, item) in enumerate(zip(numbered, node.children, strict=True)):
                    lead = first if index == 0 else rest
                    hang = rest + " " * (len(mark) + 1)
                    for n, inner in enumerate(item.children):
                        self._block(inner, f"{lead}{mark} " if n == 0 else hang, hang)
        elif kind == "blockquote":
            for index, inner in enumerate(node.children):
                self._block(inner, (first if index == 0 else rest) + "> ", rest + "> ")
        elif kind in ("fence", "code_block"):
            code = node.content.rstrip("\n").split("\n")
            self._add(
                "\n".join(f"{first if i == 0 else rest}    {line}" for i, line in enumerate(code))
            )
        elif kind == "hr":
            self._add(f"{first}* * *")
        elif kind == "table":
            rows = [
                [
                    self._inline_of(cell.children[0]) if cell.children else ""
                    for cell in row.children
                ]
                for part in node.children
                for row in part.children
            ]
            if rows:
                self.table(rows[0], rows[1:])
        else:  # html_block (raw HTML is shown as text) and anything new
            self._add(self._wrap(node.content, first, rest))

    def _inline_of(self, node: SyntaxTreeNode) -> str:
        parts: list[str] = []
        for child in node.children or ():
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                parts.append(child.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind == "link":
                parts.append(self.link(self._inline_of(child), str(child.attrs.get("href", ""))))
            elif kind == "image":
                from .markup import image_copy

                alt = self._inline_of(child) or str(child.attrs.get("alt", ""))
                parts.append(self.link(alt, image_copy(str(child.attrs.get("src", "")))))
            else:  # inline, em, strong, s: their words, without the marks
                parts.append(self._inline_of(child))
        return "".join(parts)


def marks(count: int, ordered: bool, start: int | None) -> list[str]:
    if not ordered:
        return ["-"] * count
    first = 1 if start is None else start
    numbers = [f"{n}." for n in range(first, first + count)]
    width = max((len(n) for n in numbers), default=0)
    return [n.rjust(width) for n in numbers]


def shown(url: str) -> str:
    """An address as a reader types it: mailto: and tel: left off."""
    return re.sub(r"^(mailto|tel):", "", url)
