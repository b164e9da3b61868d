"""The Word document in reading order, as plain nodes: paragraphs (headings, list items and
text, already Markdown), tables, and boxes (text boxes, one-cell tables).

python-docx does the reading: paragraphs, runs and their formatting, hyperlinks, styles,
tables with their merged cells, pictures' bytes. `wordxml` answers what it has no API for
(numbering, footnotes, text boxes, pictures' descriptions, shading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..markup import SAFE_SCHEMES, link_scheme
from . import wordxml
from .inline import Inline, Style, escape
from .pictures import Pictures


@dataclass
class ListMark:
    """Where a paragraph stands in a Word list."""

    key: str  # the list (w:numId)
    level: int  # 0 for the outermost items
    ordered: bool
    number: int  # the number Word shows (counted as Word counts)
    fmt: str  # decimal, lowerLetter, upperRoman, bullet...


@dataclass
class Para:
    """One paragraph: its Markdown, its words, and what it is."""

    markdown: str
    plain: str
    style: str = ""
    heading: int | None = None  # 1 for Heading 1...; 0 for the Title
    subtitle: bool = False
    listing: ListMark | None = None
    bold: bool = False  # every word bold
    indented: bool = False
    footnotes: list[str] = field(default_factory=list)  # "\[1\] The note", in reading order
    boxes: list[Box] = field(default_factory=list)  # text boxes anchored in it
    dropped: set[str] = field(default_factory=set)  # formatting Markdown cannot keep
    notes: list[str] = field(default_factory=list)  # other approximations
    guessed: bool = False  # a bold line taken for a heading


@dataclass
class Cell:
    nodes: list[Node]
    continued: bool = False  # the second or later grid cell of a merged cell
    shaded: bool = False


@dataclass
class Table:
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Box:
    nodes: list[Node]
    source: str  # "text box" or "one-cell table"


@dataclass
class Skipped:
    what: str  # a sentence: what was left out and why


Node = Union[Para, Table, Box, Skipped]  # noqa: UP007

_DRAWN = {
    "chart": "a chart (its data is not in the document's text: add it as a table or a picture)",
    "diagram": "a SmartArt diagram (write its words as a list)",
    "shape": "a drawn shape",
}


#: Clark names of the WordprocessingML tags read here (qn() once, not once a run).
W = {
    name: qn(f"w:{name}")
    for name in (
        "br",
        "cr",
        "drawing",
        "endnoteReference",
        "fldChar",
        "fldCharType",
        "fldSimple",
        "footnoteReference",
        "hyperlink",
        "id",
        "instr",
        "instrText",
        "noBreakHyphen",
        "object",
        "pict",
        "ptab",
        "t",
        "tab",
        "type",
    )
}

_CONTENTS = "a table of contents (the page and the PDF make their own)"


class _InPart:
    """A parent for paragraphs outside the document's body (footnotes): python-docx finds
    hyperlinks and pictures through the part a paragraph's parent is in."""

    def __init__(self, part: Any) -> None:
        self.part = part


