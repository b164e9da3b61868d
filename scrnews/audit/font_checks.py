"""Text a browser draws with a font of the reader's computer instead of the page's own.

A page that brings its fonts (@font-face) and still has a letter drawn with a system font has
a letter its fonts lack: a Welsh ŵ in a typeface without it falls back, mid-word, to another
typeface (and a reader without that font sees a box). Chromium says which fonts it drew each
element's text with (DevTools' "Rendered fonts", CSS.getPlatformFontsForNode).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from scrnews.audit.problem import Problem

if TYPE_CHECKING:
    from playwright.sync_api import Page

CRITERION = "Page fonts: every letter in the page's own fonts"
SKIPPED = {"#text", "SCRIPT", "STYLE", "TITLE", "HEAD", "TEMPLATE"}


def check_page_fonts(page: Page, page_name: str) -> list[Problem]:
    """One problem per element whose own text Chromium drew partly with a system font."""
    if not page.evaluate("document.fonts.ready.then(fonts => fonts.size)"):
        return []  # the page brings no fonts: the reader's are its design
    client = page.context.new_cdp_session(page)
    try:
        client.send("DOM.enable")
        client.send("CSS.enable")
        root = client.send("DOM.getDocument", {"depth": -1})["root"]
        families = set(page.evaluate(_FAMILIES))
        found = [
            (node, fallback)
            for node, fallback in _fallbacks(_Glyphs(client), root)
            if _asks_for_own_font(client, node, families)
        ]
    finally:
        client.detach()
    own = ", ".join(sorted(families)) or "none"
    return [
        Problem(
            page_name,
            _describe(node),
            CRITERION,
            f"{_text(node)!r} is drawn partly with {', '.join(sorted(fallback))}, a font of "
            f"this computer, not the page's own ({own}): those fonts lack a character in it",
        )
        for node, fallback in found
    ]


_FAMILIES = "[...new Set([...document.fonts].map(f => f.family.replace(/^[\"']|[\"']$/g, '')))]"


class _Glyphs:
    """Glyphs drawn per (family, is the page's own font) for an element's text, asked once."""

    def __init__(self, client) -> None:
        self.client, self.known = client, {}

    def __call__(self, node: dict) -> Counter:
        if node["nodeId"] not in self.known:
            fonts = _fonts(self.client, node)
            self.known[node["nodeId"]] = Counter(
                {(f["familyName"], f["isCustomFont"]): f["glyphCount"] for f in fonts}
            )
        return self.known[node["nodeId"]]


def _fallbacks(glyphs: _Glyphs, root: dict):
    """(element, system font families) for each element whose own text uses a system font."""
    for node in _elements(root):
        if not _text(node):
            continue
        counts = Counter(glyphs(node))
        for child in node.get("children", []):
            if child["nodeType"] == 1:
                counts.subtract(glyphs(child))  # a child's text is counted in its parent's too
        fallback = {family for (family, custom), n in counts.items() if n > 0 and not custom}
        if fallback:
            yield node, fallback


def _asks_for_own_font(client, node: dict, families: set[str]) -> bool:
    """Whether the element's style names one of the page's fonts first: text the style sets in
    a font of the computer on purpose (code in `monospace`) is the design, not a gap."""
    try:
        style = client.send("CSS.getComputedStyleForNode", {"nodeId": node["nodeId"]})
    except Exception:  # no style to read: judged by its fonts alone
        return True
    value = next((p["value"] for p in style["computedStyle"] if p["name"] == "font-family"), "")
    first = value.split(",")[0].strip().strip("\"'")
    return not first or first in families


def _fonts(client, node: dict) -> list[dict]:
    try:
        return client.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    except Exception:  # a node the renderer has no layout for (hidden, or in <head>)
        return []


def _elements(node: dict):
    if node["nodeType"] == 1 and node["nodeName"] in SKIPPED:
        return
    if node["nodeType"] == 1:
        yield node
    for child in node.get("children", []):
        yield from _elements(child)


def _text(node: dict) -> str:
    """The element's own text (not its children's), whitespace squashed."""
    parts = [c["nodeValue"] for c in node.get("children", []) if c["nodeType"] == 3]
    return " ".join(" ".join(parts).split())[:80]


def _describe(node: dict) -> str:
    flat = node.get("attributes", [])
    attributes = dict(zip(flat[::2], flat[1::2], strict=True))
    name = node["nodeName"].lower()
    if attributes.get("id"):
        return f"{name}#{attributes['id']}"
    if attributes.get("class"):
        return f"{name}.{attributes['class'].split()[0]}"
    return name
