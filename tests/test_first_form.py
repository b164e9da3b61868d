"""Files in the first issue form (scrnews 0.1's fixed sections) still build, with the same
words, links and order as before, read as blocks by one code path (scrnews/legacy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrnews.build import build_issue, load_issue

ROOT = Path(__file__).resolve().parent.parent
FIRST_FORM = Path(__file__).parent / "fixtures" / "issue-2-first-form.yaml"
#: What 0.1 printed that the block form of issue 2 does not: its default headings, which the
#: published newsletter does not have, and the themes 0.1 accepted and never showed.
ONLY_IN_FIRST_FORM = [
    "Further reading and procedures",
    "Your views",
    "substance misuse domestic abuse mental health",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    out = tmp_path_factory.mktemp("first-form")
    first = build_issue(FIRST_FORM, out / "first", strict=True)
    blocks = build_issue(ROOT / "issues" / "issue-2.yaml", out / "blocks", strict=True)
    return first, blocks


def test_the_first_form_reads_as_the_same_blocks():
    old = load_issue(FIRST_FORM).issue
    new = load_issue(ROOT / "issues" / "issue-2.yaml").issue
    assert [b.type for b in old.body] == [
        "message", "figures", "list", "themes", "actions", "studies", "list", "links", "feedback",
    ]  # fmt: skip
    assert [b.type for b in new.body] == [
        "message", "figures", "themes", "actions", "studies", "list", "text", "feedback",
    ]  # fmt: skip
    assert old.body[0] == new.body[0]  # the foreword is the same message, signatory and all
    assert old.body[1].cases == new.body[1].cases and old.body[1].stated == new.body[1].stated


def test_the_same_words_in_the_same_order(both, html_text):
    first, blocks = (html_text(result.html) for result in both)
    for words in ONLY_IN_FIRST_FORM:
        assert words in first and words not in blocks
        first = first.replace(words, " ")
    assert " ".join(first.split()) == " ".join(blocks.split())


def test_the_same_links(both):
    from test_content import html_links

    def outward(result) -> list[str]:  # the contents' anchors and the PDF's own name differ
        return [h for h in html_links(result.html).hrefs if h[0] != "#" and not h.endswith(".pdf")]

    first, blocks = (outward(result) for result in both)
    assert len(first) > 8 and first == blocks


def test_the_same_words_in_the_pdf(both, pdf_text, tight):
    first, blocks = (tight(pdf_text(result.pdf)).replace("•", "") for result in both)
    for words in ONLY_IN_FIRST_FORM:
        first = first.replace(tight(words), "")
    # Page breaks fall elsewhere (the headings differ): compare without the running heads.
    assert _without_page_furniture(first) == _without_page_furniture(blocks)


def _without_page_furniture(text: str) -> str:
    import re

    text = re.sub(r"Page\d+of\d+", "", text)
    text = re.sub(r"\.{3,}\d+", "", text)  # the contents' leaders and page numbers
    heads = r"BradfordSafeguardingChildrenBoard(SeriousCaseReviewNewsletter)?Issue2,January2012"
    # The charts and their tables stand side by side; pdftotext reads their words in an order
    # that depends on where the page breaks fall. (The page's own text compares them above.)
    charts = r"Whathappenedtothechild.*?(?=Ourlastnewsletter)"
    return re.sub(charts, "", re.sub(heads, "", text), flags=re.S)


def test_a_mistake_in_the_first_form_is_named_as_written(tmp_path):
    from scrnews.errors import ValidationError

    text = FIRST_FORM.read_text(encoding="utf-8").replace(
        "      url: https://www.education.gov.uk/publications/eOrderingDownload/DFE-RR157.pdf",
        "      url: www.education.gov.uk/DFE-RR157.pdf",
    )
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_issue(path)
    [problem] = caught.value.problems
    line = text.splitlines()[problem.line - 1]
    assert line == "      url: www.education.gov.uk/DFE-RR157.pdf"
    assert (problem.key, problem.column) == ("national_studies.studies[1].url", 12)
