"""Welsh: every letter in page and PDF, words a Welsh reader accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scrnews.build import build_issue
from scrnews.errors import PdfError

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
    assert result.warnings == []
    text = pdf_text(result.pdf)
    # The heading (bold), then the text in regular, italic, bold and bold italic; not the
    # footer's words ("cysylltwch â").
    text = text[text.index("Llythrennau") : text.index("Fformatau eraill")]
    assert {letter: text.count(letter) for letter in WELSH_LETTERS} == dict.fromkeys(
        WELSH_LETTERS, 5
    )


def test_code_in_the_machines_monospace_is_not_a_missing_letter(make_issue, tmp_path, pdf_text):
    """Code is drawn in `monospace` by design (a font of the machine): only characters the
    theme's fonts lack are errors, so `dŵr` in code builds under --strict."""
    path = make_issue(
        language="cy-GB", body=[{"type": "text", "heading": "Cod", "text": "Teipiwch `dŵr's`."}]
    )
    result = build_issue(path, tmp_path / "out", strict=True)
    assert "Teipiwch dŵr's." in pdf_text(result.pdf)


LATIN_ONLY_THEME = """{% macro font_faces(suffix, format) %}
@font-face { font-family: "Atkinson Hyperlegible Next";
  src: url("fonts/atkinson-hyperlegible-next-latin-400-normal.woff2") format("woff2"); }
{% endmacro %}
"""


def test_a_letter_missing_from_the_fonts_fails_the_build_at_its_line(
    write_issue, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    theme = tmp_path / "theme"
    (theme / "fonts").mkdir(parents=True)
    (theme / "fonts" / "faces.html").write_text(LATIN_ONLY_THEME, encoding="utf-8")
    path = write_issue(
        "board: {name: Bwrdd}\nnumber: 1\ndate: 2024-06\nlanguage: cy-GB\nbody:\n"
        "  - type: text\n    heading: Dysgu\n    text: |\n      Llinell gyntaf.\n\n"
        "      Roedd y dŵr yn oer.\n"
    )
    with pytest.raises(PdfError) as caught:
        build_issue(path, tmp_path / "out", templates=[theme], formats=("pdf",))
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "issue.yaml:11:16: body[0].text: the character 'ŵ' "
        "(U+0175 LATIN SMALL LETTER W WITH CIRCUMFLEX) is "
    )
    assert "Use fonts that have it (fonts: in scrnews.yaml), or write another character." in str(
        problem
    )
    assert not (tmp_path / "out").exists()


def test_the_cli_names_the_character_and_writes_nothing(write_issue, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from scrnews.cli import cli

    theme = tmp_path / "theme"
    (theme / "fonts").mkdir(parents=True)
    (theme / "fonts" / "faces.html").write_text(LATIN_ONLY_THEME, encoding="utf-8")
    write_issue(
        "board: {name: Bwrdd}\nnumber: 1\ndate: 2024-06\nlanguage: cy-GB\ntitle: Tŷ\nbody: []\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "issue.yaml", "-t", "theme", "--out", "out"])
    assert result.exit_code == 1
    assert "issue.yaml:5:9: title: the character 'ŷ' (U+0177 LATIN SMALL LETTER Y WITH" in (
        result.output
    )
    assert "Error: 1 problem found; nothing was written." in result.output
    assert "WeasyPrint" not in result.output


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

    html = str(render_inline(f"Write to {written}."))
    # The address is the link's text, with the places it may break marked (<span>, <wbr>).
    (inner,) = re.findall(rf'<a href="{re.escape(href)}" class="url">(.*?)</a>', html)
    assert re.sub(r"<[^>]+>", "", inner) == written


@pytest.mark.parametrize("written", ["notes.zip", "e.g. this", "report.docx", "a@b.notadomain"])
def test_file_names_and_made_up_endings_stay_text(written):
    from scrnews.markup import render_inline

    assert "<a " not in render_inline(f"See {written} today")


# ---------------------------------------------------------------- Welsh words


@pytest.mark.parametrize(
    ("number", "noun", "welsh"),
    [
        (1, "page", "1 dudalen"),  # un + feminine noun: soft mutation
        (2, "page", "2 dudalen"),  # dwy: soft
        (3, "page", "3 tudalen"),  # tair: none
        (6, "page", "6 thudalen"),  # chwe: aspirate
        (12, "page", "12 tudalen"),
        (1, "action", "1 cam gweithredu"),  # un + masculine: none
        (2, "action", "2 gam gweithredu"),  # dau: soft
        (3, "action", "3 cham gweithredu"),  # tri: aspirate
        (4, "review", "4 adolygiad"),
    ],
)
def test_welsh_nouns_mutate_after_numbers(number, noun, welsh):
    from scrnews.labels import count

    assert count(number, noun, "cy-GB") == welsh


def test_english_counts_take_the_plural():
    from scrnews.labels import count

    assert [count(n, "page", "en-GB") for n in (1, 2)] == ["1 page", "2 pages"]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Partneriaeth Diogelu Cwm Taf", "cysylltwch â Phartneriaeth Diogelu Cwm Taf"),
        ("Cyngor Sir Ceredigion", "cysylltwch â Chyngor Sir Ceredigion"),
        ("Bwrdd Diogelu Gogledd Cymru", "cysylltwch â Bwrdd Diogelu Gogledd Cymru"),
        ("Asiantaeth Diogelu", "cysylltwch ag Asiantaeth Diogelu"),
        ("Westmoor LSCB", "cysylltwch â Westmoor LSCB"),
        ("Pembrokeshire County Council", "cysylltwch â Pembrokeshire County Council"),
    ],
)
def test_a_name_after_a_is_mutated(name, said):
    from scrnews.labels import with_name

    assert with_name("cysylltwch â", name, "cy-GB") == said


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Llywodraeth Cymru", "Cyhoeddwyd gan Lywodraeth Cymru"),
        ("Bwrdd Diogelu Gogledd Cymru", "Cyhoeddwyd gan Fwrdd Diogelu Gogledd Cymru"),
        ("Comisiynydd Plant Cymru", "Cyhoeddwyd gan Gomisiynydd Plant Cymru"),
        ("Department for Education", "Cyhoeddwyd gan Department for Education"),
    ],
)
def test_a_name_after_gan_takes_the_soft_mutation(name, said):
    from scrnews.labels import with_name

    assert with_name("Cyhoeddwyd gan", name, "cy-GB") == said


