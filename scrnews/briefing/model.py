"""The briefing file's format: what it comes from, and seven panels.

Every field's docstring is what an editor reads in `scrnews schema` (hover help) and in
error messages, as for the newsletter issue (scrnews/schema.py).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ..blocks.base import Model
from ..blocks.parts import Item, Link
from ..fields import IssueDate, Markdown, Url
from ..labels import labels_for
from ..schema import Board, Language
from . import PANELS

#: Panels whose points are numbered unless the panel says `numbered: false`.
NUMBERED = frozenset({"questions"})
LAYOUTS = ("grid", "clock")
Layout = Literal["grid", "clock"]


class Panel(Model):
    """One of the seven panels: its title (the usual one, in the briefing's language, when
    left out), then text, points and links. A plain line of text is a panel too."""

    title: str | None = Field(default=None, examples=["What happened"])
    """The panel's title, when it is not the usual one (Background, Why it matters, …)."""
    text: Markdown | None = Field(
        default=None, examples=["Child S was nine when school noticed he was often hungry."]
    )
    """The panel's text (Markdown)."""
    items: list[Item] = Field(
        default=[], examples=[["Ask the child what a day at home is like.", "Record what you see."]]
    )
    """Points, shown as a list after the text: a line of text each, or text with a note and
    sub-items."""
    numbered: bool | None = Field(default=None, examples=[True])
    """Number the points (1, 2, 3) instead of bullets. Questions to reflect on are numbered
    unless this says false; the other panels have bullets unless it says true."""
    links: list[Link] = Field(
        default=[],
        examples=[[{"title": "Neglect toolkit", "url": "https://www.example-scp.org.uk/neglect"}]],
    )
    """Links to documents, training and procedures, after the points."""
    after: Markdown | None = Field(
        default=None, examples=["Ask your safeguarding lead about supervision."]
    )
    """Text after the points and links."""

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self) -> Panel:
        if not (self.text or self.items or self.links or self.after):
            raise ValueError(
                "this panel is empty. Write its text (text: …), its points (items: …) or its "
                "links (links: …): a briefing has seven panels to fill"
            )
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # A plain line of text is a panel too.
        return {"anyOf": [{"type": "string"}, handler(core_schema)]}


class Panels(Model):
    """The seven panels, numbered 1 to 7 in this order on the page, in the PDF's reading order
    and in the web page."""

    background: Panel = Field(examples=["Child S lived with his mother and two sisters."])
    """1 Background: who the child was and what happened, or what the theme is."""
    why_it_matters: Panel = Field(examples=["Neglect is the most common reason for a plan."])
    """2 Why it matters: why practitioners should care, in a few lines."""
    information: Panel = Field(examples=["Six agencies knew the family over two years."])
    """3 Information: the case, or what research and national reviews say."""
    what_we_learned: Panel = Field(examples=[{"items": ["Hunger is a message."]}])
    """4 What we learned: the review's findings."""
    what_to_do: Panel = Field(examples=[{"items": ["Ask the child, and record the answer."]}])
    """5 What to do: the practice points."""
    questions: Panel = Field(examples=[{"items": ["When did you last ask a child about home?"]}])
    """6 Questions to reflect on, with your team or in supervision (numbered)."""
    find_out_more: Panel = Field(
        examples=[{"links": [{"title": "The review", "url": "https://www.example-scp.org.uk/"}]}]
    )
    """7 Find out more: links, training and contacts."""

    def in_order(self) -> list[tuple[str, Panel]]:
        return [(name, getattr(self, name)) for name in PANELS]


class ReviewRef(Model):
    """The case review a briefing shares the learning of."""

    code: str | None = Field(default=None, examples=["RSCP-LCSPR-03"])
    """The review's code, such as SILR15B. A newsletter whose reviews give the same code
    links to this briefing from that review."""
    name: str | None = Field(default=None, examples=["Child S"])
    """The name the review is published under, such as Child S (matched like the code when
    either has none)."""
    type: str | None = Field(default=None, examples=["LCSPR"])
    """The kind of review, as the board writes it: SCR, CSPR, LCSPR, rapid review, CPR, …"""
    url: Url | None = Field(default=None, examples=["https://www.example-scp.org.uk/child-s"])
    """Where to read the review; its name (or code) is the link."""

    @model_validator(mode="after")
    def _named(self) -> ReviewRef:
        if not (self.code or self.name):
            raise ValueError(
                "the review needs a code or a name so readers can find it. "
                "Write code: SILR15B, or name: Child S"
            )
        return self

    @property
    def title(self) -> str:
        return self.name or self.code or ""


