"""Charts drawn by scrnews itself as inline SVG: horizontal bar charts and an icon row.

Each chart says everything in words too: its <title> (which WeasyPrint makes the PDF
Figure's /Alt) holds every number, every bar is labelled and has its value written at
its end, and the icon row tells outcomes apart by pattern as well as by colour. The
drawing is 320 units wide, so at a 320 px screen its text is about its written size.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from . import contrast
from . import labels as words
from .stats import NOT_RECORDED, Breakdown, case_stats

WIDTH = 320
FONT = "'Atkinson Hyperlegible Next', 'Helvetica Neue', Arial, sans-serif"
TEXT = "#0b0c0c"
DEFAULT_BRAND = "#1d4f91"
#: Bar-chart facets, in the order they follow the icon row.
BAR_FACETS = ("age_band", "sex", "issues", "review_type", "year")
LABEL_SIZE, LABEL_LINE, BAR, GAP = 15, 18, 20, 14
ICON_W, ICON_H, ICON_GAP, ICONS_PER_LINE = 24, 32, 6, 10


@dataclass(frozen=True)
class Chart:
    """One figure: its drawing, and the same numbers for the data table beside it."""

    id: str
    caption: str
    title: str
    rows: tuple[tuple[str, int], ...]
    svg: Markup


def case_figures(block: Any, prefix: str, issue: Any, labels: dict[str, str]) -> list[Chart]:
    """A figures block's charts: an icon row of outcomes, then a bar chart per other facet
    (the block's `facets`, in its order, or every facet that has data)."""
    if not block.cases:
        return []
    stats = case_stats(block.cases)
    colour = brand_colour(issue.board.colour)
    facets = block.facets if block.facets is not None else ("outcome", *BAR_FACETS)
    charts = []
    for facet in facets:
        if not stats[facet]:
            continue
        reviews = stats.reviews if facet == "outcome" else None
        charts.append(_chart(facet, stats[facet], labels, colour, reviews, prefix))
    return charts


def _chart(
    facet: str,
    data: Breakdown,
    labels: dict[str, str],
    colour: str,
    reviews: int | None = None,
    prefix: str = "fig",
) -> Chart:
    rows = tuple((value_label(facet, value, labels), count) for value, count in data.counts)
    chart_id = f"{prefix}-{facet.replace('_', '-')}"
    caption = labels[f"facet_{facet}"]
    if reviews is not None:
        title = outcome_title(reviews, rows, labels)
        svg = icon_row(chart_id, title, labels["chart_icon_desc"], rows, colour)
    else:
        title = summary(caption, rows, labels)
        svg = bar_chart(chart_id, title, labels["chart_bar_desc"], rows, colour)
    return Chart(chart_id, caption, title, rows, svg)


def value_label(facet: str, value: Any, labels: dict[str, str]) -> str:
    """How a value reads in a chart: the theme's word for fixed choices, else as written."""
    if value == NOT_RECORDED:
        return labels["case_not_recorded"]
    if facet in ("sex", "outcome"):
        return labels[f"case_{value}"]
    return str(value)


def summary(caption: str, rows: Sequence[tuple[str, int]], labels: dict[str, str]) -> str:
    """'Sex of the child: Boys, 4 reviews; Girls, 1 review.' for a chart's title."""
    language = labels.get("language", "en-GB")
    parts = [f"{label}, {words.count(n, 'review', language)}" for label, n in rows]
    return f"{caption}: {'; '.join(parts)}."


def outcome_title(reviews: int, rows: Sequence[tuple[str, int]], labels: dict[str, str]) -> str:
    """'4 reviews: 3 died, 1 life-threatening incident'."""
    language = labels.get("language", "en-GB")
    if language == "cy-GB":  # "bu farw 3": a Welsh verb phrase does not follow a number
        outcomes = ", ".join(f"{label.lower()} ({n})" for label, n in rows)
    else:
        outcomes = ", ".join(f"{n} {label.lower()}" for label, n in rows)
    return f"{words.count(reviews, 'review', language)}: {outcomes}"


def brand_colour(colour: str | None) -> str:
    """The board's colour for bars, unless it is too pale to see on white (WCAG 1.4.11: 3:1)."""
    if colour and contrast.ratio(colour) >= 3:
        return colour
    return DEFAULT_BRAND


# ---------------------------------------------------------------- drawing


def _svg(chart_id: str, title: str, desc: str, height: int, body: str, defs: str = "") -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
        f'viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT}" font-size="{LABEL_SIZE}" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + (f"<defs>{defs}</defs>" if defs else "") + body + "</svg>")


def _lines(label: str) -> list[str]:
    return textwrap.wrap(label, 34, break_long_words=True) or [""]


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, int]],
    colour: str = DEFAULT_BRAND,
) -> Markup:
    """Horizontal bars, each with its label above it and its value at its end."""
    longest = max((count for _, count in rows), default=0) or 1
    room = WIDTH - 8 - 9 * len(str(longest))
    parts, y = [], 0
    for label, count in rows:
        for line in _lines(label):
            y += LABEL_LINE
            parts.append(f'<text x="0" y="{y - 4}">{escape(line)}</text>')
        width = max(2, round(room * count / longest))
        parts.append(
            f'<rect x="0" y="{y + 2}" width="{width}" height="{BAR}" fill="{colour}"/>'
            f'<text x="{width + 6}" y="{y + BAR - 3}" font-weight="bold">{count}</text>'
        )
        y += BAR + GAP
    return _svg(chart_id, title, desc, y - GAP + 4, "".join(parts))


