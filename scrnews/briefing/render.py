"""Briefing -> HTML and its print stylesheet: the template context; the templates do the rest.

The same functions as scrnews/render.py offers for a newsletter issue (render_html,
render_pdf_css, block_files), so the build treats both kinds alike.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import jinja2

from .. import __version__
from ..labels import format_date, labels_for
from ..templates import render_template
from .model import Briefing, Panel

TEMPLATE = "briefing.html"
PRINT_TEMPLATE = "briefing-pdf.css"
DEFAULT_BRAND = "#1d4f91"  # style.css's --brand


@dataclass(frozen=True)
class PanelView:
    """One panel as the templates see it: its number, name, anchor, title and content."""

    number: int
    name: str
    title: str
    panel: Panel
    numbered: bool

    @property
    def id(self) -> str:
        return f"panel-{self.number}"


def panels_of(briefing: Briefing) -> list[PanelView]:
    """The seven panels in number order."""
    return [
        PanelView(number, name, briefing.panel_title(name), panel, briefing.numbered(name))
        for number, (name, panel) in enumerate(briefing.panels.in_order(), 1)
    ]


def layout_of(briefing: Briefing, settings: Any = None) -> str:
    """grid or clock: the briefing's own choice, else the board's (scrnews.yaml), else grid."""
    if briefing.layout:
        return briefing.layout
    return settings.briefings.layout if settings is not None else "grid"


def page_title(briefing: Briefing) -> str:
    """'Child S – 7-minute briefing, May 2024 – Riverside Safeguarding Children Partnership'."""
    when = format_date(briefing.date, briefing.language)
    return f"{briefing.title} – {briefing.series}, {when} – {briefing.board.name}"


def context_for(briefing: Briefing, *, pdf_name: str | None = None, extra: dict | None = None):
    """Everything the briefing's templates may use (the names the shared base and footer use
    too: issue, board, labels, title, date_text, pdf_name)."""
    extra = extra or {}
    return {
        "issue": briefing,
        "briefing": briefing,
        "board": briefing.board,
        "labels": labels_for(briefing.language),
        "panels": panels_of(briefing),
        "layout": layout_of(briefing, extra.get("settings")),
        "title": page_title(briefing),
        "date_text": format_date(briefing.date, briefing.language),
        "pdf_name": pdf_name,
        "generator": f"scrnews {__version__}",
        **extra,
    }


def render_html(briefing: Briefing, env: jinja2.Environment, **kwargs: Any) -> str:
    """Render the briefing's web page (the PDF is made from it with the print stylesheet), with
    the typographic care the board asks for (smart_quotes), as a newsletter's."""
    from ..render import finish

    context = context_for(briefing, **kwargs)
    return finish(render_template(env, TEMPLATE, context), context.get("settings"))


def render_pdf_css(briefing: Briefing, env: jinja2.Environment) -> str:
    """The print stylesheet: one A4 page, the panels in a grid or around a clock face."""
    context = {
        "labels": labels_for(briefing.language),
        "issue": briefing,
        "clock_face": clock_face(briefing.board.colour or DEFAULT_BRAND),
    }
    return render_template(env, PRINT_TEMPLATE, context)


def block_files(briefing: Briefing) -> dict[str, bytes]:
    """Files beside the page other than pictures and fonts: none for a briefing."""
    return {}


#: Where each panel sits around the clock face, as the angle from twelve o'clock (clockwise)
#: of its cell in the 3 x 3 grid of the clock layout (the top left cell holds the heading).
CLOCK_ANGLES = (0, 45, 90, 135, 180, 225, 270)


def clock_face(colour: str) -> str:
    """The clock face drawn at the centre of the clock layout, as a data: URL.

    It is a background, so the PDF marks it as decoration (an artifact): it holds no text, and
    the numbers a reader follows are the panels' own. A dot points at each panel, in order.
    """
    dots = []
    for number, angle in enumerate(CLOCK_ANGLES, 1):
        x = 100 + 70 * math.sin(math.radians(angle))
        y = 100 - 70 * math.cos(math.radians(angle))
        radius = 7 + number  # growing round the clock, as the minutes pass
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}"/>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<circle cx="100" cy="100" r="96" fill="#fff" stroke="{colour}" stroke-width="5"/>'
        + "".join(dots)
        + f'<path d="M100 100 V46 M100 100 L134 118" stroke="{colour}" stroke-width="6" '
        'stroke-linecap="round" fill="none"/>'
        f'<circle cx="100" cy="100" r="7" fill="{colour}"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")
