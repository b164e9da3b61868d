"""The archive website: an index page of every issue, an Atom feed, and prev/next links.

Everything here is made from `Listing`s, small records of each issue kept in the manifest,
so an issue that was not rebuilt (or failed this time) is still listed as it was.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import __version__
from ..labels import CODES, NAMES, count, format_date, labels_for

if TYPE_CHECKING:  # kept light: a no-change rebuild needs Listing and navigation only
    import jinja2

    from ..build import LoadedIssue

ATOM = "http://www.w3.org/2005/Atom"
ARCHIVE_TEMPLATE = "archive.html"
NAV_TEMPLATE = "issue-nav.html"

SITE_LABELS = {
    "en-GB": {
        "archive": "All issues",
        "archive_nav": "Other issues",
        "prev": "Previous issue",
        "next": "Next issue",
        "none": "No issues have been published yet.",
        "page": "page",
        "pages": "pages",
        "download": "Download",
        "feed": "Follow new issues with the Atom feed",
        "draft_mark": "Draft",
        "newsletter": "Newsletter",
        "newsletters": "Newsletters",
        "kinds_nav": "Newsletters and briefings",
        "prev_briefing": "Previous briefing",
        "next_briefing": "Next briefing",
    },
    "cy-GB": {
        "archive": "Pob rhifyn",
        "archive_nav": "Rhifynnau eraill",
        "prev": "Rhifyn blaenorol",
        "next": "Rhifyn nesaf",
        "none": "Nid oes rhifynnau wedi'u cyhoeddi eto.",
        "page": "tudalen",
        "pages": "tudalen",
        "download": "Lawrlwytho",
        "feed": "Dilyn rhifynnau newydd gyda'r ffrwd Atom",
        "draft_mark": "Drafft",
        "newsletter": "Cylchlythyr",
        "newsletters": "Cylchlythyrau",
        "kinds_nav": "Cylchlythyrau a briffiau",
        "prev_briefing": "Briff blaenorol",
        "next_briefing": "Briff nesaf",
    },
}


def site_labels(language: str) -> dict[str, str]:
    """The theme's labels plus the archive's, in the issue's language."""
    return {**labels_for(language), **SITE_LABELS.get(language, SITE_LABELS["en-GB"])}


