"""The look a reader sees (issue 15): masthead, contents, page breaks, addresses, lists that
continue, two columns, curly quotes. Each test checks the built page or PDF as a reader would:
the PDF's text and its pixels, the web page in Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scrnews.build import build_issue

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"
FOOTER = re.compile(r"Page \d+ of \d+")

FILLER = (
    "Practitioners told the review that they saw the family often but rarely together, and "
    "that each agency held part of the picture without knowing what the others knew."
)


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _issue(body: list[dict], **fields) -> dict:
    return {
        "board": {"name": "Example Partnership"},
        "number": 1,
        "date": "2024-06",
        "body": body,
        **fields,
    }


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


def _body_lines(page: str) -> list[str]:
    return [line for line in _lines(page) if not FOOTER.fullmatch(line)]


# ---------------------------------------------------------------- lists that continue


def test_an_ordered_list_that_continues_keeps_its_numbers_in_the_pdf(tmp_path, pdf_text):
    """<ol start="3">: the steps after a paragraph go on from 3, in the PDF as in the page."""
    steps = "1. Check the record.\n2. Speak to the child.\n\nThen, with the team:\n\n3. Agree a plan.\n4. Review it in a week.\n"
    issue = _write(
        tmp_path / "steps.yaml",
        _issue(
            [
                {
                    "type": "list",
                    "heading": "Steps",
                    "ordered": True,
                    "start": 5,
                    "items": ["Write it down.", "Tell your manager."],
                },
                {
                    "type": "table",
                    "heading": "Seven steps",
                    "header": ["Who", "Steps"],
                    "rows": [["Everyone", steps]],
                },
            ]
        ),
    )
    result = build_issue(issue, tmp_path / "out", strict=True)
    lines = _lines(pdf_text(result.pdf))
    for number, words in [
        (5, "Write it down."),
        (6, "Tell your manager."),
        (1, "Check the record."),
        (2, "Speak to the child."),
        (3, "Agree a plan."),
        (4, "Review it in a week."),
    ]:
        assert any(line.endswith(f"{number}. {words}") for line in lines), (number, words, lines)
    html = result.html.read_text(encoding="utf-8")
    assert '<ol start="5">' in html and '<ol start="3">' in html  # the page says the same


# ---------------------------------------------------------------- page breaks


def _long_issue() -> dict:
    """Headings at every height on the page: before each, one more line of notes than before;
    after each, a one-line intro and a table (which WeasyPrint would start on the next page)."""
    body = []
    for n in range(1, 22):
        body.append({"type": "text", "text": "\n\n".join(f"Note {i}." for i in range(n))})
        body.append(
            {
                "type": "table",
                "heading": f"What we learned in review {n}",
                "intro": "The review found:",
                "header": ["Step", "What to do"],
                "rows": [[str(i), f"{FILLER} {FILLER}"] for i in range(1, 4)],
            }
        )
    return _issue(body)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    return build_issue(_write(folder / "long.yaml", _long_issue()), folder / "out", strict=True).pdf


def _headings_without_two_lines(pages: list[str], headings: set[str]) -> list[str]:
    """Headings followed on their page by fewer than two lines of their block."""
    found = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = _body_lines(page)
        next_first = (_body_lines(pages[number]) or [""])[0]
        for index, line in enumerate(lines):
            if line in headings and len(lines) - index - 1 < 2 and next_first not in headings:
                found.append(f"page {number}: {line!r} + {lines[index + 1 :]}")
    return found


def test_a_heading_keeps_two_lines_of_what_follows_at_a_page_foot(long_pdf, pdf_pages):
    pages = pdf_pages(long_pdf)
    assert len(pages) >= 6  # the headings fall at many heights
    headings = {f"What we learned in review {n}" for n in range(1, 22)}
    assert _headings_without_two_lines(pages, headings) == []


@pytest.mark.parametrize("issue", ["issue-2", "issue-3"])
def test_the_examples_keep_each_heading_with_two_lines(issue, tmp_path, pdf_pages, html_text):
    result = build_issue(ISSUES / f"{issue}.yaml", tmp_path, strict=True)
    page = result.html.read_text(encoding="utf-8")
    headings = {" ".join(h.split()) for h in re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", page)}
    assert _headings_without_two_lines(pdf_pages(result.pdf), headings) == []


def _footer_alone_issue(paragraphs: int) -> dict:
    return _issue(
        [{"type": "text", "heading": "Learning", "text": "\n\n".join([FILLER] * paragraphs)}]
    )


@pytest.mark.parametrize("paragraphs", [16, 17])
def test_no_page_holds_only_the_footer(paragraphs, tmp_path, pdf_pages):
    """Text that ends just at a page foot takes its last lines over with 'Other formats'."""
    issue = _write(tmp_path / "issue.yaml", _footer_alone_issue(paragraphs))
    result = build_issue(issue, tmp_path / "out", strict=True)
    last = _body_lines(pdf_pages(result.pdf)[-1])
    assert last[0] != "Other formats", last
    assert any(FILLER[:40] in line or "agency held part" in line for line in last), last


# ---------------------------------------------------------------- contents


def _dark_runs(image, box) -> float:
    """The longest share of a row inside box (left, top, right, bottom) that is dark, 0 to 1."""
    left, top, right, bottom = box
    grey = image.convert("L")
    best = 0.0
    for y in range(top, bottom):
        row = [grey.getpixel((x, y)) < 140 for x in range(left, right)]
        run = longest = 0
        for dark in row:
            run = run + 1 if dark else 0
            longest = max(longest, run)
        best = max(best, longest / max(1, right - left))
    return best


def test_the_contents_underline_stops_at_the_words(built_issue2, tmp_path):
    """On paper the contents' links are underlined under their words, not under the dot leaders
    or the page number after them."""
    from PIL import Image

    scale = 150 / 72  # pdftoppm -r 150: pixels per PDF point
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            str(built_issue2.pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("p*.png")
    image = Image.open(png)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(built_issue2.pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        bbox,
    )
    dots: dict[str, list] = {}  # pdftotext reads each leader dot as a word: join them per line
    for x0, y0, x1, y1, word in words:
        if word == ".":
            dots.setdefault(y0, []).append((float(x0), float(x1), y1))
    leaders = [
        (min(d[0] for d in ds), y0, max(d[1] for d in ds), ds[0][2], "")
        for y0, ds in dots.items()
        if len(ds) >= 3
    ]
    assert len(leaders) >= 4, "no dot leaders found in the contents"
    for x0, y0, x1, y1, _ in leaders:
        box = (
            int(float(x0) * scale) + 2,
            int(float(y0) * scale),
            int(float(x1) * scale) - 2,
            int(float(y1) * scale) + 4,
        )
        assert _dark_runs(image, box) < 0.5, f"a line runs under the leader at y={y0}"
    # and the words themselves are underlined (the check above would miss a missing line)
    first = next(w for w in words if w[4] == "Serious")
    x0, y0, x1, y1 = (float(v) * scale for v in first[:4])
    assert _dark_runs(image, (int(x0), int(y0), int(x1), int(y1) + 4)) > 0.9


def _first_baseline(image, x0: int, x1: int) -> int:
    """The bottom row of the first band of dark rows between x0 and x1: where the first line's
    letters (or digits) stand, above any underline."""
    dark = [any(image.getpixel((x, y)) < 170 for x in range(x0, x1)) for y in range(image.height)]
    top = dark.index(True)
    return top + dark[top:].index(False) - 1


@pytest.mark.parametrize("width", [320, 1280])
def test_contents_numbers_sit_level_with_their_text(width, built_issue2, chromium):
    """Each contents number stands on the same line as the first line of its heading."""
    from io import BytesIO

    from PIL import Image

    page = chromium.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(built_issue2.html.as_uri())
        items = page.evaluate(
            """() => [...document.querySelectorAll('.contents li')].map(li => {
                 const l = li.getBoundingClientRect();
                 return {left: l.left, top: l.top, bottom: l.bottom};
               })"""
        )
        assert len(items) >= 5
        for item in items:
            # the number is drawn left of the item's box (outside marker), the words inside it
            clip = {
                "x": item["left"] - 30,
                "y": item["top"],
                "width": 70,
                "height": item["bottom"] - item["top"],
            }
            image = Image.open(BytesIO(page.screenshot(clip=clip))).convert("L")
            number, words = _first_baseline(image, 0, 28), _first_baseline(image, 30, 70)
            assert abs(number - words) <= 1, (item, number, words)
    finally:
        page.close()


# ---------------------------------------------------------------- web addresses


LONG_URLS = [
    "https://www.northfield-safeguarding-children-partnership.example.org/learning/reviews/child-l",
    "http://www.proceduresonline.com/bradford/scb/chapters/contents.html#serious",
    "https://www.education.gov.uk/publications/eOrderingDownload/DFE-RR157.pdf",
]


def test_long_addresses_never_break_right_after_the_scheme(tmp_path, pdf_text, tight):
    """Addresses shown as text break after a / or before a dot, never just after https://."""
    words = "See"
    body = []
    for _ in range(12):  # the same addresses at many positions on the line
        words += " word"
        body.append(
            {"type": "text", "text": f"{words}: " + " and ".join(f"<{u}>" for u in LONG_URLS)}
        )
    issue = _write(tmp_path / "urls.yaml", _issue(body))
    result = build_issue(issue, tmp_path / "out", strict=True)
    text = pdf_text(result.pdf)
    lines = [line.rstrip() for line in text.splitlines()]
    assert not [line for line in lines if re.search(r"https?://$", line)]
    for url in LONG_URLS:  # each address still reads whole (no character added or lost)
        assert tight(text).count(tight(url)) == 12
    html = result.html.read_text(encoding="utf-8")
    assert '<span class="url-start">https://www.northfield</span>' in html


