"""Page layout a reader expects: masthead and foreword on page 1, no heading alone at a page foot,
list items and a study's title with its summary kept together, link addresses printed once.

Also leaves a contact sheet of issue 2 in every profile in test-output/ for a reviewer to look at.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scrnews.build import build_issue

ROOT = Path(__file__).resolve().parent.parent
ISSUE2 = ROOT / "issues" / "issue-2.yaml"
SHEET = ROOT / "test-output" / "profiles-contact-sheet.png"
PROFILES = ("screen", "print", "archive")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("layout")
    return {
        profile: build_issue(ISSUE2, out / profile, profile=profile).pdf for profile in PROFILES
    }


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


class _Blocks(HTMLParser):
    """Text of headings, list items and study articles (with their parts), from the built page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.items: list[str] = []
        self.studies: list[dict[str, str]] = []
        self.stack: list[tuple[str, str]] = []  # (tag, kind)

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        kind = ""
        if tag in ("h2", "h3"):
            kind = "heading"
            self.headings.append("")
        elif tag == "li" and not any(k == "nav" for _, k in self.stack):
            kind = "item"
            self.items.append("")
        elif tag == "nav":
            kind = "nav"
        elif tag == "article" and "study" in classes:
            kind = "study"
            self.studies.append({"title": "", "body": ""})
        self.stack.append((tag, kind))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        kinds = [k for _, k in self.stack]
        if kinds and kinds[-1] == "heading":
            self.headings[-1] += data
        if "item" in kinds and "nav" not in kinds:
            self.items[-1] += data
        if "study" in kinds:
            self.studies[-1]["title" if kinds[-1] == "heading" else "body"] += data


@pytest.fixture(scope="module")
def blocks(tmp_path_factory) -> _Blocks:
    result = build_issue(ISSUE2, tmp_path_factory.mktemp("html"), formats=("html",))
    parser = _Blocks()
    parser.feed(result.html.read_text(encoding="utf-8"))
    return parser


def _tight(text: str) -> str:
    """Without spaces or hyphens: pdftotext drops a hyphen where a line breaks."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _page_of(pages: list[str], text: str) -> list[int]:
    needle = _squash(text)[:60]
    return [i for i, page in enumerate(pages) if needle in _squash(page)]


@pytest.mark.parametrize("profile", PROFILES)
def test_masthead_and_the_chairs_foreword_are_on_page_1(built, profile):
    first = _squash(_pages(built[profile])[0])
    for text in (
        "Bradford Safeguarding Children Board",
        "Serious Case Review Newsletter",
        "Issue 2, January 2012",
        "Serious Case Reviews – Sharing Learning",
        "Thank you for taking time to read this newsletter.",
        "Professor Nick Frost, Independent Chair, BSCB",
    ):
        assert text in first, f"{text!r} is not on page 1 ({profile})"


@pytest.mark.parametrize("profile", PROFILES)
def test_no_heading_is_left_alone_at_the_foot_of_a_page(built, blocks, profile):
    headings = {_squash(h) for h in blocks.headings if h.strip()}
    assert headings
    pages = _pages(built[profile])
    for number, page in enumerate(pages[:-1], start=1):
        lines = [_squash(line) for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line)]
        last = body[-1]
        assert not any(h.startswith(last) or last.startswith(h) for h in headings), (
            f"page {number} ends with the heading {last!r} ({profile})"
        )


@pytest.mark.parametrize("profile", PROFILES)
def test_list_items_are_not_split_across_pages(built, blocks, profile):
    pages = [_tight(p) for p in _pages(built[profile])]
    items = [_tight(i) for i in blocks.items if len(_tight(i)) > 20]
    assert len(items) > 10
    for item in items:
        start, end = item[:40], item[-40:]
        assert any(start in page and end in page for page in pages), (
            f"split across pages: {item[:60]!r}"
        )


@pytest.mark.parametrize("profile", PROFILES)
def test_a_studys_title_is_kept_with_its_summary(built, blocks, profile):
    pages = _pages(built[profile])
    assert blocks.studies
    for study in blocks.studies:
        title_pages = _page_of(pages, study["title"])
        summary_pages = _page_of(
            pages, study["body"].replace("Published by", "").strip()[:80] or study["title"]
        )
        assert title_pages and set(title_pages) & set(summary_pages), (
            f"{study['title']!r} is not on the page where its summary starts ({profile})"
        )


LINKS = """\
board: {name: Example Board}
number: 1
date: 2024-06
foreword:
  text: |
    Read [Working Together](https://www.gov.uk/government/publications/working-together) first.

    Our procedures are at <https://www.example-scp.org/procedures> and www.example-scp.org/more.

    Write to [info@example.org](mailto:info@example.org).
"""


def test_print_shows_a_links_address_after_its_text_only_when_the_text_does_not(tmp_path):
    issue = tmp_path / "links.yaml"
    issue.write_text(LINKS, encoding="utf-8")
    result = build_issue(issue, tmp_path / "out", profile="print")
    text = _squash(" ".join(_pages(result.pdf)))
    assert (
        "Read Working Together (https://www.gov.uk/government/publications/working-together) first."
        in text
    )
    assert (
        "Our procedures are at https://www.example-scp.org/procedures and www.example-scp.org/more."
        in text
    )
    assert "Write to info@example.org." in text
    # and the web page itself does not show them
    page = result.html.read_text(encoding="utf-8")
    assert "(https://www.gov.uk" not in page


def test_the_web_page_marks_links_whose_text_is_the_address(tmp_path):
    result = build_issue(ISSUE2, tmp_path, formats=("html",))
    page = result.html.read_text(encoding="utf-8")
    assert '<a href="http://www.bradford-scb.org.uk/scr.htm" class="url">' in page
    for href, text in re.findall(r'<a href="(https?://[^"]+)">([^<]+)</a>', page):
        assert text.strip().rstrip("/") != href.rstrip("/"), (
            f"{href} shows its address but is not marked"
        )


def test_contact_sheet_of_every_profile(built, tmp_path):
    """Pages of issue 2 at 50 dpi, one row per profile, saved for a reviewer (test-output/)."""
    from PIL import Image, ImageDraw

    rows = []
    for profile in PROFILES:
        prefix = tmp_path / profile
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", str(built[profile]), str(prefix)], check=True
        )
        rows.append(
            (
                profile,
                [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{profile}-*.png"))],
            )
        )
    gap, label = 8, 18
    width = max(sum(im.width + gap for im in images) for _, images in rows) + gap
    height = sum(max(im.height for im in images) + label + gap for _, images in rows) + gap
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    draw, y = ImageDraw.Draw(sheet), gap
    for profile, images in rows:
        draw.text((gap, y), profile, fill=(0, 0, 0))
        x = gap
        for image in images:
            sheet.paste(image, (x, y + label))
            x += image.width + gap
        y += max(im.height for im in images) + label + gap
    SHEET.parent.mkdir(exist_ok=True)
    sheet.save(SHEET)
    sizes = {profile: images[0].size for profile, images in rows}
    # print pages carry 3 mm of bleed on each side (6 mm = about 12 px at 50 dpi)
    assert sizes["print"][0] - sizes["screen"][0] == pytest.approx(12, abs=1)
    assert sizes["archive"] == sizes["screen"]
    assert all(len(images) == len(rows[0][1]) for _, images in rows)