@dataclass(frozen=True)
class Listing:
    """One issue as the archive shows it."""

    stem: str
    number: int | None
    date: str
    """The period's sortable key: 2012-01, 2012-01-16, or 2011-07/2011-09 (Period.isoformat)."""
    date_text: str
    series: str
    title: str | None
    summary: str | None
    language: str
    status: str
    board: str
    pdf: str | None = None
    pdf_size: int | None = None
    pages: int | None = None
    html: bool = True
    period: str = ""
    """The period as `parse_period` reads it back (Spring 2024): the words it is shown in."""
    volume: int | None = None
    editions: dict = field(default_factory=dict)
    """A bilingual issue's other languages: tag -> series, title, summary, pdf, pdf_size."""
    bilingual_pdf: str | None = None
    folder: str = ""
    """Where this edition's page is in the issue's folder: '' or 'en/'."""
    root: str = ""
    """The way from the page that lists it to out/: '' from out/index.html, '../' from en/."""
    kind: str = "newsletter"
    """newsletter or briefing (a 7-minute briefing, listed apart)."""
    reviews: tuple = ()
    """(code, name) of each review it is about, folded for matching (briefing/links.py): a
    newsletter's reviews, or the one review a briefing comes from."""

    def __post_init__(self) -> None:  # from the manifest's JSON the pairs come back as lists
        object.__setattr__(self, "reviews", tuple(tuple(pair) for pair in self.reviews))

    @property
    def is_briefing(self) -> bool:
        return self.kind == "briefing"

    @property
    def first_day(self):
        """The first day the issue covers: from then it is due for publication."""
        from ..period import from_isoformat

        return from_isoformat(self.date).first_day

    @property
    def href(self) -> str | None:
        return f"{self.root}{self.stem}/{self.folder}" if self.html else None

    @property
    def pdf_href(self) -> str | None:
        return f"{self.root}{self.stem}/{self.folder}{self.pdf}" if self.pdf else None

    @property
    def languages(self) -> list[str]:
        return [self.language, *self.editions]

    def in_language(self, language: str, root: str = "") -> Listing:
        """The issue as a page in `language` lists it: its edition in that language when it
        has one (a bilingual issue), else itself; links from a page `root` away from out/."""
        edition = self.editions.get(language)
        if edition is None:
            return replace(self, root=root)
        return replace(
            self,
            **{key: edition.get(key) for key in ("series", "title", "summary", "pdf", "pdf_size")},
            language=language,
            date_text=edition.get("date_text", self.date_text),
            pages=edition.get("pages"),
            folder=f"{CODES[language]}/",
            root=root,
            editions={},
        )

    @property
    def issue_line(self) -> str:
        return self.issue_line_in(self.language)

    def issue_line_in(self, language: str) -> str:
        """'Issue 3, March 2012' in another language: 'Rhifyn 3, Mawrth 2012'."""
        from ..period import from_isoformat, parse_period

        period = parse_period(self.period) if self.period else from_isoformat(self.date)
        labels = site_labels(language)
        if self.is_briefing:  # '7-minute briefing, March 2024'
            return f"{labels['briefing']}, {format_date(period, language)}"
        parts = [f"{labels['volume']} {self.volume}"] if self.volume is not None else []
        if self.number is not None:
            parts.append(f"{labels['issue']} {self.number}")
        return ", ".join([*parts, format_date(period, language)])

    def pdf_text(self) -> str:
        """'PDF, 48 KB, 5 pages', as GOV.UK writes it."""
        parts = ["PDF"]
        if self.pdf_size is not None:
            parts.append(file_size(self.pdf_size))
        if self.pages:
            parts.append(count(self.pages, "page", self.language))
        return ", ".join(parts)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["reviews"] = [list(pair) for pair in self.reviews]  # as the manifest's JSON has it
        return data


def listing_for(
    loaded: LoadedIssue,
    *,
    pdf: str | None,
    pdf_size: int | None,
    pages: int | None,
    sizes: dict[str, int] | None = None,
) -> Listing:
    """An issue's listing; sizes gives a bilingual issue's other PDFs' sizes (language -> bytes)."""
    issue = loaded.issue
    editions = {
        other.issue.language: {
            "series": other.issue.series,
            "title": other.issue.title,
            "summary": other.issue.summary,
            "date_text": format_date(other.issue.date, other.issue.language),
            "pdf": pdf,
            "pdf_size": (sizes or {}).get(other.issue.language),
        }
        for other in getattr(loaded, "translations", [])
    }
    return Listing(
        stem=loaded.stem,
        number=issue.number,
        volume=issue.volume,
        period=issue.date.text(),
        date=issue.date.isoformat(),
        date_text=format_date(issue.date, issue.language),
        series=issue.series,
        title=issue.title,
        summary=issue.summary,
        language=issue.language,
        status=issue.status,
        board=issue.board.name,
        pdf=pdf,
        pdf_size=pdf_size,
        pages=pages,
        editions=editions,
        bilingual_pdf=f"{loaded.stem}-bilingual.pdf" if editions and pdf else None,
        kind=issue.kind,
        reviews=_review_refs(issue),
    )


def _review_refs(issue) -> tuple:
    """(code, name) of the reviews a newsletter's reviews blocks list, or a briefing's review."""
    from ..briefing.links import ref

    if issue.kind == "briefing":
        return (ref(issue.review),) if issue.review else ()
    found = [review for block in issue.body if block.type == "reviews" for review in block.reviews]
    return tuple(ref(review) for review in found)


def order_key(listing: Listing) -> tuple:
    return (listing.date, listing.number or 0, listing.stem)


def file_size(size: int) -> str:
    """48 KB, 1.2 MB: rounded up, so a small file never shows as 0 KB."""
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# ---------------------------------------------------------------- prev / next