class Briefing(Model):
    """A 7-minute briefing: one A4 page of seven numbered panels sharing the learning of a
    case review or a theme, to be read or presented in a team meeting in seven minutes."""

    kind: Literal["briefing"] = Field(examples=["briefing"])
    """Says this file is a 7-minute briefing, not a newsletter issue."""
    board: Board = Field(examples=[{"name": "Example Safeguarding Children Partnership"}])
    """Who publishes it (merged over the `board:` of scrnews.yaml)."""
    title: str = Field(min_length=1, examples=["Child S: hungry at school"])
    """What the briefing is about, shown large: the review's name or the theme."""
    date: IssueDate = Field(examples=["2024-05"])
    """When it was published: a day (2024-05-14), a month (2024-05), a season (Spring 2024), a
    quarter (2024-Q2) or a range of months."""
    review: ReviewRef | None = Field(
        default=None, examples=[{"code": "RSCP-LCSPR-03", "name": "Child S", "type": "LCSPR"}]
    )
    """The case review it comes from (code or name, type, link)."""
    theme: str | None = Field(default=None, examples=["Was not brought"])
    """The theme, for a briefing that draws on several reviews or on research."""
    summary: str | None = Field(
        default=None, examples=["What the review of Child S asks of schools and health."]
    )
    """One sentence about the briefing, for the archive, the feed and search engines."""
    keywords: list[str] = Field(default=[], examples=[["neglect", "voice of the child"]])
    """Subjects, for the page's and the PDF's metadata."""
    language: Language = "en-GB"
    """en-GB, or cy-GB (Welsh): the language of the text, of the usual panel titles and of the
    theme's words."""
    status: Literal["draft", "published"] = Field(default="published", examples=["draft"])
    """draft (left out of the archive, marked in the page) or published."""
    layout: Layout | None = Field(default=None, examples=["clock"])
    """How the PDF's page is laid out: grid (two columns, panel 7 across the foot) or clock
    (the panels around a clock face, 1 at twelve o'clock). When left out: `briefings: layout:`
    in scrnews.yaml, else grid. The web page shows the panels in order either way."""
    panels: Panels = Field(
        examples=[{name: f"TODO: panel {n}." for n, name in enumerate(PANELS, 1)}]
    )
    """The seven panels, each under its name: background, why_it_matters, information,
    what_we_learned, what_to_do, questions, find_out_more."""

    #: A briefing is not numbered like a newsletter issue (for code that lists both).
    number: ClassVar[int | None] = None
    volume: ClassVar[int | None] = None

    @field_validator("language", mode="before")
    @classmethod
    def _language_tag(cls, value: Any) -> Any:
        aliases = {"en": "en-GB", "en-gb": "en-GB", "cy": "cy-GB", "cy-gb": "cy-GB"}
        return aliases.get(value.strip().lower(), value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _from_somewhere(self) -> Briefing:
        if self.review is None and not self.theme:
            raise ValueError(
                "a briefing says what it shares the learning of: a review (review: with its "
                "code: or name:) or a theme (theme: Was not brought)"
            )
        return self

    @property
    def series(self) -> str:
        """What kind of publication this is, in its language: '7-minute briefing'."""
        return labels_for(self.language)["briefing"]

    def panel_title(self, name: str) -> str:
        """The panel's own title, or the usual one in the briefing's language."""
        panel = getattr(self.panels, name)
        return panel.title or labels_for(self.language)[f"panel_{name}"]

    def numbered(self, name: str) -> bool:
        panel = getattr(self.panels, name)
        return panel.numbered if panel.numbered is not None else name in NUMBERED


class BriefingSettings(Model):
    """How a board's 7-minute briefings look (scrnews.yaml `briefings:`)."""

    layout: Layout = Field(default="grid", examples=["clock"])
    """The PDF's layout for briefings that do not choose one: grid or clock."""
    alternative_formats: str | None = Field(
        default=None, examples=["If you need this briefing in another format, please contact"]
    )
    """The words before the board's contact details in a briefing's 'Other formats' line."""