# ---------------------------------------------------------------- a table that scrolls


def test_a_table_that_scrolls_at_320px_can_be_reached_by_keyboard(tmp_path, chromium):
    """axe's scrollable-region-focusable on issue 3 at 320 px (its tables are wider than that)."""
    from scrnews.audit.html_checks import axe_source

    result = build_issue(ISSUES / "issue-3.yaml", tmp_path, formats=("html",))
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto(result.html.as_uri())
        scrolling = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')].filter(e => e.scrollWidth > e.clientWidth).length"
        )
        assert scrolling >= 1  # the check means something: a table does scroll at 320 px
        page.evaluate(axe_source())
        found = page.evaluate("() => axe.run(document, {runOnly: ['scrollable-region-focusable']})")
        assert found["violations"] == [], found["violations"]
        assert len(found["passes"]) == 1 and found["passes"][0]["nodes"]
        names = page.evaluate(
            "[...document.querySelectorAll('.table-wrap[tabindex=\"0\"]')].map(e => "
            "document.getElementById(e.getAttribute('aria-labelledby')).textContent)"
        )
        assert "Monitoring of review action plans" in names
    finally:
        page.close()


# ---------------------------------------------------------------- settings: quotes, columns


QUOTED = {
    "type": "text",
    "heading": "The child's 'voice'",
    "text": "She said \"I wasn't asked\" and it's true. See <https://example.org/it's> and `don't`.",
}