def navigation(ordered: list[Listing], stem: str, language: str | None = None) -> dict:
    """Template context for an issue page's links: previous, next (oldest first order, among
    its own kind: newsletters or briefings), archive, for a newsletter the briefings on its
    reviews, and for a bilingual issue `editions`: the same as its other language's page
    sees them."""
    everything = ordered
    me = next(item for item in everything if item.stem == stem)
    briefings = [item for item in everything if item.is_briefing]
    ordered = [item for item in everything if item.is_briefing == me.is_briefing]
    stems = [item.stem for item in ordered]
    at = stems.index(stem)
    language = language or me.language
    root = "../" if language == me.language else "../../"  # out/<stem>/ or out/<stem>/en/

    def link(item: Listing | None) -> dict | None:
        # Named in the language of the page the link is on, to its page in that language; a
        # briefing by its title.
        if item is None:
            return None
        text = item.title if item.is_briefing and item.title else item.issue_line_in(language)
        return {"href": item.in_language(language, root).href, "text": text}

    labels = site_labels(language)
    if me.is_briefing:
        labels = {**labels, "prev": labels["prev_briefing"], "next": labels["next_briefing"]}
    nav = {
        "prev": link(ordered[at - 1] if at > 0 else None),
        "next": link(ordered[at + 1] if at + 1 < len(ordered) else None),
        "archive": root + archive_folder(everything, language),
        "labels": labels,
    }
    if not me.is_briefing and me.reviews:
        nav["briefings"] = _briefings_on(me, briefings, language, root)
    if language == me.language and me.editions:
        nav["editions"] = {tag: navigation(everything, stem, tag) for tag in me.editions}
    return nav


def _briefings_on(
    newsletter: Listing, briefings: list[Listing], language: str, root: str
) -> list[dict]:
    """The briefings on the newsletter's reviews: each with the review it is on, for its card."""
    from ..briefing.links import matches

    labels = site_labels(language)
    found = []
    for briefing in briefings:
        if any(matches(mine, theirs) for mine in newsletter.reviews for theirs in briefing.reviews):
            text = f"{labels['briefing']}: {briefing.title}" if briefing.title else briefing.series
            shown = briefing.in_language(language, root)
            found.append(
                {
                    "review": list(briefing.reviews[0]),
                    "href": shown.href or shown.pdf_href,
                    "text": text,
                }
            )
    return found


def site_languages(listings: list[Listing]) -> list[str]:
    """The archive's languages: the newest issue's, its own first (out/index.html), each other
    one in its folder (out/en/index.html)."""
    return max(listings, key=order_key).languages if listings else ["en-GB"]


def archive_folder(listings: list[Listing], language: str) -> str:
    """Where the archive's index in a language is, relative to out/: '' or 'en/'."""
    languages = site_languages(listings)
    return "" if language == languages[0] or language not in languages else f"{CODES[language]}/"


# ---------------------------------------------------------------- index page


def render_archive(
    env: jinja2.Environment,
    listings: list[Listing],
    newest: LoadedIssue,
    *,
    logo: str | None = None,
    language: str | None = None,
) -> str:
    """out/index.html (or, in a bilingual archive's other language, out/en/index.html): every
    listed issue, newest first, each by its page in this language when it has one."""
    from ..templates import render_template

    issue = edition_in(newest, language)
    root = _root(listings, issue.language)
    labels = site_labels(issue.language)
    context = {
        "issue": issue,
        "board": issue.board,
        "labels": labels,
        "title": f"{issue.series}: {labels['archive']} – {issue.board.name}",
        "entries": sorted(
            (item.in_language(issue.language, root) for item in listings),
            key=order_key,
            reverse=True,
        ),
        "generator": f"scrnews {__version__}",
        "feed": "feed.xml",
        "logo": f"{root}{logo}" if logo else None,
        "languages": archive_languages(listings, issue.language),
    }
    from ..render import finish

    settings = newest.settings.settings if newest.settings else None
    return finish(render_template(env, ARCHIVE_TEMPLATE, context), settings)


def edition_in(newest: LoadedIssue, language: str | None):
    """The newest issue in a language (its own, when it has no edition in that one)."""
    for edition in getattr(newest, "editions", [newest]):
        if edition.issue.language == (language or newest.issue.language):
            return edition.issue
    return newest.issue


