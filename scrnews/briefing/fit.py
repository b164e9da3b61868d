"""Does the briefing fit its one A4 page? Measured in WeasyPrint's layout of the PDF's own render.

The print stylesheet gives every region of the page a box of fixed size (the heading, the seven
panels, the footer), marked `data-fit` in the page. `measure` runs in the PDF maker between
WeasyPrint's layout and the PDF's writing (pdf.html_to_pdf's `inspect`), so the check costs no
second render: it walks the laid-out boxes, and for each region counts the words on the lines
that end inside its box and those that do not (lines below its bottom, and text WeasyPrint
never laid out because it ran past the page). `fit_problems` turns what it found into errors at
the panel's line in the YAML; the preview shows the same figures as gauges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Problem, relpath
from . import PANELS

if TYPE_CHECKING:
    from ..build import LoadedIssue

#: The smallest text a briefing may have, in points: smaller is hard to read on paper.
MIN_PT = 9.0
PX_PER_PT = 96 / 72
#: Rounding WeasyPrint's positions may leave a line this far (CSS px) below its box's edge.
TOLERANCE_PX = 0.5
_WORD = re.compile(r"\S*\w\S*")
#: A line as tall as this would have crossed the page's edge: its text may not be laid out.
_LAST_LINE_PX = 40


@dataclass(frozen=True)
class Fill:
    """How full one region's box is: `used` 1.0 is exactly full; `over` words do not fit."""

    region: str
    """A panel's name (background … find_out_more), or head or foot."""
    used: float
    words: int
    over: int
    page: int = 1
    """The page its box is on: a box pushed to a second page does not fit at all."""

    @property
    def fits(self) -> bool:
        return self.page == 1 and self.over == 0 and self.used <= 1.0 + 1e-6


@dataclass(frozen=True)
class Measured:
    """What the layout of a briefing's PDF showed: its pages, each region's fill, the smallest text."""

    pages: int
    fills: tuple[Fill, ...]
    smallest_pt: float | None = None
    smallest_in: str | None = None

    def fill(self, region: str) -> Fill | None:
        return next((f for f in self.fills if f.region == region), None)


def words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits with what clings to them."""
    return len(_WORD.findall(text))


def measure(document: Any) -> Measured:
    """Each data-fit region's fill in a rendered WeasyPrint document, and its smallest text."""
    regions: dict[str, tuple[Any, int]] = {}
    smallest: tuple[float, str | None] | None = None
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        end = page_box.content_box_y() + page_box.height  # the page area's bottom edge
        for box, region in _walk(page_box, None):
            name = _region_name(box)
            if name is not None and name not in regions:
                regions[name] = (box, number, end)
            text = getattr(box, "text", None)
            if text and text.strip() and _is_text(box):
                size = box.style["font_size"] / PX_PER_PT
                if smallest is None or size < smallest[0] - 1e-6:
                    smallest = (size, region)
    fills = tuple(_fill(name, *found) for name, found in regions.items())
    return Measured(
        len(document.pages),
        fills,
        round(smallest[0], 2) if smallest else None,
        smallest[1] if smallest else None,
    )


def _walk(box: Any, region: str | None):
    """Every box under box, each with the name of the data-fit region it is in."""
    box = getattr(box, "_box", box)  # absolutely positioned boxes sit behind a placeholder
    region = _region_name(box) or region
    yield box, region
    for child in getattr(box, "children", None) or ():
        yield from _walk(child, region)


def _region_name(box: Any) -> str | None:
    element = getattr(box, "element", None)
    if element is None or _is_text(box) or type(box).__name__ in ("LineBox", "InlineBox"):
        return None
    return element.get("data-fit")


def _is_text(box: Any) -> bool:
    return type(box).__name__ == "TextBox"


def _fill(name: str, region: Any, page: int, page_end: float) -> Fill:
    """Words on lines inside the region's content box, below it, and never laid out (when the
    text ran down to the page's edge, WeasyPrint laid out no more of it)."""
    top = region.content_box_y()
    limit = top + region.height
    bottom = top
    lines: dict[int, list] = {}  # id(line) -> [line, words, words of the page's own text]
    for box, line in _lines(region, None):
        kind = type(box).__name__
        if kind == "LineBox":
            bottom = max(bottom, box.position_y + box.height)
        elif kind.endswith("ReplacedBox"):
            bottom = max(bottom, box.position_y + box.margin_height())
        elif _counted(box) and line is not None:
            entry = lines.setdefault(id(line), [line, 0, 0])
            count = words(box.text)
            entry[1] += count
            entry[2] += count if "::" not in _tag(box) else 0  # not a link's ::after address
    inside = sum(n for line, n, _ in lines.values() if _bottom(line) <= limit + TOLERANCE_PX)
    laid_out = sum(n for _, n, _ in lines.values())
    own = sum(n for _, _, n in lines.values())
    never = 0
    if bottom + _LAST_LINE_PX >= page_end:  # compare with all the words written
        never = max(0, words(" ".join(region.element.itertext())) - own)
    used = (bottom - top) / max(limit - top, 1.0)
    if never and laid_out:
        used *= (laid_out + never) / laid_out
    over = laid_out - inside + never
    if over:  # at least as full as the words that do not fit say
        used = max(used, (laid_out + never) / max(laid_out + never - over, 1))
    if page > 1:  # pushed off the one page whole
        return Fill(name, round(used, 3), laid_out + never, laid_out + never, page)
    return Fill(name, round(used, 3), laid_out + never, over)