class Reader:
    """Reads a python-docx Document into nodes, in the order Word shows them."""

    def __init__(self, document: Any, pictures: Pictures) -> None:
        self.document = document
        self.pictures = pictures
        self.numbering = wordxml.numbering_of(document)
        self.styles = {style.style_id: style for style in document.styles}
        self.default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.footnotes = wordxml.notes(document, wordxml.FOOTNOTES)
        self.endnotes = wordxml.notes(document, wordxml.ENDNOTES)
        self.note_count = 0

    def nodes(self) -> list[Node]:
        body = self.document._body  # python-docx's body container: the parent of its paragraphs
        return self._container(self.document.element.body, body)

    # ------------------------------------------------------------ containers

    def _container(self, element: Any, parent: Any) -> list[Node]:
        found: list[Node] = []
        for child in wordxml.body_elements(element):
            if child.tag == wordxml.W_P:
                paragraph = Paragraph(child, parent)
                if _is_contents_line(self._style_of(child.style)):
                    if not any(isinstance(n, Skipped) for n in found[-1:]):
                        found.append(Skipped(_CONTENTS))
                    continue
                found.append(self.paragraph(paragraph))
            elif child.tag == wordxml.W_TBL:
                found += self.table(DocxTable(child, parent))
            else:
                found.append(Skipped(_CONTENTS))
        return found

    def table(self, table: DocxTable) -> list[Node]:
        rows: list[list[Cell]] = []
        seen: list[Any] = []  # the w:tc elements met so far (kept, so lxml keeps their proxies)
        for row in table.rows:
            cells = [Cell([]) for _ in range(row.grid_cols_before)]
            for cell in row.cells:
                if any(cell._tc is tc for tc in seen):
                    cells.append(Cell([], continued=True))
                    continue
                seen.append(cell._tc)
                cells.append(Cell(self._container(cell._tc, cell), shaded=wordxml.shaded(cell._tc)))
            cells += [Cell([]) for _ in range(row.grid_cols_after)]
            rows.append(cells)
        if len(seen) == 1:
            return [Box(rows[0][0].nodes if rows and rows[0] else [], "one-cell table")]
        if any(_has_heading(cell.nodes) for row in rows for cell in row):
            # A table used to lay out the page: its cells are read in order, as the body.
            nodes: list[Node] = [c for row in rows for cell in row for c in cell.nodes]
            if nodes and isinstance(nodes[0], Para):
                nodes[0].notes.append("a table used for page layout was read cell by cell")
            return nodes
        return [Table(rows)]

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, paragraph: Paragraph, *, in_note: bool = False) -> Para:
        style = self._style_of(paragraph._p.style)
        name = style.name if style is not None else ""
        heading = _heading_level(style, paragraph)
        inline = Inline()
        para = Para("", "", style=name, heading=heading, subtitle=name == "Subtitle")
        base = Style(
            bold=heading is None and wordxml.style_is_bold(style),
            italic=heading is None and _style_italic(style),
        )
        self._inline(paragraph._p, paragraph, inline, para, base, None, in_note)
        para.markdown = inline.markdown()
        para.plain = inline.plain
        para.bold = inline.all("bold")
        if heading is None and not in_note:
            para.listing = self._listing(paragraph, style)
        para.indented = bool(wordxml.xpath(paragraph._p, "w:pPr/w:ind[@w:left!='0']"))
        if heading is not None or para.subtitle:
            para.markdown = escape(" ".join(para.plain.split()))
        elif not inline.reads_back(para.markdown):
            para.markdown = inline.markdown(styled=False)
            para.dropped.add("bold or italic that Markdown could not mark here")
        return para

    def _style_of(self, style_id: str | None) -> Any:
        return self.styles.get(style_id, self.default_style) if style_id else self.default_style

    def _listing(self, paragraph: Paragraph, style: Any) -> ListMark | None:
        found = wordxml.num_pr(paragraph, style)
        if found is None:
            return None
        num_id, ilvl = found
        level = self.numbering.level(num_id, ilvl)
        if level.fmt == "none":
            return None
        number = self.numbering.next(num_id, ilvl)
        depth = ilvl or _style_depth(style.name if style is not None else "")
        return ListMark(num_id, depth, level.fmt != "bullet", number, level.fmt)

    def _inline(self, element, paragraph, inline, para, base, link, in_note) -> None:
        field_link: str | None = None
        instruction = ""
        for child in wordxml.visible_children(element):
            tag = child.tag
            if tag == wordxml.W_R:
                for part in wordxml.visible_children(child):
                    kind = part.tag
                    if kind == W["fldChar"]:
                        state = part.get(W["fldCharType"])
                        if state == "begin":
                            instruction = ""
                        elif state == "separate":
                            field_link = _field_link(instruction)
                        elif state == "end":
                            field_link = None
                    elif kind == W["instrText"]:
                        instruction += part.text or ""
                self._run(Run(child, paragraph), inline, para, base, link or field_link, in_note)
            elif tag == W["hyperlink"]:
                url = _safe(Hyperlink(child, paragraph).url, para)
                self._inline(child, paragraph, inline, para, base, url, in_note)
            elif tag == W["fldSimple"]:
                url = _field_link(child.get(W["instr"]) or "")
                self._inline(child, paragraph, inline, para, base, link or url, in_note)
            elif tag == f"{{{wordxml.NS['m']}}}oMath" or tag == f"{{{wordxml.NS['m']}}}oMathPara":
                para.notes.append("an equation was left out")

    def _run(self, run: Run, inline: Inline, para: Para, base: Style, link, in_note) -> None:
        style = self._run_style(run, base)
        if link is None:
            self._dropped(run, para)
        for child in wordxml.visible_children(run._r):
            tag = child.tag
            if tag == W["t"]:
                inline.text(child.text or "", style, link)
            elif tag in (W["tab"], W["ptab"]):
                inline.text(" ", style, link)
            elif tag in (W["br"], W["cr"]):
                if child.get(W["type"]) not in ("page", "column"):
                    inline.line_break()
            elif tag == W["noBreakHyphen"]:
                inline.text("-", style, link)
            elif tag in (W["drawing"], W["pict"]):
                self._drawing(child, run, inline, para, link)
            elif tag in (W["footnoteReference"], W["endnoteReference"]) and not in_note:
                self._note(child, inline, para)
            elif tag == W["object"]:
                para.notes.append("an embedded object (OLE) was left out")

    def _run_style(self, run: Run, base: Style) -> Style:
        char_style = self.styles.get(run._r.style) if run._r.style else None
        bold, italic = run.bold, run.italic
        if bold is None:
            bold = wordxml.style_is_bold(char_style) if char_style is not None else base.bold
        if italic is None:
            italic = _style_italic(char_style) if char_style is not None else base.italic
        return Style(bool(bold), bool(italic), bool(run.font.strike))

    def _dropped(self, run: Run, para: Para) -> None:
        font = run.font
        rgb = font.color.rgb if font.color.type is not None else None
        if rgb is not None and str(rgb) not in ("000000", "auto"):
            para.dropped.add("text colour")
        if font.highlight_color is not None:
            para.dropped.add("highlighting")
        if font.underline:
            para.dropped.add("underlining")
        if font.name:
            para.dropped.add(f"the font {font.name}")

    def _drawing(self, element, run: Run, inline: Inline, para: Para, link) -> None:
        kind = wordxml.drawing_kind(element)
        if kind == "picture":
            rid = wordxml.picture_rid(element)
            part = run.part.related_parts.get(rid) if rid else None
            if part is None:
                para.notes.append("a linked picture (not inside the document) was left out")
                return
            markdown, notes = self.pictures.add(
                part.blob, part.content_type, wordxml.description(element)
            )
            para.notes += notes
            if markdown:
                inline.raw(markdown, link=link)
        elif kind == "text box":
            for content in wordxml.text_boxes(element):
                para.boxes.append(Box(self._container(content, run._parent), "text box"))
        else:
            para.notes.append(f"{_DRAWN[kind]} was left out")

    def _note(self, reference, inline: Inline, para: Para) -> None:
        notes = self.footnotes if reference.tag == W["footnoteReference"] else self.endnotes
        found = notes.get(reference.get(W["id"]))
        if found is None:
            return
        self.note_count += 1
        mark = f"[{self.note_count}]"
        inline.raw(escape(mark), mark)
        element, part = found
        texts = [
            self.paragraph(Paragraph(p, _InPart(part)), in_note=True).markdown
            for p in wordxml.xpath(element, ".//w:p")
        ]
        para.footnotes.append(" ".join([escape(mark), *(t for t in texts if t)]))


