"""Nodes to the issue's body: a block for each section (a top-level heading and what follows
it), lists as list blocks, tables as table blocks, text boxes and one-cell tables as boxes,
and the first section as a signed message when it ends with a signature."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import lists
from .inline import escape
from .read import Box, Node, Para, Skipped, Table
from .signature import signatory

Loc = tuple[Any, ...]


@dataclass
class Note:
    """Something approximated: where it is in the issue, what happened, and (for a guess) the
    comment written beside it in the YAML."""

    loc: Loc
    message: str
    comment: str | None = None


@dataclass
class Piece:
    """A run of one kind of content inside a section, before it becomes (part of) a block."""

    kind: str  # text, list, table, box
    paras: list[str] = field(default_factory=list)
    tree: lists.Tree | None = None
    block: dict[str, Any] | None = None  # a table or box, made already
    footnotes: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)


def body(nodes: list[Node]) -> tuple[list[dict[str, Any]], list[Note]]:
    """The blocks of the body, and what was approximated (locations from the issue's top)."""
    blocks: list[dict[str, Any]] = []
    notes: list[Note] = []
    sections = split(nodes)
    signed = _signed_section(sections)
    for index, (heading, content) in enumerate(sections):
        made = [_message(heading, content)] if index == signed else _blocks(heading, content)
        for block, block_notes in made:
            where: Loc = ("body", len(blocks))
            blocks.append(block)
            notes += [Note((*where, *n.loc), n.message, n.comment) for n in block_notes]
    return blocks, notes


def split(nodes: list[Node]) -> list[tuple[Para | None, list[Node]]]:
    """Sections: (top-level heading, what follows it); the first has no heading when the
    document has text before its first heading."""
    levels = [n.heading for n in nodes if isinstance(n, Para) and n.heading]
    if not levels:
        levels = _bold_headings(nodes)
    top = min(levels) if levels else None
    sections: list[tuple[Para | None, list[Node]]] = [(None, [])]
    for node in nodes:
        if isinstance(node, Para) and top is not None and node.heading == top:
            sections.append((node, []))
        else:
            sections[-1][1].append(node)
    if not sections[0][1]:
        sections.pop(0)
    return sections


def _bold_headings(nodes: list[Node]) -> list[int]:
    """In a document without heading styles, short bold lines followed by text are read as
    headings (level 1); the levels found, for `split`."""
    found = []
    for node, following in zip(nodes, nodes[1:], strict=False):
        if not isinstance(node, Para) or node.listing or not node.bold or node.boxes:
            continue
        words = node.plain.split()
        follows_text = isinstance(following, Para) and bool(following.plain.strip())
        if (
            1 <= len(words) <= 12
            and not node.plain.rstrip().endswith((".", ":", ","))
            and follows_text
        ):
            node.heading, node.guessed = 1, True
            found.append(1)
    return found


# ---------------------------------------------------------------- sections


def _blocks(heading: Para | None, content: list[Node]) -> list[tuple[dict, list[Note]]]:
    pieces = _pieces(content)
    made: list[tuple[dict, list[Note]]] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        intro = None
        if piece.kind == "text" and following is not None and following.kind in ("list", "table"):
            intro, piece = piece, following
            index += 1
        after = None
        last = index + 2 == len(pieces) and pieces[-1].kind == "text"
        if piece.kind in ("list", "table") and last:
            after = pieces[-1]
            index += 1
        made.append(_block(piece, intro, after))
        index += 1
    if heading is not None:
        if not made:
            made.append(
                ({"type": "text", "text": ""}, [Note((), "a heading with no text after it")])
            )
        block, block_notes = made[0]
        made[0] = ({"type": block["type"], "heading": heading.plain.strip(), **block}, block_notes)
        if heading.notes:
            made[0][1].extend(Note(("heading",), n) for n in heading.notes)
        if heading.guessed:
            made[0][1].append(
                Note(
                    ("heading",),
                    "the document has no headings: this bold line was read as one",
                    "guessed: a bold line in Word",
                )
            )
    return made


def _block(piece: Piece, intro: Piece | None, after: Piece | None) -> tuple[dict, list[Note]]:
    notes: list[Note] = []
    footnotes: list[str] = []
    dropped: set[str] = set()
    for part in (intro, piece, after):
        if part is not None:
            notes += part.notes
            footnotes += part.footnotes
            dropped |= part.dropped
    if piece.kind == "text":
        block: dict[str, Any] = {"type": "text", "text": "\n\n".join(piece.paras)}
    elif piece.kind == "list":
        tree = piece.tree
        block = {"type": "list", "items": tree.items}
        if tree.ordered:
            block["ordered"] = True
        if tree.start is not None:
            block["start"] = tree.start
    else:
        block = dict(piece.block or {})
    if intro is not None:
        block = {"type": block["type"], "intro": "\n\n".join(intro.paras), **block}
    if after is not None:
        block["after"] = "\n\n".join(after.paras)
    if footnotes:
        block["footnotes"] = [*block.get("footnotes", []), *footnotes]
    if dropped:
        notes.append(
            Note((), "formatting Markdown cannot show was dropped: " + ", ".join(sorted(dropped)))
        )
    return block, notes


def _pieces(content: list[Node]) -> list[Piece]:
    pieces: list[Piece] = []
    waiting: list[Para] = []  # list paragraphs, until the list ends
    carried: list[Note] = []  # notes of what was skipped, for the next piece

    def add(piece: Piece) -> None:
        piece.notes = carried[:] + piece.notes
        carried.clear()
        pieces.append(piece)

    def flush() -> None:
        for run in lists.runs(waiting):
            tree = lists.build(run)
            field_ = ("items",)
            add(
                Piece(
                    "list",
                    tree=tree,
                    footnotes=tree.footnotes,
                    dropped=tree.dropped,
                    notes=[Note(field_, n) for n in tree.notes],
                )
            )
        waiting.clear()

    for node in content:
        if isinstance(node, Para) and (node.listing or (waiting and lists.is_continuation(node))):
            waiting.append(node)
            continue
        flush()
        if isinstance(node, Para):
            text = _para_markdown(node)
            if text:
                if not pieces or pieces[-1].kind != "text":
                    add(Piece("text"))
                piece = pieces[-1]
                piece.paras.append(text)
                piece.footnotes += node.footnotes
                piece.dropped |= node.dropped
                piece.notes += [Note(("text",), n) for n in node.notes]
            else:
                carried.extend(Note(("text",), n) for n in node.notes)
            for box in node.boxes:
                made = _box(box)
                if made is not None:
                    block, notes = made
                    add(Piece("box", block=block, notes=notes))
        elif isinstance(node, Table):
            block, notes = _table(node)
            if block is not None:
                add(Piece("table", block=block, notes=notes))
        elif isinstance(node, Box):
            made = _box(node)
            if made is not None:
                add(Piece("box", block=made[0], notes=made[1]))
        elif isinstance(node, Skipped):
            carried.append(Note((), f"{node.what} was left out"))
    flush()
    if carried and pieces:
        pieces[-1].notes += carried
    return pieces


def _para_markdown(para: Para, top: int | None = None) -> str:
    if para.heading:
        return "#" * max(1, para.heading - (top or 1)) + " " + escape(" ".join(para.plain.split()))
    return para.markdown.strip()


# ---------------------------------------------------------------- the signed message


def _signed_section(sections: list[tuple[Para | None, list[Node]]]) -> int | None:
    """The first section (or the second, after text without a heading) when it is all
    paragraphs and ends with a signature."""
    for index, (_, content) in enumerate(sections[:2]):
        if _signature(content) is not None:
            return index
        if sections[index][0] is not None:
            return None
    return None


def _signature(content: list[Node]) -> tuple[dict[str, str], int] | None:
    """The signatory, and how many paragraphs at the end it takes."""
    if not all(isinstance(n, Para) for n in content):
        return None
    paras = [n for n in content if isinstance(n, Para) and n.plain.strip()]
    if len(paras) < 2:
        return None
    for count in (1, 2, 3):
        tail = paras[-count:]
        if len(paras) <= count or any(p.boxes or p.footnotes or p.listing for p in tail):
            continue
        lines = [line for p in tail for line in p.plain.split("\n")]
        single = count == 1 or all("\n" not in p.plain for p in tail)
        if single and (found := signatory(lines)):
            return found, count
    return None


def _message(heading: Para | None, content: list[Node]) -> tuple[dict, list[Note]]:
    found = _signature(content)
    assert found is not None
    person, count = found
    paras = [n for n in content if isinstance(n, Para) and n.plain.strip()]
    kept = [n for n in content if isinstance(n, Para) and n not in paras[-count:]]
    text, footnotes, notes, dropped = markdown_of(kept)
    block: dict[str, Any] = {"type": "message"}
    if heading is not None:
        block["heading"] = heading.plain.strip()
    block["text"] = text
    block["signatories"] = [person]
    if footnotes:
        block["footnotes"] = footnotes
    notes = [Note(("text",), n) for n in notes]
    notes.append(
        Note(
            ("signatories", 0),
            f"the last lines of the first section were read as its signature: {person['name']}",
            "guessed: the signature that ends the section",
        )
    )
    if dropped:
        notes.append(
            Note((), "formatting Markdown cannot show was dropped: " + ", ".join(sorted(dropped)))
        )
    return block, notes


# ---------------------------------------------------------------- Markdown of mixed content


def markdown_of(
    nodes: list[Node], cell: bool = False
) -> tuple[str, list[str], list[str], set[str]]:
    """Nodes as one Markdown text (lists as Markdown lists, a table inside flattened), with the
    footnotes met, what was approximated, and the formatting dropped."""
    parts: list[str] = []
    footnotes: list[str] = []
    notes: list[str] = []
    dropped: set[str] = set()
    waiting: list[Para] = []

    def flush() -> None:
        for run in lists.runs(waiting):
            tree = lists.build(run)
            parts.append(lists.markdown(tree))
            footnotes.extend(tree.footnotes)
            notes.extend(tree.notes)
            dropped.update(tree.dropped)
        waiting.clear()

    for node in nodes:
        if isinstance(node, Para) and (node.listing or (waiting and lists.is_continuation(node))):
            waiting.append(node)
            continue
        flush()
        if isinstance(node, Para):
            text = (
                f"**{escape(node.plain.strip())}**"
                if cell and node.heading
                else _para_markdown(node)
            )
            if text:
                parts.append(text)
            footnotes += node.footnotes
            notes += node.notes
            dropped |= node.dropped
            for box in node.boxes:
                inner = markdown_of(box.nodes, cell)
                parts.append(inner[0])
                notes.append("a text box inside other content was put in with its text")
        elif isinstance(node, Table):
            for row in node.rows:
                cells = [markdown_of(c.nodes, True)[0].replace("\n\n", " ") for c in row]
                parts.append("; ".join(c for c in cells if c))
            notes.append("a table inside a table or box was written as lines of text")
        elif isinstance(node, Box):
            parts.append(markdown_of(node.nodes, cell)[0])
        elif isinstance(node, Skipped):
            notes.append(f"{node.what} was left out")
    flush()
    return "\n\n".join(p for p in parts if p), footnotes, notes, dropped


# ---------------------------------------------------------------- tables and boxes


def _table(table: Table) -> tuple[dict[str, Any] | None, list[Note]]:
    rows = [row for row in table.rows if row]
    if not rows:
        return None, []
    notes: list[Note] = []
    width = max(len(row) for row in rows)
    footnotes: list[str] = []
    dropped: set[str] = set()
    merged = 0
    cells: list[list[str]] = []
    for row in rows:
        texts = []
        for cell in row:
            merged += cell.continued and not cell.nodes
            text, cell_notes, more_notes, cell_dropped = _cell(cell)
            texts.append(text)
            footnotes += cell_notes
            notes += [Note(("rows",), n) for n in more_notes]
            dropped |= cell_dropped
        cells.append(texts + [""] * (width - len(texts)))
    header = [_plain_cell(cell) for cell in rows[0]] + [""] * (width - len(rows[0]))
    block: dict[str, Any] = {"type": "table", "header": header, "rows": cells[1:]}
    if any("](" in text for text in cells[0]):
        notes.append(
            Note(("header",), "links in the header row were dropped (headings are plain text)")
        )
    first_column_bold = len(rows) > 1 and all(_all_bold(row[0]) for row in rows[1:])
    if first_column_bold:
        notes.append(
            Note(
                ("row_headers",),
                "the first column is bold: read as row headings",
                "guessed: the first column is bold in Word",
            )
        )
    else:
        block["row_headers"] = False
    if footnotes:
        block["footnotes"] = footnotes
    if merged:
        notes.append(
            Note(
                (),
                f"merged cells were split ({merged} grid cells): the text is in the first cell of each merge, the others are empty",
                "merged cells in Word: split, the text in the first",
            )
        )
    if dropped:
        notes.append(
            Note((), "formatting Markdown cannot show was dropped: " + ", ".join(sorted(dropped)))
        )
    return block, notes


def _cell(cell) -> tuple[str, list[str], list[str], set[str]]:
    if cell.continued:
        return "", [], [], set()
    return markdown_of(cell.nodes, cell=True)


def _plain_cell(cell) -> str:
    return " ".join(" ".join(n.plain.split()) for n in cell.nodes if isinstance(n, Para)).strip()


def _all_bold(cell) -> bool:
    paras = [n for n in cell.nodes if isinstance(n, Para) and n.plain.strip()]
    return bool(paras) and all(p.bold or p.heading for p in paras)


def _box(box: Box) -> tuple[dict[str, Any], list[Note]] | None:
    nodes = [
        n
        for n in box.nodes
        if not (
            isinstance(n, Para) and not n.plain.strip() and not n.markdown.strip() and not n.boxes
        )
    ]
    block: dict[str, Any] = {"type": "box"}
    notes: list[Note] = []
    first = nodes[0] if nodes else None
    if isinstance(first, Para) and not first.listing and first.plain.strip():
        short = len(first.plain.split()) <= 12 and not first.plain.rstrip().endswith(".")
        if first.heading is not None or (first.bold and short and len(nodes) > 1):
            block["heading"] = " ".join(first.plain.split())
            nodes = nodes[1:]
            if first.heading is None:
                notes.append(
                    Note(
                        ("heading",),
                        "the box's first line, in bold, was read as its heading",
                        "guessed: the box's bold first line",
                    )
                )
    text, footnotes, more, dropped = markdown_of(nodes)
    if text:
        block["text"] = text
    if footnotes:
        block["footnotes"] = footnotes
    if not text and "heading" not in block:
        return None
    notes += [Note(("text",), n) for n in more]
    if box.source == "text box":
        notes.append(
            Note(
                (),
                "a text box, placed freely on the page in Word, was put after the paragraph it is anchored to",
                "a text box in Word: placed after its paragraph",
            )
        )
    else:
        notes.append(Note((), "a one-cell table was made into a box", "a one-cell table in Word"))
    if dropped:
        notes.append(
            Note((), "formatting Markdown cannot show was dropped: " + ", ".join(sorted(dropped)))
        )
    return block, notes
