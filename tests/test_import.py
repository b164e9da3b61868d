"""scrnews import: Word documents made in code (tests/docx_factory.py) become issue files that
check, build and show every word, link and picture of the document."""

from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from docx_factory import Word, png, sample_document, word_words

from scrnews.audit.pdf_struct import walk
from scrnews.build import build_issue
from scrnews.checks import check_files
from scrnews.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BOARD = "Northshire Safeguarding Children Partnership"
DELEGATES = "Delegates at the spring conference"
PICTURE = png()


def project(root: Path) -> Path:
    """A board's project: scrnews.yaml naming the board, and the issue schema beside it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "scrnews.yaml").write_text(f"board:\n  name: {BOARD}\n", encoding="utf-8")
    shutil.copy(ROOT / "issue.schema.json", root / "issue.schema.json")
    return root


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The sample document imported into a project and built (HTML and PDF)."""
    root = project(tmp_path_factory.mktemp("import"))
    source = sample_document(root / "docs" / "sample.docx", picture=PICTURE)
    issue = root / "issues" / "sample.yaml"
    result = run("import", str(source), "--out", str(issue))
    assert result.exit_code == 0, result.output
    built = build_issue(issue, root / "out")
    return {
        "root": root,
        "source": source,
        "issue": issue,
        "text": issue.read_text(encoding="utf-8"),
        "data": yaml.safe_load(issue.read_text(encoding="utf-8")),
        "output": result.output,
        "html": built.html.read_text(encoding="utf-8"),
        "pdf": built.pdf,
    }


def blocks(imported, kind: str) -> list[dict]:
    return [b for b in imported["data"]["body"] if b["type"] == kind]


# ---------------------------------------------------------------- round trip


def test_every_word_of_the_document_is_in_the_page_and_the_pdf(
    imported, html_text, pdf_text, tight
):
    words = word_words(imported["source"])
    assert len(words) > 80  # the sample's text, footnote and text box, read from the XML
    page = set(re.findall(r"[\w’'-]+", html_text(imported["html"])))
    assert [w for w in words if w not in page] == []
    printed = tight(pdf_text(imported["pdf"]))
    assert [w for w in words if tight(w) not in printed] == []


def test_links_and_alt_text_are_in_the_page_and_the_pdf(imported):
    html = imported["html"]
    assert '<a href="https://www.gov.uk/working-together">working together</a>' in html
    alts = [a for a in re.findall(r'<img[^>]* alt="([^"]*)"', html) if "logo" not in a]
    assert alts == [DELEGATES, "TODO: describe this picture"]
    with pikepdf.open(imported["pdf"]) as pdf:
        uris = [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]
        figures = [str(n.elem.get("/Alt", "")) for n in walk(pdf) if n.tag == "Figure"]
    assert "https://www.gov.uk/working-together" in uris
    assert figures == [DELEGATES, "TODO: describe this picture"]


# ---------------------------------------------------------------- structure


def test_headings_become_the_blocks_headings(imported):
    headings = [b.get("heading") for b in imported["data"]["body"] if b.get("heading")]
    assert headings == [
        "A word from the Chair",
        "What we learned",
        "Training on offer",
        "Pictures from the conference",
        "Contacts",
    ]
    for heading in headings:
        assert re.search(rf"<h2 id=\"[^\"]+\">{heading}</h2>", imported["html"]), heading


def test_the_title_lines_give_the_title_number_and_date(imported):
    data = imported["data"]
    assert (data["title"], data["number"], data["date"], data["status"]) == (
        "Learning from Reviews",
        7,
        "Spring 2019",
        "draft",
    )
    assert "board" not in data  # it comes from scrnews.yaml, as for every issue
    assert re.search(r"^date: Spring 2019 +# guessed from the title lines$", imported["text"], re.M)


def test_bold_italic_and_links_are_markdown(imported):
    message = blocks(imported, "message")[0]
    assert "about **learning** from *case reviews*." in message["text"]
    assert "[working together](https://www.gov.uk/working-together)" in message["text"]
    assert "<strong>learning</strong>" in imported["html"]
    assert "<em>case reviews</em>" in imported["html"]


