"""Word tables as table blocks (the first row the header, merged cells split), and text
boxes and one-cell tables as box blocks."""

from __future__ import annotations

from typing import Any

from .content import markdown_of
from .notes import Note, dropped_note
from .read import Box, Para, Table


def table_block(table: Table) -> tuple[dict[str, Any] | None, list[Note]]:
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
        notes.append(dropped_note(dropped))
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


def box_block(box: Box) -> tuple[dict[str, Any], list[Note]] | None:
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
        notes.append(dropped_note(dropped))
    return block, notes
