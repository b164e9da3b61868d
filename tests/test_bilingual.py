"""Bilingual issues: one file in Welsh and English, a page and a PDF per language, and one PDF
with both (side by side, or back to back) whose passages are tagged with their language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from scrnews.build import build_issue
from scrnews.errors import ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "issues" / "glannau-2024-q3.yaml"
STEM = EXAMPLE.stem
#: Words only the Welsh edition has, and only the English one.
WELSH = ["Gwrando ar dadau", "Gair gan y Cadeirydd", "Beth fyddwn ni'n ei wneud", "Cynnwys"]
ENGLISH = ["Listening to fathers", "From the Chair", "What we will do", "Contents"]


@pytest.fixture(scope="module", params=["side-by-side", "back-to-back"])
def built(request, tmp_path_factory):
    """The example built once per layout: (out folder of the issue, result)."""
    folder = tmp_path_factory.mktemp(request.param)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    result = build_issue(
        folder / EXAMPLE.name, folder / "out", strict=True, bilingual=request.param
    )
    return folder / "out" / STEM, result


def _alternates(page: Path) -> dict[str, str]:
    html = page.read_text(encoding="utf-8")
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_a_page_and_a_pdf_per_language_and_one_with_both(built):
    out, result = built
    assert result.outputs == [
        out / "index.html",
        out / f"{STEM}.pdf",
        out / "en" / "index.html",
        out / "en" / f"{STEM}.pdf",
        out / f"{STEM}-bilingual.pdf",
    ]
    assert all(path.is_file() for path in result.outputs)
    assert result.warnings == []


def test_each_page_and_pdf_is_in_its_own_language(built, html_text, pdf_text):
    out, _ = built
    welsh_page, english_page = html_text(out / "index.html"), html_text(out / "en" / "index.html")
    # In print, headings such as the contents' are set in capitals (CYNNWYS): compared caseless.
    welsh_pdf = pdf_text(out / f"{STEM}.pdf").casefold()
    english_pdf = pdf_text(out / "en" / f"{STEM}.pdf").casefold()
    welsh_page, english_page = welsh_page.casefold(), english_page.casefold()
    for words in map(str.casefold, WELSH):
        assert words in welsh_page and words in welsh_pdf
        assert words not in english_page and words not in english_pdf
    for words in map(str.casefold, ENGLISH):
        assert words in english_page and words in english_pdf
        assert words not in welsh_page and words not in welsh_pdf
    assert '<html lang="cy-GB">' in (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "tudalen 1 o" in welsh_pdf and "page 1 of" in english_pdf


def test_hreflang_both_ways(built):
    out, _ = built
    assert _alternates(out / "index.html") == {"cy-GB": "index.html", "en-GB": "en/index.html"}
    assert _alternates(out / "en" / "index.html") == {
        "cy-GB": "../index.html",
        "en-GB": "index.html",
    }
    for page, target in [(out / "index.html", "en-GB"), (out / "en" / "index.html", "cy-GB")]:
        href = _alternates(page)[target]
        assert (page.parent / href).resolve().is_file()


def test_the_switch_names_the_other_language_in_that_language(built):
    out, _ = built
    welsh = (out / "index.html").read_text(encoding="utf-8")
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<nav class="language-switch screen-only" aria-label="Iaith">' in welsh
    assert '<a href="en/index.html" hreflang="en-GB" lang="en-GB" data-keep-place>English</a>' in (
        welsh
    )
    assert '<nav class="language-switch screen-only" aria-label="Language">' in english
    assert (
        '<a href="../index.html" hreflang="cy-GB" lang="cy-GB" data-keep-place>Cymraeg</a>'
        in english
    )


def test_the_switch_lands_on_the_same_section(built, chromium):
    out, _ = built
    page = chromium.new_page(viewport={"width": 1000, "height": 700})
    try:
        page.goto((out / "index.html").as_uri())
        anchor = page.locator("main h2", has_text="Beth fyddwn ni'n ei wneud").get_attribute("id")
        page.evaluate(f"document.getElementById('{anchor}').scrollIntoView()")
        page.click("nav.language-switch a")
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/en/index.html#{anchor}")
        heading = page.locator(f"#{anchor}")
        assert heading.inner_text() == "What we will do"
        top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
        assert -1 < top < 100  # at the top (less a fraction of a pixel, rounding)
        # and back again, from the English page to the Welsh one, to the same section
        page.click("nav.language-switch a")
        page.wait_for_load_state("load")
        assert re.search(rf"/{STEM}/index\.html#{anchor}$", page.url)
    finally:
        page.close()


# ---------------------------------------------------------------- the bilingual PDF


def _effective_languages(path: Path) -> dict[str, str]:
    """The text of every structure element that holds text, with the language it is in:
    its own /Lang, else its nearest ancestor's, else the document's."""
    from scrnews.audit.pdf_struct import TextReader, walk

    with pikepdf.open(path) as pdf:
        document = str(pdf.Root.Lang)
        nodes = walk(pdf)
        reader = TextReader()
        found: dict[str, str] = {}
        for node in nodes:
            if node.tag not in ("P", "H1", "H2", "H3", "LBody", "TD", "TH", "Lbl", "Span"):
                continue
            text = " ".join(reader.text(node).split())
            if text:
                found[text] = _language(node.elem, document)
        return found


def _language(elem, document: str) -> str:
    while elem is not None and "/S" in elem:
        if "/Lang" in elem:
            return str(elem.Lang)
        elem = elem.get("/P")
    return document


def test_every_passage_of_the_bilingual_pdf_is_tagged_with_its_language(built):
    out, _ = built
    texts = _effective_languages(out / f"{STEM}-bilingual.pdf")
    # Headings set in capitals in print (CYNNWYS) are compared caseless.
    for words in WELSH:
        (language,) = {lang for text, lang in texts.items() if words.upper() in text.upper()}
        assert language == "cy-GB", words
    for words in ENGLISH:
        (language,) = {lang for text, lang in texts.items() if words.upper() in text.upper()}
        assert language == "en-GB", words
    with pikepdf.open(out / f"{STEM}-bilingual.pdf") as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
        tagged = {
            str(obj.Lang)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary)
            and obj.get("/Type") == "/StructElem"
            and "/Lang" in obj
        }
    assert tagged == {"cy-GB", "en-GB"}


def test_the_bilingual_pdf_has_both_contents_and_both_sets_of_bookmarks(built):
    from pypdf import PdfReader

    out, _ = built
    path = out / f"{STEM}-bilingual.pdf"
    reader = PdfReader(path)
    titles: dict[str, int] = {}

    def visit(outline):
        for item in outline:
            if isinstance(item, list):
                visit(item)
            else:
                titles[item.title] = reader.get_destination_page_number(item)

    visit(reader.outline)
    for words in [
        "Gair gan y Cadeirydd",
        "From the Chair",
        "Beth fyddwn ni'n ei wneud",
        "What we will do",
    ]:
        assert words in titles, titles
    with pikepdf.open(path) as pdf:
        names = pdf.Root.Names.Dests
        known = (
            dict(zip(names.Names[::2], names.Names[1::2], strict=True)) if "/Names" in names else {}
        )
        if not known:  # a tree with kids
            for kid in names.Kids:
                known.update(zip(kid.Names[::2], kid.Names[1::2], strict=True))
        targets = [
            str(annot.Dest)
            for page in pdf.pages
            for annot in page.obj.get("/Annots", [])
            if "/Dest" in annot
        ]
    # every contents entry of both languages links to a destination in the PDF
    for prefix in ("cy-", "en-"):
        mine = [t for t in targets if t.startswith(prefix)]
        assert len(mine) >= 5, targets
        assert all(pikepdf.String(t) in known for t in mine)


# ---------------------------------------------------------------- missing translations


BILINGUAL = """\
board: {name: Bwrdd Diogelu}
language: [cy-GB, en-GB]
number: 1
date: 2024-06
status: %s
body:
  - type: text
    heading:
      cy: Croeso
      en: Welcome
    text:
      cy: Croeso i'r rhifyn hwn.
  - type: text
    heading:
      cy: Dysgu
      en: Learning
    text: Written once, in one language.
