"""Welsh: every letter in page and PDF, words a Welsh reader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scrnews.build import build_issue

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "templates" / "default" / "fonts"

#: Every letter Welsh writes beyond a-z, and typographic quotes and apostrophes.
WELSH_LETTERS = "ÂâÊêÎîÔôÛûŴŵŶŷẀẁẂẃẄẅỲỳÝýŸÿÏïËë‘’“”"
FACES = [(weight, style) for weight in (400, 700) for style in ("normal", "italic")]


@pytest.mark.parametrize(("weight", "style"), FACES)
def test_every_print_face_has_every_welsh_letter(weight, style):
    cmap = TTFont(FONTS / f"atkinson-hyperlegible-next-{weight}-{style}.ttf").getBestCmap()
    assert [c for c in WELSH_LETTERS if ord(c) not in cmap] == []


@pytest.mark.parametrize(("weight", "style"), FACES)
def test_the_screen_subsets_of_each_face_have_every_welsh_letter(weight, style):
    cmap: set[int] = set()
    for subset in ("latin", "latin-ext"):
        name = f"atkinson-hyperlegible-next-{subset}-{weight}-{style}.woff2"
        cmap |= set(TTFont(FONTS / name).getBestCmap())
    assert [c for c in WELSH_LETTERS if ord(c) not in cmap] == []


def test_every_welsh_letter_comes_back_from_the_pdf_in_every_face(make_issue, tmp_path, pdf_text):
    letters = " ".join(WELSH_LETTERS)
    path = make_issue(
        language="cy-GB",
        body=[
            {
                "type": "text",
                "heading": f"Llythrennau {letters}",
                "text": f"{letters}\n\n*{letters}*\n\n**{letters}**\n\n***{letters}***",
            }
        ],
    )
    result = build_issue(path, tmp_path / "out", strict=True)
    text = pdf_text(result.pdf)
    # The heading (bold), then the text in regular, italic, bold and bold italic; not the
    # footer's words ("cysylltwch â").
    text = text[text.index("Llythrennau") : text.index("Fformatau eraill")]
    assert {letter: text.count(letter) for letter in WELSH_LETTERS} == dict.fromkeys(
        WELSH_LETTERS, 5
    )


# ---------------------------------------------------------------- links a reader types


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("info@bwrdd.cymru", "mailto:info@bwrdd.cymru"),
        ("dysgu@bwrdd-diogelu.wales", "mailto:dysgu@bwrdd-diogelu.wales"),
        ("www.llyw.cymru", "http://www.llyw.cymru"),
        ("gov.wales/child-practice-review", "http://gov.wales/child-practice-review"),
        ("www.example.org.uk", "http://www.example.org.uk"),
        ("safeguarding.london", "http://safeguarding.london"),
    ],
)
def test_addresses_under_any_top_level_domain_become_links(written, href):
    from scrnews.markup import render_inline

    assert f'<a href="{href}" class="url">{written}</a>' in render_inline(f"Write to {written}.")


@pytest.mark.parametrize("written", ["notes.zip", "e.g. this", "report.docx", "a@b.notadomain"])
def test_file_names_and_made_up_endings_stay_text(written):
    from scrnews.markup import render_inline

    assert "<a " not in render_inline(f"See {written} today")
