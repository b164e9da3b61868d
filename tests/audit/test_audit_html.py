"""Browser checks: each broken fixture reports exactly its one problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.audit import Problem, audit_html
from scrnews.audit.html_checks import check_html

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = [
    ("img-no-alt.html", "#logo", "WCAG 1.1.1 Non-text Content", "[image-alt]"),
    ("low-contrast.html", "#faint", "WCAG 1.4.3 Contrast (Minimum)", "contrast of 2.32"),
    ("skipped-heading.html", "#jump", "WCAG 1.3.1 Info and Relationships", "[heading-order]"),
    ("wide.html", "#banner", "WCAG 1.4.10 Reflow", "at a 320px viewport"),
    ("clipped-zoom.html", "#box", "WCAG 1.4.4 Resize Text", "clipped at 200% text size"),
    ("focus-hidden.html", 'a[href="#x"]', "WCAG 2.4.7 Focus Visible", "no visible focus"),
    ("unreachable-link.html", 'a[href="#y"]', "WCAG 2.1.1 Keyboard", "cannot be reached"),
    (
        "fallback-font.html",
        "p#water",
        "Page fonts: every letter in the page's own fonts",
        # (which system font Chromium falls back to depends on the machine)
        "a font of this computer, not the page's own (Latin Only): those fonts lack a character",
    ),
]


@pytest.mark.parametrize("name", ["good.html", "skip-link.html"])
def test_good_page_has_no_problems(chromium, name):
    assert check_html(chromium, FIXTURES / name) == []


@pytest.mark.parametrize(("name", "element", "criterion", "fragment"), BROKEN)
def test_broken_page_reports_its_one_problem(chromium, name, element, criterion, fragment):
    problems = check_html(chromium, FIXTURES / name)
    assert [(p.element, p.criterion) for p in problems] == [(element, criterion)]
    assert fragment in problems[0].message


def test_problem_reads_as_page_element_criterion_message(chromium):
    page = FIXTURES / "focus-hidden.html"
    (problem,) = check_html(chromium, page)
    assert str(problem) == (
        f'{page}: a[href="#x"]: WCAG 2.4.7 Focus Visible: no visible focus indicator'
    )


def test_page_is_audited_offline(chromium, tmp_path, caplog):
    page = tmp_path / "remote.html"
    text = (FIXTURES / "good.html").read_text(encoding="utf-8")
    page.write_text(text.replace("base.css", "https://example.invalid/theme.css"))
    check_html(chromium, page)
    assert "audit blocked a network request: https://example.invalid/theme.css" in caplog.text


def test_audit_html_without_validator_runs_browser_checks_only(chromium):
    pages = [FIXTURES / "good.html", FIXTURES / "wide.html"]
    problems = audit_html(pages, validate=False, chromium=chromium)
    assert problems == [
        Problem(str(pages[1]), "#banner", "WCAG 1.4.10 Reflow", problems[0].message)
    ]
