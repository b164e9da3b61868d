"""Word content as one Markdown text, where only Markdown can go: a table cell, a box, a
signed message (lists as Markdown lists, a table inside flattened to lines)."""

from __future__ import annotations

from . import lists
from .inline import escape
from .read import Box, Node, Para, Skipped, Table


def para_markdown(para: Para) -> str:
    """A paragraph's Markdown; a heading inside a block as a Markdown heading (#, ##...)."""
    if para.heading:
        return "#" * max(1, para.heading - 1) + " " + escape(" ".join(para.plain.split()))
    return para.markdown.strip()


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
                else para_markdown(node)
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
