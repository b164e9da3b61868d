"""PDF/UA checks on PDFs that WeasyPrint makes from the fixtures."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from scrnews.audit import audit_pdf
from scrnews.audit.pdf_checks import check_pdf
from scrnews.audit.pdf_struct import parse_to_unicode

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good.html"


def summary(problems):
    return [(p.element, p.criterion, p.message) for p in problems]


def edit(pdf_path, change):
    """Open a PDF, let change() alter it, save it back."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(pdf_path)
    return pdf_path


def test_good_pdf_has_no_problems(make_pdf):
    assert check_pdf(make_pdf("good.html"), GOOD) == []


def test_image_without_alt_is_a_figure_without_alt(make_pdf):
    pdf = make_pdf("img-no-alt.html")
    assert summary(check_pdf(pdf, FIXTURES / "img-no-alt.html")) == [
        ("Document/Part/P/Figure (page 1)", "PDF/UA 7.3 Graphics", "Figure has no /Alt text"),
    ]


def test_untagged_pdf_has_no_structure_tree(make_pdf):
    problems = summary(check_pdf(make_pdf("good.html", variant=None), GOOD))
    assert ("catalog", "PDF/UA 7.1 Tagged PDF", "no /StructTreeRoot: the PDF is not tagged") in (
        problems
    )
    assert ("XMP metadata", "PDF/UA 5 Identification", "no XMP metadata stream") in problems


def test_catalog_needs_language_and_title_display(make_pdf):
    def strip(pdf):
        del pdf.Root.Lang
        del pdf.Root.ViewerPreferences

    pdf = edit(make_pdf("good.html"), strip)
    assert summary(check_pdf(pdf)) == [
        ("catalog", "PDF/UA 7.2 Natural language", "no /Lang in the document catalog"),
        ("catalog", "PDF/UA 7.1 Document title", "/ViewerPreferences /DisplayDocTitle is not true"),
    ]


def test_metadata_must_declare_pdf_ua(make_pdf):
    def forget(pdf):
        xmp = pdf.Root.Metadata.read_bytes().replace(b'pdfuaid:part="1"', b"")
        pdf.Root.Metadata.write(xmp)

    pdf = edit(make_pdf("good.html"), forget)
    assert summary(check_pdf(pdf)) == [
        (
            "XMP metadata",
            "PDF/UA 5 Identification",
            "XMP metadata does not declare pdfuaid:part = 1",
        ),
    ]


def first_link(pdf):
    return next(a for a in pdf.pages[0].Annots if a.Subtype == "/Link")


def test_link_needs_a_description(make_pdf):
    pdf = edit(make_pdf("good.html"), lambda pdf: first_link(pdf).__delitem__("/Contents"))
    ((element, criterion, message),) = summary(check_pdf(pdf))
    assert element.startswith("Link annotation (page 1)")
    assert (criterion, message) == (
        "PDF/UA 7.18.5 Links",
        "link has no description (/Contents or /Alt)",
    )


def test_link_must_be_tagged(make_pdf):
    def untag(pdf):
        link = first_link(pdf)
        holder = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link)
        for key, value in link.items():
            holder[key] = value
        pdf.pages[0].Annots[list(pdf.pages[0].Annots).index(link)] = pdf.make_indirect(holder)

    pdf = edit(make_pdf("good.html"), untag)
    ((element, criterion, message),) = summary(check_pdf(pdf))
    assert criterion == "PDF/UA 7.18.5 Links"
    assert message == "annotation is not referenced by a Link structure element"


def test_fonts_must_be_embedded(tmp_path):
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
    pdf.save(tmp_path / "helvetica.pdf")
    problems = summary(check_pdf(tmp_path / "helvetica.pdf"))
    assert ("font Helvetica", "PDF/UA 7.21.4.1 Font embedding", "font program is not embedded") in (
        problems
    )


def test_headings_must_match_the_html(make_pdf):
    problems = summary(check_pdf(make_pdf("good.html"), FIXTURES / "skipped-heading.html"))
    assert problems == [
        (
            "structure tree",
            "WCAG 1.3.1 Info and Relationships",
            "PDF heading levels h1 h2 h3 h2 differ from the HTML's h1 h3",
        ),
    ]


def test_heading_text_must_match_the_html(make_pdf, tmp_path):
    html = tmp_path / "index.html"
    html.write_text(GOOD.read_text().replace("Out of hours", "Out of office"))
    assert summary(check_pdf(make_pdf("good.html"), html)) == [
        (
            "Document/Part/H3 (page 1)",
            "WCAG 1.3.1 Info and Relationships",
            "PDF heading text 'Out of hours' differs from HTML 'Out of office'",
        ),
    ]


