"""Briefings in the archive (listed apart, in the feed, linked from their review's card) and in
the preview (how full each panel is, as the author writes)."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import shutil
import time
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import yaml
from processes import Run

from scrnews.archive.build import build_all
from scrnews.preview import start_preview

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "issues"
ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2025, 1, 1)
TIMEOUT = 20


def copy_in(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)


def other_review(source: str, target: Path, **review) -> None:
    """A copy of an example briefing on another review (code and name as given)."""
    data = yaml.safe_load((EXAMPLES / source).read_text(encoding="utf-8"))
    data["review"] = {"type": "LCSPR", **review}
    data["title"] = review.get("name") or review["code"]
    data["date"] = "2024-02"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Riverside's newsletter, the briefing on its Child T and one on a review it does not list."""
    project = tmp_path_factory.mktemp("archive")
    issues = project / "issues"
    copy_in(issues, "riverside-spring-2024.yaml", "briefing-child-t.yaml")
    # Same name as a Riverside review, another code: another review, so no link.
    other_review(
        "briefing-child-t.yaml", issues / "briefing-child-x.yaml", code="X-1", name="Child T"
    )
    result = build_all([issues], project / "out", formats=("html",), today=TODAY, jobs=1)
    assert result.count("built") == 3, result.problems
    return project / "out"


