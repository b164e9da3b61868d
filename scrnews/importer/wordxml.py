"""What python-docx gives no access to, read from the XML elements it hands us.

python-docx reads paragraphs, runs, hyperlinks, tables, cells, styles and pictures' bytes;
it has no API for list numbering, footnotes, text boxes, a picture's description, cell
shading, content controls or tracked insertions. Those few questions are answered here, by
XPath on python-docx's own elements (parsed by python-docx, with entities never resolved),
so the rest of the importer deals only in python-docx objects and plain values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsmap, qn

NS = {
    **nsmap,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"

W_P, W_TBL, W_SDT, W_R = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:r")


@lru_cache(maxsize=256)
def _compiled(path: str) -> Any:
    from lxml import etree

    return etree.XPath(path, namespaces=NS)


def xpath(element: Any, path: str) -> Any:
    """lxml XPath with the namespaces Word uses (compiled once per expression)."""
    return _compiled(path)(element)


def val(element: Any, path: str) -> str | None:
    """The w:val of the first element at path, or None."""
    found = xpath(element, path)
    return found[0].get(qn("w:val")) if found else None


# ---------------------------------------------------------------- the body, in order


def body_elements(container: Any) -> Iterator[Any]:
    """The w:p and w:tbl elements of a body or cell in order, looking inside content controls
    (python-docx's iter_inner_content skips them); a table of contents is skipped whole."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            if is_contents(child):
                yield child  # the caller reports it
                continue
            for content in xpath(child, "w:sdtContent"):
                yield from body_elements(content)


def is_contents(sdt: Any) -> bool:
    """True for Word's table of contents (a content control from the 'Table of Contents' gallery)."""
    gallery = xpath(sdt, "w:sdtPr/w:docPartObj/w:docPartGallery/@w:val")
    return bool(gallery) and "contents" in str(gallery[0]).lower()


# ---------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Level:
    """One level of a Word list: its number format (decimal, lowerLetter, bullet...) and start."""

    fmt: str
    start: int


@dataclass
class Numbering:
    """The document's list definitions, and the running count of every list while it is read.

    Word counts each list (a w:num) on from where it stopped, whatever comes between, and
    restarts the deeper levels when a shallower one goes on: the importer asks `next` in
    document order and gets the number Word shows.
    """

    element: Any = None
    counts: dict[str, list[int]] = field(default_factory=dict)
    _levels: dict[tuple[str, int], Level] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> Level:
        key = (num_id, ilvl)
        if key not in self._levels:
            self._levels[key] = self._find(num_id, ilvl)
        return self._levels[key]

    def _find(self, num_id: str, ilvl: int) -> Level:
        if self.element is None:
            return Level("decimal", 1)
        nums = xpath(self.element, f'w:num[@w:numId="{int(num_id)}"]')
        if not nums:
            return Level("none", 1)
        override = xpath(nums[0], f'w:lvlOverride[@w:ilvl="{ilvl}"]')
        start_override = val(override[0], "w:startOverride") if override else None
        abstract = val(nums[0], "w:abstractNumId")
        lvls = xpath(override[0], "w:lvl") if override else []
        if not lvls and abstract is not None:
            definition = xpath(self.element, f'w:abstractNum[@w:abstractNumId="{int(abstract)}"]')
            if definition:
                linked = val(definition[0], "w:numStyleLink")
                lvls = xpath(definition[0], f'w:lvl[@w:ilvl="{ilvl}"]') or (
                    [] if linked else xpath(definition[0], 'w:lvl[@w:ilvl="0"]')
                )
        fmt = (val(lvls[0], "w:numFmt") if lvls else None) or "decimal"
        start = start_override or (val(lvls[0], "w:start") if lvls else None) or "1"
        return Level(fmt, int(start))

    def next(self, num_id: str, ilvl: int) -> int:
        """The number Word gives the next item of list num_id at level ilvl."""
        counts = self.counts.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        start = self.level(num_id, ilvl).start
        counts[ilvl] = start if counts[ilvl] == 0 else counts[ilvl] + 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        return counts[ilvl]


def numbering_of(document: Any) -> Numbering:
    try:
        return Numbering(document.part.numbering_part.element)
    except (KeyError, NotImplementedError):  # no numbering part: no lists
        return Numbering()


def num_pr(paragraph: Any, style: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph in a list, from its own properties or its style's."""
    found = xpath(paragraph._p, "w:pPr/w:numPr")
    while not found and style is not None:
        found = xpath(style.element, "w:pPr/w:numPr")
        style = style.base_style
    if not found:
        return None
    num_id = val(found[0], "w:numId")
    if num_id is None or num_id == "0":  # numId 0 switches numbering off
        return None
    return num_id, int(val(found[0], "w:ilvl") or 0)


# ---------------------------------------------------------------- notes


def notes(document: Any, relationship: str) -> dict[str, tuple[Any, Any]]:
    """Footnote (or endnote) id -> (its XML, the part it is in), for the notes a reader sees."""
    for rel in document.part.rels.values():
        if rel.reltype == relationship and not rel.is_external:
            part = rel.target_part
            root = parse_xml(part.blob)
            return {
                note.get(qn("w:id")): (note, part)
                for note in root
                if note.get(qn("w:type")) in (None, "normal")
            }
    return {}


# ---------------------------------------------------------------- runs


def visible_children(element: Any) -> Iterator[Any]:
    """Children as Word shows them: inside insertions, smart tags and content controls;
    not deleted text, nor the second copy of an mc:AlternateContent (its Fallback)."""
    for child in element:
        tag = child.tag
        if tag in (qn("w:ins"), qn("w:smartTag"), qn("w:customXml"), qn("w:moveTo")):
            yield from visible_children(child)
        elif tag == W_SDT:
            for content in xpath(child, "w:sdtContent"):
                yield from visible_children(content)
        elif tag == f"{{{NS['mc']}}}AlternateContent":
            for choice in xpath(child, "mc:Choice")[:1] or xpath(child, "mc:Fallback")[:1]:
                yield from visible_children(choice)
        else:
            yield child


def text_boxes(drawing: Any) -> list[Any]:
    """The w:txbxContent elements of a DrawingML or VML shape (not those inside another box)."""
    return xpath(drawing, ".//w:txbxContent[not(ancestor::w:txbxContent)]")


def drawing_kind(drawing: Any) -> str:
    """What a w:drawing holds: picture, text box, chart, diagram or shape."""
    uri = xpath(drawing, "string(.//a:graphicData/@uri)")
    if xpath(drawing, ".//pic:pic"):
        return "picture"
    if text_boxes(drawing):
        return "text box"
    if uri.endswith("/chart"):
        return "chart"
    if uri.endswith("/diagram"):
        return "diagram"
    return "shape"


def picture_rid(drawing: Any) -> str | None:
    found = xpath(drawing, ".//pic:blipFill/a:blip/@r:embed") or xpath(
        drawing, ".//v:imagedata/@r:id"
    )
    return str(found[0]) if found else None


@dataclass(frozen=True)
class Description:
    """What Word's Alt Text pane says about a picture."""

    text: str
    decorative: bool
    floating: bool


def description(drawing: Any) -> Description:
    """A picture's description (Word's Alt Text: docPr's descr, else its title), whether it is
    marked decorative, and whether it floats (an anchor) rather than sits in the line."""
    doc_pr = xpath(drawing, ".//wp:docPr")
    text = ""
    decorative = False
    if doc_pr:
        text = doc_pr[0].get("descr") or doc_pr[0].get("title") or ""
        decorative = bool(xpath(doc_pr[0], './/adec:decorative[@val="1"]'))
    else:  # VML (pictures in documents converted from .doc)
        shapes = xpath(drawing, ".//v:shape")
        text = (shapes[0].get("alt") or "") if shapes else ""
    floating = bool(xpath(drawing, "wp:anchor")) or drawing.tag == qn("w:pict")
    return Description(" ".join(text.split()), decorative, floating)


# ---------------------------------------------------------------- tables


def shaded(element: Any) -> bool:
    """True when a cell or table has a fill other than none, automatic or white."""
    for shd in xpath(element, "w:tcPr/w:shd | w:tblPr/w:shd"):
        fill = (shd.get(qn("w:fill")) or "auto").lower()
        pattern = shd.get(qn("w:val")) or "clear"
        if fill not in ("auto", "ffffff", "none") or pattern not in ("clear", "nil"):
            return True
    return False


def style_is_bold(style: Any) -> bool:
    """True when a paragraph or character style (or the one it is based on) is bold."""
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False
