"""figures: the numbers of the board's reviews, counted from one entry per review or stated
directly (zero included), drawn as charts, shown as tables, or neither."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from ..fields import Markdown
from .base import Block, Model

if TYPE_CHECKING:
    from ..errors import Problem
    from ..load import Document, Loc
    from ..plaintext import PlainText

Sex = Literal["boy", "girl", "unknown"]
Outcome = Literal["died", "life-threatening incident", "serious harm"]
Count = Annotated[int, Field(ge=0)]
Facet = Literal["outcome", "age_band", "sex", "issues", "review_type", "year"]


class Case(Model):
    """Facts about one review, for the figures (never names or identifying detail).

    Cases are counted, never shown one by one.
    """

    year: int | None = Field(default=None, ge=1990, le=2100, examples=[2009])
    """Year the review was completed."""
    review_type: str | None = Field(default=None, examples=["SCR", "CSPR", "LCSPR"])
    """Kind of review: SCR, CSPR, LCSPR, learning review, …"""
    sex: Sex | None = Field(default=None, examples=["boy"])
    """The child's sex: boy, girl or unknown."""
    age_band: str | None = Field(default=None, examples=["under 3", "5 to 9", "10 to 15"])
    """The child's age group at the time of the incident."""
    age: int | None = Field(default=None, ge=0, le=25, examples=[9])
    """The child's age in years, where the newsletter gives it (checked against `stated`, not drawn)."""
    outcome: Outcome | None = Field(default=None, examples=["died"])
    """What happened to the child."""
    issues: list[str] = Field(default=[], examples=[["domestic abuse", "substance misuse"]])
    """Family issues found, such as substance misuse or domestic abuse."""


class Stated(Model):
    """The figures the text gives, which check and build compare with the counts from `cases`.

    Each group maps a value of that field of a case to how many reviews the text says have it,
    such as `outcome: {died: 3}`; give only the figures the text states. Nothing here is
    printed: the text says it.
    """

    reviews: Count | None = Field(default=None, examples=[4])
    """How many reviews the text says there were (the number of cases; 0 for none)."""
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


class Figure(Model):
    """A number stated directly, such as '3 rapid reviews' or '0 new referrals'."""

    label: str = Field(examples=["Rapid reviews held"])
    """What is counted."""
    value: Count = Field(examples=[3])
    """How many (0 is shown too)."""
    note: Markdown | None = Field(default=None, examples=["Two led to a local review."])
    """A sentence under the number."""


class Figures(Block):
    """The numbers: counted from one entry per review (`cases`), or stated directly (`counts`)."""

    type: Literal["figures"]
    intro: Markdown | None = Field(
        default=None, examples=["Since 2007 the board has completed four SCRs."]
    )
    """Text before the figures (Markdown)."""
    counts: list[Figure] = Field(
        default=[], examples=[[{"label": "Rapid reviews held", "value": 0}]]
    )
    """Numbers stated directly, each shown large with its label."""
    cases: list[Case] = Field(default=[], examples=[[{"sex": "boy", "outcome": "died"}]])
    """One entry per review, counted for the charts (never shown one by one)."""
    stated: Stated | None = Field(default=None, examples=[{"reviews": 4, "sex": {"boy": 4}}])
    """The figures the text gives; build stops when the cases give other counts. Not printed."""
    since: int | None = Field(default=None, ge=1990, le=2100, examples=[2007])
    """The year the text counts from; a case completed earlier is a mistake. Not printed."""
    display: Literal["charts", "tables", "none"] = Field(default="charts", examples=["tables"])
    """How the counts from cases are shown: charts (each with its table of numbers),
    tables only, or none (the cases then only check the figures the text states)."""
    facets: list[Facet] | None = Field(default=None, examples=[["outcome", "age_band"]])
    """Which counts to show, in order: outcome, age_band, sex, issues, review_type, year (all that have data when left out)."""
    after: Markdown | None = Field(
        default=None, examples=["Our last newsletter summarised each case."]
    )
    """Text after the figures."""

    def context(self, view: Any, issue: Any, labels: dict[str, str]) -> dict[str, Any]:
        from ..charts import case_figures

        if self.display == "none":
            return {"charts": []}
        prefix = "fig" if view.nth == 1 else f"fig{view.nth}"
        return {"charts": case_figures(self, prefix, issue, labels)}

    def problems(self, doc: Document, loc: Loc) -> list[Problem]:
        from ..stats import stated_problems

        return stated_problems(self, doc, loc)

    def plain_text(self, out: PlainText, view: Any) -> None:
        out.markdown(self.intro)
        with out.listing():
            for figure in self.counts:
                out.bullets([f"{figure.value} {figure.label}"])
                if figure.note:
                    out.para(out.inline(figure.note), 2)
        for chart in view.extra["charts"]:  # the numbers of each chart, as its table
            heading = [chart.caption, out.labels["figures_count"]]
            out.table(heading, [(label, str(count)) for label, count in chart.rows])
        out.markdown(self.after)
