"""The issue file's schema: one model a newsletter of the SCR / CSPR family fits.

Every section is optional and disappears when absent. Each field's docstring is
what an editor reads in `scrnews schema` and in error messages.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .fields import Colour, Email, IssueDate, Markdown, Phone, Url


class Model(BaseModel):
    """Strict about unknown keys (typos), forgiving about numbers written where text goes.

    Field docstrings are read only when a message needs them (see `field_doc`):
    pydantic's `use_attribute_docstrings` would parse every class's source at import.
    """

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        frozen=True,
    )


class Image(Model):
    """A picture from the project folder, with the text a screen reader says instead."""

    src: str = Field(examples=["images/logo.png"])
    """Path of the image file, relative to the YAML file that names it."""
    alt: str = Field(min_length=1, examples=["Bradford Safeguarding Children Board logo"])
    """What the picture shows, for people who cannot see it."""


class Board(Model):
    """The safeguarding board or partnership that publishes the newsletter."""

    name: str = Field(examples=["Bradford Safeguarding Children Board"])
    """The board's full name."""
    short_name: str | None = Field(default=None, examples=["BSCB"])
    """The abbreviation used in the text, such as BSCB."""
    website: Url | None = Field(default=None, examples=["https://www.example-scb.org.uk"])
    """The board's website."""
    email: Email | None = Field(default=None, examples=["info@example-scb.org.uk"])
    """Where readers write to the board (feedback, other formats)."""
    phone: Phone | None = Field(default=None, examples=["01274 434361"])
    """The board's telephone number."""
    logo: Image | None = None
    """The board's logo."""
    colour: Colour | None = Field(default=None, examples=["#005ea5"])
    """Brand colour for headings and the masthead rule, as '#rrggbb'."""


class Item(Model):
    """A list item: Markdown text, an optional note in italics, optional sub-items."""

    text: Markdown = Field(examples=["A multi-agency conference was held."])
    """The item's text (Markdown)."""
    note: Markdown | None = None
    """A remark shown in italics after the text."""
    items: list[Item] = []
    """Sub-items, shown as a nested list."""
    ordered: bool = False
    """Number the sub-items (1, 2, 3) instead of bullets."""

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Section(Model):
    """Fields every section has: a heading of its own and an opening paragraph."""

    heading: str | None = None
    """The section's heading; a sensible default in the issue's language when left out."""
    intro: Markdown | None = None
    """Text shown under the heading, before the rest of the section."""


class Foreword(Section):
    """A signed piece: the chair's foreword, or a guest article."""

    text: Markdown = Field(examples=["Sharing learning from reviews is vital."])
    """The body of the piece (Markdown; blank lines separate paragraphs)."""
    author: str | None = Field(default=None, examples=["Professor Nick Frost"])
    """Who wrote it."""
    role: str | None = Field(default=None, examples=["Independent Chair, BSCB"])
    """Their role, shown after the name."""


class Article(Foreword):
    """A guest article beside the chair's foreword."""

    heading: str = Field(examples=["A view from health"])  # type: ignore[assignment]
    """The article's heading."""


Sex = Literal["boy", "girl", "unknown"]
Outcome = Literal["died", "life-threatening incident", "serious harm"]
Count = Annotated[int, Field(ge=0)]


class Case(Model):
    """Facts about one local review, used for the figures (never names or identifying detail)."""

    year: int | None = Field(default=None, ge=1990, le=2100, examples=[2009])
    """Year the review was completed."""
    review_type: str | None = Field(default=None, examples=["SCR", "CSPR", "LCSPR"])
    """Kind of review: SCR, CSPR, LCSPR, learning review, …"""
    sex: Sex | None = None
    """The child's sex: boy, girl or unknown."""
    age_band: str | None = Field(default=None, examples=["under 3", "5 to 9", "10 to 15"])
    """The child's age group at the time of the incident."""
    age: int | None = Field(default=None, ge=0, le=25)
    """The child's age in years, where the newsletter gives it."""
    outcome: Outcome | None = None
    """What happened to the child."""
    issues: list[str] = []
    """Family issues found, such as substance misuse or domestic abuse."""


