"""PDF/UA 7.4.2: tagged headings start at H1 and never skip a level; and without pikepdf."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scrnews.audit import ToolMissing
from scrnews.audit.pdf_checks import check_pdf

GOOD = Path(__file__).parent / "fixtures" / "good.html"


def summary(problems):
    return [(p.element, p.criterion, p.message, p.check) for p in problems]


def test_h2_then_h4_is_reported_in_the_pdf(make_pdf):
    html = GOOD.read_text().replace("<h3>", "<h4>").replace("</h3>", "</h4>")
    assert summary(check_pdf(make_pdf("skip.html", html=html))) == [
        (
            "Document/Part/H4 (page 1)",
            "PDF/UA 7.4.2 Headings",
            "H4 'Out of hours' follows H2: a heading level is skipped "
            "(use H3, or restyle the heading instead of changing its level)",
            "PDF structure",
        ),
    ]


def test_a_first_heading_below_h1_is_reported(make_pdf):
    html = GOOD.read_text().replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = html.replace("<h3>", "<h2>").replace("</h3>", "</h2>")
    (problem,) = check_pdf(make_pdf("no-h1.html", html=html))
    assert problem.message == (
        "H2 'Safeguarding news' is the first heading: a heading level is skipped "
        "(use H1, or restyle the heading instead of changing its level)"
    )


def test_going_back_up_any_number_of_levels_is_fine(make_pdf):
    # good.html goes h1 h2 h3 h2: the step back up from h3 to h2 is allowed.
    assert check_pdf(make_pdf("good.html")) == []


def test_without_pikepdf_the_pdf_checks_say_how_to_install_it(make_pdf, monkeypatch):
    pdf = make_pdf("good.html")
    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf now raises ImportError
    with pytest.raises(ToolMissing) as caught:
        check_pdf(pdf)
    assert str(caught.value) == (
        "The PDF checks need the 'pikepdf' Python package: pip install 'scrnews[audit]' "
        "(or pip install 'pikepdf>=9')."
    )
