"""The archive website: index page, Atom feed, prev/next links (issue #6)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from archive_factory import issue_data, working_in, write_archive, write_issue

from scrnews.archive.build import build_all
from scrnews.archive.site import Listing, file_size

ATOM = "{http://www.w3.org/2005/Atom}"
COUNT = 12
MONTHS = ["January", "April", "July", "October"]


def month_of(n: int) -> str:
    """The date text of archive issue n (quarterly from January 2012)."""
    year, quarter = divmod(n - 1, 4)
    return f"{MONTHS[quarter]} {2012 + year}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A 12-issue archive built as web pages; returns out/."""
    project = tmp_path_factory.mktemp("site")
    write_archive(project, COUNT)
    with working_in(project):
        result = build_all(formats=("html",))
    assert result.count("built") == COUNT, result.problems
    return project / "out"


class Outline(HTMLParser):
    """Tags, attributes and text of a page, enough to check its structure."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ---------------------------------------------------------------- index page


def test_index_lists_every_issue_newest_first(site):
    page = outline(site / "index.html")
    ids = [attrs["id"] for attrs in page.all("h2") if attrs.get("id", "").startswith("issue-")]
    assert ids == [f"issue-{n}" for n in range(COUNT, 0, -1)]
    assert [h.strip() for h in page.h2[:3]] == [f"Learning from review {n}" for n in (12, 11, 10)]


def test_index_entry_has_number_date_title_summary_and_link(site, html_text):
    text = html_text(site / "index.html")
    for n in (1, 6, 12):
        assert (
            f"Learning from review {n} Issue {n}, {month_of(n)} "
            f"What review {n} taught the partnership."
        ) in text
    links = [a["href"] for a in outline(site / "index.html").all("a")]
    assert "issue-12/" in links and "feed.xml" in links
    assert all(
        (site / href / "index.html").is_file()
        for href in links
        if re.fullmatch(r"issue-\d+/", href)
    )


def test_index_page_is_structured_for_assistive_technology(site):
    page = outline(site / "index.html")
    assert page.all("html")[0]["lang"] == "en-GB"
    assert len(page.all("h1")) == 1
    assert len(page.all("main")) == 1 and page.all("main")[0]["id"] == "main"
    assert page.all("a")[0] == {"class": "skip-link", "href": "#main"}
    assert page.all("header") and page.all("footer")
    titles = re.findall(r"<title>(.*?)</title>", (site / "index.html").read_text(encoding="utf-8"))
    assert titles == [
        "Serious Case Review Newsletter: All issues – Bradford Safeguarding Children Board"
    ]


def test_index_and_an_issue_page_pass_the_accessibility_audit(site, chromium):
    from scrnews.audit import audit_html

    problems = audit_html([site / "index.html", site / "issue-6" / "index.html"], chromium=chromium)
    assert [str(p) for p in problems] == []


# ---------------------------------------------------------------- prev / next


def nav_links(page: Path) -> dict[str, str]:
    """rel (or 'archive') -> href of the issue page's navigation links."""
    html = page.read_text(encoding="utf-8")
    nav = re.search(
        r'<nav class="issue-nav screen-only" aria-label="Other issues">(.*?)</nav>', html, re.S
    )
    assert nav, "no issue navigation"
    links = {}
    for attrs, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav[1]):
        rel = re.search(r'rel="(\w+)"', attrs)
        links[rel[1] if rel else "archive"] = (re.search(r'href="([^"]*)"', attrs)[1], text)
    return links


def test_issue_pages_link_previous_next_and_archive(site):
    first, middle, last = (nav_links(site / f"issue-{n}" / "index.html") for n in (1, 6, COUNT))
    assert first == {
        "archive": ("../", "All issues"),
        "next": ("../issue-2/", f"Next issue: Issue 2, {month_of(2)}"),
    }
    assert middle == {
        "prev": ("../issue-5/", f"Previous issue: Issue 5, {month_of(5)}"),
        "archive": ("../", "All issues"),
        "next": ("../issue-7/", f"Next issue: Issue 7, {month_of(7)}"),
    }
    assert last == {
        "prev": ("../issue-11/", f"Previous issue: Issue 11, {month_of(11)}"),
        "archive": ("../", "All issues"),
    }
    for links in (first, middle, last):
        for href, _ in links.values():
            assert (site / "issue-6" / href / "index.html").resolve().is_file()