class Stated(Model):
    """The figures the text gives, which check and build compare with the counts from `cases`.

    Each group maps a value of that field of a case to how many reviews the text says have it,
    such as `outcome: {died: 3}`; give only the figures the text states.
    """

    reviews: Count | None = Field(default=None, examples=[4])
    """How many reviews the text says there were (the number of cases)."""
    sex: dict[Sex, Count] = Field(default={}, examples=[{"boy": 4}])
    """Children of each sex, such as {boy: 4}."""
    age_band: dict[str, Count] = Field(default={}, examples=[{"under 3": 2}])
    """Children in each age group, written as in the cases, such as {under 3: 2}."""
    age: dict[int, Count] = Field(default={}, examples=[{9: 1}])
    """Children of each age in years, such as {9: 1, 12: 1}."""
    outcome: dict[Outcome, Count] = Field(default={}, examples=[{"died": 3}])
    """Children with each outcome, such as {died: 3, life-threatening incident: 1}."""
    issues: dict[str, Count] = Field(default={}, examples=[{"domestic abuse": 2}])
    """Reviews that found each family issue, such as {domestic abuse: 2}."""
    review_type: dict[str, Count] = Field(default={}, examples=[{"SCR": 4}])
    """Reviews of each kind, such as {SCR: 3, CSPR: 1}."""
    year: dict[int, Count] = Field(default={}, examples=[{2009: 2}])
    """Reviews completed in each year, such as {2009: 2}."""


class LinkRef(Model):
    """A sentence that leads to a link, such as 'This can be found at:'."""

    text: Markdown | None = None
    """The words before the link."""
    url: Url = Field(examples=["https://www.example-scb.org.uk/newsletter-1.pdf"])
    """The address; shown as the link text."""


class LocalReviews(Section):
    """The board's own reviews: how many, since when, what they found."""

    since: int | None = Field(default=None, ge=1990, le=2100, examples=[2007])
    """Year from which the reviews are counted."""
    text: Markdown | None = None
    """What the reviews found, in prose."""
    cases: list[Case] = []
    """One entry per review, for the figures."""
    stated: Stated | None = None
    """The figures the text gives; they must agree with the counts from cases."""
    themes: list[str] = []
    """The main issues found across the reviews."""
    earlier_issue: LinkRef | None = None
    """Where an earlier newsletter summarised these cases."""


class Theme(Model):
    """A group of learning initiatives under one theme."""

    title: str = Field(examples=["Hearing the voice of the child"])
    """The theme, shown as a heading."""
    intro: Markdown | None = None
    """Text before the items."""
    items: list[Item] = []
    """The initiatives."""
    ordered: bool = False
    """Number the items instead of bullets."""


class Initiatives(Section):
    """What the partnership has done to embed the learning, grouped by theme."""

    themes: list[Theme] = []
    """The themes, in order."""


RagStatus = Literal["red", "amber", "green", "complete"]


class Action(Model):
    """One action from a review's action plan."""

    action: Markdown = Field(examples=["Audit of pre-birth assessments"])
    """What is to be done."""
    owner: str | None = Field(default=None, examples=["Health"])
    """The agency or person responsible."""
    due: IssueDate | None = None
    """When it is due, as 2012-06 or 2012-06-30."""
    status: RagStatus | None = None
    """red, amber, green or complete (write it in quotes if unsure)."""
    note: Markdown | None = None
    """Progress or evidence of impact."""

    @field_validator("status", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class ActionPlans(Section):
    """How the board monitors the reviews' action plans."""

    text: Markdown | None = None
    """How monitoring works."""
    actions: list[Action] = []
    """Actions with their Red/Amber/Green status."""


class Study(Model):
    """A national study or report."""

    title: str = Field(examples=["Ages of concern: learning lessons from serious case reviews"])
    """The study's title."""
    publisher: str | None = Field(default=None, examples=["Department for Education"])
    """Who published it; shown as 'Published by …'."""
    summary: Markdown | None = None
    """What it found (Markdown)."""
    url: Url | None = Field(default=None, examples=["https://www.gov.uk/government/publications/x"])
    """Where to read it."""
    url_text: str = "The full report can be found at:"
    """The words before the address."""


class NationalStudies(Section):
    """National learning: studies, reviews, reports."""

    studies: list[Study] = []
    """The studies, in order."""


class LocalLearning(Section):
    """Local training, briefings and practice forums."""

    items: list[Item] = []
    """The learning opportunities."""
    ordered: bool = False
    """Number the items instead of bullets."""
    text: Markdown | None = None
    """Text after the list."""


class Link(Model):
    """A link to a document, procedure or web page."""

    title: str = Field(examples=["Working Together to Safeguard Children"])
    """The link text: say where it goes."""
    url: Url = Field(examples=["https://www.gov.uk/government/publications/working-together"])
    """The address."""
    description: Markdown | None = None
    """A sentence about it."""


class FurtherReading(Section):
    """Further reading and procedures."""

    text: Markdown | None = None
    """Text (Markdown)."""
    links: list[Link] = []
    """Links, shown as a list."""


class Contact(Model):
    """Someone readers can contact."""

    name: str = Field(examples=["Rachael Hammond"])
    """Their name or the team's."""
    role: str | None = None
    """Their role."""
    organisation: str | None = None
    """Their organisation."""
    email: Email | None = None
    """Their email address."""
    phone: Phone | None = None
    """Their phone number."""


class Contacts(Section):
    """Who to contact."""

    people: list[Contact] = []
    """The contacts."""


class Feedback(Section):
    """An invitation to send views on the newsletter."""

    text: Markdown = Field(examples=["We are keen to hear your views. Email info@example.org."])
    """The invitation (Markdown)."""


class Table(Model):
    """A table with a caption, a header row and rows whose cells are Markdown."""

    caption: str = Field(examples=["Reviews published this year"])
    """What the table shows."""
    header: list[str] = Field(min_length=1)
    """The column headings."""
    rows: list[list[Markdown]] = []
    """The rows; each a list of cells, as many as the header."""
    footnotes: list[Markdown] = []
    """Notes shown under the table."""
    row_headers: bool = True
    """Read the first cell of each row as that row's heading (false for plain rows)."""

    @model_validator(mode="after")
    def _rows_fit_header(self) -> Table:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.header):
                raise ValueError(
                    f"row {index + 1} has {len(row)} cells but the header has "
                    f"{len(self.header)}; give every row one cell per column"
                )
        return self


