"""The issue's own fields, guessed from the document's first lines, its file name and its
properties: title, series, number, volume, date, language, keywords and the board's name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..period import PeriodError, parse_period
from .read import Node, Para

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: Ways a newsletter writes the time it covers, most precise first.
_DATES = [
    re.compile(rf"\b{_MONTH}\.?(?:\s+\d{{4}})?\s*(?:to|–|—|-)\s*{_MONTH}\.?\s+\d{{4}}\b", re.I),
    re.compile(r"\b(?:spring|summer|autumn|winter)\s+\d{4}(?:\s*/\s*\d{2,4})?\b", re.I),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b{_MONTH}\.?\s+\d{{4}}\b", re.I),
    re.compile(r"\b(?:\d{4}\s*-?\s*Q[1-4]|Q[1-4]\s+\d{4})\b", re.I),
    re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b"),
]
_NUMBER = re.compile(r"\b(?:issue|rhifyn|edition)\s*(?:no\.?|number|#)?\s*(\d{1,4})\b", re.I)
_VOLUME = re.compile(r"\bvol(?:ume)?\.?\s*(\d{1,3})\b", re.I)
_SERIES_WORDS = re.compile(r"\b(newsletter|bulletin|news|magazine|briefing|digest)\b", re.I)
_SEPARATORS = " \t\n–—-|:,.;•·/()"
_BOARD = re.compile(
    r"((?:[A-Z][\w'’&-]*\s+(?:and\s+|&\s+)?)+Safeguarding\s+(?:Children(?:'s|’s)?\s+)?"
    r"(?:Board|Partnership|Partnerships|Arrangements))(?:\s+\(([A-Z]{2,8})\))?"
)


@dataclass
class Meta:
    """Top-level fields of the issue, a comment for each one guessed, and the front paragraphs
    they were read from (left out of the body: the masthead shows them)."""

    fields: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    used: list[Para] = field(default_factory=list)


def front(nodes: list[Node]) -> list[Para]:
    """The title lines before the first heading: the Title and Subtitle, and lines that say
    only which issue it is and when ("Issue 7 – Spring 2019")."""
    found = []
    for node in nodes:
        if not isinstance(node, Para) or (node.heading or 0) >= 1:
            break
        if node.heading == 0 or node.subtitle or (node.plain.strip() and _only_meta(node.plain)):
            found.append(node)
        elif node.plain.strip() or node.markdown.strip():
            break
    return found


def guess(nodes: list[Node], stem: str, document: Any, *, series: str | None = None) -> Meta:
    """The issue's fields from its front lines (see `front`), else its file name, else when
    the document was written."""
    promoted = _heading_as_title(nodes)
    meta = Meta(used=front(nodes))
    lines = [p.plain.strip() for p in meta.used]
    stem = " ".join(re.split(r"[\s_]+|(?<=\D)-|-(?=\D)", stem))
    properties = document.core_properties
    _number(meta, lines, stem)
    _date(meta, lines, stem, properties)
    _titles(meta, series)
    if promoted and "title" in meta.fields:
        meta.comments["title"] = "guessed: the document's only top-level heading, at its start"
    language = _language(properties, document)
    if language:
        meta.fields["language"] = language
        meta.comments["language"] = "from the document's language"
    keywords = [k.strip() for k in re.split(r"[,;]", properties.keywords or "") if k.strip()]
    if keywords:
        meta.fields["keywords"] = keywords
    return meta


def _heading_as_title(nodes: list[Node]) -> bool:
    """A document without a Title whose first line is its only heading of the top level,
    with two or more smaller headings after it, has that heading for its title (the usual Word way:
    Heading 1 for the newsletter's name, Heading 2 for its articles). Marks it; True if so."""
    paras = [n for n in nodes if isinstance(n, Para)]
    if any(p.heading == 0 for p in paras):
        return False
    first = next((p for p in paras if p.plain.strip()), None)
    if first is None or not first.heading or first is not nodes[0] and _before(nodes, first):
        return False
    same = [p for p in paras if p.heading and p.heading <= first.heading]
    deeper = [p for p in paras if p.heading and p.heading > first.heading]
    if len(same) == 1 and len(deeper) >= 2:
        first.heading = 0
        return True
    return False


def _before(nodes: list[Node], para: Para) -> bool:
    """True when something with words comes before para."""
    for node in nodes:
        if node is para:
            return False
        if not isinstance(node, Para) or node.plain.strip():
            return True
    return False


def board_name(nodes: list[Node]) -> tuple[str, str | None] | None:
    """The first "... Safeguarding Children Board/Partnership" named in the text, with its
    abbreviation when one follows in brackets."""
    for node in nodes:
        if isinstance(node, Para):
            match = _BOARD.search(node.plain)
            if match:
                name = " ".join(match[1].split())
                return name.removeprefix("The ").removeprefix("the "), match[2]
    return None


def _number(meta: Meta, lines: list[str], stem: str) -> None:
    for source, text in [*(("the title lines", line) for line in lines), ("the file name", stem)]:
        if "number" not in meta.fields and (match := _NUMBER.search(_words(text))):
            meta.fields["number"] = int(match[1])
            meta.comments["number"] = f"guessed from {source}: {match[0]!r}"
        if "volume" not in meta.fields and (match := _VOLUME.search(_words(text))):
            meta.fields["volume"] = int(match[1])
            meta.comments["volume"] = f"guessed from {source}: {match[0]!r}"


def _date(meta: Meta, lines: list[str], stem: str, properties: Any) -> None:
    for source, text in [*(("the title lines", line) for line in lines), ("the file name", stem)]:
        found = find_date(_words(text))
        if found:
            meta.fields["date"] = found
            meta.comments["date"] = f"guessed from {source}"
            return
    when = properties.created or properties.modified
    if isinstance(when, dt.datetime) and when.year > 1990:
        meta.fields["date"] = f"{when.year:04d}-{when.month:02d}"
        meta.comments["date"] = (
            "guessed: the month the document was written (no date in its title lines); check it"
        )
        return
    today = dt.date.today()
    meta.fields["date"] = f"{today.year:04d}-{today.month:02d}"
    meta.comments["date"] = "no date found in the document: this month; check it"


def find_date(text: str) -> str | None:
    """The first period written in text, as the issue file writes it ("Spring 2019")."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            written = " ".join(match[0].split())
            try:
                period = parse_period(written)
            except PeriodError:
                try:
                    period = parse_period(_ordinal_day(written))
                except (PeriodError, ValueError):
                    continue
                return period.isoformat()
            return written if period.kind != "day" else period.isoformat()
    return None


def _ordinal_day(text: str) -> str:
    """ "5th March 2019" -> "2019-03-05"."""
    day, month, year = (
        re.sub(r"(st|nd|rd|th)?\.?,?\s+", " ", text, count=1).replace(",", "").split()[:3]
    )
    return dt.datetime.strptime(f"{day} {month[:3]} {year}", "%d %b %Y").date().isoformat()


def _titles(meta: Meta, series: str | None) -> None:
    """The Title (and Subtitle) less the issue's number and date: the series when it names a
    newsletter ("Serious Case Review Newsletter"), else the issue's title."""
    leftovers = [
        (para, _residue(para.plain)) for para in meta.used if para.heading == 0 or para.subtitle
    ]
    for para, text in leftovers:
        if not text:
            continue
        if _SERIES_WORDS.search(text) and "series" not in meta.fields:
            if text != series:
                meta.fields["series"] = text
                meta.comments["series"] = "guessed: the document's title names the newsletter"
        elif "title" not in meta.fields:
            meta.fields["title"] = text
            meta.comments["title"] = (
                "from the document's title" if para.heading == 0 else "from the subtitle"
            )
        else:
            meta.fields["title"] += f": {text}"


def _residue(text: str) -> str:
    """What is left of a title line without its issue number, volume and date."""
    text = _words(text)
    for pattern in [_NUMBER, _VOLUME, *_DATES]:
        text = pattern.sub(" ", text)
    return " ".join(text.split()).strip(_SEPARATORS)


def _only_meta(text: str) -> bool:
    return not _residue(text) and bool(_NUMBER.search(text) or find_date(_words(text)))


def _words(text: str) -> str:
    return " ".join(re.sub(r"[_]+", " ", text).split())


def _language(properties: Any, document: Any) -> str | None:
    """cy-GB when the document says it is in Welsh (its properties, or its default language)."""
    from .wordxml import xpath

    tags = [properties.language or ""]
    tags += xpath(document.styles.element, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    return "cy-GB" if any(str(tag).lower().startswith("cy") for tag in tags) else None