def test_heading_case_and_wrapping_are_ignored(make_pdf, tmp_path):
    styled = GOOD.read_text().replace(
        "</head>", "<style>h2 { text-transform: uppercase }</style></head>"
    )
    pdf = make_pdf("styled.html", html=styled)
    assert check_pdf(pdf, GOOD) == []


def test_lists_must_be_tagged(make_pdf, tmp_path):
    # The PDF shows the words as a paragraph; the HTML has them as a list.
    extra = "Extra leaflets for carers"
    pdf = make_pdf("plain.html", html=GOOD.read_text().replace("</main>", f"<p>{extra}</p></main>"))
    html = tmp_path / "index.html"
    html.write_text(GOOD.read_text().replace("</main>", f"<ul><li>{extra}</li></ul></main>"))
    assert summary(check_pdf(pdf, html)) == [
        (
            f'ul "{extra}"',
            "PDF/UA 7.6 Lists",
            "this list is in the PDF but not tagged as a list (L with LI items), "
            "so a screen reader does not announce it as one",
        ),
    ]


def test_lists_hidden_in_print_are_not_asked_for(make_pdf, tmp_path):
    html = tmp_path / "index.html"
    menu = "<ul><li>Screen-only menu</li></ul></main>"
    html.write_text(GOOD.read_text().replace("</main>", menu))
    assert check_pdf(make_pdf("good.html"), html) == []


def test_audit_pdf_pairs_each_pdf_with_its_index_html(make_pdf, tmp_path):
    issue = tmp_path / "out" / "issue-1"
    issue.mkdir(parents=True)
    pdf = make_pdf("good.html").rename(issue / "issue-1.pdf")
    (issue / "index.html").write_text(
        GOOD.read_text().replace("<h3>", "<h4>").replace("</h3>", "</h4>")
    )
    (problem,) = audit_pdf([pdf])
    assert problem.page == str(pdf)
    assert "differ from the HTML's h1 h2 h4 h2" in problem.message


@pytest.mark.parametrize(
    ("cmap", "expected"),
    [
        (b"1 beginbfchar\n<0003> <0020>\nendbfchar", {b"\x00\x03": " "}),
        (
            b"1 beginbfrange\n<0041> <0043> <0061>\nendbfrange",
            {b"\x00\x41": "a", b"\x00\x42": "b", b"\x00\x43": "c"},
        ),
        (
            b"1 beginbfrange\n<01> <02> [<0066006C> <0066>]\nendbfrange",
            {b"\x01": "fl", b"\x02": "f"},
        ),
    ],
)
def test_to_unicode_cmap(cmap, expected):
    assert parse_to_unicode(cmap) == expected


def test_cyclic_structure_tree_still_ends(make_pdf):
    def loop(pdf):
        document = (
            pdf.Root.StructTreeRoot.K[0]
            if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array)
            else pdf.Root.StructTreeRoot.K
        )
        first = document.K[0]
        first.K.append(document)

    pdf = edit(make_pdf("good.html"), loop)
    assert check_pdf(pdf, GOOD) == []


# ---------------------------------------------------------------- glyphs a reader cannot read


def test_a_notdef_glyph_is_an_empty_box_the_audit_names():
    # The fixture is committed: a machine's fonts decide what WeasyPrint falls back to.
    problems = summary(check_pdf(FIXTURES / "notdef.pdf"))
    assert problems == [
        (
            "font DIZWOS+Latin-Only",
            "PDF/UA 7.21.8 .notdef glyph",
            "1 character(s) drawn as .notdef, an empty box: '\\ue000' (U+E000). "
            "The font has no glyph for them; use one that has",
        )
    ]


def test_text_without_unicode_mapping_is_reported(make_pdf):
    def drop_to_unicode(pdf):
        for font in pdf.pages[0].Resources.Font.values():
            del font["/ToUnicode"]

    pdf = edit(make_pdf("good.html"), drop_to_unicode)
    found = [p for p in check_pdf(pdf) if p.criterion == "PDF/UA 7.21.7 Unicode character maps"]
    assert found
    assert "shown with no Unicode text in /ToUnicode" in found[0].message
    assert "a screen reader, search and copy-paste get nothing for them" in found[0].message


def test_a_welsh_pdf_has_no_unreadable_glyphs(tmp_path):
    from scrnews.build import build_issue

    issue = tmp_path / "cy.yaml"
    issue.write_text(
        "board: {name: Bwrdd}\nnumber: 1\ndate: 2024-06\nlanguage: cy-GB\nbody:\n"
        "  - {type: text, heading: Dŵr a thŷ, text: 'Ŵŵ Ŷŷ Ẁẁ Ẃẃ Ẅẅ Ỳỳ ‘dyfyniad’'}\n",
        encoding="utf-8",
    )
    result = build_issue(issue, tmp_path / "out")
    assert check_pdf(result.pdf) == []
