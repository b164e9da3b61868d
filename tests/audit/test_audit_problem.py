"""The Problem type and WCAG criterion names."""

from __future__ import annotations

from scrnews.audit import Problem
from scrnews.audit.problem import criterion_from_tags, wcag


def test_problem_str():
    problem = Problem(
        "out/issue-2/index.html", 'a[href="#x"]', wcag("2.4.7"), "no visible focus indicator"
    )
    assert str(problem) == (
        'out/issue-2/index.html: a[href="#x"]: WCAG 2.4.7 Focus Visible: no visible focus indicator'
    )


def test_axe_tags_map_to_criteria():
    assert criterion_from_tags(["cat.color", "wcag2aa", "wcag143"]) == "1.4.3"
    assert criterion_from_tags(["wcag21aa", "wcag1410"]) == "1.4.10"
    assert criterion_from_tags(["wcag2a", "best-practice"]) is None


def test_unknown_criterion_keeps_its_number():
    assert wcag("9.9.9") == "WCAG 9.9.9"
    assert wcag("1.4.10") == "WCAG 1.4.10 Reflow"