def _root(listings: list[Listing], language: str) -> str:
    return "../" if archive_folder(listings, language) else ""


def archive_languages(listings: list[Listing], current: str) -> list[dict]:
    """The archive's pages, one a language, as the page in `current` links to them."""
    languages = site_languages(listings)
    if len(languages) < 2:
        return []
    root = _root(listings, current)
    return [
        {
            "tag": tag,
            "code": CODES[tag],
            "name": NAMES[tag],
            "href": "index.html"
            if tag == current
            else f"{root}{archive_folder(listings, tag)}index.html",
            "current": tag == current,
        }
        for tag in languages
    ]


# ---------------------------------------------------------------- Atom feed


def render_feed(listings: list[Listing], newest: LoadedIssue, language: str | None = None) -> bytes:
    """out/feed.xml (out/en/feed.xml in a bilingual archive's other language): Atom, one entry
    per issue; every date comes from the issues, not now."""
    ET.register_namespace("", ATOM)
    issue = edition_in(newest, language)
    root = _root(listings, issue.language)
    host = _authority(issue.board.website, issue.board.email)
    entries = sorted(
        (item.in_language(issue.language, root) for item in listings), key=order_key, reverse=True
    )
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": issue.language})
    _text(feed, "id", f"tag:{host},2000:{_slug(issue.series)}")
    _text(feed, "title", f"{issue.series} – {issue.board.name}")
    _text(feed, "updated", _timestamp(entries[0].first_day) if entries else "2000-01-01T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", issue.board.name)
    if issue.board.website:
        _text(author, "uri", issue.board.website)
    _link(feed, "self", "feed.xml", "application/atom+xml")
    _link(feed, "alternate", "./", "text/html")
    for other in archive_languages(listings, issue.language):
        if not other["current"]:
            feed_href = other["href"].replace("index.html", "feed.xml")
            _link(feed, "alternate", feed_href, "application/atom+xml", hreflang=other["tag"])
    _text(feed, "generator", "scrnews", {"version": __version__})
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(
            entry,
            "id",
            f"tag:{host},{item.first_day.isoformat()}:{item.stem}"
            + (f"/{CODES[item.language]}" if item.folder else ""),
        )
        _text(
            entry,
            "title",
            f"{item.issue_line}: {item.title}"
            if item.title
            else f"{item.series}, {item.issue_line}",
        )
        _text(entry, "published", _timestamp(item.first_day))
        _text(entry, "updated", _timestamp(item.first_day))
        kind_label = site_labels(item.language)["briefing" if item.is_briefing else "newsletter"]
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.kind, "label": kind_label})
        if item.href or item.pdf_href:
            _link(
                entry,
                "alternate",
                item.href or item.pdf_href,
                "text/html" if item.href else "application/pdf",
            )
        if item.pdf_href:
            _link(
                entry,
                "enclosure",
                item.pdf_href,
                "application/pdf",
                length=item.pdf_size,
                title=item.pdf_text(),
            )
        if item.summary:
            _text(entry, "summary", item.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str, attrs: dict | None = None) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs or {}).text = text


def _link(
    parent: ET.Element,
    rel: str,
    href: str,
    mime: str,
    *,
    length: int | None = None,
    title: str | None = None,
    hreflang: str | None = None,
) -> None:
    attrs = {"rel": rel, "href": href, "type": mime}
    if hreflang:
        attrs["hreflang"] = hreflang
    if length is not None:
        attrs["length"] = str(length)
    if title:
        attrs["title"] = title
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _timestamp(day) -> str:
    """A day -> an RFC 3339 time at midnight UTC on that day."""
    return f"{day.isoformat()}T00:00:00Z"


def _authority(website: str | None, email: str | None) -> str:
    """A domain the board owns, for tag: ids that stay the same wherever the site is served."""
    if website and urlsplit(website).hostname:
        return urlsplit(website).hostname.removeprefix("www.")
    if email and "@" in email:
        return email.rsplit("@", 1)[1].lower()
    return "scrnews.invalid"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "newsletter"
