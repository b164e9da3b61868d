"""reviews: the board's case reviews, one card each: what kind, where it stands, what it taught."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..fields import IssueDate, Markdown, Url
from .base import Block, Model

if TYPE_CHECKING:
    from ..plaintext import PlainText

#: Review types boards commonly name, with what the letters stand for. The vocabulary is
#: open: any other type is shown as written.
COMMON_TYPES = {
    "SCR": "Serious Case Review",
    "CSPR": "Child Safeguarding Practice Review",
    "LCSPR": "Local Child Safeguarding Practice Review",
    "rapid review": "Rapid Review",
    "SILR": "Serious Incident Learning Review",
    "SALR": "Safeguarding Adults Learning Review",
    "SILP": "Significant Incident Learning Process",
    "MALR": "Multi-Agency Learning Review",
    "themed review": "Themed (thematic) review",
    "CPR": "Child Practice Review (Wales)",
    "APR": "Adult Practice Review (Wales)",
    "SAR": "Safeguarding Adults Review",
    "DHR": "Domestic Homicide Review",
}


class Review(Model):
    """One case review: its code or name, its type, where it stands and what it taught."""

    code: str | None = Field(default=None, examples=["SILR15B"])
    """The review's code, such as SILR15B or BD09."""
    name: str | None = Field(default=None, examples=["Child LB"])
    """The name the review is published under, such as Child LB."""
    type: str | None = Field(default=None, examples=list(COMMON_TYPES))
    """The kind of review, as the board writes it: SCR, CSPR, LCSPR, rapid review, SILR, SALR,
    SILP, MALR, themed review, CPR, APR, SAR, DHR, or any other."""
    status: str | None = Field(default=None, examples=["Published", "In progress"])
    """Where the review stands, in your words: in progress, completed, published, …"""
    started: IssueDate | None = Field(default=None, examples=["2023-02"])
    """When the review began."""
    completed: IssueDate | None = Field(default=None, examples=["2024-01"])
    """When the review was completed."""
    published: IssueDate | None = Field(default=None, examples=["2024-03-14"])
    """When the review was published."""
    summary: Markdown | None = Field(default=None, examples=["Child LB was a baby of six weeks."])
    """What happened and what the review looked at (Markdown)."""
    learning: list[Markdown] = Field(
        default=[], examples=[["Think family: ask who lives in the home."]]
    )
    """The learning points, numbered; each may be a paragraph or more."""
    themes: list[str] = Field(default=[], examples=[["neglect", "was not brought"]])
    """The review's themes, shown as a short list."""
    url: Url | None = Field(
        default=None, examples=["https://www.example-scp.org.uk/reviews/child-lb"]
    )
    """Where to read the review."""
    url_text: str | None = Field(default=None, examples=["Read the full review of Child LB"])
    """The link's words (the address itself when left out)."""

    @model_validator(mode="after")
    def _named(self) -> Review:
        if not (self.code or self.name):
            raise ValueError(
                "a review needs a code or a name so readers can find it. "
                "Write code: SILR15B, or name: Child LB"
            )
        return self

    @property
    def title(self) -> str:
        return self.name or self.code or ""


class Reviews(Block):
    """Case reviews, one card each: code or name, type, status, dates, summary, learning points."""

    type: Literal["reviews"]
    intro: Markdown | None = Field(
        default=None, examples=["Two reviews were published this quarter."]
    )
    """Text before the reviews."""
    reviews: list[Review] = Field(
        min_length=1,
        examples=[[{"name": "Child LB", "type": "LCSPR", "learning": ["Think family."]}]],
    )
    """The reviews, in the order to show them."""
    after: Markdown | None = Field(default=None, examples=["All our reviews are on the website."])
    """Text after the reviews."""

    def context(self, view: Any, issue: Any, labels: dict[str, str]) -> dict[str, Any]:
        from ..render import slug

        anchors, used = [], set()
        for review in self.reviews:
            base = f"{view.id}-{slug(review.code or review.name or '') or 'review'}"
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            anchors.append(anchor)
        return {"anchors": anchors}

    def plain_text(self, out: PlainText, view: Any) -> None:
        words = out.labels
        out.markdown(self.intro)
        for review in self.reviews:
            code = f" ({review.code})" if review.name and review.code else ""
            out.heading(review.title + code, out.sub(view))
            facts = [
                (words["review_type"], review.type),
                (words["review_status"], review.status),
                (words["review_started"], review.started and out.date(review.started)),
                (words["review_completed"], review.completed and out.date(review.completed)),
                (words["review_published"], review.published and out.date(review.published)),
            ]
            out.lines([f"{label}: {value}" for label, value in facts if value])
            out.markdown(review.summary)
            if review.learning:
                out.para(words["learning_points"])
                out.points(review.learning)
            if review.themes:
                out.para(f"{words['review_themes']}: {', '.join(review.themes)}")
            if review.url:
                shown = out.link(review.url_text, review.url) if review.url_text else None
                out.para(shown or out.url(review.url))
        out.markdown(self.after)