"""


def test_a_text_missing_in_one_language_is_an_error_at_its_field(
    write_issue, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    path = write_issue(BILINGUAL % "published")
    with pytest.raises(ValidationError) as caught:
        build_issue(path, tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [
        "issue.yaml:12:7: body[0].text: there is Welsh (cy) but no English (en). Write the "
        "English under en: beside cy: (a draft may be built without it: scrnews build "
        "--allow-untranslated)",
        "issue.yaml:17:11: body[1].text: this issue is in Welsh and English, but this text is "
        "written once. Write it in each language:  text: {cy: …, en: …}  (a draft may be built "
        "without the translation: scrnews build --allow-untranslated)",
    ]
    assert not (tmp_path / "out").exists()


def test_a_draft_may_be_built_without_its_translations(
    write_issue, tmp_path, monkeypatch, html_text
):
    monkeypatch.chdir(tmp_path)
    path = write_issue(BILINGUAL % "draft")
    result = build_issue(path, tmp_path / "out", formats=("html",), allow_untranslated=True)
    english = html_text(tmp_path / "out" / "issue" / "en" / "index.html")
    assert "Welcome Croeso i'r rhifyn hwn." in english  # the Welsh shown where English is missing
    assert result.html == tmp_path / "out" / "issue" / "index.html"


def test_only_a_draft_may_be_built_without_its_translations(write_issue, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_issue(BILINGUAL % "published")
    with pytest.raises(ValidationError) as caught:
        build_issue(path, tmp_path / "out", allow_untranslated=True)
    assert str(caught.value.problems[-1]) == (
        "issue.yaml:5:9: status: --allow-untranslated builds only a draft (status: draft) with "
        "missing translations; a published issue must have every text in each of its languages"
    )


def test_names_addresses_and_numbers_are_written_once(make_issue, tmp_path):
    path = make_issue(
        language=["cy-GB", "en-GB"],
        board={"name": "Bwrdd Diogelu Cwm", "email": "dysgu@bwrdd.cymru"},
        body=[
            {
                "type": "contacts",
                "heading": {"cy": "Cysylltu", "en": "Contact"},
                "people": [{"name": "Owain Bowen", "phone": "01632 960520"}],
            }
        ],
    )
    result = build_issue(path, tmp_path / "out", formats=("html",))
    assert "Owain Bowen" in result.html.read_text(encoding="utf-8")
    assert "Owain Bowen" in (result.html.parent / "en" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- audited like any page


def test_both_pages_and_every_pdf_pass_the_audit(built, chromium, need_tool):
    from scrnews.audit import ToolMissing
    from scrnews.audit.run import run_audit

    out, _ = built
    report = run_audit(out.parent, chromium=chromium)
    if report.missing:
        need_tool(ToolMissing("\n".join(report.missing)))
    assert {out / "index.html", out / "en" / "index.html"} <= set(report.pages)
    assert len(report.pdfs) == 3
    assert report.problems == [], "\n".join(map(str, report.problems))


# ---------------------------------------------------------------- the archive in each language


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The bilingual example, newest, and the Welsh one, built as an archive."""
    from scrnews.archive.build import build_all

    project = tmp_path_factory.mktemp("archive")
    (project / "issues").mkdir()
    for name in (EXAMPLE.name, "cwm-aderyn-haf-2024.yaml"):
        shutil.copy(ROOT / "examples" / "issues" / name, project / "issues" / name)
    result = build_all([project / "issues"], project / "out", jobs=1, formats=("html",))
    assert result.count("failed") == 0, result.problems
    return project / "out"