def test_an_issue_built_alone_has_no_archive_links(tmp_path):
    from scrnews.build import build_issue

    source = write_issue(tmp_path, 3)
    result = build_issue(source, tmp_path / "out", formats=("html",))
    assert 'class="issue-nav' not in result.html.read_text(encoding="utf-8")


def test_welsh_issue_is_marked_and_labelled_in_welsh(tmp_path):
    write_archive(tmp_path, 3)
    write_issue(tmp_path / "issues", 2, language="cy-GB")
    with working_in(tmp_path):
        build_all(formats=("html",))
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in index  # the newest issue's language
    assert '<li lang="cy-GB">' in index and "Rhifyn 2, Ebrill 2012" in index
    welsh = (tmp_path / "out" / "issue-2" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r"<a [^>]*>(.*?)</a>", welsh)
    assert "Rhifyn blaenorol: Rhifyn 1, Ionawr 2012" in links and "Pob rhifyn" in links
    assert "Rhifyn nesaf: Rhifyn 3, Gorffennaf 2012" in links


# ---------------------------------------------------------------- Atom feed


def test_feed_is_atom_with_one_entry_per_issue(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == COUNT
    assert (
        feed.findtext(f"{ATOM}title")
        == "Serious Case Review Newsletter – Bradford Safeguarding Children Board"
    )
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Bradford Safeguarding Children Board"
    assert (
        feed.findtext(f"{ATOM}id") == "tag:bradford-scb.org.uk,2000:serious-case-review-newsletter"
    )
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "feed.xml"
    assert feed.findtext(f"{ATOM}updated") == "2014-10-01T00:00:00Z"  # the newest issue's date


def test_feed_entries_have_ids_dates_titles_and_links(site):
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == COUNT
    for entry, n in zip(entries, range(COUNT, 0, -1), strict=True):
        data = issue_data(n)
        day = f"{data['date']}-01T00:00:00Z"
        assert entry.findtext(f"{ATOM}id") == f"tag:bradford-scb.org.uk,{data['date']}-01:issue-{n}"
        assert entry.findtext(f"{ATOM}updated") == day == entry.findtext(f"{ATOM}published")
        assert (
            entry.findtext(f"{ATOM}title") == f"Issue {n}, {month_of(n)}: Learning from review {n}"
        )
        assert entry.findtext(f"{ATOM}summary") == f"What review {n} taught the partnership."
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link.get("href") == f"issue-{n}/" and link.get("type") == "text/html"
        assert (site / link.get("href") / "index.html").is_file()


def test_feed_ids_use_the_board_email_domain_without_a_website(tmp_path):
    write_archive(tmp_path, 1)
    data = issue_data(1)
    board = {k: v for k, v in data["board"].items() if k != "website"}
    write_issue(tmp_path / "issues", 1, board={**board, "email": "news@example-lscp.org.uk"})
    with working_in(tmp_path):
        build_all(formats=("html",))
    entry = ET.parse(tmp_path / "out" / "feed.xml").getroot().find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "tag:example-lscp.org.uk,2012-01-01:issue-1"


# ---------------------------------------------------------------- link text


def listing(**changes) -> Listing:
    base = dict(
        stem="issue-1",
        number=1,
        date="2012-01",
        date_text="January 2012",
        series="Serious Case Review Newsletter",
        title=None,
        summary=None,
        language="en-GB",
        status="published",
        board="A Board",
        pdf="issue-1.pdf",
    )
    return Listing(**{**base, **changes})


@pytest.mark.parametrize(
    ("size", "pages", "text"),
    [
        (48 * 1024, 5, "PDF, 48 KB, 5 pages"),
        (48 * 1024 + 1, 1, "PDF, 49 KB, 1 page"),
        (200, 2, "PDF, 1 KB, 2 pages"),
        (int(1.25 * 1024 * 1024), 40, "PDF, 1.2 MB, 40 pages"),
    ],
)
def test_pdf_link_text_gives_size_and_pages(size, pages, text):
    assert listing(pdf_size=size, pages=pages).pdf_text() == text


def test_pdf_link_text_in_welsh():
    assert listing(pdf_size=2048, pages=3, language="cy-GB").pdf_text() == "PDF, 2 KB, 3 tudalen"


def test_file_size_never_shows_zero():
    assert file_size(0) == "1 KB"
