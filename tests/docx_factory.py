"""Word documents made in code with python-docx, for the importer's tests and benchmark.

python-docx writes headings, paragraphs, runs, tables and inline pictures; what it has no API
for (hyperlinks, footnotes, text boxes, multi-level numbering, a picture's description) is
added here as the XML Word itself writes.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from PIL import Image

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    nsdecls("w", "wp", "a", "r")
    + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)


def png(colour: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Word:
    """A document being written: docx.Document plus the parts python-docx cannot make."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.footnotes: list[str] = []
        self._shape_id = 100
        self._multilevel: str | None = None

    # ---------------------------------------------------------------- text

    def heading(self, text: str, level: int = 1):
        return self.doc.add_heading(text, level)

    def para(self, *runs, style: str | None = None):
        """A paragraph of runs: strings, or (text, "b"/"i"/"bi") for bold and italic."""
        paragraph = self.doc.add_paragraph(style=style)
        for run in runs:
            text, marks = (run, "") if isinstance(run, str) else run
            made = paragraph.add_run(text)
            made.bold = "b" in marks or None
            made.italic = "i" in marks or None
        return paragraph

    def link(self, paragraph, text: str, url: str) -> None:
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        paragraph._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:color w:val="0563C1"/>'
                f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{_escape(text)}</w:t></w:r></w:hyperlink>'
            )
        )

    def footnote(self, paragraph, text: str) -> None:
        """A footnote mark at the end of paragraph, and its note."""
        self.footnotes.append(text)
        paragraph._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>'
            )
        )

    # ---------------------------------------------------------------- lists

    def multilevel(self, paragraphs: list[tuple[int, str]]) -> None:
        """A list numbered as Word's multi-level lists are: level 0 bullets, level 1 numbers,
        level 2 letters, one w:num for them all (ilvl on each paragraph)."""
        if self._multilevel is None:
            self._multilevel = self._add_numbering(["bullet", "decimal", "lowerLetter"])
        for level, text in paragraphs:
            paragraph = self.doc.add_paragraph(text, style="List Paragraph")
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    f'<w:numId w:val="{self._multilevel}"/></w:numPr>'
                )
            )

    def _add_numbering(self, formats: list[str]) -> str:
        numbering = self.doc.part.numbering_part.element
        abstract_id = 90 + len(numbering.xpath("w:abstractNum"))
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{"•" if fmt == "bullet" else f"%{i + 1}."}"/>'
            f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for i, fmt in enumerate(formats)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        first_num = numbering.xpath("w:num")
        if first_num:
            first_num[0].addprevious(abstract)
        else:
            numbering.append(abstract)
        num = numbering.add_num(abstract_id)
        return str(num.numId)

    # ---------------------------------------------------------------- pictures and boxes

    def picture(self, data: bytes, alt: str | None = None, paragraph=None):
        paragraph = paragraph if paragraph is not None else self.doc.add_paragraph()
        shape = paragraph.add_run().add_picture(io.BytesIO(data))
        doc_pr = shape._inline.docPr
        if alt is not None:
            doc_pr.set("descr", alt)
        return paragraph

    def text_box(self, paragraph, lines: list[str]) -> None:
        """A floating text box anchored in paragraph, as Word 2010+ writes one (DrawingML
        with a VML fallback holding the same text)."""
        self._shape_id += 1
        content = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{_escape(line)}</w:t></w:r></w:p>'
            for line in lines
        )
        run = parse_xml(
            f'<w:r {NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
            f'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
            f'</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
            f'</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="900000"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
            f'<wp:docPr id="{self._shape_id}" name="Text Box {self._shape_id}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="2000000" cy="900000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f"</wps:spPr><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
            f"<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f'</mc:Choice><mc:Fallback><w:pict><v:shape style="width:157pt;height:71pt">'
            f"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
            f"</mc:Fallback></mc:AlternateContent></w:r>"
        )
        paragraph._p.append(run)

    def shade(self, cell, fill: str = "DEEAF6") -> None:
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
        )

    # ---------------------------------------------------------------- saving

    def save(self, path: Path) -> Path:
        if self.footnotes:
            self._footnotes_part()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path

    def _footnotes_part(self) -> None:
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r>'
            f"</w:p></w:footnote>"
            for i, text in enumerate(self.footnotes, start=1)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            xml.encode("utf-8"),
            self.doc.part.package,
        )
        self.doc.part.relate_to(part, RT.FOOTNOTES)


def word_words(path: Path) -> list[str]:
    """Every word of a document's body as Word shows it (paragraphs, tables, text boxes,
    footnotes), read straight from its XML: what an import must not lose."""
    import re
    import zipfile

    from lxml import etree

    words: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in ("word/document.xml", "word/footnotes.xml"):
            if name not in archive.namelist():
                continue
            root = etree.fromstring(archive.read(name))
            fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
            for text in root.iter(qn("w:t")):
                if any(a.tag == fallback for a in text.iterancestors()):
                    continue
                words += re.findall(r"[\w’'-]+", text.text or "")
    return words


def sample_document(path: Path, *, picture: bytes | None = None) -> Path:
    """The document the import tests read: every feature the issue names, once."""
    word = Word()
    picture = picture or png()
    word.para(("Learning from Reviews", ""), style="Title")
    word.para("Issue 7 – Spring 2019", style="Subtitle")
    word.heading("A word from the Chair")
    word.para(
        "Welcome to our newsletter about ", ("learning", "b"), " from ", ("case reviews", "i"), "."
    )
    paragraph = word.para("Read the guidance on ")
    word.link(paragraph, "working together", "https://www.gov.uk/working-together")
    paragraph.add_run(" before you start.")
    word.footnote(paragraph, "Working Together to Safeguard Children, 2018.")
    word.para("Jane Smith, Independent Chair")
    word.heading("What we learned")
    word.para("Three points stood out:")
    word.multilevel(
        [
            (0, "Hearing the child"),
            (1, "Talk to the child alone"),
            (2, "Write down their words"),
            (1, "Check who lives at home"),
            (0, "Working with fathers"),
        ]
    )
    word.para("The steps to take:")
    word.para("Read the referral", style="List Number")
    word.para("Visit the family", style="List Number")
    word.para("Between the steps, talk to your manager.")
    word.para("Record the visit", style="List Number")
    word.para("Share the plan", style="List Number")
    word.heading("Training on offer")
    table = word.doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Course", "Topics"], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.cell(1, 0).text = "Neglect toolkit"
    topics = table.cell(1, 1)
    topics.paragraphs[0].text = "Covers:"
    topics.add_paragraph("Graded care profile", style="List Bullet")
    topics.add_paragraph("Home conditions", style="List Bullet")
    table.cell(2, 0).text = "Safe sleep"
    table.cell(2, 1).text = "Co-sleeping risks"
    word.heading("Pictures from the conference")
    word.picture(picture, alt="Delegates at the spring conference")
    word.picture(png((40, 120, 40)))  # no description
    anchor = word.para("The conference was held in March.")
    word.text_box(anchor, ["Key learning", "Always see the baby awake."])
    word.heading("Contacts")
    word.para("Email the board team with your questions.")
    return word.save(path)