#: Fills that tell outcomes apart without colour: solid, hatched, dotted, plain outline.
_PATTERNS = (
    "",
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    '<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="{colour}" stroke-width="2"/></pattern>',
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    '<circle cx="3" cy="3" r="1.4" fill="{colour}"/></pattern>',
)
_PERSON = (
    "M{x0} {y1}a5.5 5.5 0 1 1 11 0a5.5 5.5 0 1 1 -11 0z"
    "M{x1} {y2}h16a3 3 0 0 1 3 3v14h-22v-14a3 3 0 0 1 3 -3z"
)


def _person(x: float, y: float) -> str:
    return _PERSON.format(x0=x + 6.5, y1=y + 7, x1=x + 4, y2=y + 15)


def icon_row(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, int]],
    colour: str = DEFAULT_BRAND,
) -> Markup:
    """A line of child figures per outcome, labelled with the outcome and its number."""
    defs, parts, y = [], [], 0
    for index, (label, count) in enumerate(rows):
        fill = _fill(chart_id, index, colour, defs)
        for line in _lines(f"{label}: {count}"):
            y += LABEL_LINE
            parts.append(f'<text x="0" y="{y - 4}" font-weight="bold">{escape(line)}</text>')
        y += 2
        icons = [
            _person(
                (i % ICONS_PER_LINE) * (ICON_W + ICON_GAP) + 1,
                y + (i // ICONS_PER_LINE) * (ICON_H + 4),
            )
            for i in range(count)
        ]
        parts.append(
            f'<path d="{"".join(icons)}" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
        )
        y += ((count - 1) // ICONS_PER_LINE + 1) * (ICON_H + 4) + GAP - 4
    return _svg(chart_id, title, desc, y - GAP + 6, "".join(parts), "".join(defs))


def _fill(chart_id: str, index: int, colour: str, defs: list[str]) -> str:
    style = index % (len(_PATTERNS) + 1)
    if style == len(_PATTERNS):
        return "#ffffff"
    if style == 0:
        return colour
    pattern_id = f"{chart_id}-pattern-{index}"
    defs.append(_PATTERNS[style].format(id=pattern_id, colour=colour))
    return f"url(#{pattern_id})"