def _project(tmp_path: Path, settings: str, body: list[dict], **fields) -> Path:
    (tmp_path / "scrnews.yaml").write_text(settings, encoding="utf-8")
    return _write(tmp_path / "issue.yaml", _issue(body, **fields))


def test_smart_quotes_curl_quotes_and_apostrophes_in_page_and_pdf(tmp_path, pdf_text):
    issue = _project(tmp_path, "smart_quotes: true\n", [QUOTED], title="A parent's view")
    source = issue.read_text(encoding="utf-8")
    result = build_issue(issue, tmp_path / "out")
    html = result.html.read_text(encoding="utf-8")
    assert "The child\u2019s \u2018voice\u2019" in html
    assert "She said \u201cI wasn\u2019t asked\u201d and it\u2019s true." in html
    assert "<title>A parent\u2019s view" in html
    assert "<code>don't</code>" in html  # code is shown as typed
    assert 'href="https://example.org/it\'s"' in html  # addresses are not changed
    text = " ".join(pdf_text(result.pdf).split())
    assert "She said \u201cI wasn\u2019t asked\u201d and it\u2019s true." in text
    assert issue.read_text(encoding="utf-8") == source  # the issue file is not changed


def test_without_the_setting_quotes_stay_as_typed(tmp_path):
    issue = _project(tmp_path, "smart_quotes: false\n", [QUOTED])
    html = build_issue(issue, tmp_path / "out", formats=("html",)).html.read_text(encoding="utf-8")
    assert "\u2019" not in html and "\u201c" not in html
    assert "The child&#39;s &#39;voice&#39;" in html


