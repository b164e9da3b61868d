"""PDF/UA-1 checks of one PDF with pikepdf, optionally against the HTML it came from."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from scrnews.audit.glyph_checks import check_glyphs
from scrnews.audit.outline import describe, read_outline, tighten
from scrnews.audit.pdf_struct import Node, TextReader, object_refs, walk
from scrnews.audit.problem import Problem, ToolMissing, found_by, wcag

log = logging.getLogger(__name__)

TAGGED = "PDF/UA 7.1 Tagged PDF"
TITLE = "PDF/UA 7.1 Document title"
IDENTIFICATION = "PDF/UA 5 Identification"
LANGUAGE = "PDF/UA 7.2 Natural language"
GRAPHICS = "PDF/UA 7.3 Graphics"
HEADINGS = "PDF/UA 7.4.2 Headings"
LISTS = "PDF/UA 7.6 Lists"
TAB_ORDER = "PDF/UA 7.18.3 Tab order"
LINKS = "PDF/UA 7.18.5 Links"
FONTS = "PDF/UA 7.21.4.1 Font embedding"
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
DC_NS = "http://purl.org/dc/elements/1.1/"
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
PIKEPDF_HINT = (
    "The PDF checks need the 'pikepdf' Python package: pip install 'scrnews[audit]' "
    "(or pip install 'pikepdf>=9')."
)
#: A list is recognised in the PDF by the start of its text (spaces and hyphens dropped).
LIST_PREFIX = 30


def check_pdf(path: str | Path, html: str | Path | None = None) -> list[Problem]:
    """Check one PDF for PDF/UA-1 basics; compare headings and lists with html if given."""
    try:
        import pikepdf
    except ImportError as exc:
        raise ToolMissing(PIKEPDF_HINT) from exc

    name = str(path)
    with pikepdf.open(path) as pdf:
        problems = check_catalog(pdf, name) + check_metadata(pdf, name) + check_fonts(pdf, name)
        problems += check_glyphs(pdf, name)
        if "/StructTreeRoot" not in pdf.Root:
            problems.append(
                Problem(name, "catalog", TAGGED, "no /StructTreeRoot: the PDF is not tagged")
            )
            return found_by("PDF structure", problems)
        nodes = walk(pdf)
        problems += check_figures(nodes, name) + check_links(pdf, nodes, name)
        problems += check_heading_levels(nodes, name)
        if html is not None:
            outline = read_outline(html)
            problems += check_lists(nodes, outline.list_texts, name)
            problems += check_headings(nodes, outline.headings, name)
    return found_by("PDF structure", problems)


def check_catalog(pdf, name: str) -> list[Problem]:
    """Check /Lang, /MarkInfo /Marked and /ViewerPreferences /DisplayDocTitle."""
    root = pdf.Root
    problems = []
    if not str(root.get("/Lang", "")).strip():
        problems.append(Problem(name, "catalog", LANGUAGE, "no /Lang in the document catalog"))
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append(Problem(name, "catalog", TAGGED, "/MarkInfo /Marked is not true"))
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append(
            Problem(name, "catalog", TITLE, "/ViewerPreferences /DisplayDocTitle is not true")
        )
    return problems


def check_metadata(pdf, name: str) -> list[Problem]:
    """Check the XMP metadata declares PDF/UA-1 (pdfuaid:part = 1) and a dc:title."""
    if "/Metadata" not in pdf.Root:
        return [Problem(name, "XMP metadata", IDENTIFICATION, "no XMP metadata stream")]
    try:
        xmp = ET.fromstring(pdf.Root.Metadata.read_bytes())
    except ET.ParseError as exc:
        return [Problem(name, "XMP metadata", IDENTIFICATION, f"XMP metadata is not XML: {exc}")]
    problems = []
    if _xmp_value(xmp, PDFUA_NS, "part") != "1":
        problems.append(
            Problem(
                name,
                "XMP metadata",
                IDENTIFICATION,
                "XMP metadata does not declare pdfuaid:part = 1",
            )
        )
    if not _xmp_value(xmp, DC_NS, "title"):
        problems.append(Problem(name, "XMP metadata", TITLE, "XMP metadata has no dc:title"))
    return problems


def _xmp_value(xmp: ET.Element, namespace: str, local: str) -> str:
    """Find a property written either as an attribute or as an element; return its text."""
    key = f"{{{namespace}}}{local}"
    for element in xmp.iter():
        if key in element.attrib:
            return element.attrib[key].strip()
        if element.tag == key:
            return " ".join("".join(element.itertext()).split())
    return ""


def check_fonts(pdf, name: str) -> list[Problem]:
    """Check every font used on a page (or in its form XObjects) is embedded."""
    problems = []
    for font in _fonts(pdf):
        if font.get("/Subtype") == "/Type3":
            continue  # glyphs are content streams inside the PDF
        described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
        descriptor = described.get("/FontDescriptor", {})
        if not any(key in descriptor for key in FONT_FILES):
            base = str(font.get("/BaseFont", "/?"))[1:]
            problems.append(Problem(name, f"font {base}", FONTS, "font program is not embedded"))
    return problems


def _fonts(pdf) -> list:
    """List each font dictionary once, following form XObjects' resources."""
    fonts, seen_fonts, seen_resources = [], set(), set()
    queue = [page.obj.get("/Resources") for page in pdf.pages]
    while queue:
        resources = queue.pop()
        if resources is None or resources.objgen in seen_resources and resources.objgen != (0, 0):
            continue
        seen_resources.add(resources.objgen)
        for font in resources.get("/Font", {}).values():
            if font.objgen == (0, 0) or font.objgen not in seen_fonts:
                seen_fonts.add(font.objgen)
                fonts.append(font)
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                queue.append(xobject.get("/Resources"))
    return fonts