def test_the_signature_ending_the_first_section_signs_the_message(imported):
    message = blocks(imported, "message")[0]
    assert message["signatories"] == [{"name": "Jane Smith", "role": "Independent Chair"}]
    assert "Jane Smith" not in message["text"]
    assert '<p class="byline">Jane Smith, Independent Chair</p>' in imported["html"]


class _Nesting(HTMLParser):
    """The list elements open around each piece of text."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.at: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.open.append(tag + "".join(f" {k}={v}" for k, v in attrs))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.open.pop()

    def handle_data(self, data):
        if data.strip():
            self.at[data.strip()] = list(self.open)


def nesting(html: str) -> dict[str, list[str]]:
    parser = _Nesting()
    parser.feed(html)
    return parser.at


def test_a_three_level_list_keeps_its_nesting_and_numbering(imported):
    at = nesting(imported["html"])
    assert at["Hearing the child"] == ["ul"]
    assert at["Talk to the child alone"] == ["ul", "ol"]
    assert at["Write down their words"] == ["ul", "ol", "ol"]
    assert at["Working with fathers"] == ["ul"]
    first = blocks(imported, "list")[0]
    assert first["items"][0]["items"][0]["items"] == ["Write down their words"]
    # Word numbers the third level a, b, c: the report says the page numbers it 1, 2, 3.
    assert "Word numbers this list a, b, c; the page numbers it 1, 2, 3" in imported["output"]


def test_a_numbered_list_continues_after_a_paragraph(imported):
    steps = [b for b in blocks(imported, "list") if b.get("ordered")]
    assert [s["items"] for s in steps] == [
        ["Read the referral", "Visit the family"],
        ["Record the visit", "Share the plan"],
    ]
    assert "start" not in steps[0] and steps[1]["start"] == 3
    assert steps[1]["intro"] == "Between the steps, talk to your manager."
    assert nesting(imported["html"])["Record the visit"] == ["ol start=3"]


def test_a_table_keeps_its_header_and_the_list_in_a_cell(imported):
    table = blocks(imported, "table")[0]
    assert table["header"] == ["Course", "Topics"]
    assert table["rows"][0] == [
        "Neglect toolkit",
        "Covers:\n\n- Graded care profile\n- Home conditions",
    ]
    assert table["row_headers"] is False
    assert nesting(imported["html"])["Graded care profile"] == ["ul"]
    assert re.search(r"<td><p>Covers:</p>\s*<ul>\s*<li>Graded care profile</li>", imported["html"])


def test_a_footnote_becomes_a_note_under_its_block(imported):
    message = blocks(imported, "message")[0]
    assert message["text"].endswith("before you start.\\[1\\]")
    assert message["footnotes"] == ["\\[1\\] Working Together to Safeguard Children, 2018."]
    assert re.search(
        r'<div class="footnotes" id="[^"]+-notes">\s*<p>\[1\] Working Together to Safeguard '
        r"Children, 2018.</p>",
        imported["html"],
    )


def test_a_text_box_becomes_a_box_after_its_paragraph(imported):
    body = imported["data"]["body"]
    index = next(i for i, b in enumerate(body) if b["type"] == "box")
    assert body[index]["text"] == "Key learning\n\nAlways see the baby awake."
    assert body[index - 1]["text"].endswith("The conference was held in March.")
    assert re.search(r"<aside[^>]*box[^>]*>.*Always see the baby awake", imported["html"], re.S)
    # The text appears once, though Word stores the box twice (DrawingML and VML).
    assert imported["html"].count("Always see the baby awake") == 1


def test_pictures_are_saved_under_images_with_their_description(imported):
    folder = imported["root"] / "images" / "sample"
    assert sorted(p.name for p in folder.iterdir()) == ["picture-1.png", "picture-2.png"]
    assert (folder / "picture-1.png").read_bytes() == PICTURE
    pictures = blocks(imported, "text")[-2]["text"]
    assert f"![{DELEGATES}](../images/sample/picture-1.png)" in pictures
    assert "![TODO: describe this picture](../images/sample/picture-2.png)" in pictures


# ---------------------------------------------------------------- honest about it


def test_the_yaml_points_at_the_schema_and_comments_its_guesses(imported):
    lines = imported["text"].splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../issue.schema.json"
    box_line = next(i for i, line in enumerate(lines) if line == "  - type: box")
    assert lines[box_line - 1] == "  # a text box in Word: placed after its paragraph"
    name = next(line for line in lines if "name: Jane Smith" in line)
    assert name.endswith("# guessed: the signature that ends the section")


def test_the_report_gives_the_yaml_line_of_each_approximation(imported):
    lines = imported["text"].splitlines()
    box_line = next(i for i, line in enumerate(lines, 1) if line == "  - type: box")
    todo_line = next(i for i, line in enumerate(lines, 1) if "TODO: describe" in line)
    output = imported["output"]
    assert re.search(
        rf"sample\.yaml:{box_line}:5: body\[\d+\]: a text box, placed freely on the page in Word, "
        "was put after the paragraph it is anchored to",
        output,
    ), output
    assert re.search(
        rf"sample\.yaml:{todo_line}:\d+: body\[\d+\]\.text: picture-2\.png has no description "
        "in Word: replace the TODO with what it shows",
        output,
    ), output
    assert "wrote" in output and "and 2 pictures (draft)" in output


def test_check_passes_but_for_the_todo_it_wrote_and_refuses_it_once_published(imported, tmp_path):
    todo_line = next(
        i for i, line in enumerate(imported["text"].splitlines(), 1) if "TODO: describe" in line
    )
    report = check_files([imported["issue"]])
    found = [(f.code, f.severity, f.line) for f in report.findings]
    assert found == [("T201", "warning", todo_line)]  # a draft: a warning
    published = imported["issue"].with_name("published.yaml")
    published.write_text(imported["text"].replace("status: draft", "status: published"), "utf-8")
    try:
        result = run("check", str(published))
    finally:
        published.unlink()
    assert result.exit_code == 1
    assert f"published.yaml:{todo_line}:" in result.output
    assert "T201 error: 'TODO' marks something still to write" in result.output


# ---------------------------------------------------------------- bad input


def _zip_bomb(path: Path) -> Path:
    """A .docx-shaped zip whose document would unpack from ~20 KB to 20 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return path