def test_a_welsh_issue_is_framed_in_welsh(make_issue, tmp_path, html_text, pdf_text):
    path = make_issue(
        language="cy-GB",
        board={"name": "Partneriaeth Diogelu Cwm Aderyn", "email": "dysgu@cwmaderyn.cymru"},
        date="2024-07/2024-09",
        body=[
            {"type": "text", "heading": "Croeso", "text": "Gweler llyw.cymru."},
            {
                "type": "actions",
                "heading": "Camau",
                "actions": [
                    {"action": "Archwilio", "status": "red"},
                    {"action": "Hyfforddi", "status": "red"},
                    {"action": "Adolygu", "status": "green"},
                ],
            },
        ],
    )
    result = build_issue(path, tmp_path / "out")
    page = html_text(result.html)
    # The default series in Welsh, the period with its mutation, the counts with theirs.
    assert "Cylchlythyr Adolygiadau Achos Difrifol Rhifyn 1, Gorffennaf i Fedi 2024" in page
    assert "3 cham gweithredu: 1 yn wyrdd, 2 yn goch" in page
    assert (
        "cysylltwch â Phartneriaeth Diogelu Cwm Aderyn drwy e-bostio dysgu@cwmaderyn.cymru."
    ) in page
    assert '<a href="http://llyw.cymru" class="url">llyw.cymru</a>' in result.html.read_text()
    assert "Tudalen 1 o 1" in pdf_text(result.pdf)
    from pypdf import PdfReader

    assert PdfReader(result.pdf).metadata.title.startswith(
        "Cylchlythyr Adolygiadau Achos Difrifol, Rhifyn 1"
    )


def test_the_readme_lists_every_label_in_both_languages():
    from scrnews.archive.site import SITE_LABELS
    from scrnews.labels import LABELS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().strip("`"): [c.strip() for c in line.split("|")[2:4]]
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    for key, english in LABELS["en-GB"].items():
        if key != "language":
            assert rows.get(key) == [english, LABELS["cy-GB"][key]], key
    for key, english in SITE_LABELS["en-GB"].items():
        assert rows.get(f"site: {key}") == [english, SITE_LABELS["cy-GB"][key]], key


WELSH_QUOTED = (
    "Mae'n bwysig i'r plant a'r teuluoedd. **Mae**'n dda gweld [Cymru](https://llyw.cymru)'r "
    "gwaith, hyd yn oed yn y '90au. Mae hi 'n dweud 'Dŵr a thŷ' a \"Gwrando\"; "
    "y llythyren 'r' yw hi."
)


def test_smart_quotes_in_welsh_make_apostrophes_of_elisions(make_issue, tmp_path, pdf_text):
    """’r and ’n (i’r, mae’n, after bold or a link, or written apart) are apostrophes, not
    opening quotes; quotations still open and close, in page and PDF."""
    (tmp_path / "scrnews.yaml").write_text("smart_quotes: true\n", encoding="utf-8")
    path = make_issue(
        language="cy-GB", body=[{"type": "text", "heading": "Dyfyniadau", "text": WELSH_QUOTED}]
    )
    result = build_issue(path, tmp_path / "out", strict=True)
    html = result.html.read_text(encoding="utf-8")
    expected = [
        "Mae\u2019n bwysig i\u2019r plant a\u2019r teuluoedd.",
        "<strong>Mae</strong>\u2019n dda",
        "</a>\u2019r gwaith",
        "yn y \u201990au",
        "Mae hi \u2019n dweud \u2018Dŵr a thŷ\u2019 a \u201cGwrando\u201d",
        "y llythyren \u2018r\u2019 yw hi",
    ]
    for words in expected:
        assert words in html
    text = " ".join(pdf_text(result.pdf).split())
    assert "Mae\u2019n bwysig i\u2019r plant a\u2019r teuluoedd. Mae\u2019n dda gweld" in text
    # print shows the link's address after it: "Cymru (https://llyw.cymru)’r"
    assert ")\u2019r gwaith, hyd yn oed yn y \u201990au." in text
    assert "Mae hi \u2019n dweud \u2018Dŵr a thŷ\u2019 a \u201cGwrando\u201d" in text
