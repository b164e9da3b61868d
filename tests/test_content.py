"""Nothing lost: every paragraph, list item, heading, link and email reaches both editions."""

from __future__ import annotations

import re
import typing
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel

from scrnews import fields
from scrnews.build import load_issue

ISSUES = Path(__file__).resolve().parent.parent / "issues"
SEED = Path("/work/shared/seed/scr-newsletter-issue-2-january-2012.txt")
#: Plain-text fields the theme prints as they are (headings, names, titles).
PLAIN_FIELDS = {"heading", "title", "author", "role", "publisher", "url_text", "name", "caption"}


# ---------------------------------------------------------------- what the YAML says


def squash(text: str) -> str:
    return " ".join(text.split())


def _has_markdown_check(metadata) -> bool:
    return any(getattr(m, "func", None) is fields._check_markdown for m in metadata)


def _is_markdown(annotation) -> bool:
    """True when a field is (optionally, or a list of) the Markdown type."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _has_markdown_check(annotation.__metadata__)
    return any(_is_markdown(arg) for arg in typing.get_args(annotation))


def _text_fields(model: BaseModel):
    """(kind, text) for every Markdown and printed plain-text value in a model, in order."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, BaseModel):
                yield from _text_fields(item)
            elif isinstance(item, str) and (
                _is_markdown(info.annotation) or _has_markdown_check(info.metadata)
            ):
                yield "markdown", item
            elif isinstance(item, str) and name in PLAIN_FIELDS:
                yield "plain", item


def _blocks(markdown: str) -> list[str]:
    """The plain text of each paragraph, list item and heading of a Markdown text."""
    out = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline":
            words = [
                child.content if child.type in ("text", "code_inline") else " "
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            ]
            out.append(squash("".join(words)))
    return [text for text in out if text]


def _issue2_texts() -> list[str]:
    issue = load_issue(ISSUES / "issue-2.yaml").issue
    texts = []
    for kind, value in _text_fields(issue):
        texts += _blocks(value) if kind == "markdown" else [squash(value)]
    return texts


ISSUE2_TEXTS = _issue2_texts()


def _yaml_strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _yaml_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _yaml_strings(v)]
    return [value] if isinstance(value, str) else []


_URL = re.compile(r"https?://[^\s<>\"]+|(?<![\w./@-])www\.[^\s<>\"]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def expected_hrefs(strings: list[str]) -> set[str]:
    """The href each web or email address written in the text should become."""
    hrefs = set()
    for text in strings:
        for url in _URL.findall(text):
            url = url.rstrip(".,;:)")
            hrefs.add(url if url.startswith("http") else f"http://{url}")
        hrefs |= {f"mailto:{email.rstrip('.')}" for email in _EMAIL.findall(text)}
    return hrefs


ISSUE2_HREFS = expected_hrefs(
    _yaml_strings(yaml.safe_load((ISSUES / "issue-2.yaml").read_text("utf-8")))
)


# ---------------------------------------------------------------- what the outputs hold


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])
        if tag in ("h1", "h2", "h3"):
            self._open, self._text = tag, []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._open:
            self.headings.append((tag, squash("".join(self._text))))
            self._open = None


def html_links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pdf_uris(path: Path) -> list[str]:
    """The /URI of every link annotation in the PDF."""
    uris = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                    uris.append(str(action.URI))
    return uris


@pytest.fixture(scope="module")
def html(built_issue2, html_text) -> str:
    return html_text(built_issue2.html)


@pytest.fixture(scope="module")
def pdf(built_issue2, pdf_text, tight) -> str:
    return tight(pdf_text(built_issue2.pdf))


# ---------------------------------------------------------------- the tests


def test_the_walk_finds_the_issue():
    """Guard the walk itself: it must see prose, list items, nested items and notes."""
    assert len(ISSUE2_TEXTS) > 40
    assert "Sharing learning from SCRs in order to improve practice is vital." in ISSUE2_TEXTS
    assert "a review of inter-agency procedures;" in ISSUE2_TEXTS
    assert any(t.startswith("More of these events will be planned") for t in ISSUE2_TEXTS)
    assert (
        "I hope that you will read the executive summaries of Bradford's SCRs which are "
        "published in the SCR section of the BSCB website: "
        "http://www.bradford-scb.org.uk/scr.htm"
    ) in ISSUE2_TEXTS
    assert "Professor Nick Frost" in ISSUE2_TEXTS


@pytest.mark.parametrize("text", ISSUE2_TEXTS, ids=lambda t: t[:40])
def test_text_is_in_the_html(html, text):
    assert text in html


@pytest.mark.parametrize("text", ISSUE2_TEXTS, ids=lambda t: t[:40])
def test_text_is_in_the_pdf(pdf, tight, text):
    assert tight(text) in pdf


def test_pdf_text_also_extracts_with_pypdf(built_issue2, pdf_text, tight):
    """A second extractor, so the check does not lean on one tool's quirks."""
    text = tight(pdf_text(built_issue2.pdf, engine="pypdf"))
    missing = [t for t in ISSUE2_TEXTS if tight(t) not in text]
    assert not missing


def test_every_address_is_found_in_the_yaml():
    assert {
        "http://www.bradford-scb.org.uk",
        "http://www.bradford-scb.org.uk/scr.htm",
        "https://www.education.gov.uk/publications/eOrderingDownload/DFE-RR157.pdf",
        "http://www.proceduresonline.com/bradford/scb/chapters/contents.html#serious",
        "mailto:Rachael.Hammond@bradford.gov.uk",
        "mailto:info@bradford-scb.org.uk",
    } <= ISSUE2_HREFS
    assert len(ISSUE2_HREFS) == 8