def _heading_level(style: Any, paragraph: Paragraph) -> int | None:
    """1 for Heading 1 (or outline level 1)... 0 for the Title; None for body text."""
    name = style.name if style is not None else ""
    if name == "Title":
        return 0
    if name.startswith("Heading ") and name[8:].isdigit():
        return int(name[8:])
    outline = wordxml.val(paragraph._p, "w:pPr/w:outlineLvl")
    if outline is not None and outline.isdigit() and int(outline) < 9:
        return int(outline) + 1
    return None


def _style_depth(name: str) -> int:
    """List Bullet 2 -> 1: Word's built-in list styles give the depth in their name."""
    words = name.split()
    if len(words) >= 2 and words[0] == "List" and words[-1].isdigit():
        return int(words[-1]) - 1
    return 0


def _style_italic(style: Any) -> bool:
    while style is not None:
        if style.font.italic is not None:
            return bool(style.font.italic)
        style = style.base_style
    return False


def _field_link(instruction: str) -> str | None:
    """The address of a HYPERLINK field (Word's older way of writing links)."""
    words = instruction.split('"')
    if instruction.strip().upper().startswith("HYPERLINK") and len(words) >= 2:
        return words[1] or None
    return None


def _safe(url: str, para: Para) -> str | None:
    """A link kept when a reader may follow it; a bookmark or a file:/javascript: link dropped."""
    if not url or url.startswith("#"):
        return None
    if link_scheme(url) not in SAFE_SCHEMES:
        para.notes.append(
            f"the link to {url!r} was dropped: it leads to a file or place a reader cannot "
            "open (scrnews keeps web, email and phone links)"
        )
        return None
    return url


def _is_contents_line(style: Any) -> bool:
    name = (style.name if style is not None else "").lower()
    return name.startswith("toc ") or name == "toc heading"


def _has_heading(nodes: list[Node]) -> bool:
    return any(isinstance(n, Para) and n.heading for n in nodes)