def check_figures(nodes: list[Node], name: str) -> list[Problem]:
    """Check every Figure element carries alternative text in /Alt."""
    return [
        Problem(name, node.where(), GRAPHICS, "Figure has no /Alt text")
        for node in nodes
        if node.tag == "Figure" and not str(node.elem.get("/Alt", "")).strip()
    ]


def check_links(pdf, nodes: list[Node], name: str) -> list[Problem]:
    """Check each Link annotation is tagged by a Link element and has a description."""
    owners = {}
    for node in nodes:
        if node.tag == "Link":
            for obj in object_refs(node):
                owners[obj.objgen] = node
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            where = f"Link annotation (page {number}){_target(annot)}"
            node = owners.get(annot.objgen)
            if node is None:
                problems.append(
                    Problem(
                        name,
                        where,
                        LINKS,
                        "annotation is not referenced by a Link structure element",
                    )
                )
            elif (
                not str(annot.get("/Contents", "")).strip()
                and not str(node.elem.get("/Alt", "")).strip()
            ):
                problems.append(
                    Problem(name, where, LINKS, "link has no description (/Contents or /Alt)")
                )
        if "/Annots" in page.obj and page.obj.get("/Tabs") != "/S":
            problems.append(
                Problem(
                    name, f"page {number}", TAB_ORDER, "page with annotations does not set /Tabs /S"
                )
            )
    return problems


def _target(annot) -> str:
    """Name where a link annotation goes, to help find it."""
    uri = annot.get("/A", {}).get("/URI")
    return f" to {uri}" if uri is not None else ""


def check_lists(nodes: list[Node], html_lists: list[tuple[str, str]], name: str) -> list[Problem]:
    """Check each HTML list that reaches the PDF is tagged L, and every L is built of LI items.

    A list whose text is nowhere in the PDF (hidden in print, like a screen-only menu) is
    not asked for; one whose text is there but outside any L is reported.
    """
    reader = TextReader()
    tagged = [tighten(reader.text(node)) for node in nodes if node.tag == "L"]
    printed = tighten(" ".join(reader.text(node) for node in nodes if "/" not in node.path))
    problems = []
    for tag, text in html_lists:
        start = tighten(text)[:LIST_PREFIX]
        if start and start in printed and not any(start in listed for listed in tagged):
            problems.append(
                Problem(
                    name,
                    describe(tag, text),
                    LISTS,
                    "this list is in the PDF but not tagged as a list (L with LI items), "
                    "so a screen reader does not announce it as one",
                )
            )
    for node in nodes:
        if node.tag != "L":
            continue
        wrong = sorted({kid.tag for kid in node.kids} - {"LI", "Caption", "L"})
        if wrong:
            problems.append(
                Problem(name, node.where(), LISTS, f"L contains {', '.join(wrong)} instead of LI")
            )
    return problems


def check_headings(nodes: list[Node], html: list[tuple[int, str]], name: str) -> list[Problem]:
    """Check H1..H6 in structure order match the HTML's h1..h6 in source order."""
    reader = TextReader()
    pdf = [
        (int(node.tag[1]), reader.text(node), node)
        for node in nodes
        if re.fullmatch(r"H[1-6]", node.tag)
    ]
    criterion = wcag("1.3.1")
    if [level for level, _, _ in pdf] != [level for level, _ in html]:
        return [
            Problem(
                name,
                "structure tree",
                criterion,
                f"PDF heading levels {_levels(pdf)} differ from the HTML's {_levels(html)}",
            )
        ]
    return [
        Problem(
            name, node.where(), criterion, f"PDF heading text {text!r} differs from HTML {want!r}"
        )
        for (_, text, node), (_, want) in zip(pdf, html, strict=True)
        if text and _squash(text) != _squash(want)
    ]


def check_heading_levels(nodes: list[Node], name: str) -> list[Problem]:
    """Check headings start at H1 and never skip a level on the way down (H2 then H4)."""
    reader, problems, previous = TextReader(), [], 0
    for node in nodes:
        if not re.fullmatch(r"H[1-6]", node.tag):
            continue
        level = int(node.tag[1])
        if level > previous + 1:
            after = f"follows H{previous}" if previous else "is the first heading"
            text = " ".join(reader.text(node).split())
            problems.append(
                Problem(
                    name,
                    node.where(),
                    HEADINGS,
                    f"H{level} {text!r} {after}: a heading level is skipped "
                    f"(use H{previous + 1}, or restyle the heading instead of changing its level)",
                )
            )
        previous = level
    return problems


def _levels(headings: list[tuple]) -> str:
    """Write heading levels compactly, e.g. h1 h2 h3."""
    return " ".join(f"h{item[0]}" for item in headings) or "(none)"


def _squash(text: str) -> str:
    """Normalise text for comparison: CSS may change case and hyphenate or wrap lines."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text).casefold()