def test_the_archive_index_and_feed_exist_in_each_language_and_name_each_other(archive):
    import xml.etree.ElementTree as ET

    assert _alternates(archive / "index.html") == {
        "cy-GB": "index.html",
        "en-GB": "en/index.html",
    }
    assert _alternates(archive / "en" / "index.html") == {
        "cy-GB": "../index.html",
        "en-GB": "index.html",
    }
    atom = "{http://www.w3.org/2005/Atom}"
    for feed, other, language in [
        (archive / "feed.xml", "en/feed.xml", "cy-GB"),
        (archive / "en" / "feed.xml", "../feed.xml", "en-GB"),
    ]:
        root = ET.parse(feed).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        links = [link.attrib for link in root.findall(f"{atom}link")]
        assert {"rel": "alternate", "href": other, "type": "application/atom+xml"}.items() <= {
            **links[-1]
        }.items()
        assert (feed.parent / other).is_file()


def test_each_archive_lists_the_issue_in_its_language(archive, html_text):
    welsh, english = html_text(archive / "index.html"), html_text(archive / "en" / "index.html")
    assert "Gwrando ar dadau" in welsh and "Listening to fathers" not in welsh
    assert "Listening to fathers" in english and "Gwrando ar dadau" not in english
    page = (archive / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../glannau-2024-q3/en/">Listening to fathers</a>' in page
    # an issue with no English edition is listed as it is, marked as Welsh
    assert '<li lang="cy-GB">' in page and '<a href="../cwm-aderyn-haf-2024/">' in page


def test_the_english_page_links_to_the_english_archive(archive):
    page = (archive / STEM / "en" / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="../../en/">All issues</a></li>' in page
    welsh = (archive / STEM / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="../">Pob rhifyn</a></li>' in welsh


def test_check_reads_every_language(write_issue, tmp_path, monkeypatch):
    from scrnews.checks.run import check_files

    monkeypatch.chdir(tmp_path)
    write_issue(
        "board: {name: Bwrdd}\nlanguage: [cy-GB, en-GB]\nnumber: 1\ndate: 2024-06\nbody:\n"
        "  - type: text\n    text:\n      cy: Croeso.\n      en: Welcome. TODO\n"
    )
    report = check_files(["issue.yaml"])
    assert [str(f).split(": ", 1)[0] for f in report.findings] == ["issue.yaml:9:20"]
    assert report.findings[0].code == "T201"


@pytest.mark.parametrize("written", ["[]", "[cy-GB]", "[cy-GB, cy]", "[cy-GB, fr-FR]"])
def test_a_list_of_languages_must_name_two(write_issue, tmp_path, monkeypatch, written):
    monkeypatch.chdir(tmp_path)
    path = write_issue(f"board: {{name: Bwrdd}}\nlanguage: {written}\nnumber: 1\ndate: 2024-06\n")
    with pytest.raises(ValidationError) as caught:
        build_issue(path, tmp_path / "out", formats=("html",))
    (problem,) = caught.value.problems
    assert str(problem).startswith("issue.yaml:2:11: language: ")
    assert str(problem).endswith(
        "is not two languages. Write one language (en-GB or cy-GB), or both, the issue's own "
        "first: [cy-GB, en-GB]"
    )


def test_an_archive_makes_the_bilingual_pdfs_in_forked_workers_byte_for_byte(tmp_path):
    """--jobs 2 (the PDFs in worker processes forked from one render process) writes the bytes
    --jobs 1 writes: each edition's PDF and the bilingual one, back to back and side by side."""
    from processes import Run

    (tmp_path / "issues").mkdir()
    shutil.copy(ROOT / "examples" / "scrnews.yaml", tmp_path / "scrnews.yaml")
    for name in (EXAMPLE.name, "cwm-aderyn-haf-2024.yaml"):
        shutil.copy(ROOT / "examples" / "issues" / name, tmp_path / "issues" / name)
    sites = {}
    for jobs, layout in [("1", "back-to-back"), ("2", "back-to-back"), ("2", "side-by-side")]:
        out = f"out-{jobs}-{layout}"
        run = Run(["build", "--jobs", jobs, "--bilingual", layout, "--out", out], tmp_path)
        assert run.wait() == 0, run.stderr
        sites[jobs, layout] = {
            p.relative_to(tmp_path / out).as_posix(): p.read_bytes()
            for p in sorted((tmp_path / out).rglob("*"))
            if p.is_file()
        }
    one = sites["1", "back-to-back"]
    pdfs = [f"{STEM}/{STEM}.pdf", f"{STEM}/en/{STEM}.pdf", f"{STEM}/{STEM}-bilingual.pdf"]
    assert all(one[name].startswith(b"%PDF") for name in pdfs)
    assert "cwm-aderyn-haf-2024/cwm-aderyn-haf-2024.pdf" in one
    assert sites["2", "back-to-back"] == one
    side = sites["2", "side-by-side"]
    assert side[f"{STEM}/{STEM}-bilingual.pdf"] != one[f"{STEM}/{STEM}-bilingual.pdf"]
    assert side[f"{STEM}/en/{STEM}.pdf"].startswith(b"%PDF")