class CustomSection(Section):
    """A section of the board's own: a 7-minute briefing, a table, a case study."""

    heading: str = Field(examples=["7-minute briefing: neglect"])  # type: ignore[assignment]
    """The section's heading."""
    text: Markdown | None = None
    """Text (Markdown)."""
    items: list[Item] = []
    """A list."""
    ordered: bool = False
    """Number the list."""
    table: Table | None = None
    """A table."""


Language = Annotated[Literal["en-GB", "cy-GB"], Field(examples=["en-GB"])]


class Issue(Model):
    """One issue of a newsletter."""

    board: Board
    """Who publishes it."""
    series: str = "Serious Case Review Newsletter"
    """The newsletter's name."""
    number: int = Field(ge=1, examples=[2])
    """The issue number."""
    date: IssueDate = Field(examples=["2012-01"])
    """Publication date: 2012-01 (month) or 2012-01-16 (day)."""
    title: str | None = None
    """A headline for this issue, if it has one."""
    summary: str | None = None
    """One sentence about the issue, for the archive and search engines."""
    keywords: list[str] = []
    """Subjects, for the PDF's metadata."""
    language: Language = "en-GB"
    """en-GB or cy-GB (Welsh)."""
    status: Literal["draft", "published"] = "published"
    """draft or published."""
    introduction: Markdown | None = None
    """Opening text under the masthead."""
    foreword: Foreword | None = None
    """The chair's foreword."""
    articles: list[Article] = []
    """Guest articles."""
    local_reviews: LocalReviews | None = None
    """The board's own reviews."""
    initiatives: Initiatives | None = None
    """Learning initiatives by theme."""
    action_plans: ActionPlans | None = None
    """Monitoring of action plans."""
    national_studies: NationalStudies | None = None
    """National studies."""
    local_learning: LocalLearning | None = None
    """Local learning and training."""
    sections: list[CustomSection] = []
    """Sections of the board's own."""
    further_reading: FurtherReading | None = None
    """Further reading and procedures."""
    contacts: Contacts | None = None
    """Contacts."""
    feedback: Feedback | None = None
    """Feedback invitation."""

    @field_validator("language", mode="before")
    @classmethod
    def _language_tag(cls, value: Any) -> Any:
        aliases = {"en": "en-GB", "en-gb": "en-GB", "cy": "cy-GB", "cy-gb": "cy-GB"}
        return aliases.get(value.strip().lower(), value) if isinstance(value, str) else value


@cache
def _docstrings(model: type[BaseModel]) -> dict[str, str]:
    import ast
    import inspect

    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls.__module__ != __name__:
            continue
        body = ast.parse(inspect.getsource(cls)).body[0].body
        for node, after in zip(body, body[1:], strict=False):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
            ):
                docs[node.target.id] = inspect.cleandoc(str(after.value.value))
    return docs


def field_doc(model: type[BaseModel], name: str) -> str | None:
    """The docstring written under a field, for messages and `scrnews schema`."""
    return _docstrings(model).get(name)