def test_the_archive_lists_briefings_apart(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    heads = re.findall(r'<(h[23]) id="([^"]+)">', page)
    assert heads == [
        ("h2", "newsletters"),
        ("h3", "riverside-spring-2024"),
        ("h2", "briefings"),
        ("h3", "briefing-child-t"),
        ("h3", "briefing-child-x"),
    ]
    assert '<h2 id="briefings">7-minute briefings</h2>' in page
    assert '<li><a href="#briefings">7-minute briefings</a></li>' in page
    assert '<a href="briefing-child-t/">Child T: hunger is a message</a>' in page
    assert '<p class="issue-line">7-minute briefing, March 2024</p>' in page


def test_the_feed_has_briefings_with_a_category(site):
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    kinds = {
        e.find(f"{ATOM}link[@rel='alternate']").get("href"): e.find(f"{ATOM}category").attrib
        for e in entries
    }
    assert kinds["briefing-child-t/"] == {"term": "briefing", "label": "7-minute briefing"}
    assert kinds["riverside-spring-2024/"] == {"term": "newsletter", "label": "Newsletter"}
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "7-minute briefing, March 2024: Child T: hunger is a message" in titles


def test_the_review_card_links_to_the_briefing_on_it(site):
    page = (site / "riverside-spring-2024" / "index.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<p class="review-briefing screen-only"><a href="([^"]+)">([^<]+)</a></p>', page
    )
    assert links == [("../briefing-child-t/", "7-minute briefing: Child T: hunger is a message")]
    card = page[page.index('id="our-reviews-this-season-rscp-lcspr-03"') :]
    assert card.index("review-briefing") < card.index("</article>")


def test_a_briefing_page_links_to_the_archive_and_the_other_briefings(site):
    page = (site / "briefing-child-t" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="issue-nav') : page.index("</nav>")]
    assert '<a href="../">All issues</a>' in nav
    assert '<a rel="prev" href="../briefing-child-x/">Previous briefing: Child T</a>' in nav
    assert "riverside" not in nav  # newsletters have their own prev and next


def test_the_archive_with_briefings_passes_the_audit(site, chromium, need_tool):
    """The index with both lists, the newsletter with its link and the briefing pages: axe,
    reflow, text zoom, keyboard, the Nu checker and local files."""
    from scrnews.audit.run import run_audit

    report = run_audit(site, chromium=chromium)
    if report.missing:
        need_tool(RuntimeError("\n".join(report.missing)))
    assert site / "index.html" in report.pages and len(report.pages) == 4
    assert report.problems == [], "\n".join(str(p) for p in report.problems)


def test_a_new_briefing_rebuilds_only_the_newsletter_it_links_from(tmp_path):
    issues = tmp_path / "issues"
    copy_in(issues, "riverside-spring-2024.yaml", "westmoor-2011-q3.yaml")
    out = tmp_path / "out"
    first = build_all([issues], out, formats=("html",), today=TODAY, jobs=1)
    assert first.count("built") == 2
    assert "review-briefing" not in (out / "riverside-spring-2024" / "index.html").read_text()
    copy_in(issues, "briefing-child-t.yaml")
    second = build_all([issues], out, formats=("html",), today=TODAY, jobs=1)
    states = {o.source.name: o.state for o in second.outcomes}
    assert states == {
        "briefing-child-t.yaml": "built",
        "riverside-spring-2024.yaml": "built",
        "westmoor-2011-q3.yaml": "skipped",
    }
    assert "review-briefing" in (out / "riverside-spring-2024" / "index.html").read_text()


def test_an_archive_of_pdfs_holds_one_page_briefings(tmp_path):
    issues = tmp_path / "issues"
    copy_in(issues, "briefing-child-t.yaml", "briefing-was-not-brought.yaml")
    result = build_all([issues], tmp_path / "out", today=TODAY, jobs=2)
    assert {o.pages for o in result.outcomes} == {1}, result.problems
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "(PDF, " in page and ", 1 page)" in page


def test_a_briefing_too_long_fails_the_archive_build_and_keeps_its_pages(tmp_path):
    issues = tmp_path / "issues"
    copy_in(issues, "briefing-child-t.yaml")
    out = tmp_path / "out"
    assert build_all([issues], out, today=TODAY, jobs=1).count("built") == 1
    before = (out / "briefing-child-t" / "briefing-child-t.pdf").read_bytes()
    path = issues / "briefing-child-t.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["panels"]["information"]["items"] *= 6
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = build_all([issues], out, today=TODAY, jobs=1)
    (problem,) = result.problems
    assert "panels.information: panel 3, 'Information', does not fit" in str(problem)
    assert (out / "briefing-child-t" / "briefing-child-t.pdf").read_bytes() == before


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def test_briefing_pdfs_made_by_forked_workers_are_the_bytes_of_jobs_1(tmp_path):
    """Real scrnews processes: --jobs 2 makes the PDFs in workers forked from the warm render
    process, and measures each briefing's fit there; the site is byte for byte --jobs 1's."""
    copy_in(
        tmp_path / "issues",
        "riverside-spring-2024.yaml",
        "briefing-child-t.yaml",
        "briefing-was-not-brought.yaml",
        "briff-plentyn-m.yaml",
    )
    for args in (["--jobs", "1", "--out", "one"], ["--jobs", "2", "--out", "forked"]):
        run = Run(["build", "--drafts", *args], tmp_path)
        assert run.wait() == 0, run.stderr
    one = _snapshot(tmp_path / "one")
    stems = ("briefing-child-t", "briefing-was-not-brought", "briff-plentyn-m")
    assert all(f"{stem}/{stem}.pdf" in one for stem in stems)
    assert _snapshot(tmp_path / "forked") == one
    # The review card's link to its briefing is the web page's: the PDF, read anywhere, has
    # no link into the folder it was built in.
    for name, data in one.items():
        if name.endswith(".pdf"):
            assert not [uri for uri in _link_uris(data) if uri.startswith("file:")], name


def _link_uris(data: bytes) -> list[str]:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]


def test_a_briefing_too_long_fails_in_a_forked_worker_too(tmp_path):
    """The fit measured in a worker reaches the build: the panel, its line, and no site change."""
    issues = tmp_path / "issues"
    copy_in(issues, "briefing-child-t.yaml", "briefing-was-not-brought.yaml")
    path = issues / "briefing-child-t.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["panels"]["information"]["items"] *= 6
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run = Run(["build", "--jobs", "2"], tmp_path)
    assert run.wait() != 0
    assert "panels.information: panel 3, 'Information', does not fit" in run.stderr
    assert (tmp_path / "out" / "briefing-was-not-brought" / "briefing-was-not-brought.pdf").exists()


# ---------------------------------------------------------------- the preview


def fetch(preview, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{preview.server.port}"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for(preview, stem: str, needle: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        status, body = fetch(preview, f"/{stem}/")
        if status == 200 and needle in body.decode("utf-8"):
            return body.decode("utf-8")
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared")


@pytest.fixture
def briefing(tmp_path) -> Path:
    copy_in(tmp_path / "issues", "briefing-child-t.yaml")
    shutil.copy(ROOT / "examples" / "scrnews.yaml", tmp_path / "scrnews.yaml")
    return tmp_path / "issues" / "briefing-child-t.yaml"


GAUGE = re.compile(r'value="(\d+)"[^>]*></meter> ([^:<]+): ([^<]+)</li>')


def test_preview_shows_how_full_each_panel_is_and_follows_the_text(briefing):
    preview = start_preview([briefing], port=0, warm_pdf=False)
    preview.serve_in_thread()
    try:
        html = wait_for(preview, "briefing-child-t", "How full each box of the A4 page is")
        rows = GAUGE.findall(html)
        assert [label for _, label, _ in rows] == [
            "Heading",
            "1 Background",
            "2 Why it matters",
            "3 Information",
            "4 What we learned",
            "5 What to do",
            "6 Questions to reflect on",
            "7 Find out more",
            "Footer",
        ]
        assert all(note == f"{value}%" and 20 < int(value) <= 100 for value, _, note in rows)
        before = int(rows[1][0])
        text = briefing.read_text(encoding="utf-8")
        briefing.write_text(text.replace("This briefing shares", "This long briefing shares"))
        html = wait_for(preview, "briefing-child-t", "This long briefing")
        assert int(GAUGE.findall(html)[1][0]) >= before
        data = yaml.safe_load(briefing.read_text(encoding="utf-8"))
        data["panels"]["background"]["text"] *= 5
        briefing.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        html = wait_for(preview, "briefing-child-t", "words too many")
        label, note = GAUGE.findall(html)[1][1:]
        assert label == "1 Background" and re.fullmatch(r"\d+%, about \d+ words too many", note)
        assert '[data-fit="background"]{outline:4px solid #b00020' in html
        assert "panels.background: panel 1, 'Background', does not fit" in unescape(html)
        status, pdf = fetch(preview, "/briefing-child-t/briefing-child-t.pdf")
        assert status == 200 and pdf.startswith(b"%PDF")
    finally:
        preview.close()


def test_the_built_page_has_no_gauges(tmp_path, briefing):
    from scrnews.build import build_issue

    result = build_issue(briefing, tmp_path / "out", formats=("html",))
    page = result.html.read_text(encoding="utf-8")
    assert "scrnews-fill" not in page and "How full" not in page
