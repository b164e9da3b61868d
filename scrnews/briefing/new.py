"""`scrnews new --briefing`: a briefing file with its seven panels to fill in.

Each case review usually gets a briefing, so by default the briefing is started for the newest
review in the newsletters of issues/ that has none yet: its code, name, type and link, its
summary as the Background and its learning points as What we learned are copied in (the
board's own words), and every other panel says TODO. `--review` names the review, `--theme`
starts a briefing on a theme instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import LoadError, Problem, ScrnewsError, relpath
from ..load import load_document
from .links import same_review
from .model import PANELS

log = logging.getLogger(__name__)

#: What each panel is for, written beside it in the new file.
HINTS = {
    "background": "1 Background: who the child was and what happened, or what the theme is",
    "why_it_matters": "2 Why it matters: why practitioners should care",
    "information": "3 Information: the case, or what research and national reviews say",
    "what_we_learned": "4 What we learned: the review's findings",
    "what_to_do": "5 What to do: the practice points",
    "questions": "6 Questions to reflect on (numbered)",
    "find_out_more": "7 Find out more: links, training and contacts",
}
TODO = {
    "background": {"text": "TODO: who the child was and what happened."},
    "why_it_matters": {"text": "TODO: why this matters to practitioners, in a few lines."},
    "information": {"text": "TODO: the case, or what research and national reviews say."},
    "what_we_learned": {"items": ["TODO: a finding."]},
    "what_to_do": {"items": ["TODO: a practice point."]},
    "questions": {"items": ["TODO: a question to reflect on."]},
    "find_out_more": {"links": [{"title": "TODO: the review", "url": "https://TODO.invalid/"}]},
}


@dataclass(frozen=True)
class FoundReview:
    """A review as a newsletter wrote it, and the issue it is in (its file, language, board)."""

    review: dict[str, Any]
    source: Path
    language: str
    board: Any = None


def new_briefing(
    folder: Path | str = "issues",
    *,
    review: str | None = None,
    theme: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write issues/briefing-<name>.yaml for a review (or a theme); return its path."""
    from ..render import slug
    from ..scaffold import _create, schema_line, this_month

    folder = Path(folder)
    reviews, briefed = _reviews(folder)
    found = _pick(folder, reviews, briefed, review) if theme is None else None
    name = theme or (found.review.get("name") or found.review.get("code") if found else review)
    path = folder / f"briefing-{slug(str(name)) or 'new'}.yaml"
    board = found.board if found else next((r.board for r in reviews), None)
    text = briefing_text(found, theme=theme, named=review, month=this_month(today), board=board)
    folder.mkdir(parents=True, exist_ok=True)
    _create(path, schema_line(folder) + text)
    log.info("wrote %s (a draft 7-minute briefing): fill in each TODO", relpath(path))
    return path


def _pick(
    folder: Path, reviews: list[FoundReview], briefed: list[dict], named: str | None
) -> FoundReview | None:
    """The review named (by code or name), or the newest one without a briefing."""
    if named is not None:
        wanted = named.strip().casefold()
        return next(
            (
                r
                for r in reviews
                if wanted in (str(r.review.get(k, "")).strip().casefold() for k in ("code", "name"))
            ),
            None,  # not in any newsletter yet: a briefing named after it, the rest to fill in
        )
    for found in reviews:
        if not any(same_review(found.review, done) for done in briefed):
            return found
    raise ScrnewsError(
        Problem(
            relpath(folder),
            None,
            None,
            "",
            "every review in these newsletters has a briefing already (or there are none). "
            'Name the review: scrnews new --briefing --review "Child S", or start a briefing '
            'on a theme: scrnews new --briefing --theme "Was not brought".',
        )
    )


def _reviews(folder: Path) -> tuple[list[FoundReview], list[dict]]:
    """Reviews in the newsletters of folder, newest issue first, and the reviews briefed."""
    from ..scaffold import _blocks, _sortable

    issues, briefed = [], []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = load_document(path).data
        except LoadError:
            continue
        if not isinstance(data, dict):
            continue
        if data.get("kind") == "briefing":
            if isinstance(data.get("review"), dict):
                briefed.append(data["review"])
            continue
        key = (_sortable(data.get("date")), data.get("number") or 0, path.name)
        issues.append((key, path, data))
    found = []
    for _, path, data in sorted(issues, key=lambda item: item[0], reverse=True):
        language = str(data.get("language") or "en-GB")
        board = data.get("board") if isinstance(data.get("board"), dict) else None
        for block in _blocks(data):
            if block.get("type") == "reviews" and isinstance(block.get("reviews"), list):
                found += [
                    FoundReview(r, path, language, board)
                    for r in block["reviews"]
                    if isinstance(r, dict) and (r.get("code") or r.get("name"))
                ]
    return found, briefed


def briefing_text(
    found: FoundReview | None,
    *,
    theme: str | None,
    named: str | None,
    month: str,
    board: dict | None = None,
) -> str:
    """The new file: a few lines on how to fill it in, the frame, then the seven panels.

    board: the newsletter's own `board:` as written (scrnews.yaml's is merged under it).
    """
    review = found.review if found else ({"name": named} if named else None)
    title = theme or (review.get("name") or review.get("code") if review else "TODO")
    head: dict[str, Any] = {"kind": "briefing"}
    if board:
        head["board"] = board
    head.update(title=str(title), date=month, status="draft")
    if review is not None:
        head["review"] = {k: review[k] for k in ("code", "name", "type", "url") if review.get(k)}
    if theme is not None:
        head["theme"] = theme
    if found and found.language != "en-GB":
        head["language"] = found.language
    head["summary"] = "TODO: one sentence about this briefing, for the archive and the feed."
    panels = _panels(review)
    started = f"# It is on the review of {title} in {found.source.name}.\n" if found else ""
    lines = [
        f"# A 7-minute briefing, started by `scrnews new --briefing`.\n{started}"
        "# Fill in every TODO, then change status to published. Each panel takes text",
        "# (Markdown), items (points: a line each), links and after (text after them). The PDF",
        "# is one A4 page: a panel longer than its box fails the build, naming it; `scrnews",
        "# preview` shows how full each panel is as you write.",
        _dump(head).rstrip(),
        "# layout: clock              # the PDF's layout: grid (two columns) or clock (a clock face)",
        "",
        "panels:",
    ]
    for name in PANELS:
        lines.append(f"  {name}:  # {HINTS[name]}")
        lines += ["    " + line for line in _dump(panels[name]).splitlines()]
        lines.append("")
    return "\n".join(lines)


def _panels(review: dict[str, Any] | None) -> dict[str, dict]:
    """The TODO panels, with the review's summary and learning points where it gives them."""
    panels = {name: dict(value) for name, value in TODO.items()}
    if review and isinstance(review.get("summary"), str) and review["summary"].strip():
        panels["background"] = {"text": review["summary"].strip() + "\n"}
    learning = review.get("learning") if review else None
    if isinstance(learning, list) and all(isinstance(point, str) for point in learning):
        panels["what_we_learned"] = {"items": [point.strip() for point in learning]}
    if review and review.get("url"):
        title = review.get("url_text") or f"The review of {review.get('name') or review['code']}"
        panels["find_out_more"] = {"links": [{"title": title, "url": review["url"]}]}
    return panels


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a |-block, and lists indented under their key, as a person
    writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=92,
        default_flow_style=False,
    )
