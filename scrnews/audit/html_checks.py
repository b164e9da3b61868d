"""Browser checks of one HTML page: axe-core, reflow, text zoom, keyboard use and fonts."""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from scrnews.audit.font_checks import check_page_fonts
from scrnews.audit.problem import Problem, criterion_from_tags, found_by, wcag

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

log = logging.getLogger(__name__)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules outside the WCAG tags that we still enforce, with the criterion they serve.
EXTRA_RULES = {"heading-order": "1.3.1"}
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@cache
def _asset(name: str) -> str:
    """Read a JavaScript file shipped inside this package."""
    return resources.files("scrnews.audit").joinpath(name).read_text(encoding="utf-8")


def axe_source() -> str:
    """Return the vendored axe.min.js."""
    return _asset("vendor/axe.min.js")


def check_html(browser: Browser, path: str | Path) -> list[Problem]:
    """Run every browser check on one HTML file; return its problems."""
    page_name = str(path)
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    try:
        context.route("http*://**/*", _refuse_network)
        page = context.new_page()
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        page.evaluate(_asset("checks.js"))
        problems = found_by("axe", run_axe(page, page_name))
        problems += found_by("keyboard", check_keyboard(page, page_name))
        problems += found_by("reflow", check_reflow(page, page_name))
        problems += found_by("text zoom", check_text_zoom(page, page_name))
        problems += found_by("fonts", check_page_fonts(page, page_name))
    finally:
        context.close()
    return problems


def _refuse_network(route) -> None:
    """Keep the audit offline and repeatable: a built page must not need the web."""
    log.warning("audit blocked a network request: %s", route.request.url)
    route.abort()


def run_axe(page: Page, page_name: str) -> list[Problem]:
    """Run axe-core's WCAG 2.2 A/AA rules and turn each failing node into a Problem."""
    page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    log.debug(
        "axe %s on %s: %d incomplete",
        result["testEngine"]["version"],
        page_name,
        len(result["incomplete"]),
    )
    return [
        Problem(page_name, _target(node["target"]), _axe_criterion(rule), _axe_message(rule, node))
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def _axe_criterion(rule: dict) -> str:
    """Name the WCAG criterion an axe rule checks, from its tags."""
    number = criterion_from_tags(rule["tags"]) or EXTRA_RULES.get(rule["id"])
    return wcag(number) if number else f"WCAG (axe {rule['id']})"


def _axe_message(rule: dict, node: dict) -> str:
    """Combine the rule's summary with the first specific finding for this node."""
    details = [check["message"] for key in ("any", "all", "none") for check in node[key]]
    detail = f": {details[0]}" if details else ""
    return f"{rule['help']} [{rule['id']}]{detail}"


def _target(target: list) -> str:
    """Flatten axe's target (a list of selectors, nested for shadow DOM) to one string."""
    return " >> ".join(t if isinstance(t, str) else " >>> ".join(t) for t in target)


def check_reflow(page: Page, page_name: str) -> list[Problem]:
    """WCAG 1.4.10: at 320 CSS px wide the page must not scroll horizontally."""
    page.set_viewport_size(NARROW)
    try:
        found = page.evaluate("__scrnewsAudit.reflow()")
    finally:
        page.set_viewport_size(DESKTOP)
    if not found:
        return []
    message = (
        f"page is {found['scrollWidth']}px wide at a {found['viewport']}px viewport, "
        f"so it scrolls sideways; widest element is {found['width']}px"
    )
    return [Problem(page_name, found["selector"], wcag("1.4.10"), message)]


def check_text_zoom(page: Page, page_name: str) -> list[Problem]:
    """WCAG 1.4.4: with every font size doubled no text may be cut off by overflow."""
    clipped = page.evaluate("__scrnewsAudit.textZoom()")
    return [
        Problem(
            page_name,
            item["selector"],
            wcag("1.4.4"),
            "text is clipped at 200% text size: content needs "
            f"{item['scroll'][0]}x{item['scroll'][1]}px but the box is "
            f"{item['client'][0]}x{item['client'][1]}px with overflow hidden",
        )
        for item in clipped
    ]


def check_keyboard(page: Page, page_name: str) -> list[Problem]:
    """WCAG 2.1.1 and 2.4.7: Tab reaches every link and focus is always visible."""
    page.add_style_tag(content=NO_MOTION)
    count = page.evaluate("__scrnewsAudit.keyboardStart()")
    stops = _tab_through(page, limit=count + 10)
    reached = {stop["index"] for stop in stops}
    problems = [
        Problem(page_name, stop["selector"], wcag("2.4.7"), "no visible focus indicator")
        for stop in stops
        if not stop["visible"]
    ]
    problems += [
        Problem(
            page_name, link["selector"], wcag("2.1.1"), "link cannot be reached with the Tab key"
        )
        for link in page.evaluate("__scrnewsAudit.links()")
        if link["index"] not in reached
    ]
    return problems


def _tab_through(page: Page, limit: int) -> list[dict]:
    """Press Tab until focus leaves the page or comes round again; list each stop."""
    stops: list[dict] = []
    seen: set[int] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("__scrnewsAudit.focused()")
        if stop is None or stop["index"] in seen:
            break
        seen.add(stop["index"])
        stops.append(stop)
    return stops
