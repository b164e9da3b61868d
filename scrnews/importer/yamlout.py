"""The issue as tidy YAML (ruamel.yaml keeps the order and writes the comments): keys in the
order the README shows them, Markdown with several paragraphs as `|` blocks, and a comment
beside each guess."""

from __future__ import annotations

import io
from typing import Any

from .notes import Loc, Note

#: Where end-of-line comments start, so those of neighbouring lines line up.
COLUMN = 32


def to_yaml(data: dict[str, Any], notes: list[Note], header: list[str]) -> str:
    """YAML text for data, with the notes' comments beside what they are about."""
    from ruamel.yaml import YAML

    tree = _commented(data)
    comments: dict[Loc, list[str]] = {}
    for note in notes:
        if note.comment and note.comment not in comments.get(note.loc, []):
            comments.setdefault(note.loc, []).append(note.comment)
    for loc, texts in comments.items():
        _attach(tree, loc, "; ".join(texts))
    if header:
        tree.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(tree, out)
    return _spaced(out.getvalue())


def _commented(value: Any, key: Any = None) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _commented(item, name)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_commented(item, "row" if key == "rows" else None) for item in value)
        if key in ("header", "row") and value and all(_short(item) for item in value):
            seq.fa.set_flow_style()  # header: [Review, Status], a table row on one line
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _short(value: Any) -> bool:
    """A table cell or heading short and plain enough for a one-line [a, b] list."""
    return (
        isinstance(value, str)
        and value != ""
        and len(value) <= 40
        and "\n" not in value
        and not any(c in value for c in ",[]{}#&*!|>'\"%@`:")
    )


def _attach(tree: Any, loc: Loc, comment: str) -> None:
    """Put comment before a block of the body, or at the end of the line that loc starts on."""
    from ruamel.yaml.comments import CommentedMap

    parent, key = None, None
    node = tree
    for part in loc:
        parent, key, node = node, part, node[part]
    if parent is None:
        return
    if len(loc) == 2 and loc[0] == "body":
        parent.yaml_set_comment_before_after_key(key, before=comment, indent=2)
    elif isinstance(node, CommentedMap) and node:
        node.yaml_add_eol_comment(comment, next(iter(node)), column=COLUMN)
    else:
        parent.yaml_add_eol_comment(comment, key, column=COLUMN)


def _ends_block(out: list[str]) -> bool:
    """True when the last line written ends a block (not a comment above the next one)."""
    return bool(out) and out[-1] != "" and not out[-1].startswith(("  # ", "body:"))


def _spaced(text: str) -> str:
    """A blank line before `body:` and between blocks, so each block stands apart."""
    lines = text.split("\n")
    out: list[str] = []
    in_body = False
    for line in lines:
        if line.startswith("body:"):
            in_body = True
            out.append("")
        elif in_body and line.startswith(("  - type:", "  # ")) and _ends_block(out):
            out.append("")
        out.append(line)
    return "\n".join(out)
