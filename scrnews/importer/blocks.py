"""Nodes to the issue's body: a block for each section (a top-level heading and what follows
it), lists as list blocks, tables as table blocks, text boxes and one-cell tables as boxes,
and the first section as a signed message when it ends with a signature."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import lists
from .content import markdown_of, para_markdown
from .notes import Loc, Note, dropped_note
from .read import Box, Node, Para, Skipped, Table
from .signature import signatory
from .tables import box_block, table_block


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
    if top is not None and top > 1:
        _relevel(nodes, top - 1)
        top = 1
    sections: list[tuple[Para | None, list[Node]]] = [(None, [])]
    for node in nodes:
        if isinstance(node, Para) and top is not None and node.heading == top:
            sections.append((node, []))
        else:
            sections[-1][1].append(node)
    if not sections[0][1]:
        sections.pop(0)
    return sections


def _relevel(nodes: list[Node], shift: int) -> None:
    """Count heading levels from the document's top level (1), boxes and cells included, so
    a heading one level down is a `#` heading inside its block."""
    for node in nodes:
        if isinstance(node, Para) and node.heading and node.heading > shift:
            node.heading -= shift
        elif isinstance(node, Box):
            _relevel(node.nodes, shift)
        elif isinstance(node, Table):
            for row in node.rows:
                for cell in row:
                    _relevel(cell.nodes, shift)
        if isinstance(node, Para):
            for box in node.boxes:
                _relevel(box.nodes, shift)


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
        notes.append(dropped_note(dropped))
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
            text = para_markdown(node)
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
                made = box_block(box)
                if made is not None:
                    block, notes = made
                    add(Piece("box", block=block, notes=notes))
        elif isinstance(node, Table):
            block, notes = table_block(node)
            if block is not None:
                add(Piece("table", block=block, notes=notes))
        elif isinstance(node, Box):
            made = box_block(node)
            if made is not None:
                add(Piece("box", block=made[0], notes=made[1]))
        elif isinstance(node, Skipped):
            carried.append(Note((), f"{node.what} was left out"))
    flush()
    if carried and pieces:
        pieces[-1].notes += carried
    return pieces


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
        notes.append(dropped_note(dropped))
    return block, notes
