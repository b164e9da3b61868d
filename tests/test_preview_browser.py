"""A real browser (Debian's Chromium, headless) watching a preview: it reloads by itself on save."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.preview import start_preview

HEADING = "Serious Case Reviews – Sharing Learning"
WAIT_MS = 15_000


@pytest.fixture
def browser_page(chromium):
    """A fresh page in the session's shared Chromium (tests/conftest.py)."""
    page = chromium.new_page(viewport={"width": 1000, "height": 700})
    page.set_default_timeout(WAIT_MS)
    yield page
    page.close()


@pytest.fixture
def preview(project):
    running = start_preview([project / "issues" / "issue-2.yaml"], port=0, warm_pdf=False)
    running.serve_in_thread()
    yield running
    running.close()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_page_reloads_itself_on_save_and_keeps_its_place(project, preview, browser_page):
    page, issue = browser_page, project / "issues" / "issue-2.yaml"
    page.goto(preview.url)  # redirected to /issue-2/
    page.get_by_role("heading", name=HEADING).wait_for()
    page.evaluate("window.scrollTo(0, 900)")
    page.wait_for_function("() => window.scrollY > 800")
    page.evaluate("window.__same_page = true")  # gone after a real reload
    save(issue, HEADING, "Edited while the browser watched")
    page.get_by_role("heading", name="Edited while the browser watched").wait_for()
    assert page.evaluate("window.__same_page === undefined")
    assert abs(page.evaluate("window.scrollY") - 900) < 50


def test_broken_save_shows_overlay_and_fix_clears_it(project, preview, browser_page):
    page, issue = browser_page, project / "issues" / "issue-2.yaml"
    page.goto(preview.url)
    page.get_by_role("heading", name=HEADING).wait_for()
    save(issue, "number: 2", "number: two")
    line = issue.read_text(encoding="utf-8").splitlines().index("number: two") + 1
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert f"issues/issue-2.yaml:{line}:9: number:" in alert.inner_text()
    assert page.get_by_role("heading", name=HEADING).is_visible()  # the last good page below
    save(issue, "number: two", "number: 2")
    alert.wait_for(state="detached")
