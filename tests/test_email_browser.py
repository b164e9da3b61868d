"""The email edition in a real browser (headless Chromium): accessible at 600 and 320 px, in
light and dark mode, and drawn the same with its <style> and class attributes stripped, as a
mail client that drops them (Gmail's app, Outlook's Word engine) would; and valid HTML for
the Nu checker.

Chromium (and Java with vnu.jar) are needed: without them these tests fail, unless
SCRNEWS_ALLOW_SKIP_BROWSER=1.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from scrnews.audit.html_checks import run_axe
from scrnews.build import build_issue

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://news.example.org/scb/"
WIDTHS = (600, 320)
#: Issue 2, the example newsletters (every block type between them) and a Welsh issue 2.
SOURCES = [
    ROOT / "issues" / "issue-2.yaml",
    ROOT / "issues" / "issue-3.yaml",
    *sorted(  # not the 7-minute briefings: they have no email edition
        p
        for p in (ROOT / "examples" / "issues").glob("*.yaml")
        if "\nkind: briefing\n" not in p.read_text(encoding="utf-8")
    ),
]


@pytest.fixture(scope="module")
def emails(tmp_path_factory) -> dict[str, str]:
    """name -> the email HTML of each issue."""
    work = tmp_path_factory.mktemp("email-browser")
    paths = []
    for source in SOURCES:
        folder = work / source.parent.parent.name / "issues"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / source.name)
        paths.append(folder / source.name)
    welsh = yaml.safe_load(SOURCES[0].read_text(encoding="utf-8")) | {"language": "cy-GB"}
    paths.append(work / "wt" / "issues" / "issue-2-cy.yaml")
    paths[-1].parent.mkdir(parents=True)
    paths[-1].write_text(yaml.safe_dump(welsh, allow_unicode=True), encoding="utf-8")
    found = {}
    for path in paths:
        build_issue(path, work / "out", formats=("email",), base_url=BASE)
        found[path.stem] = (work / "out" / path.stem / "email.html").read_text(encoding="utf-8")
    return found


def _page(chromium, width: int, scheme: str = "light"):
    context = chromium.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    context.route("**/*", lambda route: route.abort())  # no request leaves the test
    return context, context.new_page()


def _load(page, html: str) -> None:
    page.set_content(html, wait_until="load")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations(chromium, emails, width, scheme):
    found = []
    for name, html in emails.items():
        context, page = _page(chromium, width, scheme)
        try:
            _load(page, html)
            found += [str(p) for p in run_axe(page, name)]
        finally:
            context.close()
    assert found == []


def test_it_reflows_at_320_px(chromium, emails):
    wide = {}
    for name, html in emails.items():
        context, page = _page(chromium, 320)
        try:
            _load(page, html)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[name] = width
        finally:
            context.close()
    assert wide == {}


def test_dark_mode_turns_the_page_dark(chromium, emails):
    colours = {}
    for scheme in ("light", "dark"):
        context, page = _page(chromium, 600, scheme)
        try:
            _load(page, emails["issue-2"])
            colours[scheme] = page.evaluate(
                """() => [document.querySelector('.card'), document.querySelector('p')]
                .map(e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])"""
            )
        finally:
            context.close()
    assert colours["light"][0][0] == "rgb(255, 255, 255)"
    assert colours["light"][1][1] == "rgb(11, 12, 12)"
    assert colours["dark"][0][0] == "rgb(18, 18, 18)"
    assert colours["dark"][1][1] == "rgb(243, 242, 241)"


def without_style_and_class(html: str) -> str:
    """The email as a client that drops <style> and class attributes shows it."""
    html = re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S)
    return re.sub(r'\sclass="[^"]*"', "", html)


def without_style_attributes(html: str) -> str:
    return re.sub(r'\sstyle="[^"]*"', "", html)


def _shot(chromium, html: str, width: int) -> bytes:
    context, page = _page(chromium, width)
    try:
        _load(page, html)
        return page.screenshot(full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_look_needs_no_style_element_or_class(chromium, emails, width):
    different = []
    for name, html in emails.items():
        if _shot(chromium, html, width) != _shot(chromium, without_style_and_class(html), width):
            different.append(name)
    assert different == []
    # The comparison can see a change: without its inlined styles the email looks otherwise.
    html = emails["issue-2"]
    assert _shot(chromium, html, width) != _shot(chromium, without_style_attributes(html), width)


def test_the_nu_checker_finds_no_errors(emails, tmp_path, need_tool):
    from scrnews.audit import ToolMissing
    from scrnews.audit.vnu import check_vnu

    paths = []
    for name, html in emails.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    try:
        problems = check_vnu(paths)
    except ToolMissing as missing:
        need_tool(missing)
    assert [str(p) for p in problems] == []