def _truncated(path: Path) -> Path:
    sample_document(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _damaged_part(path: Path) -> Path:
    """A zip that lists its parts, with the document's bytes scrambled inside."""
    sample_document(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["word/document.xml"] = b"<w:document>not closed"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


BAD = {
    "old.doc": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) or p,
        "this is an older Word document (.doc, Word 97-2003), or a .docx protected with a "
        "password; scrnews reads only .docx. Open it in Word (or LibreOffice) and save it as a "
        "Word Document (.docx), then import that (without a password).",
    ),
    "report.docx": (
        lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n") or p,
        "this is a PDF, not a Word document (whatever its name says). Import the Word file the "
        "PDF was made from, or save the PDF as .docx from Word.",
    ),
    "truncated.docx": (
        _truncated,
        "this .docx is damaged (its zip archive cannot be read). Open it in Word, which can "
        "often repair it, and save it again.",
    ),
    "scrambled.docx": (
        _damaged_part,
        "this .docx is damaged: part of it cannot be read. Open it in Word, which can often "
        "repair it, and save it again.",
    ),
    "bomb.docx": (
        _zip_bomb,
        "this .docx looks like a zip bomb: word/document.xml would unpack from ",
    ),
    "notes.docx": (
        lambda p: p.write_text("Minutes of the meeting\n", encoding="utf-8") or p,
        "this is not a Word document (a .docx file is a zip archive). Open it in Word (or "
        "LibreOffice) and save it as a Word Document (.docx), then import that.",
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_file_that_is_not_a_docx_gets_a_clear_error_and_nothing_is_written(
    name, tmp_path, monkeypatch
):
    make, message = BAD[name]
    monkeypatch.chdir(project(tmp_path))
    make(tmp_path / name)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("import", name)
    assert result.exit_code == 1
    assert result.output.startswith(f"{name}: {message}"), result.output
    assert result.output.rstrip().endswith("Error: 1 problem found; nothing was written.")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no issues/, no images/


def test_an_existing_issue_is_kept_unless_force_is_given(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    sample_document(tmp_path / "sample.docx")
    issue = tmp_path / "issues" / "sample.yaml"
    issue.parent.mkdir()
    issue.write_text("# my own issue\n", encoding="utf-8")
    result = run("import", "sample.docx")
    assert result.exit_code == 1
    assert result.output.startswith(
        "issues/sample.yaml: this file already exists and was left as it is. Name another with "
        "--out, or add --force to replace it."
    )
    assert issue.read_text(encoding="utf-8") == "# my own issue\n"
    assert not (tmp_path / "images").exists()
    assert run("import", "sample.docx", "--force").exit_code == 0
    assert "type: message" in issue.read_text(encoding="utf-8")


def test_a_different_picture_with_the_same_name_is_kept_unless_force(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    sample_document(tmp_path / "sample.docx")
    mine = tmp_path / "images" / "sample" / "picture-1.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my picture")
    result = run("import", "sample.docx")
    assert result.exit_code == 1
    assert "images/sample/picture-1.png: a different picture already has this name" in result.output
    assert mine.read_bytes() == b"my picture"
    assert not (tmp_path / "issues").exists()


# ---------------------------------------------------------------- other documents


def test_defaults_the_file_name_and_date_from_the_documents_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no scrnews.yaml: the board is read from the text
    word = Word()
    word.heading("Welcome")
    word.para("The Westshire Safeguarding Children Board (WSCB) shares its learning.")
    word.save(tmp_path / "SCR Newsletter Summer 2019.docx")
    result = run("import", "SCR Newsletter Summer 2019.docx")
    assert result.exit_code == 0, result.output
    issue = tmp_path / "issues" / "scr-newsletter-summer-2019.yaml"
    data = yaml.safe_load(issue.read_text(encoding="utf-8"))
    assert data["date"] == "Summer 2019"
    assert data["board"] == {"name": "Westshire Safeguarding Children Board", "short_name": "WSCB"}
    assert "# guessed: the first board named in the text" in issue.read_text(encoding="utf-8")
    assert not issue.read_text(encoding="utf-8").startswith("# yaml-language-server")  # no schema
    assert run("build", str(issue), "--format", "html").exit_code == 0


def test_list_styles_give_the_depth_and_a_shaded_cell_is_a_box(tmp_path):
    word = Word()
    word.heading("Practice points")
    word.para("Top", style="List Bullet")
    word.para("Middle", style="List Bullet 2")
    word.para("Bottom", style="List Bullet 3")
    table = word.doc.add_table(rows=1, cols=1)
    cell = table.cell(0, 0)
    cell.paragraphs[0].add_run("What is a review?").bold = True
    cell.add_paragraph("A review looks at how agencies worked together.")
    word.shade(cell)
    word.para("After the box.")
    source = word.save(tmp_path / "styles.docx")
    issue = project(tmp_path / "p") / "issues" / "styles.yaml"
    assert run("import", str(source), "--out", str(issue)).exit_code == 0
    text = issue.read_text(encoding="utf-8")
    body = yaml.safe_load(text)["body"]
    assert body[0]["items"] == [{"text": "Top", "items": [{"text": "Middle", "items": ["Bottom"]}]}]
    assert body[1] == {
        "type": "box",
        "heading": "What is a review?",
        "text": "A review looks at how agencies worked together.",
    }
    assert "# a one-cell table in Word" in text
    assert re.search(r"heading: What is a review\? +# guessed: the box's bold first line", text)


def test_merged_cells_are_split_and_said_so(tmp_path):
    word = Word()
    word.heading("Reviews")
    table = word.doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Review", "Type", "Status"], strict=True):
        cell.text = text
    table.cell(1, 0).text = "Child A"
    table.cell(2, 0).text = "Child B"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "Published in full"
    table.cell(2, 1).text = "CSPR"
    table.cell(2, 2).text = "Due"
    source = word.save(tmp_path / "merged.docx")
    issue = project(tmp_path / "p") / "issues" / "merged.yaml"
    result = run("import", str(source), "--out", str(issue))
    table_block = yaml.safe_load(issue.read_text(encoding="utf-8"))["body"][0]
    assert table_block["rows"] == [["Child A", "Published in full", ""], ["Child B", "CSPR", "Due"]]
    assert "merged cells were split (1 grid cells)" in result.output


def test_bold_lines_are_read_as_headings_when_the_document_has_none(tmp_path):
    word = Word()
    word.para(("Safe sleep", "b"))
    word.para("Babies sleep safest on their backs, in their own cot.")
    word.para(("Bruising in babies", "b"))
    word.para("Any bruise on a baby who is not yet mobile needs a referral.", (" Always.", "b"))
    source = word.save(tmp_path / "bold.docx")
    issue = project(tmp_path / "p") / "issues" / "bold.yaml"
    result = run("import", str(source), "--out", str(issue))
    text = issue.read_text(encoding="utf-8")
    body = yaml.safe_load(text)["body"]
    assert [b["heading"] for b in body] == ["Safe sleep", "Bruising in babies"]
    assert (
        body[1]["text"]
        == "Any bruise on a baby who is not yet mobile needs a referral. **Always.**"
    )
    assert len(re.findall(r"heading: .* +# guessed: a bold line in Word", text)) == 2
    assert "the document has no headings: this bold line was read as one" in result.output


def test_colours_and_fonts_are_dropped_and_said_so_at_their_block(tmp_path):
    from docx.shared import RGBColor

    word = Word()
    word.heading("Warning signs")
    paragraph = word.para("Look for ")
    coloured = paragraph.add_run("unexplained bruising")
    coloured.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    coloured.font.name = "Comic Sans MS"
    paragraph.add_run(" on a baby.")
    source = word.save(tmp_path / "colour.docx")
    issue = project(tmp_path / "p") / "issues" / "colour.yaml"
    result = run("import", str(source), "--out", str(issue))
    lines = issue.read_text(encoding="utf-8").splitlines()
    block = next(i for i, line in enumerate(lines, 1) if line == "  - type: text")
    assert (
        f"colour.yaml:{block}:5: body[0]: formatting Markdown cannot show was dropped: "
        "text colour, the font Comic Sans MS" in result.output
    )
    assert (
        yaml.safe_load("\n".join(lines))["body"][0]["text"]
        == "Look for unexplained bruising on a baby."
    )


def test_a_board_file_elsewhere_is_copied_into_the_issue(tmp_path):
    settings = project(tmp_path / "board") / "scrnews.yaml"
    source = Word()
    source.heading("News")
    source.para("A short item.")
    document = source.save(tmp_path / "news.docx")
    issue = tmp_path / "elsewhere" / "news.yaml"  # no scrnews.yaml above it
    result = run("import", str(document), "--out", str(issue), "--board", str(settings))
    assert result.exit_code == 0, result.output
    text = issue.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["board"] == {"name": BOARD}
    assert re.search(r"^  name: .* +# from .*board/scrnews\.yaml$", text, re.M), text


def test_a_lone_first_heading_is_the_title_and_the_next_level_makes_the_blocks(tmp_path):
    word = Word()
    word.heading("Learning Lessons Bulletin – May 2021", 1)
    word.heading("Neglect", 2)
    word.para("Neglect is the most common reason for a child protection plan.")
    word.heading("Safe sleep", 2)
    word.para("Babies sleep safest on their backs.")
    source = word.save(tmp_path / "bulletin.docx")
    issue = project(tmp_path / "p") / "issues" / "bulletin.yaml"
    assert run("import", str(source), "--out", str(issue)).exit_code == 0
    data = yaml.safe_load(issue.read_text(encoding="utf-8"))
    assert (data["series"], data["date"]) == ("Learning Lessons Bulletin", "May 2021")
    assert [b["heading"] for b in data["body"]] == ["Neglect", "Safe sleep"]
    assert (
        data["body"][0]["text"] == "Neglect is the most common reason for a child protection plan."
    )


def test_a_heading_one_level_down_is_a_markdown_heading_in_its_block(tmp_path):
    word = Word()
    word.heading("Neglect", 2)  # the document's top level is Heading 2
    word.para("Neglect is the most common reason for a child protection plan.")
    word.heading("What to look for", 3)
    word.para("Missed health appointments.")
    source = word.save(tmp_path / "levels.docx")
    issue = project(tmp_path / "p") / "issues" / "levels.yaml"
    assert run("import", str(source), "--out", str(issue)).exit_code == 0
    body = yaml.safe_load(issue.read_text(encoding="utf-8"))["body"]
    assert body == [
        {
            "type": "text",
            "heading": "Neglect",
            "text": "Neglect is the most common reason for a child protection plan.\n\n"
            "# What to look for\n\nMissed health appointments.",
        }
    ]
    html = build_issue(issue, tmp_path / "out", formats=("html",)).html.read_text("utf-8")
    assert "<h3>What to look for</h3>" in html
