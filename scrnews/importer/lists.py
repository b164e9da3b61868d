"""Word list paragraphs as the items of a list block (nesting, numbering, start numbers), or
as a Markdown list where only Markdown can go (a table cell, a box, a message)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .read import Para

_FORMATS = {
    "lowerLetter": "a, b, c",
    "upperLetter": "A, B, C",
    "lowerRoman": "i, ii, iii",
    "upperRoman": "I, II, III",
}


@dataclass
class Tree:
    """A list: its items (dicts: text, items, ordered, start), how it is numbered, and notes."""

    items: list[dict[str, Any]] = field(default_factory=list)
    ordered: bool = False
    start: int | None = None
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)


def is_continuation(para: Para) -> bool:
    """A paragraph without a number that carries on the list item before it (indented,
    or in a List Paragraph or List Continue style)."""
    return para.listing is None and (
        para.indented or para.style == "List Paragraph" or para.style.startswith("List Continue")
    )


def runs(paras: list[Para]) -> list[list[Para]]:
    """Split consecutive list paragraphs into lists: a new list where the outermost items
    change list or switch between numbers and bullets (Word starts a new list there)."""
    if not paras:
        return []
    base = min(p.listing.level for p in paras if p.listing)
    found: list[list[Para]] = []
    current: tuple[str, bool] | None = None
    for para in paras:
        mark = para.listing
        if mark is not None and mark.level == base:
            if current is not None and (mark.key, mark.ordered) != current:
                found.append([])
            current = (mark.key, mark.ordered)
        if not found:
            found.append([])
        found[-1].append(para)
    return found


def build(paras: list[Para]) -> Tree:
    """The item tree of one list run."""
    tree = Tree()
    marked = [p.listing.level for p in paras if p.listing]
    base = min(marked) if marked else 0
    root: dict[str, Any] = {"items": []}
    path: list[dict[str, Any]] = []
    for para in paras:
        tree.footnotes += para.footnotes
        tree.notes += para.notes
        tree.dropped |= para.dropped
        mark = para.listing
        if mark is None:  # a paragraph carrying on the item before it
            if path:
                path[-1]["text"] += "\n\n" + para.markdown
            continue
        depth = min(mark.level - base, len(path))
        parent = path[depth - 1] if depth else root
        if not parent.get("items"):
            parent["items"] = []
            parent["ordered"] = mark.ordered
            if mark.ordered and mark.number != 1:
                parent["start"] = mark.number
            if mark.fmt in _FORMATS:
                tree.notes.append(
                    f"Word numbers this list {_FORMATS[mark.fmt]}; the page numbers it 1, 2, 3"
                )
        item = {"text": para.markdown}
        parent["items"].append(item)
        path = [*path[:depth], item]
    tree.items = [_tidy(item) for item in root["items"]]
    tree.ordered = bool(root.get("ordered"))
    tree.start = root.get("start")
    return tree


def _tidy(item: dict[str, Any]) -> Any:
    """An item as the issue file writes it: a plain line when it has no sub-items."""
    if not item.get("items"):
        return item["text"]
    out: dict[str, Any] = {"text": item["text"]}
    if item.get("ordered"):
        out["ordered"] = True
    if item.get("start") is not None:
        out["start"] = item["start"]
    out["items"] = [_tidy(i) for i in item["items"]]
    return out


def markdown(tree: Tree) -> str:
    """The list as Markdown (for a table cell, a box or a message)."""
    return "\n".join(_lines(tree.items, tree.ordered, tree.start or 1))


def _lines(items: list[Any], ordered: bool, start: int) -> list[str]:
    lines: list[str] = []
    for index, item in enumerate(items):
        text = item if isinstance(item, str) else item["text"]
        marker = f"{start + index}. " if ordered else "- "
        pad = " " * len(marker)
        body = text.split("\n")
        lines.append(marker + body[0])
        lines += [(pad + line) if line else "" for line in body[1:]]
        if isinstance(item, dict) and item.get("items"):
            inner = _lines(item["items"], item.get("ordered", False), item.get("start") or 1)
            lines += [(pad + line) if line else "" for line in inner]
    return lines
