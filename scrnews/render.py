"""Issue -> HTML: assemble the template context; the templates do the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2

from . import __version__
from .charts import case_figures
from .labels import format_date, labels_for
from .schema import Issue
from .stats import rag_counts
from .templates import render_template

#: The order sections appear in, for every newsletter of the family.
SECTION_ORDER = (
    "foreword",
    "articles",
    "local_reviews",
    "initiatives",
    "action_plans",
    "national_studies",
    "local_learning",
    "sections",
    "further_reading",
    "contacts",
    "feedback",
)


@dataclass(frozen=True)
class SectionView:
    """One section as the templates see it: where it is, what it is called, what it holds."""

    kind: str
    id: str
    heading: str
    data: Any

    @property
    def template(self) -> str:
        return f"sections/{self.kind}.html"


def sections_of(issue: Issue) -> list[SectionView]:
    """The sections present in the issue, in reading order, with unique anchor ids."""
    labels = labels_for(issue.language)
    views: list[SectionView] = []
    used: set[str] = set()
    for kind in SECTION_ORDER:
        value = getattr(issue, kind)
        if not value:
            continue
        if kind in ("articles", "sections"):
            single = "article" if kind == "articles" else "custom"
            for item in value:
                views.append(
                    SectionView(single, _unique(slug(item.heading), used), item.heading, item)
                )
            continue
        heading = value.heading or labels[kind]
        views.append(SectionView(kind, _unique(slug(heading) or kind, used), heading, value))
    return views


def slug(text: str) -> str:
    """A readable anchor id: 'National Learning & Developments' -> 'national-learning-developments'."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))
    return "-".join(words)[:60].strip("-")


def _unique(candidate: str, used: set[str]) -> str:
    candidate = candidate or "section"
    if candidate[0].isdigit():
        candidate = f"s-{candidate}"
    name, n = candidate, 2
    while name in used:
        name, n = f"{candidate}-{n}", n + 1
    used.add(name)
    return name


def page_title(issue: Issue) -> str:
    """The title a browser tab, a PDF reader's title bar and the archive show."""
    labels = labels_for(issue.language)
    parts = [
        f"{issue.series}, {labels['issue']} {issue.number}, {format_date(issue.date, issue.language)}"
    ]
    if issue.title:
        parts.insert(0, issue.title)
    parts.append(issue.board.name)
    return " – ".join(parts)


def context_for(issue: Issue, *, pdf_name: str | None = None, extra: dict | None = None) -> dict:
    """Everything the templates may use."""
    return {
        "issue": issue,
        "board": issue.board,
        "labels": labels_for(issue.language),
        "sections": sections_of(issue),
        "title": page_title(issue),
        "date_text": format_date(issue.date, issue.language),
        "pdf_name": pdf_name,
        "generator": f"scrnews {__version__}",
        "case_figures": case_figures(issue),
        "rag_counts": rag_counts(issue.action_plans.actions if issue.action_plans else ()),
        **(extra or {}),
    }


def render_html(issue: Issue, env: jinja2.Environment, **kwargs: Any) -> str:
    """Render the issue's web page."""
    return render_template(env, "issue.html", context_for(issue, **kwargs))


def render_pdf_css(issue: Issue, env: jinja2.Environment) -> str:
    """Render the page rules (running header, page numbers) in the issue's language."""
    return render_template(env, "pdf.css", {"labels": labels_for(issue.language), "issue": issue})
