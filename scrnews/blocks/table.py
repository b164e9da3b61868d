"""table: a table with a header row, Markdown cells, notes, and text before and after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block

if TYPE_CHECKING:
    from ..errors import Problem
    from ..load import Document, Loc
    from ..plaintext import PlainText


class Table(Block):
    """A table: a header row, rows of Markdown cells, notes under it, text before and after."""

    type: Literal["table"]
    intro: Markdown | None = Field(default=None, examples=["The reviews published this year:"])
    """Text before the table."""
    caption: str | None = Field(default=None, examples=["Reviews published in 2024"])
    """What the table shows, above it (the heading labels the table when there is none)."""
    header: list[str] = Field(min_length=1, examples=[["Review", "Status"]])
    """The column headings."""
    rows: list[list[Markdown]] = Field(default=[], examples=[[["Child A", "Published"]]])
    """The rows: each a list of cells, one per column."""
    footnotes: list[Markdown] = Field(default=[], examples=[["* On the NSPCC repository."]])
    """Notes shown under the table."""
    row_headers: bool = Field(default=True, examples=[False])
    """Read the first cell of each row as that row's heading (false for plain rows)."""
    after: Markdown | None = Field(default=None, examples=["Both reviews are on our website."])
    """Text after the table."""

    def problems(self, doc: Document, loc: Loc) -> list[Problem]:
        columns = len(self.header)
        return [
            doc.problem(
                (*loc, "rows", index),
                f"this row has {len(row)} {_cells(len(row))} but the header has {columns} "
                f'{_cells(columns)}. Give every row one cell per column (write "" for an empty one).',
            )
            for index, row in enumerate(self.rows)
            if len(row) != columns
        ]

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.intro)
        out.table(self.header, [[out.inline(c) for c in row] for row in self.rows], self.caption)
        out.notes(self.footnotes)
        out.markdown(self.after)


def _cells(n: int) -> str:
    return "cell" if n == 1 else "cells"