def _lines(box: Any, line: Any):
    """Every box under box, each with the line box it is on (None outside any line)."""
    box = getattr(box, "_box", box)
    if type(box).__name__ == "LineBox":
        line = box
    yield box, line
    for child in getattr(box, "children", None) or ():
        yield from _lines(child, line)


def _bottom(line: Any) -> float:
    return line.position_y + line.height


def _counted(box: Any) -> bool:
    """Text a reader reads: not a list's bullet or number."""
    return _is_text(box) and not _tag(box).endswith("::marker")


def _tag(box: Any) -> str:
    return getattr(box, "element_tag", "") or ""


# ---------------------------------------------------------------- problems


def about(count: int) -> int:
    """A word count as 'about' it: exact under 10, else to the nearest 5."""
    return count if count < 10 else max(10, 5 * round(count / 5))


def fit_problems(loaded: LoadedIssue, measured: Measured | None) -> list[Problem]:
    """Every region that does not fit, text under 9 pt, a second page: errors at their lines."""
    if measured is None:
        return []
    briefing, doc = loaded.issue, loaded.doc
    problems: list[Problem] = []
    for fill in measured.fills:
        if fill.fits:
            continue
        if fill.region in PANELS:
            problems.append(
                doc.problem(("panels", fill.region), _panel_message(loaded, fill), key=True)
            )
        elif fill.region == "head":
            problems.append(
                doc.problem(
                    ("title",),
                    "the title and the line under it do not fit in the briefing's heading"
                    f"{_words_over(fill)}. Shorten the title.",
                )
            )
        else:
            problems.append(
                Problem(
                    relpath(loaded.path),
                    None,
                    None,
                    "",
                    "the briefing's footer (the board's name, email, phone and website) does "
                    f"not fit in its box{_words_over(fill)}. Shorten the board's details in "
                    "scrnews.yaml, or the briefings: alternative_formats words.",
                )
            )
    if measured.smallest_pt is not None and measured.smallest_pt < MIN_PT - 0.01:
        where = _region_words(briefing, measured.smallest_in)
        problems.append(
            Problem(
                relpath(loaded.path),
                None,
                None,
                "",
                f"the theme sets text {where}at {measured.smallest_pt:g} pt; a briefing's text "
                f"must be {MIN_PT:g} pt or larger to be read on paper. Check the print "
                "stylesheet of the templates this build uses (briefing-pdf.css).",
            )
        )
    if measured.pages > 1 and not problems:
        problems.append(
            Problem(
                relpath(loaded.path),
                None,
                None,
                "",
                f"the briefing takes {measured.pages} pages; it must fit on one. Its panels fit "
                "their boxes, so the theme's print stylesheet (briefing-pdf.css) must have "
                "changed the page's layout.",
            )
        )
    return problems


def _panel_message(loaded: LoadedIssue, fill: Fill) -> str:
    briefing = loaded.issue
    number = PANELS.index(fill.region) + 1
    title = briefing.panel_title(fill.region)
    room = max(0, fill.words - fill.over)
    if fill.over:
        amount = f"about {about(fill.over)} words too many (there is room for about {about(room)})"
    else:
        amount = "its last line runs over the edge of its box"
    return (
        f"panel {number}, '{title}', does not fit in its box on the one A4 page: {amount}. "
        "Shorten it, or move some of it to a panel with room."
    )


def _words_over(fill: Fill) -> str:
    return f" (about {about(fill.over)} words too many)" if fill.over else ""


def _region_words(briefing: Any, region: str | None) -> str:
    if region in PANELS:
        return f"in panel {PANELS.index(region) + 1}, '{briefing.panel_title(region)}', "
    if region == "head":
        return "in the heading "
    if region == "foot":
        return "in the footer "
    return ""


# ---------------------------------------------------------------- the preview's gauges


@dataclass(frozen=True)
class Gauge:
    """One line of the preview's 'how full' list: a region, its fill, what to do about it."""

    label: str
    region: str
    percent: int
    words: int
    over: int

    @property
    def fits(self) -> bool:
        return self.over == 0 and self.percent <= 100

    @property
    def note(self) -> str:
        if self.fits:
            return f"{self.percent}%"
        if self.over:
            return f"{self.percent}%, about {about(self.over)} words too many"
        return f"{self.percent}%, its last line runs over"


def gauges(briefing: Any, measured: Measured | None) -> tuple[Gauge, ...]:
    """The heading, the seven panels and the footer, in reading order, with how full each is."""
    if measured is None:
        return ()
    labels = {"head": "Heading", "foot": "Footer"}  # the preview's own words, in English
    for number, name in enumerate(PANELS, 1):
        labels[name] = f"{number} {briefing.panel_title(name)}"
    found = []
    for region in ("head", *PANELS, "foot"):
        fill = measured.fill(region)
        if fill is not None:
            percent = round(fill.used * 100) if fill.page == 1 else max(101, round(fill.used * 100))
            found.append(Gauge(labels[region], region, percent, fill.words, fill.over))
    return tuple(found)
