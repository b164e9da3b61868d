"""The reading-order check: the PDF's text follows the HTML's headings and text: in the order of
its tags when it is tagged, as pdftotext reads the page when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.audit import ToolMissing, audit_reading_order
from scrnews.audit.outline import read_outline
from scrnews.audit.reading_order import INSTALL_HINT, check_reading_order

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good.html"
OUT_OF_HOURS = (
    "<h3>Out of hours</h3>\n<p>Ring the emergency duty team. In an emergency call 999.</p>\n"
)


def test_blocks_are_headings_and_paragraphs_in_source_order():
    assert read_outline(GOOD).blocks[:4] == [
        ("h1", "Safeguarding news"),
        ("h2", "Who to contact"),
        (
            "p",
            "If you are worried about a child, call the designated safeguarding lead on "
            "01234 567890 or read the county guidance.",
        ),
        ("h3", "Out of hours"),
    ]


def test_pdf_in_source_order_passes(make_pdf):
    assert check_reading_order(make_pdf("good.html"), GOOD) == []


def test_pdf_read_in_another_order_is_reported(make_pdf):
    # The PDF puts "Out of hours" after the training dates; the web page has it before.
    moved = GOOD.read_text().replace(OUT_OF_HOURS, "").replace("</ol>\n", "</ol>\n" + OUT_OF_HOURS)
    pdf = make_pdf("moved.html", html=moved)
    (problem,) = check_reading_order(pdf, GOOD)
    assert (problem.page, problem.element, problem.criterion, problem.check) == (
        str(pdf),
        'h2 "Training dates"',
        "WCAG 1.3.2 Meaningful Sequence",
        "reading order",
    )
    assert problem.message == (
        "the PDF's text reads this before "
        'p "Ring the emergency duty team. In an emergency call…", but the web page has it '
        "after: people who listen to, reflow or copy the PDF meet them out of order"
    )


def test_text_hidden_in_print_is_passed_over(make_pdf, tmp_path):
    html = tmp_path / "index.html"
    html.write_text(GOOD.read_text().replace("<main>", "<main><p>Menu shown on screen only</p>"))
    assert check_reading_order(make_pdf("good.html"), html) == []


def test_audit_reading_order_pairs_each_pdf_with_its_index_html(make_pdf, tmp_path):
    folder = tmp_path / "issue-1"
    folder.mkdir()
    pdf = make_pdf("good.html").rename(folder / "issue-1.pdf")
    (folder / "index.html").write_text(
        GOOD.read_text().replace(OUT_OF_HOURS, "").replace("<main>\n", "<main>\n" + OUT_OF_HOURS)
    )
    assert [p.element for p in audit_reading_order([pdf])] == ['h2 "Who to contact"']


@pytest.mark.parametrize("variant", ["pdf/ua-1", None], ids=["tagged", "untagged"])
def test_pdf_read_in_another_order_is_reported_tagged_or_not(make_pdf, variant):
    moved = GOOD.read_text().replace(OUT_OF_HOURS, "").replace("</ol>\n", "</ol>\n" + OUT_OF_HOURS)
    pdf = make_pdf("moved.html", html=moved, variant=variant)
    assert [p.element for p in check_reading_order(pdf, GOOD)] == ['h2 "Training dates"']


CLOCK = """<style>
@page { size: A4; margin: 10mm; }
main { display: grid; grid-template-columns: 1fr 1fr; }
#one { grid-area: 2 / 2; position: relative; z-index: 1; } #two { grid-area: 1 / 1; }
</style>
<main><section id="one"><h2>One</h2><p>First panel text, read first.</p></section>
<section id="two"><h2>Two</h2><p>Second panel text, read second.</p></section></main>"""


def test_tagged_pdf_is_read_in_tag_order_not_where_the_text_is_drawn(make_pdf, tmp_path):
    """A briefing's clock face draws panel 2 above panel 1; its tags still read 1 then 2."""
    html = tmp_path / "index.html"
    html.write_text(f'<!DOCTYPE html><html lang="en"><title>Clock</title>{CLOCK}</html>')
    tagged = make_pdf("clock.html", html=html.read_text())
    assert check_reading_order(tagged, html) == []
    untagged = make_pdf("clock-untagged.html", html=html.read_text(), variant=None)
    assert [p.element for p in check_reading_order(untagged, html)] == ['h2 "Two"']


def test_tagged_pdf_needs_no_pdftotext(make_pdf, monkeypatch):
    pdf = make_pdf("good.html")
    monkeypatch.setenv("PATH", "")
    assert check_reading_order(pdf, GOOD) == []


def test_without_pdftotext_says_how_to_install_it(make_pdf, monkeypatch):
    pdf = make_pdf("good.html", variant=None)  # untagged: read as pdftotext reads it
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ToolMissing) as caught:
        check_reading_order(pdf, GOOD)
    assert str(caught.value) == INSTALL_HINT
    assert "apt-get install poppler-utils" in INSTALL_HINT
