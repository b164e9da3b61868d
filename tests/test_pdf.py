"""Issue 2's PDF, checked as a reader and their tools would: pages, outline, tags, fonts."""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser

import pikepdf
import pytest


@pytest.fixture(scope="module")
def pdf(built_issue2):
    with pikepdf.open(built_issue2.pdf) as document:
        yield document


def _poppler(tool: str, path) -> str:
    return subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout


class _H2(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._inside = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.headings[-1] += data


def html_h2(path) -> list[str]:
    parser = _H2()
    parser.feed(path.read_text(encoding="utf-8"))
    return [" ".join(h.split()) for h in parser.headings]


def html_title(path) -> str:
    match = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
    assert match, "the page has no <title>"
    return html.unescape(match.group(1)).strip()


def test_page_count_is_sane(built_issue2, pdf):
    assert 3 <= len(pdf.pages) <= 8
    assert built_issue2.pages == len(pdf.pages)
    assert f"Pages: {len(pdf.pages)}" in " ".join(_poppler("pdfinfo", built_issue2.pdf).split())


def test_pages_are_a4(built_issue2):
    assert "(A4)" in _poppler("pdfinfo", built_issue2.pdf)


def test_outline_matches_the_h2_headings(built_issue2, pdf):
    with pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        children = {item.title: [child.title for child in item.children] for item in outline.root}
    expected = html_h2(built_issue2.html)
    assert "Serious Case Reviews – Sharing Learning" in expected
    assert top == expected
    assert children["Learning from Bradford Cases: an update on SCR outcomes"] == [
        "Hearing the voice of the Child",
        "Taking a joint approach to the whole family",
        "Working with Men and Fathers",
        "Improving information sharing",
    ]


def test_tagged_for_accessibility(built_issue2, pdf):
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "Tagged:          yes" in _poppler("pdfinfo", built_issue2.pdf)


def test_document_information(built_issue2, pdf):
    info = pdf.docinfo
    assert str(info.Title) == html_title(built_issue2.html)
    assert str(info.Title) == (
        "Serious Case Review Newsletter, Issue 2, January 2012 – "
        "Bradford Safeguarding Children Board"
    )
    assert str(info.Author) == "Bradford Safeguarding Children Board"
    assert str(info.Subject).startswith("Learning from Bradford's four Serious Case Reviews")
    assert "serious case reviews" in str(info.Keywords)


def test_dates_come_from_the_issue_date(pdf):
    assert str(pdf.docinfo.CreationDate).startswith("D:20120101")
    assert str(pdf.docinfo.ModDate).startswith("D:20120101")


def test_every_font_is_embedded(built_issue2):
    rows = _poppler("pdffonts", built_issue2.pdf).splitlines()[2:]
    assert rows, "pdffonts lists no fonts"
    for row in rows:
        # name, type (may hold spaces), encoding, emb, sub, uni, object id, generation
        emb = row.split()[-5]
        assert emb == "yes", row


def test_page_numbers_in_the_footer(built_issue2, pdf_pages):
    pages = pdf_pages(built_issue2.pdf)
    total = len(pages)
    assert f"Page 1 of {total}" in pages[0]
    assert f"Page {total} of {total}" in pages[-1]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text


def test_running_header_from_page_two(built_issue2, pdf_pages):
    first, second, *_ = pdf_pages(built_issue2.pdf)
    head = second.strip().splitlines()[:4]
    assert "Bradford Safeguarding Children Board" in head
    assert "Issue 2, January 2012" in head
    # The masthead is the header on page 1; the running header starts on page 2.
    assert first.count("Issue 2, January 2012") == 1


def test_contents_has_page_numbers(built_issue2, pdf_pages):
    first = pdf_pages(built_issue2.pdf)[0]
    assert re.search(r"1\. Serious Case Reviews – Sharing Learning\s*\.*\s*1\b", first)
    assert re.search(r"Local Learning and Developments\s*\.*\s*\d+\b", first)


def test_same_input_gives_the_same_pdf(built_issue2, tmp_path):
    """The issue date, not the clock, dates the PDF, so a rebuild is byte-for-byte the same."""
    from scrnews.build import build_issue

    again = build_issue(built_issue2.source, tmp_path, formats=("pdf",))
    assert again.pdf.read_bytes() == built_issue2.pdf.read_bytes()