@pytest.mark.parametrize("href", sorted(ISSUE2_HREFS))
def test_every_address_is_a_link_in_the_html(built_issue2, href):
    assert href in html_links(built_issue2.html).hrefs


@pytest.mark.parametrize("href", sorted(ISSUE2_HREFS))
def test_every_address_is_a_link_in_the_pdf(built_issue2, href):
    assert href in pdf_uris(built_issue2.pdf)


def test_pdf_links_go_nowhere_unexpected(built_issue2):
    """Every external link in the PDF comes from the YAML (no stray or mangled addresses)."""
    assert set(pdf_uris(built_issue2.pdf)) == ISSUE2_HREFS


def _seed_lines() -> list[str]:
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        text = re.sub(r"^\s*-\s*", "", raw)
        text = re.sub(r"<((?:https?://|mailto:)[^>]+)>", r"\1", text).replace("*", "")
        if squash(text):
            lines.append(squash(text))
    return lines


@pytest.mark.skipif(not SEED.is_file(), reason="the seed newsletter is not on this machine")
def test_transcription_is_faithful_to_the_seed(html):
    lines = _seed_lines()
    assert len(lines) > 40
    missing = [line for line in lines if line not in html]
    assert not missing


def _section_headings() -> list[str]:
    issue = load_issue(ISSUES / "issue-2.yaml").issue
    from scrnews.render import blocks_of

    return [view.heading for view in blocks_of(issue) if view.heading]


def test_headings_appear_in_order_in_the_html(built_issue2):
    parsed = html_links(built_issue2.html)
    h2 = [text for tag, text in parsed.headings if tag == "h2"]
    expected = _section_headings()
    assert expected[0] == "Serious Case Reviews – Sharing Learning"
    assert expected[-1] == "Local Learning and Developments"  # the seed ends without headings
    assert [h for h in h2 if h in expected] == expected
    h3 = [text for tag, text in parsed.headings if tag == "h3"]
    issue = yaml.safe_load((ISSUES / "issue-2.yaml").read_text("utf-8"))
    blocks = {block["type"]: block for block in issue["body"]}
    themes = [t["title"] for t in blocks["themes"]["themes"]]
    studies = [s["title"] for s in blocks["studies"]["studies"]]
    assert h3 == themes + studies
    assert [text for tag, text in parsed.headings if tag == "h1"] == [
        "Serious Case Review Newsletter Issue 2, January 2012"
    ]


def test_headings_appear_in_order_in_the_pdf(pdf, tight):
    headings = [tight(h) for h in _section_headings()]
    # The contents list names them all first; the body must then have them in order too.
    position = pdf.index(headings[0]) + len(headings[0])
    position = pdf.index(headings[0], position)
    for heading in headings[1:]:
        position = pdf.index(heading, position)


# ---------------------------------------------------------------- issue 3: the schema's range


@pytest.fixture(scope="module")
def issue3(tmp_path_factory):
    """issues/issue-3.yaml built with --strict (a WeasyPrint warning would fail it)."""
    from scrnews.build import build_issue

    result = build_issue(ISSUES / "issue-3.yaml", tmp_path_factory.mktemp("issue3"), strict=True)
    return result


def test_issue3_builds_clean_with_every_text(issue3, html_text, pdf_text, tight):
    issue = load_issue(ISSUES / "issue-3.yaml").issue
    texts = [
        t
        for kind, v in _text_fields(issue)
        for t in (_blocks(v) if kind == "markdown" else [squash(v)])
    ]
    assert len(texts) > 30
    page, pdf = html_text(issue3.html), tight(pdf_text(issue3.pdf))
    assert [t for t in texts if t not in page] == []
    assert [t for t in texts if tight(t) not in pdf] == []


def test_issue3_uses_what_issue2_does_not(issue3):
    page = issue3.html.read_text(encoding="utf-8")
    issue = load_issue(ISSUES / "issue-3.yaml").issue
    kinds = [block.type for block in issue.body]
    assert kinds[:3] == ["text", "message", "message"]  # an introduction, a foreword, an article
    (actions,) = [block for block in issue.body if block.type == "actions"]
    assert {a.status for a in actions.actions} == {"red", "amber", "green", "complete"}
    for status in ("red", "amber", "green", "complete"):
        assert f'class="rag rag-{status}"' in page
    assert page.count("<ol>") >= 3  # the article's numbered questions, the events, their parts
    assert (
        ">Local Child Safeguarding Practice Reviews published since January 2024</caption>" in page
    )
    assert '<a href="tel:01632960111">01632 960 111</a>' in page
    assert '<a href="mailto:priya.nair@northfield-scp.example.org">' in page
    assert (
        '<a href="https://www.gov.uk/government/publications/working-together-to-safeguard-'
        'children--2">Working Together to Safeguard Children 2023</a>'
    ) in page


def test_issue3_links_work_in_both_editions(issue3):
    strings = _yaml_strings(yaml.safe_load((ISSUES / "issue-3.yaml").read_text("utf-8")))
    hrefs = expected_hrefs(strings)
    assert len(hrefs) >= 8
    assert hrefs <= set(html_links(issue3.html).hrefs)
    assert hrefs <= set(pdf_uris(issue3.pdf))
