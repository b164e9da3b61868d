"""studies: national studies, reviews and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..fields import IssueDate, Markdown, Url
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText


class Study(Model):
    """A national study or report."""

    title: str = Field(examples=["Ages of concern: learning lessons from serious case reviews"])
    """The study's title, shown as a sub-heading."""
    publisher: str | None = Field(default=None, examples=["Department for Education"])
    """Who published it; shown after the label 'Published by'."""
    published: IssueDate | None = Field(default=None, examples=["2011-10"])
    """When it was published."""
    summary: Markdown | None = Field(
        default=None, examples=["Using a thematic analysis of 482 SCRs, …"]
    )
    """What it found (Markdown; lists are fine)."""
    url: Url | None = Field(default=None, examples=["https://www.gov.uk/government/publications/x"])
    """Where to read it."""
    url_text: str | None = Field(default=None, examples=["The full report can be found at:"])
    """Words before the address, such as 'The full report can be found at:'."""


class Studies(Block):
    """National learning: studies, reviews and reports, each with a summary and a link."""

    type: Literal["studies"]
    intro: Markdown | None = Field(
        default=None, examples=["Two national studies have been published."]
    )
    """Text before the studies."""
    studies: list[Study] = Field(
        min_length=1, examples=[[{"title": "Ages of concern", "publisher": "Ofsted"}]]
    )
    """The studies, in order."""
    after: Markdown | None = Field(default=None, examples=["Older studies are on our website."])
    """Text after the studies."""

    def plain_text(self, out: PlainText, view: Any) -> None:
        words = out.labels
        out.markdown(self.intro)
        for study in self.studies:
            out.heading(study.title, out.sub(view))
            if study.publisher:
                when = f", {out.date(study.published)}" if study.published else ""
                out.para(f"{words['published_by']} {study.publisher}{when}.")
            elif study.published:
                out.para(f"{words['published']} {out.date(study.published)}.")
            out.markdown(study.summary)
            if study.url:
                out.para(" ".join(p for p in (study.url_text, out.url(study.url)) if p))
        out.markdown(self.after)