def test_a_layout_that_is_not_offered_is_an_error_at_its_line(tmp_path):
    from scrnews.errors import ValidationError
    from scrnews.settings import load_settings

    (tmp_path / "scrnews.yaml").write_text("board:\n  name: B\nlayout: two\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings(tmp_path / "scrnews.yaml")
    [problem] = caught.value.problems
    assert str(problem) == (
        f"{tmp_path / 'scrnews.yaml'}:3:9: layout: 'two' is not one of: single, columns."
    )


def _line_starts(pdf: Path, page: int) -> list[float]:
    """Where each line of text on a page begins, in points from the left edge."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [float(x) for x in re.findall(r'<line xMin="([\d.]+)"', bbox)]


@pytest.mark.parametrize("layout", ["single", "columns"])
def test_issue_2_fits_five_pages_in_either_layout(layout, tmp_path):
    issue = tmp_path / "issue-2.yaml"
    issue.write_text((ISSUES / "issue-2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "scrnews.yaml").write_text(
        (ROOT / "scrnews.yaml").read_text(encoding="utf-8") + f"layout: {layout}\n",
        encoding="utf-8",
    )
    result = build_issue(issue, tmp_path / "out", strict=True)
    assert result.pages <= 5
    html = result.html.read_text(encoding="utf-8")
    assert ('<body class="layout-columns">' in html) == (layout == "columns")


def test_two_columns_set_the_text_in_columns_under_a_heading_across_the_page(tmp_path, pdf_pages):
    body = [
        {"type": "text", "heading": "A heading across the page", "text": "\n\n".join([FILLER] * 6)},
        {
            "type": "table",
            "heading": "A table across the page",
            "header": ["Review", "Learning"],
            "rows": [["Child A", "Ask who lives in the home, and who stays over at weekends"]],
        },
    ]
    for layout in ("single", "columns"):
        issue = _project(tmp_path, f"layout: {layout}\n", body)
        result = build_issue(issue, tmp_path / layout, strict=True)
        starts = _line_starts(result.pdf, 1)
        # a second column: lines that begin right of the middle of the page (A4 is 595 pt wide)
        second = [x for x in starts if 290 <= x <= 330]
        assert (len(second) >= 8) == (layout == "columns"), (layout, sorted(starts))
        text = " ".join(pdf_pages(result.pdf)[0].split())
        assert "A heading across the page" in text and "A table across the page" in text


def test_every_link_annotation_belongs_to_a_link_tag(tmp_path):
    """An address with its sensible breaks (a span and <wbr>s inside the link) is still one
    link in the tagged PDF: no annotation without its Link structure element (PDF/UA 7.18.5)."""
    from scrnews.audit.pdf_checks import check_pdf

    text = "Read <https://www.education.gov.uk/publications/eOrderingDownload/DFE-RR157.pdf>."
    issue = _write(tmp_path / "link.yaml", _issue([{"type": "text", "heading": "A", "text": text}]))
    result = build_issue(issue, tmp_path / "out", strict=True)
    assert "<wbr>" in result.html.read_text(encoding="utf-8")
    assert check_pdf(result.pdf, result.html) == []


def test_a_link_colour_that_fails_on_the_tinted_panels_is_an_error(tmp_path):
    """Links sit on the brand-tinted panels too (boxes, contents, cards): 4.5:1 there as well."""
    from scrnews import contrast
    from scrnews.errors import ValidationError
    from scrnews.settings import load_settings

    link = "#4674b4"  # 4.75:1 on white, 4.26:1 on the default brand's tint
    assert contrast.ratio(link) >= 4.5 > contrast.ratio(link, contrast.tint("#1d4f91"))
    (tmp_path / "scrnews.yaml").write_text(f"colours:\n  link: '{link}'\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings(tmp_path / "scrnews.yaml")
    [problem] = caught.value.problems
    assert "against '#eff3f7'" in str(problem)
    assert "for links on the tinted panels (needs at least 4.5:1)" in str(problem)
