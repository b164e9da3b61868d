"""Which review a briefing belongs to: a newsletter's review card links to the briefing on it.

A review is known by its code (SILR15B) and the name it is published under (Child S). Two
mentions are the same review when their codes agree; when either gives no code, when their
names agree. (Boards reuse names such as Child A from year to year: a code settles it.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Ref = tuple[str, str]
"""(code, name) of a review, each folded for comparing ('' when not given)."""


def ref(review: Any) -> Ref:
    """(code, name) of a review given as a model or as the mapping written in YAML."""
    get = review.get if isinstance(review, Mapping) else lambda key: getattr(review, key, None)
    return (_fold(get("code")), _fold(get("name")))


def same_review(a: Any, b: Any) -> bool:
    return matches(ref(a), ref(b))


def matches(a: Iterable[str], b: Iterable[str]) -> bool:
    (code_a, name_a), (code_b, name_b) = a, b
    if code_a and code_b:
        return code_a == code_b
    return bool(name_a) and name_a == name_b


def _fold(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value else ""


def briefing_links(views: Iterable[Any], nav: Mapping[str, Any] | None) -> dict[str, dict]:
    """Review card anchor -> the link to the briefing on that review, for a newsletter page.

    nav is the archive build's navigation (site.navigation), which names the briefings on the
    newsletter's reviews; a single issue's build knows of no briefing, and links to none.
    """
    briefings = (nav or {}).get("briefings") or []
    found: dict[str, dict] = {}
    for view in views:
        if view.kind != "reviews" or not briefings:
            continue
        for review, anchor in zip(view.block.reviews, view.extra["anchors"], strict=True):
            link = next((b for b in briefings if matches(ref(review), b["review"])), None)
            if link is not None:
                found[anchor] = link
    return found
